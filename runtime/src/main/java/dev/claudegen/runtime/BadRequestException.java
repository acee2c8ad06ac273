package dev.claudegen.runtime;

import dev.claudegen.annotations.ErrorKind;

/** 400 {@code invalid_request_error}: the request is malformed or asks for something the model cannot do. Not retried. */
public class BadRequestException extends ClaudeApiException {

  private static final long serialVersionUID = 1L;

  /**
   * Creates the exception.
   *
   * @param details what the response said
   */
  public BadRequestException(ErrorDetails details) {
    super(ErrorKind.BAD_REQUEST, details);
  }
}
