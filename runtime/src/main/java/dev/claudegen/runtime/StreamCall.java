package dev.claudegen.runtime;

import dev.claudegen.annotations.ErrorKind;
import java.io.IOException;
import java.lang.System.Logger.Level;
import java.net.http.HttpTimeoutException;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.function.Function;

/**
 * The streaming driver: one call's attempts, each read as server-sent events. {@link #start} runs
 * on the caller's thread and drives the {@link RetryLoop} as {@link ClaudeCall#call} does, until an
 * attempt delivers its first text (or a whole reply without text); a failure before that is an
 * outcome the loop decides on, so {@code @Retry} and fallback models apply to it unchanged. From
 * then on the attempt is the {@link ReplyStream}'s, and a failure is thrown from reading it, never
 * sent again: part of the reply reached the caller.
 */
final class StreamCall {

  private static final System.Logger LOG = System.getLogger("dev.claudegen");

  /** The most of an error status's body read: API error bodies are far smaller. */
  private static final int MAX_ERROR_BODY = 1 << 20;

  private final Exchange exchange;
  private final RetryLoop loop;

  // The attempt being read.
  private Transport.StreamedResponse response;
  private final ArrayDeque<String> pending = new ArrayDeque<>();
  private ReplyAccumulator events;
  private SseParser parser;
  private String requestId;
  private RateLimitInfo rateLimit;
  private final boolean keepText; // whether anyone can see the reply's text: see ReplyAccumulator

  private StreamCall(Exchange exchange, RetryLoop loop, boolean keepText) {
    this.exchange = exchange;
    this.loop = loop;
    this.keepText = keepText;
  }

  /**
   * Sends, retrying as the loop decides, until an attempt's first text arrived.
   *
   * @throws ClaudeException when every attempt failed before delivering anything
   */
  static ReplyStream start(Exchange exchange, RetryLoop loop, boolean keepText) {
    StreamCall call = new StreamCall(exchange, loop, keepText);
    Transport transport = exchange.client.transport();
    Sleeper sleeper = exchange.client.sleeper();
    try {
      while (true) {
        Transport.Request request = loop.nextRequest();
        Exchange.Outcome outcome;
        try {
          outcome = call.attempt(transport, request);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          outcome = call.response == null ? loop.failed(e) : call.outcome(e, request.timeout());
        } catch (IOException | StreamException e) {
          outcome = call.response == null ? loop.failed(e) : call.outcome(e, request.timeout());
        }
        if (outcome == null) {
          call.firstToken();
          return new ReplyStream(call, exchange.spec.timeout());
        }
        call.closeAttempt();
        // An outcome here never holds a reply: the reply is read from the stream.
        loop.awaitRetry(loop.decide(outcome, Thread.currentThread().isInterrupted()), sleeper);
      }
    } catch (RuntimeException | Error e) {
      call.closeAttempt();
      loop.observer().failed(e);
      throw e;
    }
  }

  /**
   * One attempt up to its first text: null once it arrived (or the reply ended without any), else
   * the outcome of an error status. Failures after a 2xx's headers are thrown, with {@link
   * #response} set.
   */
  private Exchange.Outcome attempt(Transport transport, Transport.Request request)
      throws IOException, InterruptedException, StreamException {
    response = null;
    events = null;
    Transport.StreamedResponse opened = transport.openStream(request);
    int status = opened.statusCode();
    if (status < 200 || status > 299) {
      Transport.Response whole;
      try {
        whole = readWhole(opened, request.timeout());
      } finally {
        opened.close();
      }
      return loop.received(whole);
    }
    response = opened;
    requestId = ResponseErrors.requestId(new Transport.Response(status, opened.headers(), NO_BODY));
    rateLimit = RateLimitInfo.from(opened.headers());
    pending.clear();
    events =
        new ReplyAccumulator(
            text -> {
              // An empty delta is no text: the first token is the first character.
              if (!text.isEmpty()) {
                pending.add(text);
              }
            },
            keepText);
    parser = new SseParser(events);
    while (pending.isEmpty() && !events.stopped()) {
      if (!read(request.timeout())) {
        events.reply(requestId, rateLimit); // throws the Cut: message_stop never came
      }
    }
    return null;
  }

  private static final byte[] NO_BODY = new byte[0];

