package dev.claudegen.runtime;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * A successful reply of the Messages API, as read from its JSON.
 *
 * @param text the reply's text blocks joined in order (empty if it had none)
 * @param stopReason why the model stopped: {@code end_turn}, {@code max_tokens}, {@code
 *     stop_sequence}, {@code tool_use}, {@code refusal}...; null if absent
 * @param model the model that answered, as the API named it
 * @param messageId the message id, like {@code msg_01...}
 * @param requestId the {@code request-id} header, or null
 * @param usage tokens consumed, cache reads and writes included
 * @param rateLimit the {@code anthropic-ratelimit-*} headers of the response; {@link
 *     RateLimitInfo#NONE} when it had none
 * @param content every content block, in order: text, thinking, tool calls, and blocks of types
 *     this version does not know, kept whole
 */
public record Reply(
    String text,
    String stopReason,
    String model,
    String messageId,
    String requestId,
    Usage usage,
    RateLimitInfo rateLimit,
    List<ContentBlock> content) {

  /**
   * Checks for nulls where a value is always present; a null {@code rateLimit} means none, a null
   * {@code content} none known.
   */
  public Reply {
    Objects.requireNonNull(text, "text");
    Objects.requireNonNull(usage, "usage");
    if (rateLimit == null) {
      rateLimit = RateLimitInfo.NONE;
    }
    content = content == null ? List.of() : List.copyOf(content);
  }

  /** A reply without its content blocks. */
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

  /** A reply without rate-limit information or content blocks. */
  public Reply(
      String text, String stopReason, String model, String messageId, String requestId, Usage usage) {
    this(text, stopReason, model, messageId, requestId, usage, RateLimitInfo.NONE);
  }

  /** Whether the reply was cut short by {@code max_tokens}. */
  public boolean truncated() {
    return "max_tokens".equals(stopReason);
  }

  /**
   * The {@code type} of each content block, in order, such as {@code [thinking, text]}; empty when
   * the reply had none, or for a reply built without them.
   */
  public List<String> blockTypes() {
    List<String> types = new ArrayList<>(content.size());
    for (ContentBlock block : content) {
      types.add(block.type());
    }
    return types;
  }

  /**
   * This reply as the assistant turn to append to a conversation. It keeps every block, so a
   * thinking block goes back with its signature and a tool call with its id; a reply built without
   * blocks becomes one text block of its {@link #text()}.
   */
  public Message toMessage() {
    if (content.isEmpty()) {
      return Message.assistant(text);
    }
    return new Message(Message.Role.ASSISTANT, content);
  }
}
