package dev.claudegen.runtime;

import dev.claudegen.annotations.ErrorKind;
import java.io.IOException;
import java.lang.System.Logger.Level;
import java.net.URI;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;
import java.util.function.Supplier;
import java.util.stream.Collectors;

/**
 * One interface method bound to a {@link ClaudeClient}: its URL, headers, settings and payload
 * decoder resolved once, ready to send. Generated methods build a {@link Prompt} and hand it to
 * {@link #call} or {@link #callAsync} (the call mode is the only thing that differs); everything
 * else (JSON, HTTP, error mapping, retries, fallback models, notifications, decoding) happens
 * here. Thread safe: each call keeps its own retry state.
 *
 * @param <T> the method's payload: what {@link ReplyDecoder} makes of the reply
 *
 * <h2>Retries</h2>
 *
 * <p>A failed attempt is retried when the {@link CallSpec#retrySchedules() schedule} naming its
 * {@link ErrorKind} has attempts left; a kind no schedule names is not retried. Each schedule
 * counts the failures of its own kinds, so with a 429 schedule of 5 attempts and a 529 schedule
 * of 3, alternating failures spend both budgets separately and the call stops when the schedule
 * of the latest failure is spent. The server's {@code x-should-retry: false} stops retries;
 * {@code x-should-retry: true} cannot make a kind retried that no schedule names (nor exceed a
 * schedule's limits). A {@code retry-after} above {@code maxRetryAfter}, or a wait that would end
 * past the call's deadline (the smallest {@code maxElapsed} of its schedules, measured on the
 * client's clock), ends the call at once. Each attempt's timeout is also cut to what is left
 * before that deadline. An interrupted thread is never retried and keeps its interrupt status.
 *
 * <p>When an {@link ErrorKind#OVERLOADED} failure would end the call and the spec has {@link
 * CallSpec#fallbackModels() fallback models}, the call moves on to the next one at once, with a
 * fresh count of attempts, unless the deadline has passed. The exception finally thrown carries
 * every earlier attempt's exception, in order, as suppressed.
 */
public final class ClaudeCall<T> {

  private static final System.Logger LOG = System.getLogger("dev.claudegen");

  /**
   * The largest request body sent: 32 MiB. The API documents its limit as "32 MB"; a body above
   * 32 MiB is refused under either reading, while one between 32 000 000 bytes and 32 MiB is left
   * for the API to judge, so no request it would accept is refused here.
   */
  public static final int MAX_REQUEST_BYTES = 32 * 1024 * 1024;

  /** The shortest timeout an attempt gets, even right at the deadline. */
  private static final Duration MIN_ATTEMPT_TIMEOUT = Duration.ofMillis(1);

  private final ClaudeClient client;
  private final CallSpec spec;
  private final URI uri;
  private final Map<String, String> headers;
  private final Duration maxElapsed; // null: no deadline
  private final Redactor redactor;
  private final String authenticationHint; // null: none
  private final ReplyDecoder<T> decoder;

  ClaudeCall(
      ClaudeClient client,
      CallSpec spec,
      ReplyDecoder<T> decoder,
      URI uri,
      Map<String, String> headers,
      Redactor redactor,
      String authenticationHint) {
    this.client = client;
    this.spec = spec;
    this.decoder = decoder;
    this.uri = uri;
    this.headers = headers;
    this.redactor = redactor;
    this.authenticationHint = authenticationHint;
    this.maxElapsed =
        spec.retrySchedules().stream()
            .map(RetrySchedule::maxElapsed)
            .filter(Objects::nonNull)
            .min(Duration::compareTo)
            .orElse(null);
  }

  /**
   * Sends the prompt, waits for the reply and returns its payload.
   *
   * @throws ClaudeOutputException when the reply cannot become the payload (for a {@code String}
   *     method: a refusal, no text, or only whitespace); never retried
   * @throws ClaudeException (a subclass of it) when the call fails, after any retries
   * @throws IllegalArgumentException before sending, for what the API would refuse: a blank user
   *     message, turns that do not alternate or do not end with a user turn, or a request body
   *     above {@link #MAX_REQUEST_BYTES}
   */
  public T call(Prompt prompt) {
    return run(prompt, decoder);
  }

