package dev.claudegen.runtime;

import dev.claudegen.annotations.ErrorKind;

/**
 * 500 {@code api_error}, or another 5xx but 529 (502, 503, 504 {@code timeout_error}...): the
 * server failed; {@link #statusCode()} tells which status it was.
 */
public class InternalServerException extends ClaudeApiException {

  private static final long serialVersionUID = 1L;

  /**
   * Creates the exception.
   *
   * @param details what the response said
   */
  public InternalServerException(ErrorDetails details) {
    super(ErrorKind.SERVER_ERROR, details);
  }
}
