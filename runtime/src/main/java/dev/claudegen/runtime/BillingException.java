package dev.claudegen.runtime;

import dev.claudegen.annotations.ErrorKind;

/** 402 {@code billing_error}: the account has a billing or payment problem. Not retried. */
public class BillingException extends ClaudeApiException {

  private static final long serialVersionUID = 1L;

  /**
   * Creates the exception.
   *
   * @param details what the response said
   */
  public BillingException(ErrorDetails details) {
    super(ErrorKind.PERMISSION, details);
  }
}