  /**
   * Sends the prompt without blocking the caller: the future completes with the payload, or
   * exceptionally with the {@link ClaudeException} {@link #call} would throw. Checks made before
   * sending throw at once.
   *
   * @throws IllegalArgumentException before sending, as {@link #call} does
   */
  public CompletableFuture<T> callAsync(Prompt prompt) {
    checkPrompt(prompt);
    return CompletableFuture.supplyAsync(() -> run(prompt, decoder), client.executor());
  }

  /** {@link #call} of a one-turn prompt, as a String; for the runtime's own tests. */
  String text(String system, String user) {
    return run(Prompt.of(system, user), ReplyDecoder.TEXT);
  }

  /** {@link #call} of a one-turn prompt, as the whole reply; for the runtime's own tests. */
  Reply reply(String system, String user) {
    return run(Prompt.of(system, user), ReplyDecoder.REPLY);
  }

  private <P> P run(Prompt prompt, ReplyDecoder<P> payload) {
    checkPrompt(prompt);
    try {
      return new Run(prompt).execute(payload);
    } catch (ClaudeException e) {
      LOG.log(Level.DEBUG, () -> spec.method() + " failed: " + e.getMessage());
      tell(listener -> listener.onFailure(new ClaudeListener.CallFailed(spec.method(), e)));
      throw e;
    }
  }

  /**
   * The exception a generated method throws for a null argument, naming the method and parameter.
   */
  public NullPointerException nullParameter(String parameter) {
    return new NullPointerException(
        spec.method()
            + ": parameter '"
            + parameter
            + "' is null; prompts cannot be built from null");
  }

  /**
   * Refuses, before sending, what the API would answer with a 400: no turns, turns that do not
   * alternate or start or end with an assistant turn, an empty turn or a blank text block (the API
   * says {@code text content blocks must contain non-whitespace text}). Messages name the method
   * and the parameter the turn came from, as {@link #nullParameter} does.
   */
  private void checkPrompt(Prompt prompt) {
    List<Message> turns = prompt.messages();
    String conversation = spec.conversationParameter();
    if (turns.isEmpty()) {
      throw new IllegalArgumentException(
          spec.method()
              + ": nothing to send: "
              + (conversation == null
                  ? "the prompt has no turns"
                  : "the conversation '" + conversation + "' is empty")
              + "; the API needs at least one user turn");
    }
    for (int i = 0; i < turns.size(); i++) {
      Message turn = turns.get(i);
      if (turn == null) {
        throw new NullPointerException(
            spec.method() + ": " + turnName(prompt, i) + " is null; a conversation holds turns");
      }
      if (i == 0 && turn.role() != Message.Role.USER) {
        throw badTurns(prompt, i, "is an assistant turn, but the first turn must be the user's");
      }
      if (i > 0 && turns.get(i - 1) != null && turns.get(i - 1).role() == turn.role()) {
        throw badTurns(
            prompt,
            i,
            "is a "
                + turn.role().wireName()
                + " turn after a "
                + turn.role().wireName()
                + " turn; turns must alternate user, assistant, user");
      }
      if (turn.content().isEmpty()) {
        throw badTurns(prompt, i, "has no content");
      }
      for (ContentBlock block : turn.content()) {
        if (block instanceof ContentBlock.Text text && text.text().isBlank()) {
          if (!isConversationTurn(prompt, i)) {
            throw blankUserMessage();
          }
          throw badTurns(prompt, i, "has a text block that is empty or only whitespace");
        }
      }
    }
    Message last = turns.get(turns.size() - 1);
    if (last.role() != Message.Role.USER) {
      throw badTurns(
          prompt,
          turns.size() - 1,
          "is an assistant turn, but the last turn must be the user's (the API would continue"
              + " the assistant's text instead of answering)");
    }
  }

