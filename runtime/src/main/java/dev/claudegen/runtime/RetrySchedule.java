package dev.claudegen.runtime;

import dev.claudegen.annotations.ErrorKind;
import dev.claudegen.annotations.Retry;
import java.time.Duration;
import java.util.EnumSet;
import java.util.Objects;
import java.util.Set;

/**
 * How the failures of some {@link ErrorKind}s are retried: one {@code @Retry} annotation, as the
 * processor resolved it. A method has one or more, each for different kinds; generated code
 * builds them once, in constants.
 *
 * <pre>{@code
 * RetrySchedule.on(ErrorKind.OVERLOADED)
 *     .maxAttempts(4)
 *     .initialDelayMillis(5_000)
 *     .build();
 * }</pre>
 *
 * <p>Unset values are those of {@code @Retry()}: 3 attempts, 500 ms initial delay, multiplier 2,
 * at most 30 s, jitter 0.25, {@code retry-after} honoured up to 60 s, no overall deadline.
 *
 * <p>The wait before retry {@code n} (from 0) is {@link #backoff(int) min(initialDelay ×
 * multiplier^n, maxDelay)}, minus a random fraction of it up to {@link #jitter()}; so by default
 * 500 ms then 1 s, each less up to a quarter. When {@link #honorRetryAfter()}, a wait the server
 * asks for ({@code retry-after-ms}, else {@code retry-after} in seconds or as an HTTP date)
 * replaces it; one longer than {@link #maxRetryAfter()} ends the call at once. A value that is
 * not a positive wait (negative, zero, unreadable, or a date not in the future) is ignored, and the
 * computed wait used. {@code n} and the attempts are counted per schedule: a schedule's budget is
 * spent only by failures of its own kinds.
 */
public final class RetrySchedule {

  /** The schedule of {@code @Retry()}: what a method without any {@code @Retry} gets. */
  public static final RetrySchedule DEFAULT =
      on(
              ErrorKind.RATE_LIMIT,
              ErrorKind.OVERLOADED,
              ErrorKind.SERVER_ERROR,
              ErrorKind.CONNECTION,
              ErrorKind.TIMEOUT)
          .build();

  private final Set<ErrorKind> kinds;
  private final int maxAttempts;
  private final Duration initialDelay;
  private final double multiplier;
  private final Duration maxDelay;
  private final double jitter;
  private final boolean honorRetryAfter;
  private final Duration maxRetryAfter;
  private final Duration maxElapsed;

  private RetrySchedule(Builder builder) {
    this.kinds = Set.copyOf(builder.kinds);
    this.maxAttempts = builder.maxAttempts;
    this.initialDelay = builder.initialDelay;
    this.multiplier = builder.multiplier;
    this.maxDelay = builder.maxDelay;
    this.jitter = builder.jitter;
    this.honorRetryAfter = builder.honorRetryAfter;
    this.maxRetryAfter = builder.maxRetryAfter;
    this.maxElapsed = builder.maxElapsed;
  }

  /** Starts a schedule for the given kinds. */
  public static Builder on(ErrorKind... kinds) {
    return new Builder(kinds);
  }

  /** The kinds of failure this schedule retries. */
  public Set<ErrorKind> kinds() {
    return kinds;
  }

  /** Attempts in all, the first included; 1 means no retry. */
  public int maxAttempts() {
    return maxAttempts;
  }

  /** The wait before the first retry, before jitter. */
  public Duration initialDelay() {
    return initialDelay;
  }

  /** What each wait is multiplied by for the next. */
  public double multiplier() {
    return multiplier;
  }

  /** The longest computed wait. */
  public Duration maxDelay() {
    return maxDelay;
  }

  /** The largest fraction removed at random from each computed wait. */
  public double jitter() {
    return jitter;
  }

  /** Whether {@code retry-after-ms} / {@code retry-after} replace the computed wait. */
  public boolean honorRetryAfter() {
    return honorRetryAfter;
  }

  /** The longest server-requested wait honoured; above it the call fails at once. */
  public Duration maxRetryAfter() {
    return maxRetryAfter;
  }

  /** The deadline for the whole call, waits included, or null for none. */
  public Duration maxElapsed() {
    return maxElapsed;
  }

  /**
   * The computed wait before retry {@code retry} (0 for the first retry), before jitter: {@code
   * min(initialDelay × multiplier^retry, maxDelay)}.
   *
   * @throws IllegalArgumentException when {@code retry} is negative
   */
  public Duration backoff(int retry) {
    if (retry < 0) {
      throw new IllegalArgumentException("retry must not be negative, was " + retry);
    }
    return Duration.ofNanos(Math.round(backoffNanos(retry)));
  }

