package dev.claudegen.runtime;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.Consumer;

/**
 * {@link ClaudeListener#of}: tells each listener every event, in order, so one that throws does not
 * keep the others from hearing it. Its {@link #onStart} asks each listener for its per-call one.
 */
final class CompositeListener implements ClaudeListener {

  private final List<ClaudeListener> listeners;
  // Shared with the per-call composites onStart makes: else each call would warn once again.
  private final ListenerFailures failures;

  private CompositeListener(List<ClaudeListener> listeners, ListenerFailures failures) {
    this.listeners = listeners;
    this.failures = failures;
  }

  static ClaudeListener of(List<ClaudeListener> listeners) {
    List<ClaudeListener> heard = new ArrayList<>(listeners.size());
    for (ClaudeListener listener : listeners) {
      Objects.requireNonNull(listener, "listener");
      if (listener != NONE) {
        heard.add(listener);
      }
    }
    if (heard.isEmpty()) {
      return NONE;
    }
    return heard.size() == 1
        ? heard.get(0)
        : new CompositeListener(List.copyOf(heard), new ListenerFailures());
  }

  @Override
  public ClaudeListener onStart(CallStarted event) {
    List<ClaudeListener> perCall = new ArrayList<>(listeners.size());
    boolean same = true;
    for (ClaudeListener listener : listeners) {
      ClaudeListener started = listener;
      try {
        ClaudeListener returned = listener.onStart(event);
        if (returned != null) {
          started = returned;
        }
      } catch (RuntimeException | LinkageError e) {
        failures.caught(listener, "onStart", e);
      }
      same &= started == listener;
      perCall.add(started);
    }
    return same ? this : new CompositeListener(List.copyOf(perCall), failures);
  }

  private void tell(String name, Consumer<ClaudeListener> event) {
    for (ClaudeListener listener : listeners) {
      try {
        event.accept(listener);
      } catch (RuntimeException | LinkageError e) {
        failures.caught(listener, name, e);
      }
    }
  }

  @Override
  public void onRequest(RequestSent event) {
    tell("onRequest", listener -> listener.onRequest(event));
  }

  @Override
  public void onResponse(ResponseReceived event) {
    tell("onResponse", listener -> listener.onResponse(event));
  }

  @Override
  public void onRetry(RetryScheduled event) {
    tell("onRetry", listener -> listener.onRetry(event));
  }

  @Override
  public void onFallback(FallbackStarted event) {
    tell("onFallback", listener -> listener.onFallback(event));
  }

  @Override
  public void onFirstToken(FirstToken event) {
    tell("onFirstToken", listener -> listener.onFirstToken(event));
  }

  @Override
  public void onToolCall(ToolCalled event) {
    tell("onToolCall", listener -> listener.onToolCall(event));
  }

  @Override
  public void onSuccess(CallSucceeded event) {
    tell("onSuccess", listener -> listener.onSuccess(event));
  }

  @Override
  public void onFailure(CallFailed event) {
    tell("onFailure", listener -> listener.onFailure(event));
  }

  @Override
  public void onCancel(CallCancelled event) {
    tell("onCancel", listener -> listener.onCancel(event));
  }

  @Override
  public String toString() {
    return "ClaudeListener.of" + listeners;
  }
}
