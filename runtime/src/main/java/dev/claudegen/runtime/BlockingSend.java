package dev.claudegen.runtime;

import java.util.concurrent.CompletableFuture;

/**
 * {@link Transport#send} run as a task, for transports without an asynchronous send of their own.
 * Cancelling interrupts the thread while it is in {@code send}, which is how a blocking transport
 * is told to abort its exchange.
 */
final class BlockingSend extends CompletableFuture<Transport.Response> implements Runnable {

  private final Transport transport;
  private final Transport.Request request;
  private Thread runner; // guarded by this

  BlockingSend(Transport transport, Transport.Request request) {
    this.transport = transport;
    this.request = request;
  }

  @Override
  public void run() {
    synchronized (this) {
      if (isDone()) {
        return;
      }
      runner = Thread.currentThread();
    }
    try {
      complete(transport.send(request));
    } catch (Throwable e) {
      completeExceptionally(e);
    } finally {
      synchronized (this) {
        runner = null;
      }
      // A cancel that came while send returned must not leave the pool's thread interrupted.
      Thread.interrupted();
    }
  }

  @Override
  public boolean cancel(boolean mayInterruptIfRunning) {
    boolean cancelled = super.cancel(mayInterruptIfRunning);
    if (cancelled && mayInterruptIfRunning) {
      synchronized (this) {
        if (runner != null) {
          runner.interrupt();
        }
      }
    }
    return cancelled;
  }
}
