package dev.claudegen.runtime;

import java.time.Duration;

/**
 * Hears what a generated client does, for metrics and tracing. Set one with the generated
 * builder's {@code listener(...)}. Methods run on the calling thread and should return quickly;
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

  /** Called when a call failed for good, just before the exception is thrown. */
  default void onFailure(CallFailed event) {}

  /**
   * An attempt is about to be sent.
   *
   * @param method the interface method, like {@code "Assistant.summarize"}
   * @param model the model asked for
   * @param attempt the attempt number, from 1
   */
  record RequestSent(String method, String model, int attempt) {}

  /**
   * An attempt succeeded.
   *
   * @param method the interface method
   * @param reply the reply, with usage and request id
   * @param latency from sending to the whole reply read
   * @param attempt the attempt number, from 1
   */
  record ResponseReceived(String method, Reply reply, Duration latency, int attempt) {}

  /**
   * A call failed for good.
   *
   * @param method the interface method
   * @param error what the caller is about to receive
   */
  record CallFailed(String method, ClaudeException error) {}
}
