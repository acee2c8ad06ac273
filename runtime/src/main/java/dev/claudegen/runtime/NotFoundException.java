package dev.claudegen.runtime;

import dev.claudegen.annotations.ErrorKind;

/** 404 {@code not_found_error}: usually a model id the API does not know. Not retried. */
public class NotFoundException extends ClaudeApiException {

  private static final long serialVersionUID = 1L;

  /**
   * Creates the exception.
   *
   * @param details what the response said
   */
  public NotFoundException(ErrorDetails details) {
    super(ErrorKind.NOT_FOUND, details);
  }
}
