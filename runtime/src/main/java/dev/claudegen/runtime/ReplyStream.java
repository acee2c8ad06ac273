package dev.claudegen.runtime;

import java.io.IOException;
import java.time.Duration;
import java.util.Objects;
import java.util.Spliterator;
import java.util.Spliterators;
import java.util.concurrent.CancellationException;
import java.util.function.Consumer;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;

/**
 * A reply being streamed: its text as it is written, then the whole {@link Reply} with usage. A
 * streaming method returns one once the first text arrived (or the reply ended without text), so
 * every failure before that was retried as {@code @Retry} says and thrown by the method itself.
 * From then on nothing is sent again: a failure is thrown by whichever method is reading, as the
 * {@link ClaudeException} an HTTP error of the same kind would be ({@link OverloadedException} with
 * status 529 for an {@code overloaded_error} event, its message saying it came mid-stream), {@link
 * ClaudeConnectionException} for a stream that ended before the reply did, {@link
 * ClaudeTimeoutException} for a silence longer than the method's {@code timeout}.
 *
 * <pre>{@code
 * try (ReplyStream stream = assistant.write(topic)) {
 *   Reply reply = stream.forEachText(System.out::print);
 *   log(reply.usage());
 * }
 * }</pre>
 *
 * <p>Close it, or read it to its end: closing before the end aborts the exchange (over HTTP/1.1 the
 * connection is closed, over HTTP/2 the stream is reset; nothing more is read) and the listener
 * hears {@link ClaudeListener#onCancel}. A stream dropped unclosed holds its connection until the
 * server ends it. Single use, for one reading thread; {@link #close()} alone may be called from
 * another thread, and a read under way then ends with a {@link CancellationException}.
 */
public final class ReplyStream implements AutoCloseable {

  private final StreamCall call;
  private final Duration idle;
  // Volatile for close() from another thread; the reading thread alone writes them.
  private volatile Reply reply;
  private volatile ClaudeException failure;
  private volatile boolean closed;
  private boolean successDeferred; // the reader of a structured stream tells it, after decoding

  ReplyStream(StreamCall call, Duration idle) {
    this.call = call;
    this.idle = idle;
  }

  /**
   * Leaves the call's success to be told by {@link #succeeded}: the reader of a structured payload
   * can still fail once the reply is complete.
   */
  void deferSuccess() {
    successDeferred = true;
  }

  /** The payload read from this stream was built from {@code whole}: the call succeeded. */
  void succeeded(Reply whole) {
    call.reportSuccess(whole);
  }

  /**
   * The next piece of text, as the API wrote it, waiting for it if need be; null once the reply has
   * no more text (it is then complete, and {@link #reply()} returns at once).
   *
   * @throws ClaudeException how the stream failed (again on every later read)
   * @throws CancellationException once the stream was closed before its end
   */
  public String nextText() {
    while (true) {
      checkOpen();
      String text = call.pendingText();
      if (text != null) {
        return text;
      }
      if (reply != null) {
        return null;
      }
      advance();
    }
  }

  /**
   * The text still to come, lazily: nothing is read until the stream's terminal operation asks.
   * Closing the stream closes this {@code ReplyStream}; reading it to its end completes the reply,
   * and releases the connection.
   */
  public Stream<String> text() {
    Spliterator<String> texts =
        new Spliterators.AbstractSpliterator<>(
            Long.MAX_VALUE, Spliterator.ORDERED | Spliterator.NONNULL) {
          @Override
          public boolean tryAdvance(Consumer<? super String> action) {
            String text = nextText();
            if (text == null) {
              return false;
            }
            action.accept(text);
            return true;
          }
        };
    return StreamSupport.stream(texts, false).onClose(this::close);
  }

  /**
   * Passes the text still to come to {@code action}, piece by piece, then returns the whole reply.
   * When {@code action} throws, the stream is closed and the exception passes through.
   *
   * @throws ClaudeException how the stream failed
   */
  public Reply forEachText(Consumer<? super String> action) {
    Objects.requireNonNull(action, "action");
    try {
      for (String text = nextText(); text != null; text = nextText()) {
        action.accept(text);
      }
    } catch (RuntimeException | Error e) {
      if (!(e instanceof ClaudeException) && !(e instanceof CancellationException)) {
        close();
      }
      throw e;
    }
    return reply;
  }

  /**
   * Reads the stream to its end and returns the whole reply: all its text, the text already read
   * included, with usage and stop reason, as a non-streaming call returns it.
   *
   * @throws ClaudeException how the stream failed
   * @throws CancellationException when the stream was closed before its end
   */
  public Reply reply() {
    while (nextText() != null) {
      // The reply keeps the text; the pieces are not needed here.
    }
    return reply;
  }

  /**
   * Aborts the exchange if the reply was not read to its end; idempotent, and safe from any thread.
   */
  @Override
  public void close() {
    if (closed) {
      return;
    }
    closed = true;
    call.closeAttempt();
    if (reply == null && failure == null) {
      call.reportCancelled();
    }
  }

  /**
   * Fails the stream with {@code failure}, found by its reader (a structured payload's JSON that
   * does not fit its type): aborts the exchange if still open, tells the listener, and throws it
   * again from every later read. Returns it, for the caller to throw.
   */
  ClaudeException abort(ClaudeException failure) {
    this.failure = failure;
    call.closeAttempt();
    call.reportFailure(failure);
    return failure;
  }

  /** {@link StreamCall#partial}. */
  Reply partial(String text) {
    return call.partial(text);
  }

  private void checkOpen() {
    if (failure != null) {
      throw failure;
    }
    if (closed && reply == null) {
      throw new CancellationException("the reply stream was closed before its end");
    }
  }

  private void advance() {
    try {
      Reply complete = call.advance(idle);
      if (complete != null && !successDeferred) {
        call.reportSuccess(complete);
      }
      reply = complete;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      fail(e);
    } catch (IOException | StreamException e) {
      fail(e);
    }
  }

  private void fail(Throwable e) {
    if (closed) {
      // The caller closed it from another thread; the read it woke is no failure.
      throw new CancellationException("the reply stream was closed before its end");
    }
    failure = call.failedAfterText(e, idle);
    call.closeAttempt();
    call.reportFailure(failure);
    throw failure;
  }

  @Override
  public String toString() {
    return "ReplyStream["
        + (failure != null ? "failed" : reply != null ? "complete" : closed ? "closed" : "reading")
        + "]";
  }
}