  /**
   * The wait before retry {@code retry} with jitter applied: the backoff less {@code jitter ×
   * random} of it.
   *
   * @param random in [0, 1): 0 keeps the whole backoff
   */
  Duration delay(int retry, double random) {
    return Duration.ofNanos(Math.round(backoffNanos(retry) * (1 - jitter * random)));
  }

  private double backoffNanos(int retry) {
    // In doubles (milliseconds are what the builder takes), so that neither a huge exponent nor a
    // huge maxDelay overflows; Math.round caps at Long.MAX_VALUE nanoseconds.
    return Math.min(
        initialDelay.toMillis() * 1e6 * Math.pow(multiplier, retry), maxDelay.toMillis() * 1e6);
  }

  /** Whether failures of this kind are retried by this schedule. */
  boolean retries(ErrorKind kind) {
    return kinds.contains(kind);
  }

  @Override
  public String toString() {
    return "RetrySchedule" + kinds + "[maxAttempts=" + maxAttempts + ", initialDelay="
        + initialDelay + ", multiplier=" + multiplier + ", maxDelay=" + maxDelay + ", jitter="
        + jitter + ", honorRetryAfter=" + honorRetryAfter + ", maxRetryAfter=" + maxRetryAfter
        + (maxElapsed == null ? "" : ", maxElapsed=" + maxElapsed) + "]";
  }

  /** Builds a {@link RetrySchedule}; the processor has checked the values it passes. */
  public static final class Builder {
    private final Set<ErrorKind> kinds;
    // Where @Retry() starts, so that generated code sets only the values written.
    private int maxAttempts = Retry.DEFAULT_MAX_ATTEMPTS;
    private Duration initialDelay = Duration.ofMillis(Retry.DEFAULT_INITIAL_DELAY_MILLIS);
    private double multiplier = Retry.DEFAULT_MULTIPLIER;
    private Duration maxDelay = Duration.ofMillis(Retry.DEFAULT_MAX_DELAY_MILLIS);
    private double jitter = Retry.DEFAULT_JITTER;
    private boolean honorRetryAfter = Retry.DEFAULT_HONOR_RETRY_AFTER;
    private Duration maxRetryAfter = Duration.ofMillis(Retry.DEFAULT_MAX_RETRY_AFTER_MILLIS);
    private Duration maxElapsed;

    private Builder(ErrorKind... kinds) {
      this.kinds = kinds.length == 0 ? EnumSet.noneOf(ErrorKind.class) : EnumSet.of(kinds[0], kinds);
    }

    /** Attempts in all, the first included; at least 1. */
    public Builder maxAttempts(int maxAttempts) {
      if (maxAttempts < 1) {
        throw new IllegalArgumentException("maxAttempts must be at least 1, was " + maxAttempts);
      }
      this.maxAttempts = maxAttempts;
      return this;
    }

    /** The wait before the first retry. */
    public Builder initialDelayMillis(long millis) {
      this.initialDelay = nonNegative(millis, "initialDelay");
      return this;
    }

    /** What each wait is multiplied by; at least 1. */
    public Builder multiplier(double multiplier) {
      if (!(multiplier >= 1)) {
        throw new IllegalArgumentException("multiplier must be at least 1, was " + multiplier);
      }
      this.multiplier = multiplier;
      return this;
    }

    /** The longest computed wait. */
    public Builder maxDelayMillis(long millis) {
      this.maxDelay = nonNegative(millis, "maxDelay");
      return this;
    }

    /** The largest fraction, in [0, 1], removed at random from each wait. */
    public Builder jitter(double jitter) {
      if (!(jitter >= 0 && jitter <= 1)) {
        throw new IllegalArgumentException("jitter must be in [0, 1], was " + jitter);
      }
      this.jitter = jitter;
      return this;
    }

    /** Whether server-requested waits replace the computed one. */
    public Builder honorRetryAfter(boolean honor) {
      this.honorRetryAfter = honor;
      return this;
    }

    /** The longest server-requested wait honoured. */
    public Builder maxRetryAfterMillis(long millis) {
      this.maxRetryAfter = nonNegative(millis, "maxRetryAfter");
      return this;
    }

    /** A deadline for the whole call, waits included. */
    public Builder maxElapsedMillis(long millis) {
      this.maxElapsed = nonNegative(millis, "maxElapsed");
      return this;
    }

    /** The schedule. */
    public RetrySchedule build() {
      if (maxDelay.compareTo(initialDelay) < 0) {
        throw new IllegalArgumentException(
            "maxDelay " + maxDelay + " is shorter than initialDelay " + initialDelay);
      }
      return new RetrySchedule(this);
    }

    private static Duration nonNegative(long millis, String name) {
      if (millis < 0) {
        throw new IllegalArgumentException(name + " must not be negative, was " + millis + "ms");
      }
      return Duration.ofMillis(millis);
    }
  }
}
