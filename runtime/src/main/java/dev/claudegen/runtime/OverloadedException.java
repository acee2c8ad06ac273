package dev.claudegen.runtime;

import dev.claudegen.annotations.ErrorKind;

/** 529 {@code overloaded_error} (or that error type under any status): the API as a whole is overloaded, which is not the caller's limit. */
public class OverloadedException extends ClaudeApiException {

  private static final long serialVersionUID = 1L;

  /**
   * Creates the exception.
   *
   * @param details what the response said
   */
  public OverloadedException(ErrorDetails details) {
    super(ErrorKind.OVERLOADED, details);
  }
}
