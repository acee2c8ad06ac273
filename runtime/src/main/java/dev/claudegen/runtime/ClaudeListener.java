package dev.claudegen.runtime;

import dev.claudegen.annotations.ErrorKind;
import java.net.URI;
import java.time.Duration;
import java.util.List;

/**
 * Hears what a generated client does, for metrics and tracing. Set one with the generated
 * builder's {@code listener(...)}; {@link #of} combines several. Methods run on the calling thread
 * (for a {@code CompletableFuture} method: the caller's, or the client's executor once the call is
 * under way) and should return quickly. An exception a listener throws is caught and never fails
 * the call: the first one a client meets is logged at WARNING on {@code dev.claudegen} with its
 * stack trace, later ones at DEBUG.
 *
 * <h2>One call's events</h2>
 *
 * <p>A call starts once its prompt passed the checks made before sending: {@link #onStart} is
 * called once, on the caller's thread, and the listener it returns hears the rest of that call's
 * events, so a listener that keeps per-call state (a span) returns a new object holding it and
 * needs no map of calls. Then {@link #onRequest} before each attempt, {@link #onResponse} after
 * each reply (one per round with tools), {@link #onRetry}, {@link #onFallback}, {@link
 * #onFirstToken}, {@link #onToolCall} as they happen, and last exactly one terminal event:
 * {@link #onSuccess} (the payload was built), {@link #onFailure} (the caller gets an exception),
 * or {@link #onCancel} (the caller cancelled the future or closed the stream first). This holds in
 * every call mode and with tools. A streamed reply ends when it is read to its end, fails or is
 * closed; one dropped without either hears no terminal event (close it: try-with-resources).
 *
 * <pre>{@code
 * Assistant assistant = ClaudeAssistant.builder()
 *     .listener(new ClaudeListener() {
 *       @Override public void onResponse(ResponseReceived event) {
 *         metrics.record(event.method(), event.latency(), event.reply().usage().outputTokens());
 *       }
 *     })
 *     .build();
 * }</pre>
 */
public interface ClaudeListener {

  /** A listener that does nothing. */
  ClaudeListener NONE = new ClaudeListener() {};

  /**
   * Combines listeners: each hears every event, in the order given, and one that throws does not
   * keep the others from hearing it. Each one's {@link #onStart} is asked for its own per-call
   * listener.
   */
  static ClaudeListener of(ClaudeListener... listeners) {
    return CompositeListener.of(List.of(listeners));
  }

  /**
   * Called once when a call starts, before its first attempt, on the caller's thread.
   *
   * @return the listener to hear the rest of this call's events: {@code this} (the default) for a
   *     listener without per-call state, or a new one that holds it; null is taken as {@code this}
   */
  default ClaudeListener onStart(CallStarted event) {
    return this;
  }

  /**
   * Called once when a call succeeded, just before its payload is returned (for a {@code
   * CompletableFuture} method: just before the future completes with it; for a stream: when it was
   * read to its end).
   */
  default void onSuccess(CallSucceeded event) {}

  /** Called before each attempt is sent. */
  default void onRequest(RequestSent event) {}

  /** Called when an attempt got a successful reply. */
  default void onResponse(ResponseReceived event) {}

  /** Called when an attempt failed and will be retried, before waiting {@code event.delay()}. */
  default void onRetry(RetryScheduled event) {}

  /**
   * Called when retries on overload are spent and the call moves on to the next of the method's
   * {@code fallbackModels}, just before its first attempt.
   */
  default void onFallback(FallbackStarted event) {}

  /**
   * Called when a call failed for good, just before the exception is thrown (or, for a {@code
   * CompletableFuture} method, just before the future completes with it).
   */
  default void onFailure(CallFailed event) {}

  /**
   * Called once when a {@code CompletableFuture} method's future was cancelled before it
   * completed, or a streamed reply ({@link ReplyStream}, {@code Stream<String>}) was closed
   * before its end, instead of {@link #onFailure}: the caller gave up, nothing failed. It runs on
   * the thread that called {@code cancel} or {@code close}. An attempt in flight is aborted and
   * none follows.
   */
  default void onCancel(CallCancelled event) {}

  /**
   * Called when a streaming method's first text arrived, just before the method returns with it;
   * not at all for a reply without text. {@link #onResponse} follows when the stream ends.
   */
  default void onFirstToken(FirstToken event) {}

  /**
   * Called after each tool a reply asked for has run (or could not be run), before its result is
   * sent back; on the thread that ran the tool.
   */
  default void onToolCall(ToolCalled event) {}

  /**
   * A tool ran, for a reply that asked for it.
   *
   * @param method the interface method
   * @param tool the tool's name, as the reply asked for it
   * @param toolUseId the {@code tool_use} block's id
   * @param round which round of tool use of the call, from 1
   * @param duration how long the tool took (zero when it was not run)
   * @param outcome what came of it
   * @param error the message sent back as the error result; null when the outcome is {@link
   *     ToolOutcome#OK}
   */
  record ToolCalled(
      String method,
      String tool,
      String toolUseId,
      int round,
      Duration duration,
      ToolOutcome outcome,
      String error) {}

