package dev.claudegen.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.claudegen.testing.FakeClaude;
import dev.claudegen.testing.FakeClaudeExtension;
import dev.claudegen.testing.FakeResponse;
import dev.claudegen.testing.FakeScenarios;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(FakeClaudeExtension.class)
class ListenerTest {

  /** Records events, and how many requests the fake had seen when each arrived. */
  private static final class Recorder implements ClaudeListener {
    final List<Object> events = new CopyOnWriteArrayList<>();
    final List<Integer> requestsSeen = new CopyOnWriteArrayList<>();
    private final FakeClaude fake;

    Recorder(FakeClaude fake) {
      this.fake = fake;
    }

    @Override
    public void onRequest(RequestSent event) {
      record(event);
    }

    @Override
    public void onResponse(ResponseReceived event) {
      record(event);
    }

    @Override
    public void onFailure(CallFailed event) {
      record(event);
    }

    private void record(Object event) {
      events.add(event);
      requestsSeen.add(fake.requestCount());
    }
  }

  private static ClaudeCall<String> call(FakeClaude fake, ClaudeListener listener) {
    return TestBuilder.against(fake).listener(listener).client().bind(TestBuilder.once().build());
  }

  @Test
  void successIsRequestThenResponse(FakeClaude fake) {
    Recorder recorder = new Recorder(fake);
    fake.enqueue(FakeResponse.text("answer").withUsage(5, 7));

    Reply reply = call(fake, recorder).reply(null, "hi");

    assertEquals(2, recorder.events.size(), recorder.events.toString());
    assertEquals(
        new ClaudeListener.RequestSent(TestBuilder.METHOD, TestBuilder.MODEL, 1), recorder.events.get(0));
    ClaudeListener.ResponseReceived received =
        assertInstanceOf(ClaudeListener.ResponseReceived.class, recorder.events.get(1));
    assertEquals(TestBuilder.METHOD, received.method());
    assertEquals(1, received.attempt());
    assertEquals(reply, received.reply());
    assertEquals(new Usage(5, 7, 0, 0), received.reply().usage());
    assertEquals("req_fake_000001", received.reply().requestId());
    assertFalse(received.latency().isNegative());
    assertEquals(List.of(0, 1), recorder.requestsSeen);
  }

  @Test
  void failureIsRequestThenFailureWithTheThrownException(FakeClaude fake) {
    Recorder recorder = new Recorder(fake);
    fake.enqueue(FakeResponse.error(529, "overloaded_error", "Overloaded"));

    OverloadedException thrown =
        assertThrows(OverloadedException.class, () -> call(fake, recorder).text(null, "hi"));

    assertEquals(2, recorder.events.size(), recorder.events.toString());
    assertInstanceOf(ClaudeListener.RequestSent.class, recorder.events.get(0));
    ClaudeListener.CallFailed failed = assertInstanceOf(ClaudeListener.CallFailed.class, recorder.events.get(1));
    assertEquals(TestBuilder.METHOD, failed.method());
    assertSame(thrown, failed.error());
    assertEquals(List.of(0, 1), recorder.requestsSeen);
  }

  @Test
  void connectionFailureIsReportedToo(FakeClaude fake) {
    Recorder recorder = new Recorder(fake);
    fake.enqueue(FakeResponse.disconnect());

    ClaudeConnectionException thrown =
        assertThrows(ClaudeConnectionException.class, () -> call(fake, recorder).text(null, "hi"));

    assertEquals(2, recorder.events.size());
    assertSame(thrown, ((ClaudeListener.CallFailed) recorder.events.get(1)).error());
  }

  @Test
  void malformedSuccessIsAFailureNotAResponse(FakeClaude fake) {
    Recorder recorder = new Recorder(fake);
    fake.enqueue(FakeResponse.raw(200, "application/json", "{}"));

    assertThrows(ClaudeApiException.class, () -> call(fake, recorder).text(null, "hi"));

    assertEquals(2, recorder.events.size());
    assertInstanceOf(ClaudeListener.CallFailed.class, recorder.events.get(1));
  }

  private static final class ThrowingListener implements ClaudeListener {
    int calls;

    @Override
    public void onRequest(RequestSent event) {
      calls++;
      throw new IllegalStateException("listener broke in onRequest");
    }

    @Override
    public void onResponse(ResponseReceived event) {
      calls++;
      throw new IllegalStateException("listener broke in onResponse");
    }

    @Override
    public void onFailure(CallFailed event) {
      calls++;
      throw new IllegalStateException("listener broke in onFailure");
    }

    @Override
    public void onRetry(RetryScheduled event) {
      calls++;
      throw new IllegalStateException("listener broke in onRetry");
    }

    @Override
    public void onFallback(FallbackStarted event) {
      calls++;
      throw new IllegalStateException("listener broke in onFallback");
    }
  }

  @Test
  void throwingListenerDoesNotStopRetriesOrFallbacks(FakeClaude fake) {
    ThrowingListener listener = new ThrowingListener();
    fake.enqueue(FakeScenarios.overloaded(3));
    ClaudeCall<String> call =
        TestBuilder.against(fake)
            .listener(listener)
            .client()
            .bind(TestBuilder.spec().fallbackModels("claude-haiku-4-5").build());

    try (LogCapture logs = new LogCapture()) {
      assertEquals(FakeClaude.DEFAULT_TEXT, call.text(null, "hi"));

      // 4 requests, 2 retries, 1 fallback, 1 response.
      assertEquals(8, listener.calls);
      assertEquals(4, fake.requestCount());
      assertTrue(logs.all().stream().anyMatch(m -> m.contains("listener broke in onFallback")));
    }
  }

  @Test
  void throwingListenerDoesNotFailASuccessfulCall(FakeClaude fake) {
    ThrowingListener listener = new ThrowingListener();

    assertEquals(FakeClaude.DEFAULT_TEXT, call(fake, listener).text(null, "hi"));
    assertEquals(2, listener.calls);
  }

  @Test
  void throwingListenerDoesNotReplaceTheCallsOwnException(FakeClaude fake) {
    ThrowingListener listener = new ThrowingListener();
    fake.enqueue(FakeResponse.error(400, "invalid_request_error", "bad"));

    BadRequestException e =
        assertThrows(BadRequestException.class, () -> call(fake, listener).text(null, "hi"));

    assertEquals("bad", e.details().errorMessage());
    assertEquals(2, listener.calls);
    assertEquals(0, e.getSuppressed().length);
    assertTrue(e.getMessage().startsWith("400 invalid_request_error"));
  }
}