  private static boolean isConversationTurn(Prompt prompt, int index) {
    return index >= prompt.conversationStart() && index < prompt.conversationEnd();
  }

  private String turnName(Prompt prompt, int index) {
    String conversation = spec.conversationParameter();
    if (isConversationTurn(prompt, index)) {
      return (conversation == null ? "conversation" : "parameter '" + conversation + "'")
          + " turn "
          + (index - prompt.conversationStart())
          + " (counting from 0)";
    }
    return "turn " + index + " (counting from 0)";
  }

  private IllegalArgumentException badTurns(Prompt prompt, int index, String problem) {
    return new IllegalArgumentException(
        spec.method() + ": " + turnName(prompt, index) + " " + problem + "; not sent");
  }

  /**
   * The API answers a blank user message with a 400 ({@code text content blocks must contain
   * non-whitespace text}); refused here instead, naming the parameters it came from, as {@link
   * #nullParameter} does.
   */
  private IllegalArgumentException blankUserMessage() {
    List<String> parameters = spec.userParameters();
    String source =
        parameters.isEmpty()
            ? "the user message is blank"
            : (parameters.size() == 1 ? "parameter " : "parameters ")
                + parameters.stream()
                    .map(name -> "'" + name + "'")
                    .collect(Collectors.joining(", "))
                + (parameters.size() == 1 ? " is" : " are")
                + " blank, and so is the user message made of "
                + (parameters.size() == 1 ? "it" : "them");
    return new IllegalArgumentException(
        spec.method()
            + ": "
            + source
            + " (empty or only whitespace); the API refuses such a message, so it was not sent");
  }

  /** Above {@link #MAX_REQUEST_BYTES} the API answers {@code 413 request_too_large}. */
  private IllegalArgumentException tooLarge(long bytes) {
    return new IllegalArgumentException(
        spec.method()
            + ": the request body is "
            + bytes
            + " bytes, above the API's limit of 32 MiB ("
            + MAX_REQUEST_BYTES
            + " bytes) for one message request, so it was not sent (the API would answer 413"
            + " request_too_large); shorten the prompt or split the work");
  }

  /** The request body as sent to a model; its size was checked before the first attempt. */
  private byte[] requestBody(String model, Prompt prompt) {
    byte[] body = MessagesJson.request(spec, model, prompt);
    if (body.length > MAX_REQUEST_BYTES) {
      throw tooLarge(body.length);
    }
    return body;
  }

  /** Tells the listener; its failures are logged, never allowed to fail the call. */
  private void tell(Consumer<ClaudeListener> event) {
    try {
      event.accept(client.listener());
    } catch (RuntimeException e) {
      LOG.log(Level.WARNING, "ClaudeListener threw; ignored", e);
    }
  }

  @Override
  public String toString() {
    return spec.method() + " -> POST " + uri + " " + Secrets.redactHeaders(headers);
  }

  /** The outcome of one attempt: a reply, or a failure and what the server said of retrying. */
  private record Outcome(Reply reply, ClaudeException failure, Boolean serverSaysRetry) {

    static Outcome failed(ClaudeException failure) {
      return new Outcome(null, failure, null);
    }
  }

  /** One call: its attempts, retries and fallbacks. Not shared between threads. */
  private final class Run {
    private final Prompt prompt;
    private final Instant started = client.clock().instant();
    private final List<RetrySchedule> schedules = spec.retrySchedules();

    /** Failed attempts per schedule, on the current model. */
    private final int[] failures = new int[schedules.size()];

    private final List<ClaudeException> earlier = new ArrayList<>();
    private String model = spec.model();
    private int fallbacksUsed;
    private int attempts;

    Run(Prompt prompt) {
      this.prompt = prompt;
    }

