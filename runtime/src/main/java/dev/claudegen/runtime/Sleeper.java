package dev.claudegen.runtime;

import java.time.Duration;

/**
 * Waits between retries. Tests pass one that records the waits and returns at once, so a
 * minute-long backoff schedule is checked in milliseconds.
 */
@FunctionalInterface
public interface Sleeper {

  /** The real one: {@link Thread#sleep(long)}. */
  Sleeper SYSTEM = duration -> Thread.sleep(duration.toMillis());

  /**
   * Waits for the duration.
   *
   * @throws InterruptedException when the waiting thread is interrupted
   */
  void sleep(Duration duration) throws InterruptedException;
}
