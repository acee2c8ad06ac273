package dev.claudegen.runtime;

import dev.claudegen.annotations.ErrorKind;
import java.time.Duration;

/**
 * Hears what a generated client does, for metrics and tracing. Set one with the generated
 * builder's {@code listener(...)}. Methods run on the calling thread (for a {@code
 * CompletableFuture} method: the caller's, or the client's executor once the call is under way)
 * and should return quickly;
 * an exception thrown by a listener is logged and otherwise ignored, so it can never fail a call.
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

  /**
   * A call failed for good.
   *
   * @param method the interface method
   * @param error what the caller is about to receive
   */
  record CallFailed(String method, ClaudeException error) {}

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
   */
  record CallCancelled(String method, int attempts) {}
}
