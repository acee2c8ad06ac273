package dev.claudegen.runtime;

import dev.claudegen.annotations.ErrorKind;

/**
 * No complete response arrived within the connect timeout or the method's request timeout
 * ({@code @ClaudeEndpoint(timeout = ...)}, 120 seconds by default). {@link #statusCode()} is 0.
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
}