  /** What came of a tool call; every outcome but {@link #OK} is sent as an error result. */
  enum ToolOutcome {
    /** The tool returned; its result was sent. */
    OK,
    /** The tool threw; its message was sent. */
    THREW,
    /** The input did not fit the tool's parameters; the property at fault was named. */
    BAD_INPUT,
    /** The reply asked for a tool the method does not have. */
    UNKNOWN_TOOL
  }

  /**
   * An attempt is about to be sent.
   *
   * @param method the interface method, like {@code "Assistant.summarize"}
   * @param model the model asked for (a fallback model once the call has fallen back)
   * @param attempt the call's attempt number, from 1, counting every attempt of the call
   */
  record RequestSent(String method, String model, int attempt) {}

  /**
   * An attempt succeeded.
   *
   * @param method the interface method
   * @param reply the reply, with usage, request id and rate-limit headers
   * @param latency from sending to the whole reply read (for a stream: to its end)
   * @param attempt the call's attempt number, from 1, counting every attempt of the call
   */
  record ResponseReceived(String method, Reply reply, Duration latency, int attempt) {}

  /**
   * An attempt failed and the call will try again after {@code delay}.
   *
   * @param method the interface method
   * @param model the model the failed attempt asked for
   * @param kind the kind of failure, whose retry schedule applies
   * @param attempt which attempt of that schedule failed, from 1 (as {@code cause.attempts()})
   * @param maxAttempts how many attempts that schedule allows
   * @param delay the wait before the next attempt: the backoff, or what the server asked for
   * @param cause the failure
   */
  record RetryScheduled(
      String method,
      String model,
      ErrorKind kind,
      int attempt,
      int maxAttempts,
      Duration delay,
      ClaudeException cause) {}

  /**
   * Overload retries on one model are spent; the call tries the next fallback model at once.
   *
   * @param method the interface method
   * @param fromModel the model that was overloaded
   * @param toModel the model tried next
   * @param cause the last overload failure on {@code fromModel}
   */
  record FallbackStarted(String method, String fromModel, String toModel, ClaudeException cause) {}

  /** How a call was made: what the interface method returns. */
  enum Mode {
    /** The method returns the payload itself, blocking. */
    PLAIN,
    /** The method returns a {@code CompletableFuture}. */
    ASYNC,
    /** The method returns a stream ({@link ReplyStream}, {@code Stream<String>}, {@code Stream<R>}). */
    STREAM
  }

  /**
   * A call started: what was asked, before anything was sent.
   *
   * @param method the interface method, like {@code "Assistant.summarize"}
   * @param model the method's model (fallback models, if any, come later in {@link FallbackStarted})
   * @param maxTokens the request's {@code max_tokens}
   * @param mode how the call was made
   * @param tools whether the method has tools, so the call may take several rounds
   * @param structured whether the reply is asked for as JSON (a structured payload)
   * @param endpoint the Messages API URL the call is sent to
   * @param prompt what is sent: system prompt and turns. It holds user data: record it only when
   *     your users agreed
   */
  record CallStarted(
      String method,
      String model,
      int maxTokens,
      Mode mode,
      boolean tools,
      boolean structured,
      URI endpoint,
      Prompt prompt) {}

  /**
   * A call succeeded.
   *
   * @param method the interface method
   * @param reply the reply the payload was built from (with tools: the last round's)
   * @param usage the tokens of the whole call: with tools, every round's summed; else the reply's
   * @param attempts how many attempts the call sent, every round's and every model's
   * @param toolRounds how many rounds of tools ran (0 without tools)
   * @param duration from the start of the call to its end (for a stream: to the end of the reply)
   */
  record CallSucceeded(
      String method, Reply reply, Usage usage, int attempts, int toolRounds, Duration duration) {}

  /**
   * A call failed for good.
   *
   * @param method the interface method
   * @param error what the caller is about to receive: a {@link ClaudeException} for every failure
   *     of the API, the connection or the reply; anything else is a bug (a custom transport's, a
   *     request grown above the size limit in a tool loop) passed on as it was thrown
   * @param attempts how many attempts the call sent
   * @param duration from the start of the call to its end
   */
  record CallFailed(String method, Throwable error, int attempts, Duration duration) {

    /**
     * A low-cardinality name of the failure, for a metric's tag: the API's error type (like {@code
     * "overloaded_error"}) when the response carried one, else the exception's class name (like
     * {@code "dev.claudegen.runtime.ClaudeTimeoutException"}).
     */
    public String errorType() {
      if (error instanceof ClaudeException e && e.errorType() != null) {
        return e.errorType();
      }
      return error.getClass().getName();
    }

    /** The kind of failure, or null when {@link #error} is not a {@link ClaudeException}. */
    public ErrorKind kind() {
      return error instanceof ClaudeException e ? e.kind() : null;
    }
  }

  /**
   * A streamed reply's first text arrived: the time to first token.
   *
   * @param method the interface method
   * @param latency from sending the attempt to its first text delta read
   * @param attempt the call's attempt number, from 1, counting every attempt of the call
   */
  record FirstToken(String method, Duration latency, int attempt) {}

  /**
   * A {@code CompletableFuture} call was cancelled, or a streamed reply closed before its end, by
   * its caller.
   *
   * @param method the interface method
   * @param attempts how many attempts had been sent, the one aborted included
   * @param duration from the start of the call to the cancel
   */
  record CallCancelled(String method, int attempts, Duration duration) {}
}
