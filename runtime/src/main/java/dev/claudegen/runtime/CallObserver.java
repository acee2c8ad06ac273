package dev.claudegen.runtime;

import java.lang.System.Logger.Level;
import java.time.Duration;
import java.util.function.Consumer;

/**
 * One call's events, from {@link ClaudeListener#onStart} to its one terminal event: holds the
 * per-call listener {@code onStart} returned, the call's start, its attempts and usage so far, and
 * the flag that lets exactly one of success, failure and cancel be told, also when a cancel races
 * the end of the call on another thread. Every driver (plain, async, stream) and every round of a
 * tool loop tells its events here. Events are not even built when nobody listens.
 */
final class CallObserver {

  private static final System.Logger LOG = System.getLogger("dev.claudegen");

  private final String method;
  private final ClaudeListener listener; // NONE: nobody listens
  private final ListenerFailures failures;
  private final long startNanos;

  private boolean ended; // guarded by this, as the events told before the end

  private volatile int attempts; // the call's, across rounds; read by the thread that cancels
  private Usage usage; // null until a reply; handed between threads with the call
  private int toolRounds;

  private CallObserver(
      String method, ClaudeListener listener, ListenerFailures failures, long startNanos) {
    this.method = method;
    this.listener = listener;
    this.failures = failures;
    this.startNanos = startNanos;
  }

  /** Starts a call of the exchange's method: tells {@link ClaudeListener#onStart}. */
  static CallObserver start(Exchange exchange, ClaudeListener.Mode mode, Prompt prompt) {
    long started = System.nanoTime();
    ClaudeClient client = exchange.client;
    ClaudeListener root = client.listener();
    CallSpec spec = exchange.spec;
    ClaudeListener perCall = root;
    if (root != ClaudeListener.NONE) {
      ClaudeListener.CallStarted event =
          new ClaudeListener.CallStarted(
              spec.method(),
              spec.model(),
              spec.maxTokens(),
              mode,
              spec.toolsJson() != null,
              spec.outputSchema() != null,
              exchange.uri,
              prompt);
      try {
        ClaudeListener returned = root.onStart(event);
        if (returned != null) {
          perCall = returned;
        }
      } catch (RuntimeException | LinkageError e) {
        client.listenerFailures().caught(root, "onStart", e);
      }
    }
    return new CallObserver(spec.method(), perCall, client.listenerFailures(), started);
  }

  /** Whether anyone listens: events are built only then. */
  boolean listening() {
    return listener != ClaudeListener.NONE;
  }

  /**
   * Tells an event of the call under way, unless the call already ended. A cancel on another
   * thread can end the call while an attempt's outcome is being handled here; holding the lock
   * that {@link #end} takes keeps the terminal event the last one told (the cancel waits for an
   * event being told to return, which listeners do quickly).
   */
  private synchronized void tellUnlessEnded(String name, Consumer<ClaudeListener> event) {
    if (!ended) {
      tell(name, event);
    }
  }

  private void tell(String name, Consumer<ClaudeListener> event) {
    try {
      event.accept(listener);
    } catch (RuntimeException | LinkageError e) {
      failures.caught(listener, name, e);
    }
  }

  /** How many attempts the call sent so far, every round's and every model's. */
  int attempts() {
    return attempts;
  }

  /** The call's next attempt is about to be sent to {@code model}. */
  void request(String model) {
    // One thread at a time sends (the async driver hands the call on): no lost update.
    int number = ++attempts;
    if (listening()) {
      ClaudeListener.RequestSent event = new ClaudeListener.RequestSent(method, model, number);
      tellUnlessEnded("onRequest", l -> l.onRequest(event));
    }
  }

  /** An attempt sent at {@code sentNanos} got {@code reply}. */
  void response(Reply reply, long sentNanos, int attempt) {
    Usage add = reply.usage();
    Usage before = usage;
    usage =
        before == null
            ? add
            : new Usage(
                before.inputTokens() + add.inputTokens(),
                before.outputTokens() + add.outputTokens(),
                before.cacheCreationInputTokens() + add.cacheCreationInputTokens(),
                before.cacheReadInputTokens() + add.cacheReadInputTokens());
    if (listening()) {
      ClaudeListener.ResponseReceived event =
          new ClaudeListener.ResponseReceived(
              method, reply, Duration.ofNanos(System.nanoTime() - sentNanos), attempt);
      tellUnlessEnded("onResponse", l -> l.onResponse(event));
    }
  }

  void retry(ClaudeListener.RetryScheduled event) {
    tellUnlessEnded("onRetry", l -> l.onRetry(event));
  }

  void fallback(ClaudeListener.FallbackStarted event) {
    tellUnlessEnded("onFallback", l -> l.onFallback(event));
  }

  void firstToken(ClaudeListener.FirstToken event) {
    tellUnlessEnded("onFirstToken", l -> l.onFirstToken(event));
  }

  void toolCalled(ClaudeListener.ToolCalled event) {
    tellUnlessEnded("onToolCall", l -> l.onToolCall(event));
  }

  /** A round of tools ran. */
  void toolRound() {
    toolRounds++;
  }

  /**
   * Claims the call's one terminal event; false when another was already told. The terminal event
   * itself is told outside the lock.
   */
  private synchronized boolean end() {
    if (ended) {
      return false;
    }
    ended = true;
    return true;
  }

  private Duration elapsed() {
    return Duration.ofNanos(System.nanoTime() - startNanos);
  }

  /**
   * The call's payload was built from {@code reply}: tells {@link ClaudeListener#onSuccess},
   * unless the call already ended (a cancel won the race).
   */
  void succeeded(Reply reply) {
    if (!end() || !listening()) {
      return;
    }
    ClaudeListener.CallSucceeded event =
        new ClaudeListener.CallSucceeded(
            method, reply, usage == null ? reply.usage() : usage, attempts, toolRounds, elapsed());
    tell("onSuccess", l -> l.onSuccess(event));
  }

  /**
   * The call failed for good: logged, and told to {@link ClaudeListener#onFailure}, unless the
   * call already ended.
   *
   * @return whether this was the call's end (false: a cancel or another failure came first)
   */
  boolean failed(Throwable error) {
    if (!end()) {
      return false;
    }
    LOG.log(Level.DEBUG, () -> method + " failed: " + error.getMessage());
    if (listening()) {
      ClaudeListener.CallFailed event =
          new ClaudeListener.CallFailed(method, error, attempts, elapsed());
      tell("onFailure", l -> l.onFailure(event));
    }
    return true;
  }

  /**
   * The caller cancelled the future or closed the stream before its end: logged, and told to
   * {@link ClaudeListener#onCancel}, unless the call already ended.
   */
  void cancelled() {
    if (!end()) {
      return;
    }
    int sent = attempts;
    LOG.log(Level.DEBUG, () -> method + " cancelled after " + sent + " attempt(s)");
    if (listening()) {
      ClaudeListener.CallCancelled event =
          new ClaudeListener.CallCancelled(method, sent, elapsed());
      tell("onCancel", l -> l.onCancel(event));
    }
  }
}
