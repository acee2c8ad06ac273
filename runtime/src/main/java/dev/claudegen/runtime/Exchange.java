package dev.claudegen.runtime;

import dev.claudegen.annotations.ErrorKind;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.util.Map;
import java.util.function.Function;

/**
 * One attempt's HTTP part, for one bound method: the request to send and what its response (or the
 * transport's exception) means, as an {@link Outcome}. Holds no per-call state; the {@link
 * RetryLoop} passes in what an attempt needs (its timeout, how to number a failure). Plain and
 * async calls map outcomes here alike, so both modes report the same exceptions.
 */
final class Exchange {

  final ClaudeClient client;
  final CallSpec spec;
  final URI uri;
  final Map<String, String> headers;
  final Redactor redactor;
  private final String authenticationHint; // null: none

  Exchange(
      ClaudeClient client,
      CallSpec spec,
      URI uri,
      Map<String, String> headers,
      Redactor redactor,
      String authenticationHint) {
    this.client = client;
    this.spec = spec;
    this.uri = uri;
    this.headers = headers;
    this.redactor = redactor;
    this.authenticationHint = authenticationHint;
  }

  /** What a 401's message adds (the likely cause, where the key came from); null for nothing. */
  String authenticationHint() {
    return authenticationHint;
  }

  /** Whether anyone listens: events are not even built for {@link ClaudeListener#NONE}. */
  boolean listening() {
    return client.listener() != ClaudeListener.NONE;
  }

  Transport.Request request(byte[] body, Duration timeout) {
    return new Transport.Request(uri, headers, body, timeout);
  }

  /**
   * What a response means. A 2xx whose body cannot be read is final: the API did the work and
   * bills it, so it is never sent again whatever {@code @Retry} says.
   */
  Outcome received(Transport.Response response, Function<ErrorKind, AttemptNumber> counter) {
    Boolean serverSaysRetry = ResponseErrors.shouldRetry(response);
    int status = response.statusCode();
    if (status < 200 || status > 299) {
      return new Outcome(
          null,
          ResponseErrors.toException(
              response, client.clock(), counter, redactor, authenticationHint),
          serverSaysRetry,
          true);
    }
    try {
      Reply reply =
          MessagesJson.reply(
              response.body(),
              // The request id reaches the listener's ResponseReceived event.
              redactor.redact(ResponseErrors.requestId(response)),
              RateLimitInfo.from(response.headers()));
      return new Outcome(reply, null, null, false);
    } catch (MessagesJson.MalformedBodyException e) {
      return new Outcome(
          null,
          ResponseErrors.malformedReply(response, e.getMessage(), client.clock(), redactor),
          null,
          false);
    }
  }

  /**
   * What a transport's {@link IOException} or {@link InterruptedException} means: a timeout
   * (connecting, or the whole exchange), else a connection failure. A 2xx whose body was cut short
   * or stalled past the timeout is final, like an unreadable one: it is billed. The transport's
   * text can quote what the server sent (a garbled status line), so it passes the redactor like a
   * response's text.
   *
   * @param timeout the attempt's timeout, for the message
   * @param maxElapsed the deadline that cut the timeout, or null when it was not cut
   */
  Outcome failed(
      Throwable e,
      Duration timeout,
      Duration maxElapsed,
      Function<ErrorKind, AttemptNumber> counter) {
    if (e instanceof Transport.ResponseBodyException cut
        && cut.statusCode() >= 200
        && cut.statusCode() <= 299) {
      Transport.Response headersOnly =
          new Transport.Response(cut.statusCode(), cut.headers(), new byte[0]);
      if (cut.timedOut()) {
        return new Outcome(
            null,
            ResponseErrors.stalledReply(
                headersOnly,
                "response headers arrived, then no complete body within "
                    + within(timeout, maxElapsed),
                redactor.redact(cut.getCause()),
                client.clock(),
                redactor),
            null,
            false);
      }
      return new Outcome(
          null,
          ResponseErrors.malformedReply(
              headersOnly,
              "reply body cut short: " + cut.getCause().getMessage(),
              client.clock(),
              redactor),
          null,
          false);
    }
    // After an error status nothing was billed, so a stalled body is retried like a stalled status.
    return Outcome.failed(transportFailure(e, "", within(timeout, maxElapsed), counter));
  }

  /**
   * A transport failure that left no billed reply, as its exception: a connect timeout, a timeout
   * of the exchange (an error's body included), an interrupt, else a failed connection. Calls and
   * batch requests alike.
   *
   * @param prefix what the message starts with: empty for a call, the method and the request for
   *     a batch request
   * @param within the timeout, as the message says it
   */
  ClaudeException transportFailure(
      Throwable e, String prefix, String within, Function<ErrorKind, AttemptNumber> counter) {
    if (e instanceof HttpConnectTimeoutException) {
      return new ClaudeTimeoutException(
          withoutResponse(
              prefix + "could not connect: " + e.getMessage(), ErrorKind.TIMEOUT, counter),
          redactor.redact(e));
    }
    if (e instanceof HttpTimeoutException
        || (e instanceof Transport.ResponseBodyException stalled && stalled.timedOut())) {
      return new ClaudeTimeoutException(
          withoutResponse(prefix + "no response within " + within, ErrorKind.TIMEOUT, counter),
          redactor.redact(e));
    }
    if (e instanceof InterruptedException) {
      return new ClaudeConnectionException(
          withoutResponse(
              prefix + "interrupted while waiting for the reply", ErrorKind.CONNECTION, counter),
          e);
    }
    return new ClaudeConnectionException(
        withoutResponse(prefix + "connection failed: " + e, ErrorKind.CONNECTION, counter),
        redactor.redact(e));
  }

  private static String within(Duration timeout, Duration maxElapsed) {
    return Durations.describe(timeout)
        + (maxElapsed != null
            ? ", what was left of maxElapsed " + Durations.describe(maxElapsed)
            : "");
  }

  private ErrorDetails withoutResponse(
      String description, ErrorKind kind, Function<ErrorKind, AttemptNumber> counter) {
    AttemptNumber number = counter.apply(kind);
    return redactor.redact(
        ErrorDetails.withoutResponse(description, number.attempt(), number.maxAttempts()));
  }

  /**
   * The outcome of one attempt: a reply, or a failure, what the server said of retrying, and
   * whether the policy may retry it at all.
   */
  record Outcome(
      Reply reply, ClaudeException failure, Boolean serverSaysRetry, boolean retryable) {

    static Outcome failed(ClaudeException failure) {
      return new Outcome(null, failure, null, true);
    }
  }
}
