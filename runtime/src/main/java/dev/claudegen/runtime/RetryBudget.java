package dev.claudegen.runtime;

import dev.claudegen.annotations.ErrorKind;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * A request's retry budgets: how many failures of each {@link RetrySchedule} were spent, the
 * deadline of the smallest {@code maxElapsed}, and the wait before the next attempt. What {@link
 * RetryLoop} asks for a call's attempts and a batch create asks for its own; the policy is {@link
 * ClaudeCall}'s "Retries". Used by one thread at a time.
 */
final class RetryBudget {

  private final List<RetrySchedule> schedules;
  private final ClaudeClient client;
  private final Duration maxElapsed; // null: no deadline
  private final Instant started; // null without a deadline: nothing measures the elapsed time

  /** Failed attempts per schedule. */
  private final int[] failures;

  RetryBudget(List<RetrySchedule> schedules, Duration maxElapsed, ClaudeClient client) {
    this.schedules = schedules;
    this.client = client;
    this.maxElapsed = maxElapsed;
    this.failures = new int[schedules.size()];
    this.started = maxElapsed == null ? null : client.clock().instant();
  }

  /** The deadline, or null for none. */
  Duration maxElapsed() {
    return maxElapsed;
  }

  /** Time since the start on the client's clock; only with a deadline. */
  Duration elapsed() {
    return Duration.between(started, client.clock().instant());
  }

  /** Whether the deadline (if any) has not passed yet. */
  boolean beforeDeadline() {
    return maxElapsed == null || elapsed().compareTo(maxElapsed) < 0;
  }

  /** Every schedule's budget spent afresh: the call moved on to a fallback model. */
  void reset() {
    Arrays.fill(failures, 0);
  }

  /** Counts a failed attempt of this kind within its schedule. */
  AttemptNumber count(ErrorKind kind) {
    int index = scheduleIndex(kind);
    if (index < 0) {
      return AttemptNumber.ONLY;
    }
    int failed = ++failures[index];
    return new AttemptNumber(failed, Math.max(failed, schedules.get(index).maxAttempts()));
  }

  /**
   * The wait before retrying this failure (already {@linkplain #count counted}), or null when it
   * must not be retried.
   *
   * @param debug told why a failure a schedule names is not retried
   */
  Duration delay(
      ClaudeException failure,
      Boolean serverSaysRetry,
      boolean stopped,
      Consumer<Supplier<String>> debug) {
    int index = scheduleIndex(failure.kind());
    if (index < 0 || stopped || Boolean.FALSE.equals(serverSaysRetry)) {
      return null;
    }
    RetrySchedule schedule = schedules.get(index);
    int failed = failures[index];
    if (failed >= schedule.maxAttempts()) {
      return null;
    }
    Duration delay = schedule.delay(failed - 1, client.random().getAsDouble());
    Duration asked = failure.retryAfter().orElse(null);
    if (schedule.honorRetryAfter() && asked != null) {
      if (asked.compareTo(schedule.maxRetryAfter()) > 0) {
        debug.accept(
            () ->
                "not retrying; the server asked to wait "
                    + Durations.describe(asked)
                    + ", more than maxRetryAfter "
                    + Durations.describe(schedule.maxRetryAfter()));
        return null;
      }
      delay = asked;
    }
    if (maxElapsed != null && elapsed().plus(delay).compareTo(maxElapsed) >= 0) {
      debug.accept(
          () -> "not retrying; waiting would pass maxElapsed " + Durations.describe(maxElapsed));
      return null;
    }
    return delay;
  }

  private int scheduleIndex(ErrorKind kind) {
    for (int i = 0; i < schedules.size(); i++) {
      if (schedules.get(i).retries(kind)) {
        return i;
      }
    }
    return -1;
  }
}
