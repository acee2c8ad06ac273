package dev.claudegen.runtime;

import dev.claudegen.annotations.ErrorKind;

/**
 * No response arrived: the connection was refused, reset or dropped, or the reply could not be
 * read to its end. {@link #statusCode()} is 0; the cause is the I/O error.
 */
public class ClaudeConnectionException extends ClaudeException {

  private static final long serialVersionUID = 1L;

  /**
   * Creates the exception.
   *
   * @param details what is known of the attempt
   * @param cause the I/O error
   */
  public ClaudeConnectionException(ErrorDetails details, Throwable cause) {
    super(ErrorKind.CONNECTION, details, cause);
  }
}
