package dev.claudegen.runtime;

import dev.claudegen.annotations.ErrorKind;

/** 429 {@code rate_limit_error}: the organization's request or token rate limit is spent; {@link #retryAfter()} tells when to try again. */
public class RateLimitException extends ClaudeApiException {

  private static final long serialVersionUID = 1L;

  /**
   * Creates the exception.
   *
   * @param details what the response said
   */
  public RateLimitException(ErrorDetails details) {
    super(ErrorKind.RATE_LIMIT, details);
  }
}
