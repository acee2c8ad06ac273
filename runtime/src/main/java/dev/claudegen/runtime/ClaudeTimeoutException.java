package dev.claudegen.runtime;

import dev.claudegen.annotations.ErrorKind;

/**
 * No complete response arrived within the connect timeout or the method's request timeout
 * ({@code @ClaudeEndpoint(timeout = ...)}, 120 seconds by default). {@link #statusCode()} is 0,
 * and the attempt is retried when a {@code @Retry} names {@link ErrorKind#TIMEOUT} (the default
 * one does).
 *
 * <p>One exception: when a 2xx status and its headers arrived and then the body did not complete
 * in time, {@link #statusCode()} is that status, {@link #requestId()} the one of its headers, and
 * the call ends at once, whatever {@code @Retry} says (no retry, no fallback model): the API only
 * sends the status of a non-streaming reply once the reply is ready, so it was produced and is
 * billed, and sending the request again would bill it again.
 */
public class ClaudeTimeoutException extends ClaudeException {

  private static final long serialVersionUID = 1L;

  /**
   * Creates the exception.
   *
   * @param details what is known of the attempt
   * @param cause the timeout reported by the transport, or null
   */
  public ClaudeTimeoutException(ErrorDetails details, Throwable cause) {
    super(ErrorKind.TIMEOUT, details, cause);
  }

  /** An exception whose message ends with a hint of the client's. */
  ClaudeTimeoutException(ErrorDetails details, Throwable cause, String hint) {
    super(ErrorKind.TIMEOUT, details, cause, hint);
  }
}
