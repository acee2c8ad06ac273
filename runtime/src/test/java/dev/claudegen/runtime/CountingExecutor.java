package dev.claudegen.runtime;

import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/** A test's own executor: counts the tasks it ran and can wait until all are done. */
final class CountingExecutor implements Executor, AutoCloseable {

  private final ExecutorService pool = Executors.newFixedThreadPool(2);
  private final AtomicInteger submitted = new AtomicInteger();
  private final AtomicInteger finished = new AtomicInteger();

  @Override
  public void execute(Runnable task) {
    submitted.incrementAndGet();
    pool.execute(
        () -> {
          try {
            task.run();
          } finally {
            synchronized (this) {
              finished.incrementAndGet();
              notifyAll();
            }
          }
        });
  }

  int tasksRun() {
    return finished.get();
  }

  boolean isShutdown() {
    return pool.isShutdown();
  }

  /** Waits (up to 10 s) until every task submitted so far has finished. */
  synchronized void awaitIdle() throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    while (finished.get() < submitted.get()) {
      long left = deadline - System.nanoTime();
      if (left <= 0) {
        throw new AssertionError(
            "executor still busy: " + finished.get() + " of " + submitted.get() + " tasks done");
      }
      TimeUnit.NANOSECONDS.timedWait(this, left);
    }
  }

  @Override
  public void close() {
    pool.shutdownNow();
  }
}
