package dev.claudegen.runtime;

/**
 * Which attempt of its retry schedule a failure was, and how many that schedule allows; what
 * {@link ErrorDetails} records.
 *
 * @param attempt from 1
 * @param maxAttempts at least {@code attempt}
 */
record AttemptNumber(int attempt, int maxAttempts) {

  /** A failure no schedule retries: its own first and last attempt. */
  static final AttemptNumber ONLY = new AttemptNumber(1, 1);
}