    <P> P execute(ReplyDecoder<P> payload) {
      byte[] body = requestBody(model, prompt);
      while (true) {
        Outcome outcome = attempt(body);
        if (outcome.reply() != null) {
          // Outside the retry loop on purpose: a reply that cannot become the payload was
          // produced and billed, and is not sent again.
          try {
            return payload.decode(outcome.reply(), spec);
          } catch (ClaudeOutputException e) {
            throw withEarlierAttempts(e);
          }
        }
        ClaudeException failure = outcome.failure();
        Duration delay = retryDelay(failure, outcome.serverSaysRetry());
        if (delay != null) {
          waitToRetry(failure, delay);
        } else if (mayFallBack(failure)) {
          String next = spec.fallbackModels().get(fallbacksUsed++);
          fallBack(failure, next);
          body = requestBody(model, prompt);
        } else {
          throw withEarlierAttempts(failure);
        }
      }
    }

    /** The wait before retrying this failure, or null when it must not be retried. */
    private Duration retryDelay(ClaudeException failure, Boolean serverSaysRetry) {
      int index = scheduleIndex(failure.kind());
      if (index < 0
          || Thread.currentThread().isInterrupted()
          || Boolean.FALSE.equals(serverSaysRetry)) {
        return null;
      }
      RetrySchedule schedule = schedules.get(index);
      int failed = failures[index];
      if (failed >= schedule.maxAttempts()) {
        return null;
      }
      Duration delay = schedule.delay(failed - 1, client.random().getAsDouble());
      Duration asked = failure.retryAfter().orElse(null);
      if (schedule.honorRetryAfter() && asked != null) {
        if (asked.compareTo(schedule.maxRetryAfter()) > 0) {
          log(
              Level.DEBUG,
              () ->
                  "not retrying; the server asked to wait "
                      + Durations.describe(asked)
                      + ", more than maxRetryAfter "
                      + Durations.describe(schedule.maxRetryAfter()));
          return null;
        }
        delay = asked;
      }
      if (maxElapsed != null && elapsed().plus(delay).compareTo(maxElapsed) >= 0) {
        log(
            Level.DEBUG,
            () -> "not retrying; waiting would pass maxElapsed " + Durations.describe(maxElapsed));
        return null;
      }
      return delay;
    }

    private boolean mayFallBack(ClaudeException failure) {
      return failure.kind() == ErrorKind.OVERLOADED
          && fallbacksUsed < spec.fallbackModels().size()
          && !Thread.currentThread().isInterrupted()
          && (maxElapsed == null || elapsed().compareTo(maxElapsed) < 0);
    }

    private void waitToRetry(ClaudeException failure, Duration delay) {
      log(Level.WARNING, () -> failure.getMessage() + "; retrying in " + Durations.describe(delay));
      ClaudeListener.RetryScheduled event =
          new ClaudeListener.RetryScheduled(
              spec.method(),
              model,
              failure.kind(),
              failure.details().attempt(),
              failure.details().maxAttempts(),
              delay,
              failure);
      tell(listener -> listener.onRetry(event));
      try {
        client.sleeper().sleep(delay);
      } catch (InterruptedException e) {
        // Ends the call with the failure it was about to retry; the caller sees the interrupt.
        Thread.currentThread().interrupt();
        throw withEarlierAttempts(failure);
      }
      earlier.add(failure);
    }

    private void fallBack(ClaudeException failure, String next) {
      log(Level.WARNING, () -> failure.getMessage() + "; falling back to " + next);
      ClaudeListener.FallbackStarted event =
          new ClaudeListener.FallbackStarted(spec.method(), model, next, failure);
      tell(listener -> listener.onFallback(event));
      earlier.add(failure);
      model = next;
      Arrays.fill(failures, 0);
    }

    private ClaudeException withEarlierAttempts(ClaudeException failure) {
      for (ClaudeException e : earlier) {
        failure.addSuppressed(e);
      }
      return failure;
    }

    private int scheduleIndex(ErrorKind kind) {
      for (int i = 0; i < schedules.size(); i++) {
        if (schedules.get(i).retries(kind)) {
          return i;
        }
      }
      return -1;
    }

