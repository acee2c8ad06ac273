package dev.claudegen.runtime;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Collectors;

/** A listener that keeps every event, in order; thread safe. */
class EventRecorder implements ClaudeListener {

  final List<Object> events = new CopyOnWriteArrayList<>();

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

  /** The events of one type, in order. */
  <T> List<T> of(Class<T> type) {
    return events.stream().filter(type::isInstance).map(type::cast).collect(Collectors.toList());
  }
}
