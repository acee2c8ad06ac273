package dev.claudegen.runtime;

import java.util.List;
import java.util.Objects;

/**
 * A successful reply of the Messages API, as read from its JSON.
 *
 * @param text the reply's text blocks joined in order (empty if it had none)
 * @param stopReason why the model stopped: {@code end_turn}, {@code max_tokens}, {@code
 *     stop_sequence}, {@code refusal}...; null if absent
 * @param model the model that answered, as the API named it
 * @param messageId the message id, like {@code msg_01...}
 * @param requestId the {@code request-id} header, or null
 * @param usage tokens consumed
 * @param rateLimit the {@code anthropic-ratelimit-*} headers of the response; {@link
 *     RateLimitInfo#NONE} when it had none
 * @param blockTypes the {@code type} of each content block, in order, such as {@code [thinking,
 *     text]}; empty when the reply had none, or for a reply built without them
 */
public record Reply(
    String text,
    String stopReason,
    String model,
    String messageId,
    String requestId,
    Usage usage,
    RateLimitInfo rateLimit,
    List<String> blockTypes) {

  /**
   * Checks for nulls where a value is always present; a null {@code rateLimit} means none, a null
   * {@code blockTypes} none known.
   */
  public Reply {
    Objects.requireNonNull(text, "text");
    Objects.requireNonNull(usage, "usage");
    if (rateLimit == null) {
      rateLimit = RateLimitInfo.NONE;
    }
    blockTypes = blockTypes == null ? List.of() : List.copyOf(blockTypes);
  }

  /** A reply without its block types. */
  public Reply(
      String text,
      String stopReason,
      String model,
      String messageId,
      String requestId,
      Usage usage,
      RateLimitInfo rateLimit) {
    this(text, stopReason, model, messageId, requestId, usage, rateLimit, List.of());
  }

  /** A reply without rate-limit information. */
  public Reply(
      String text, String stopReason, String model, String messageId, String requestId, Usage usage) {
    this(text, stopReason, model, messageId, requestId, usage, RateLimitInfo.NONE);
  }

  /** Whether the reply was cut short by {@code max_tokens}. */
  public boolean truncated() {
    return "max_tokens".equals(stopReason);
  }
}
