package dev.claudegen.runtime;

import dev.claudegen.annotations.ErrorKind;
import java.time.Duration;
import java.util.Optional;

/**
 * The base of every failure a generated Claude client throws. Unchecked.
 *
 * <p>Subclasses tell what happened: {@link ClaudeApiException} and its subclasses for an error
 * response of the API, {@link ClaudeConnectionException} when no response arrived, {@link
 * ClaudeTimeoutException} when it did not arrive in time, {@link ClaudeOutputException} when a
 * reply arrived but cannot become the method's payload. Every one carries the status, the API's
 * error type and the request id, and names them in its message. When earlier attempts of the same
 * call failed too (retries, and attempts on models it fell back from), their exceptions are attached
 * in order as {@linkplain #getSuppressed() suppressed}, so {@code getSuppressed().length + 1} is the
 * number of attempts the call made.
 */
public class ClaudeException extends RuntimeException {

  private static final long serialVersionUID = 1L;

  private final ErrorDetails details;
  private final ErrorKind kind;

  /**
   * Creates an exception from the details of a failed attempt.
   *
   * @param kind the kind of failure, as retry policies name it
   * @param details status, error type, request id and attempt count
   * @param cause the underlying exception, or null
   */
  protected ClaudeException(ErrorKind kind, ErrorDetails details, Throwable cause) {
    this(kind, details, cause, null);
  }

  /**
   * Creates an exception whose message adds a hint after the details, such as the likely cause of
   * a 401; the hint is the client's own text, never the server's, and never holds the key.
   */
  ClaudeException(ErrorKind kind, ErrorDetails details, Throwable cause, String hint) {
    super(hint == null ? details.describe() : details.describe() + ". " + hint, cause);
    this.kind = kind;
    this.details = details;
  }

  /** The kind of failure, as {@code @Retry(on = ...)} names it. */
  public ErrorKind kind() {
    return kind;
  }

  /** The HTTP status of the response, or 0 when no response arrived. */
  public int statusCode() {
    return details.statusCode();
  }

  /**
   * The API's error type, such as {@code "rate_limit_error"}, as sent (new types are kept, not
   * mapped), or null when the response carried none.
   */
  public String errorType() {
    return details.errorType();
  }

  /** The request id to quote to Anthropic support, or null when the response carried none. */
  public String requestId() {
    return details.requestId();
  }

  /** The wait the server asked for before a retry, if it sent one. */
  public Optional<Duration> retryAfter() {
    return details.retryAfterIfSent();
  }

  /**
   * Which attempt this was, from 1, counted within the retry schedule of its {@link #kind()}: with
   * a single schedule (as without {@code @Retry}) the number of attempts the call made, this failed
   * one included; 1 for a kind that no schedule retries. See {@link ErrorDetails#attempt()}.
   */
  public int attempts() {
    return details.attempt();
  }

  /**
   * The {@code anthropic-ratelimit-*} headers of the failed response; {@link RateLimitInfo#NONE}
   * when it had none, or when no response arrived.
   */
  public RateLimitInfo rateLimit() {
    return details.rateLimit();
  }

  /** All of the above in one value. */
  public ErrorDetails details() {
    return details;
  }
}
