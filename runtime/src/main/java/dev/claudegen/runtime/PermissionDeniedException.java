package dev.claudegen.runtime;

import dev.claudegen.annotations.ErrorKind;

/** 403 {@code permission_error}: the key may not use this model or feature, or the region is not served. Not retried. */
public class PermissionDeniedException extends ClaudeApiException {

  private static final long serialVersionUID = 1L;

  /**
   * Creates the exception.
   *
   * @param details what the response said
   */
  public PermissionDeniedException(ErrorDetails details) {
    super(ErrorKind.PERMISSION, details);
  }
}
