package dev.claudegen.runtime;

import dev.claudegen.annotations.ErrorKind;

/**
 * A reply arrived but cannot become the method's payload: a {@code String} method's reply that is
 * a {@code refusal}, or has no text (only {@code tool_use} or {@code thinking} blocks, no content,
 * {@code text: null}, or only whitespace), or was cut at {@code max_tokens} before any text.
 *
 * <p>It is never retried, whatever {@code @Retry} says: the reply was produced and billed, and the
 * same request would most likely get the same answer. Its {@link #kind()} is {@link
 * ErrorKind#BAD_REQUEST} for that reason (no {@code @Retry} can name it), its {@link #statusCode()}
 * the reply's 200, its {@link #errorType()} null (the API reported no error). {@link #text()} holds
 * what output there was; a method returning {@link Reply} gets such replies without an exception.
 */
public class ClaudeOutputException extends ClaudeException {

  private static final long serialVersionUID = 1L;

  private final String stopReason;
  private final String text;

  /**
   * An exception for a reply that cannot become the payload.
   *
   * @param problem what is wrong with it, naming the method; the message adds the request id
   * @param reply the reply as read
   */
  public ClaudeOutputException(String problem, Reply reply) {
    super(
        ErrorKind.BAD_REQUEST,
        new ErrorDetails(200, null, problem, reply.requestId(), null, 1, 1, reply.rateLimit()),
        null);
    this.stopReason = reply.stopReason();
    this.text = reply.text();
  }

  /** Why the model stopped, such as {@code refusal} or {@code max_tokens}; null if not sent. */
  public String stopReason() {
    return stopReason;
  }

  /** The reply's raw text output, its text blocks joined; possibly empty, never null. */
  public String text() {
    return text;
  }
}