  /**
   * An error status's body, read whole within {@code timeout}; a failure reading it is a {@link
   * Transport.ResponseBodyException}, which the exchange maps as it does for a plain call.
   */
  static Transport.Response readWhole(Transport.StreamedResponse opened, Duration timeout)
      throws IOException, InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    byte[] body = new byte[256];
    int size = 0;
    try {
      while (size < MAX_ERROR_BODY) {
        long left = deadline - System.nanoTime();
        if (left <= 0) {
          throw new HttpTimeoutException("no complete response within " + timeout);
        }
        ByteBuffer chunk = opened.next(Duration.ofNanos(left));
        if (chunk == null) {
          break;
        }
        int length = Math.min(chunk.remaining(), MAX_ERROR_BODY - size);
        if (size + length > body.length) {
          body = Arrays.copyOf(body, Math.max(size + length, 2 * body.length));
        }
        chunk.get(body, size, length);
        size += length;
      }
    } catch (IOException e) {
      throw new Transport.ResponseBodyException(opened.statusCode(), opened.headers(), e);
    }
    return new Transport.Response(opened.statusCode(), opened.headers(), Arrays.copyOf(body, size));
  }

  /** Reads one chunk into the parser; false once the body ended. */
  private boolean read(Duration idle) throws IOException, InterruptedException, StreamException {
    ByteBuffer chunk = response.next(idle);
    if (chunk == null) {
      parser.finish();
      return false;
    }
    parser.feed(chunk);
    return true;
  }

  /** The next text delta read, or null when none is left; reads only when none is pending. */
  String pendingText() {
    return pending.poll();
  }

  /**
   * Reads on, after the first text, until more text is pending or the reply is complete.
   *
   * @return the reply once complete; null while more text may come
   * @throws ClaudeException how the stream failed, carrying the earlier attempts' failures
   */
  Reply advance(Duration idle) throws InterruptedException, IOException, StreamException {
    while (pending.isEmpty()) {
      if (events.stopped()) {
        return complete(idle);
      }
      if (!read(idle)) {
        events.reply(requestId, rateLimit); // throws the Cut
      }
    }
    return null;
  }

  /**
   * After {@code message_stop}: reads the body to its end, so the connection can serve the next
   * call, then builds the reply. What follows {@code message_stop} cannot change the reply, so a
   * failure there only closes the connection.
   */
  private Reply complete(Duration idle) throws StreamException {
    try {
      while (response.next(idle) != null) {
        // The API sends nothing after message_stop; anything else is dropped.
      }
    } catch (IOException e) {
      LOG.log(Level.DEBUG, () -> exchange.spec.method() + ": after message_stop: " + e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    response.close();
    Reply reply = events.reply(requestId, rateLimit);
    loop.observer().response(reply, loop.sentNanos(), loop.attempts());
    return reply;
  }

  private void firstToken() {
    if (pending.isEmpty()) {
      return;
    }
    Duration latency = Duration.ofNanos(System.nanoTime() - loop.sentNanos());
    LOG.log(
        Level.DEBUG,
        () ->
            exchange.spec.method()
                + ": first text after "
                + Durations.describe(latency)
                + ", attempt "
                + loop.attempts());
    if (loop.observer().listening()) {
      loop.observer()
          .firstToken(
              new ClaudeListener.FirstToken(exchange.spec.method(), latency, loop.attempts()));
    }
  }

  /**
   * What a failure after a 2xx's headers and before the first text means: every one of them is
   * retried as its kind says, since the caller received nothing, except an event stream that is not
   * what the API sends, which would come back the same.
   */
  private Exchange.Outcome outcome(Throwable e, Duration idle) {
    ClaudeException failure = map(e, idle, loop.counter());
    boolean retryable = !(e instanceof StreamException.Malformed);
    return new Exchange.Outcome(null, failure, null, retryable);
  }

  /**
   * The exception a failure after the first text throws: final, so numbered as the only attempt of
   * its kind, and carrying the earlier attempts' failures.
   */
  ClaudeException failedAfterText(Throwable e, Duration idle) {
    return loop.giveUp(map(e, idle, kind -> AttemptNumber.ONLY));
  }

  private ClaudeException map(
      Throwable e, Duration idle, Function<ErrorKind, AttemptNumber> counter) {
    Redactor redactor = exchange.redactor;
    int deltas = events == null ? 0 : events.deltas();
    String after = " after " + deltas + (deltas == 1 ? " delta" : " deltas");
    if (e instanceof StreamException.ErrorEvent event) {
      return ResponseErrors.errorEvent(event, requestId, rateLimit, counter, redactor);
    }
    if (e instanceof StreamException.Malformed malformed) {
      return ResponseErrors.malformedReply(
          new Transport.Response(response.statusCode(), response.headers(), NO_BODY),
          "the event stream is not the API's: " + malformed.getMessage(),
          exchange.client.clock(),
          redactor);
    }
    if (e instanceof StreamException.Cut cut) {
      return new ClaudeConnectionException(
          details(cut.getMessage(), ErrorKind.CONNECTION, counter), null);
    }
    if (e instanceof HttpTimeoutException) {
      return new ClaudeTimeoutException(
          details(
              "no event within the idle timeout of "
                  + Durations.describe(idle)
                  + " (the streaming method's timeout)"
                  + after,
              ErrorKind.TIMEOUT,
              counter),
          redactor.redact(e));
    }
    if (e instanceof InterruptedException) {
      return new ClaudeConnectionException(
          details("interrupted while reading the stream" + after, ErrorKind.CONNECTION, counter),
          e);
    }
    return new ClaudeConnectionException(
        details("the stream was cut" + after + ": " + e, ErrorKind.CONNECTION, counter),
        redactor.redact(e));
  }

  private ErrorDetails details(
      String description, ErrorKind kind, Function<ErrorKind, AttemptNumber> counter) {
    AttemptNumber number = counter.apply(kind);
    return exchange.redactor.redact(
        new ErrorDetails(
            0,
            null,
            description,
            requestId,
            null,
            number.attempt(),
            number.maxAttempts(),
            rateLimit));
  }

  /**
   * What is known of the reply before its end, with {@code text} as its text: its request id and
   * rate limits, no stop reason or usage yet; for an exception thrown mid-stream.
   */
  Reply partial(String text) {
    return new Reply(text, null, null, null, requestId, Usage.NONE, rateLimit);
  }

  /** A failure the caller will see: logged and told to the listener. */
  void reportFailure(ClaudeException e) {
    loop.observer().failed(e);
  }

  /** The caller closed the stream before its end. */
  void reportCancelled() {
    loop.observer().cancelled();
  }

  /** The reply was read to its end and became what the caller reads. */
  void reportSuccess(Reply reply) {
    loop.observer().succeeded(reply);
  }

  /** Aborts the attempt being read; idempotent. */
  void closeAttempt() {
    Transport.StreamedResponse open = response;
    if (open != null) {
      open.close();
    }
  }
}
