package dev.claudegen.annotations;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Repeatable;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * How a failed call is retried, on an interface or on a method (a method's {@code @Retry}
 * annotations replace the interface's).
 *
 * <p>The wait before retry {@code n} (counting from 0) is {@code min(initialDelay ×
 * multiplier^n, maxDelay)}, less a random fraction of up to {@link #jitter()} of it, unless the
 * server asks for a wait with {@code retry-after-ms} or {@code retry-after} and {@link
 * #honorRetryAfter()} is set. With no {@code @Retry} anywhere, a call behaves as if annotated
 * {@code @Retry()}: up to 3 attempts on rate limits, overload, server errors, connection errors
 * and timeouts.
 *
 * <pre>{@code
 * @ClaudeEndpoint(model = "claude-opus-4-7", maxTokens = 4096,
 *                 fallbackModels = "claude-sonnet-4-6")
 * @Retry(on = ErrorKind.RATE_LIMIT, maxAttempts = 5, initialDelay = "1s")
 * @Retry(on = ErrorKind.OVERLOADED, maxAttempts = 3, initialDelay = "5s", maxDelay = "40s")
 * public interface Reviewer {
 *   String review(String diff);
 * }
 * }</pre>
 *
 * <p>Several {@code @Retry} give each {@link ErrorKind} its own schedule; a kind that no {@code
 * @Retry} present names is not retried, and a kind named twice fails the build. Durations are
 * written like {@code "500ms"}, {@code "5s"}, {@code "2m"} or {@code "1h"}.
 */
@Documented
@Retention(RetentionPolicy.CLASS)
@Target({ElementType.TYPE, ElementType.METHOD})
@Repeatable(Retry.List.class)
public @interface Retry {

  /** {@link #maxAttempts()} when not written. */
  int DEFAULT_MAX_ATTEMPTS = 3;

  /** {@link #initialDelay()} when not written, in milliseconds. */
  long DEFAULT_INITIAL_DELAY_MILLIS = 500;

  /** {@link #multiplier()} when not written. */
  double DEFAULT_MULTIPLIER = 2.0;

  /** {@link #maxDelay()} when not written, in milliseconds. */
  long DEFAULT_MAX_DELAY_MILLIS = 30_000;

  /** {@link #jitter()} when not written. */
  double DEFAULT_JITTER = 0.25;

  /** {@link #honorRetryAfter()} when not written. */
  boolean DEFAULT_HONOR_RETRY_AFTER = true;

  /** {@link #maxRetryAfter()} when not written, in milliseconds. */
  long DEFAULT_MAX_RETRY_AFTER_MILLIS = 60_000;

  /**
   * The kinds of failure this schedule retries. Naming {@link ErrorKind#BAD_REQUEST}, {@link
   * ErrorKind#AUTHENTICATION}, {@link ErrorKind#PERMISSION}, {@link ErrorKind#NOT_FOUND} or
   * {@link ErrorKind#REQUEST_TOO_LARGE} fails the build: they cannot succeed on retry.
   */
  ErrorKind[] on() default {
    ErrorKind.RATE_LIMIT,
    ErrorKind.OVERLOADED,
    ErrorKind.SERVER_ERROR,
    ErrorKind.CONNECTION,
    ErrorKind.TIMEOUT
  };

  /** Attempts in all, the first included: 1 means no retry. */
  int maxAttempts() default DEFAULT_MAX_ATTEMPTS;

  /** The wait before the first retry, for example {@code "500ms"} or {@code "5s"}. */
  String initialDelay() default DEFAULT_INITIAL_DELAY_MILLIS + "ms";

  /** What each wait is multiplied by for the next; at least 1. */
  double multiplier() default DEFAULT_MULTIPLIER;

  /** The longest computed wait; at least {@link #initialDelay()}. */
  String maxDelay() default DEFAULT_MAX_DELAY_MILLIS / 1000 + "s";

  /**
   * The largest fraction, in {@code [0, 1]}, removed at random from each computed wait so that
   * many clients do not retry in step.
   */
  double jitter() default DEFAULT_JITTER;

  /**
   * Whether a wait the server asks for ({@code retry-after-ms}, then {@code retry-after} in
   * seconds or as an HTTP date) replaces the computed one.
   */
  boolean honorRetryAfter() default DEFAULT_HONOR_RETRY_AFTER;

  /**
   * The longest server-requested wait that is honoured. Above it the call fails at once with
   * the typed exception, whose {@code retryAfter()} tells the wait asked for.
   */
  String maxRetryAfter() default DEFAULT_MAX_RETRY_AFTER_MILLIS / 1000 + "s";

  /**
   * A deadline for the whole call, attempts and waits included, for example {@code "3m"}. Empty
   * (the default) means none beyond {@link #maxAttempts()}.
   */
  String maxElapsed() default "";

  /** Holds several {@link Retry} annotations; written by the compiler, not by hand. */
  @Documented
  @Retention(RetentionPolicy.CLASS)
  @Target({ElementType.TYPE, ElementType.METHOD})
  @interface List {
    /** The repeated annotations. */
    Retry[] value();
  }
}
