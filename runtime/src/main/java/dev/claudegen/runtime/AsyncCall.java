package dev.claudegen.runtime;

import java.io.IOException;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

/**
 * The async driver of one call: what {@link ClaudeCall#call}'s loop does, as a chain of tasks.
 * Each attempt is sent with {@link Transport#sendAsync}; its outcome is handled on the client's
 * executor; the {@link RetryLoop} decides; a retry wait is a task on the client's scheduler. No
 * thread is held while a request is in flight or a wait runs. For a method with tools, a reply
 * that asks for them runs them on the executor ({@link ToolRounds}) and the next round's request
 * goes out the same way, with a retry loop of its own.
 *
 * <p>Cancelling the returned future cancels what is pending (the exchange in flight, or the
 * scheduled retry), and every step first checks whether the future is done, so no attempt is
 * sent after a cancel, even by a retry task that was already running.
 */
final class AsyncCall<T> {

  private final Exchange exchange;
  private final ReplyDecoder<T> decoder;
  private final ToolRounds rounds; // null: the method has no tools
  private final ClaudeClient client;
  private final Executor executor;
  private final CompletableFuture<T> result = new CompletableFuture<>();

  /** The exchange in flight or the scheduled wait: what a cancel must stop. */
  private volatile Future<?> pending;

  /**
   * The current request's retry loop: the call's only one without tools, each round's in turn with
   * them (replaced on the executor between rounds; volatile for the thread that cancels).
   */
  private volatile RetryLoop loop;

  AsyncCall(Exchange exchange, RetryLoop loop, ReplyDecoder<T> decoder, ToolRounds rounds) {
    this.exchange = exchange;
    this.loop = loop;
    this.decoder = decoder;
    this.rounds = rounds;
    this.client = exchange.client;
    this.executor = client.executor();
  }

  CompletableFuture<T> start() {
    result.whenComplete(
        (payload, failure) -> {
          if (result.isCancelled()) {
            Future<?> stop = pending;
            if (stop != null) {
              stop.cancel(true);
            }
            loop.observer().cancelled();
          }
        });
    send();
    return result;
  }

  private void send() {
    if (result.isDone()) {
      return;
    }
    CompletableFuture<Transport.Response> sending;
    try {
      sending = client.transport().sendAsync(loop.nextRequest(), executor);
    } catch (RuntimeException e) {
      fail(e);
      return;
    }
    hold(sending);
    sending
        .handleAsync(
            (response, error) -> {
              handle(response, error);
              return null;
            },
            executor)
        // handle() catches everything, so this runs only when the executor refused the task (shut
        // down, saturated): the call cannot go on.
        .exceptionally(
            refused -> {
              fail(unwrap(refused));
              return null;
            });
  }

  /** Makes a cancel reach this future, also when the cancel came just before it was known. */
  private void hold(Future<?> future) {
    pending = future;
    if (result.isDone()) {
      future.cancel(true);
    }
  }

  private void handle(Transport.Response response, Throwable error) {
    if (result.isDone()) {
      return;
    }
    try {
      Exchange.Outcome outcome;
      if (error == null) {
        outcome = loop.received(response);
      } else {
        Throwable cause = unwrap(error);
        if (cause instanceof CancellationException) {
          return; // only this call cancels its exchange, and only once the result is done
        }
        if (!(cause instanceof IOException) && !(cause instanceof InterruptedException)) {
          // A custom transport's bug, passed on as a plain call would throw it.
          fail(cause);
          return;
        }
        outcome = loop.failed(cause);
      }
      RetryLoop.Step step = loop.decide(outcome, result.isDone());
      switch (step.action()) {
        case DONE:
          if (rounds != null && ToolRounds.wantsTools(step.reply())) {
            nextRound(step.reply());
          } else {
            T payload = loop.decode(decoder, step.reply());
            loop.observer().succeeded(step.reply());
            result.complete(payload);
          }
          break;
        case WAIT:
          waitThenSend(step);
          break;
        case AGAIN:
          send();
          break;
        case FAIL:
        default:
          fail(step.failure());
      }
    } catch (RuntimeException | Error e) {
      fail(e);
    }
  }

  /**
   * Runs the tools the reply asks for, here on the executor, then sends the next round's request,
   * unless the call was cancelled meanwhile.
   */
  private void nextRound(Reply reply) {
    RetryLoop next = rounds.nextRound(reply, loop);
    if (result.isDone()) {
      return; // cancelled while the tools ran: no later round starts
    }
    loop = next;
    send();
  }

  /**
   * Waits on the scheduler; with a sleeper set on the builder (for tests: one that returns at
   * once, or records the waits), through the sleeper on the executor instead, so that tests check
   * async waits as they check plain ones, without real waiting.
   */
  private void waitThenSend(RetryLoop.Step step) {
    Sleeper sleeper = client.sleeper();
    if (sleeper == Sleeper.SYSTEM) {
      hold(
          client
              .scheduler()
              .schedule(
                  () -> {
                    try {
                      executor.execute(() -> afterWait(step));
                    } catch (RuntimeException refused) {
                      fail(refused);
                    }
                  },
                  step.delay().toNanos(),
                  TimeUnit.NANOSECONDS));
    } else {
      executor.execute(
          () -> {
            try {
              sleeper.sleep(step.delay());
            } catch (InterruptedException e) {
              // The executor's thread was interrupted, not the caller's: nothing to restore.
              fail(loop.giveUp(step.failure()));
              return;
            }
            afterWait(step);
          });
    }
  }

  private void afterWait(RetryLoop.Step step) {
    if (result.isDone()) {
      return;
    }
    loop.waited(step.failure());
    try {
      send();
    } catch (RuntimeException | Error e) {
      fail(e);
    }
  }

  /** Fails the call; the listener hears it first, unless a cancel has already ended the call. */
  private void fail(Throwable failure) {
    if (loop.observer().failed(failure)) {
      result.completeExceptionally(failure);
    }
  }

  private static Throwable unwrap(Throwable error) {
    Throwable cause = error;
    while ((cause instanceof CompletionException || cause instanceof ExecutionException)
        && cause.getCause() != null) {
      cause = cause.getCause();
    }
    return cause;
  }
}
