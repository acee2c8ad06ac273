package dev.claudegen.runtime;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

/**
 * A scheduler whose waits a test controls: each task scheduled with a delay is recorded with it,
 * and either run at once ({@link #immediate}) or held for a day, to be fired by the test with
 * {@link #fire}. So retry waits of async calls are checked exactly, and never waited for.
 */
final class ManualScheduler extends ScheduledThreadPoolExecutor {

  /** A task as scheduled: what, after how long, and the future the caller was given. */
  record Scheduled(Runnable task, Duration delay, ScheduledFuture<?> future) {}

  final List<Scheduled> scheduled = new CopyOnWriteArrayList<>();
  // Recorded before the task is handed on: an immediate task can finish the call before
  // schedule() returns, and the test then reads the delays at once.
  private final List<Duration> delays = new CopyOnWriteArrayList<>();
  private final boolean immediate;
  private final Semaphore arrivals = new Semaphore(0);

  private ManualScheduler(boolean immediate) {
    super(1);
    this.immediate = immediate;
    setRemoveOnCancelPolicy(true);
  }

  /** Runs each task at once, recording the delay it asked for. */
  static ManualScheduler immediate() {
    return new ManualScheduler(true);
  }

  /** Holds each task until the test fires it. */
  static ManualScheduler held() {
    return new ManualScheduler(false);
  }

  @Override
  public ScheduledFuture<?> schedule(Runnable command, long delay, TimeUnit unit) {
    delays.add(Duration.ofNanos(unit.toNanos(delay)));
    ScheduledFuture<?> future = super.schedule(command, immediate ? 0 : 1, immediate ? unit : TimeUnit.DAYS);
    scheduled.add(new Scheduled(command, Duration.ofNanos(unit.toNanos(delay)), future));
    arrivals.release();
    return future;
  }

  /** Waits (up to 10 s) until {@code count} tasks in all have been scheduled. */
  void awaitScheduled(int count) throws InterruptedException {
    if (!arrivals.tryAcquire(count, 10, TimeUnit.SECONDS)) {
      throw new AssertionError("expected " + count + " scheduled tasks, got " + scheduled.size());
    }
    arrivals.release(count);
  }

  /** Runs a held task now, as the timer would, whether or not it was cancelled. */
  void fire(int index) {
    scheduled.get(index).task().run();
  }

  /** The delays asked for, in order. */
  List<Duration> delays() {
    return List.copyOf(delays);
  }
}
