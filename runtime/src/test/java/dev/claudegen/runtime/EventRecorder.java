package dev.claudegen.runtime;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Collectors;

/** A listener that keeps every event, in order; thread safe. */
class EventRecorder implements ClaudeListener {

  final List<Object> events = new CopyOnWriteArrayList<>();

  @Override
  public ClaudeListener onStart(CallStarted event) {
    events.add(event);
    return this;
  }

  @Override
  public void onSuccess(CallSucceeded event) {
    events.add(event);
  }

  @Override
  public void onRequest(RequestSent event) {
    events.add(event);
  }

  @Override
  public void onResponse(ResponseReceived event) {
    events.add(event);
  }

  @Override
  public void onRetry(RetryScheduled event) {
    events.add(event);
  }

  @Override
  public void onFallback(FallbackStarted event) {
    events.add(event);
  }

  @Override
  public void onFailure(CallFailed event) {
    events.add(event);
  }

  @Override
  public void onCancel(CallCancelled event) {
    events.add(event);
  }

  @Override
  public void onFirstToken(FirstToken event) {
    events.add(event);
  }

  @Override
  public void onToolCall(ToolCalled event) {
    events.add(event);
  }

  /** The events' types, in order. */
  List<Class<?>> types() {
    return events.stream().<Class<?>>map(Object::getClass).collect(Collectors.toList());
  }

  /** The terminal events (success, failure, cancel), in order: a call has exactly one. */
  List<Object> terminals() {
    return events.stream().filter(EventRecorder::isTerminal).collect(Collectors.toList());
  }

  static boolean isTerminal(Object event) {
    return event instanceof CallSucceeded
        || event instanceof CallFailed
        || event instanceof CallCancelled;
  }

  /** The events of one type, in order. */
  <T> List<T> of(Class<T> type) {
    return events.stream().filter(type::isInstance).map(type::cast).collect(Collectors.toList());
  }
}
