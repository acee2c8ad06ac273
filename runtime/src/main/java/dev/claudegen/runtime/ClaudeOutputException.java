package dev.claudegen.runtime;

import dev.claudegen.annotations.ErrorKind;

/**
 * A reply arrived but cannot become the method's payload: a {@code String} method's reply that is
 * a {@code refusal}, or has no text (only {@code tool_use} or {@code thinking} blocks, no content,
 * {@code text: null}, or only whitespace), or was cut at {@code max_tokens} before any text; a
 * structured method's reply that is a refusal, was cut at {@code max_tokens}, or whose JSON does
 * not fit the type ({@link #path()} says where).
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
  private final String path;

  /**
   * An exception for a reply that cannot become the payload.
   *
   * @param problem what is wrong with it, naming the method; the message adds the request id
   * @param reply the reply as read
   */
  public ClaudeOutputException(String problem, Reply reply) {
    this(problem, reply, null);
  }

  /**
   * An exception for a reply whose JSON text does not fit the payload's type.
   *
   * @param problem what is wrong with it, naming the method; the message adds the path and the
   *     request id
   * @param reply the reply as read
   * @param path the JSON path of the value at fault, like {@code $.tickets[2].priority}; null when
   *     the problem is not the JSON's (a refusal, a reply cut short)
   */
  public ClaudeOutputException(String problem, Reply reply, String path) {
    super(
        ErrorKind.BAD_REQUEST,
        new ErrorDetails(
            200,
            null,
            path == null ? problem : problem + " (at " + path + ")",
            reply.requestId(),
            null,
            1,
            1,
            reply.rateLimit()),
        null);
    this.stopReason = reply.stopReason();
    this.text = reply.text();
    this.path = path;
  }

  /** Why the model stopped, such as {@code refusal} or {@code max_tokens}; null if not sent. */
  public String stopReason() {
    return stopReason;
  }

  /** The reply's raw text output, its text blocks joined; possibly empty, never null. */
  public String text() {
    return text;
  }

  /**
   * Where the reply's JSON stopped fitting the payload's type, like {@code $.tickets[2].priority}
   * ({@code $} for the whole text: not JSON, or not an object); null when the JSON was not the
   * problem (a refusal, a reply cut at {@code max_tokens}, a {@code String} method's reply).
   */
  public String path() {
    return path;
  }
}
