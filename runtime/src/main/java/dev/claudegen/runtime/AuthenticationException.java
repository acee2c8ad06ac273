package dev.claudegen.runtime;

import dev.claudegen.annotations.ErrorKind;

/** 401 {@code authentication_error}: the key is missing, revoked, or belongs to another host (a relay's key sent to Anthropic, or the reverse). Not retried. */
public class AuthenticationException extends ClaudeApiException {

  private static final long serialVersionUID = 1L;

  /**
   * Creates the exception.
   *
   * @param details what the response said
   */
  public AuthenticationException(ErrorDetails details) {
    super(ErrorKind.AUTHENTICATION, details);
  }

  /**
   * Creates the exception with a hint after the details in its message: the likely cause (a key
   * whose family does not fit the host) and where the key and base URL came from.
   */
  AuthenticationException(ErrorDetails details, String hint) {
    super(ErrorKind.AUTHENTICATION, details, hint);
  }
}