    /** Counts a failed attempt of this kind within its schedule. */
    private AttemptNumber count(ErrorKind kind) {
      int index = scheduleIndex(kind);
      if (index < 0) {
        return AttemptNumber.ONLY;
      }
      int failed = ++failures[index];
      return new AttemptNumber(failed, Math.max(failed, schedules.get(index).maxAttempts()));
    }

    /** Logs a line about this call: {@code Assistant.ask(String) (claude-...): detail}. */
    private void log(Level level, Supplier<String> detail) {
      if (LOG.isLoggable(level)) {
        LOG.log(level, spec.method() + " (" + model + "): " + detail.get());
      }
    }

    private Duration elapsed() {
      return Duration.between(started, client.clock().instant());
    }

    private Outcome attempt(byte[] body) {
      int number = ++attempts;
      ClaudeListener.RequestSent sending =
          new ClaudeListener.RequestSent(spec.method(), model, number);
      tell(listener -> listener.onRequest(sending));
      Duration timeout = spec.timeout();
      boolean cutByDeadline = false;
      if (maxElapsed != null) {
        Duration left = maxElapsed.minus(elapsed());
        if (left.compareTo(timeout) < 0) {
          timeout = left.compareTo(MIN_ATTEMPT_TIMEOUT) < 0 ? MIN_ATTEMPT_TIMEOUT : left;
          cutByDeadline = true;
        }
      }
      Transport.Request request = new Transport.Request(uri, headers, body, timeout);
      long sent = System.nanoTime();
      Transport.Response response;
      try {
        response = client.transport().send(request);
      } catch (HttpConnectTimeoutException e) {
        return Outcome.failed(
            new ClaudeTimeoutException(
                withoutResponse("could not connect: " + e.getMessage(), ErrorKind.TIMEOUT),
                redactor.redact(e)));
      } catch (HttpTimeoutException e) {
        String description =
            "no response within "
                + Durations.describe(timeout)
                + (cutByDeadline
                    ? ", what was left of maxElapsed " + Durations.describe(maxElapsed)
                    : "");
        return Outcome.failed(
            new ClaudeTimeoutException(
                withoutResponse(description, ErrorKind.TIMEOUT), redactor.redact(e)));
      } catch (IOException e) {
        return Outcome.failed(
            new ClaudeConnectionException(
                withoutResponse("connection failed: " + e, ErrorKind.CONNECTION),
                redactor.redact(e)));
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return Outcome.failed(
            new ClaudeConnectionException(
                withoutResponse("interrupted while waiting for the reply", ErrorKind.CONNECTION),
                e));
      }
      Boolean serverSaysRetry = ResponseErrors.shouldRetry(response);
      int status = response.statusCode();
      if (status < 200 || status > 299) {
        return new Outcome(
            null,
            ResponseErrors.toException(
                response, client.clock(), this::count, redactor, authenticationHint),
            serverSaysRetry);
      }
      Reply reply;
      try {
        reply =
            MessagesJson.reply(
                response.body(),
                // The request id reaches the listener's ResponseReceived event.
                redactor.redact(ResponseErrors.requestId(response)),
                RateLimitInfo.from(response.headers()));
      } catch (MessagesJson.MalformedBodyException e) {
        return new Outcome(
            null,
            ResponseErrors.malformedReply(
                response, e.getMessage(), client.clock(), this::count, redactor),
            serverSaysRetry);
      }
      Duration latency = Duration.ofNanos(System.nanoTime() - sent);
      ClaudeListener.ResponseReceived received =
          new ClaudeListener.ResponseReceived(spec.method(), reply, latency, number);
      tell(listener -> listener.onResponse(received));
      return new Outcome(reply, null, null);
    }

    /**
     * Details of a failure with no response. The transport's exception text can quote what the
     * server sent (a garbled status line), so it passes the redactor like a response's text.
     */
    private ErrorDetails withoutResponse(String description, ErrorKind kind) {
      AttemptNumber number = count(kind);
      return redactor.redact(
          ErrorDetails.withoutResponse(description, number.attempt(), number.maxAttempts()));
    }
  }
}
