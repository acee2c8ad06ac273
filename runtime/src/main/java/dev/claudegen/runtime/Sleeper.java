package dev.claudegen.runtime;

import java.time.Duration;

/**
 * Waits between retries. Tests pass one that records the waits and returns at once, so a
 * minute-long backoff schedule is checked in milliseconds.
 *
 * <p>Plain calls wait with it on the calling thread. {@code CompletableFuture} calls wait on the
 * client's scheduler while the sleeper is {@link #SYSTEM}; a sleeper of a test's is used for their
 * waits too (on the client's executor), so one sleeper sees the waits of both modes.
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
