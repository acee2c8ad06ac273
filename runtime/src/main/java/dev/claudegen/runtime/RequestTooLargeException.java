package dev.claudegen.runtime;

import dev.claudegen.annotations.ErrorKind;

/** 413 {@code request_too_large}: the request body is over the API's byte limit (32 MB for Messages). Not retried. */
public class RequestTooLargeException extends ClaudeApiException {

  private static final long serialVersionUID = 1L;

  /**
   * Creates the exception.
   *
   * @param details what the response said
   */
  public RequestTooLargeException(ErrorDetails details) {
    super(ErrorKind.REQUEST_TOO_LARGE, details);
  }
}
