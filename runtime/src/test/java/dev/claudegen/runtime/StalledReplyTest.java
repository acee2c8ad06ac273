package dev.claudegen.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.claudegen.annotations.ErrorKind;
import dev.claudegen.testing.AllowUnusedResponses;
import dev.claudegen.testing.FakeClaude;
import dev.claudegen.testing.FakeClaudeExtension;
import dev.claudegen.testing.FakeResponse;
import java.net.URI;
import java.net.http.HttpHeaders;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.logging.Level;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A 2xx whose status and headers arrived and whose body then stalled past the attempt's timeout
 * is billed (a non-streaming reply is only sent once it is complete), so it is thrown at once and
 * never sent again; a stall before any status, or after an error status, is still retried.
 */
@ExtendWith(FakeClaudeExtension.class)
class StalledReplyTest {

  private static final String FALLBACK = "claude-haiku-4-5";
  private static final long TIMEOUT_MILLIS = 300;

  private static final String STALLED_MESSAGE =
      "200 response headers arrived, then no complete body within 300ms (request-id req_stalled)."
          + " The reply arrived (status 200) and is billed, so it was not sent again";

  /** The default {@code @Retry()} (which retries timeouts), a fallback model, a short timeout. */
  private static ClaudeCall<String> call(
      FakeClaude fake, RecordingSleeper sleeper, EventRecorder events) {
    return TestBuilder.against(fake)
        .timed(sleeper)
        .listener(events)
        .client()
        .bind(
            TestBuilder.spec()
                .timeoutMillis(TIMEOUT_MILLIS)
                .fallbackModels(FALLBACK)
                .build());
  }

  /** Runs the call in either mode and returns its payload, or throws its exception unwrapped. */
  private static String run(ClaudeCall<String> call, boolean async) throws Exception {
    Prompt prompt = Prompt.of(null, "hi");
    if (!async) {
      return call.call(prompt);
    }
    try {
      return call.callAsync(prompt).get(10, TimeUnit.SECONDS);
    } catch (ExecutionException e) {
      throw (Exception) e.getCause();
    }
  }

  private static List<String> describe(EventRecorder events) {
    List<String> described = new ArrayList<>();
    for (Object event : events.events) {
      if (event instanceof ClaudeListener.RequestSent e) {
        described.add("request " + e.model() + " #" + e.attempt());
      } else if (event instanceof ClaudeListener.CallFailed e) {
        described.add("failed " + e.error().getClass().getSimpleName());
      } else {
        described.add(event.getClass().getSimpleName());
      }
    }
    return described;
  }

  @ParameterizedTest(name = "async={0}")
  @ValueSource(booleans = {false, true})
  @AllowUnusedResponses // the good reply after the stall is bait for a re-send that must not happen
  void aTwoHundredWhoseBodyStallsIsThrownAtOnceAndNeverSentAgain(boolean async, FakeClaude fake) {
    fake.enqueue(
        FakeResponse.text("late").withHeader("request-id", "req_stalled").withStallAfterHeaders(),
        FakeResponse.text("a second, billed reply"));
    RecordingSleeper sleeper = new RecordingSleeper(new TestClock());
    EventRecorder events = new EventRecorder();
    ClaudeCall<String> call = call(fake, sleeper, events);

    try (LogCapture logs = new LogCapture()) {
      ClaudeTimeoutException e = assertThrows(ClaudeTimeoutException.class, () -> run(call, async));

      assertSame(ClaudeTimeoutException.class, e.getClass());
      assertEquals(ErrorKind.TIMEOUT, e.kind());
      assertEquals(STALLED_MESSAGE, e.getMessage());
      assertEquals(200, e.statusCode());
      assertEquals("req_stalled", e.requestId());
      assertEquals(1, e.attempts());
      assertEquals(0, e.getSuppressed().length);
      assertInstanceOf(HttpTimeoutException.class, e.getCause());
      assertEquals(1, fake.requestCount());
      assertEquals(List.of(), sleeper.waits());
      assertEquals(List.of(), logs.messagesAtLeast(Level.WARNING));
      assertEquals(
          List.of(
              "CallStarted",
              "request " + TestBuilder.MODEL + " #1",
              "failed ClaudeTimeoutException"),
          describe(events));
      assertSame(e, events.of(ClaudeListener.CallFailed.class).get(0).error());
    }
  }

  @ParameterizedTest(name = "async={0}")
  @ValueSource(booleans = {false, true})
  void aStallBeforeTheStatusIsStillRetried(boolean async, FakeClaude fake) throws Exception {
    fake.enqueue(
        FakeResponse.text("late").withDelay(Duration.ofSeconds(30)),
        FakeResponse.text("answered"));
    RecordingSleeper sleeper = new RecordingSleeper(new TestClock());
    EventRecorder events = new EventRecorder();

    try (LogCapture logs = new LogCapture()) {
      assertEquals("answered", run(call(fake, sleeper, events), async));

      assertEquals(2, fake.requestCount());
      assertEquals(List.of(Duration.ofMillis(500)), sleeper.waits());
      List<String> warnings = logs.messagesAtLeast(Level.WARNING);
      assertEquals(1, warnings.size(), warnings.toString());
      assertTrue(
          warnings.get(0).contains("no response within 300ms (no request-id, attempt 1 of 3)"),
          warnings.get(0));
      ClaudeException retried = events.of(ClaudeListener.RetryScheduled.class).get(0).cause();
      assertSame(ClaudeTimeoutException.class, retried.getClass());
      assertEquals(0, retried.statusCode());
    }
  }

  @ParameterizedTest(name = "async={0}")
  @ValueSource(booleans = {false, true})
  void anErrorStatusWhoseBodyStallsIsStillRetried(boolean async, FakeClaude fake)
      throws Exception {
    fake.enqueue(
        FakeResponse.error(500, "api_error", "stuck").withStallAfterHeaders(),
        FakeResponse.text("answered"));
    RecordingSleeper sleeper = new RecordingSleeper(new TestClock());
    EventRecorder events = new EventRecorder();

    assertEquals("answered", run(call(fake, sleeper, events), async));

    assertEquals(2, fake.requestCount());
    assertEquals(List.of(Duration.ofMillis(500)), sleeper.waits());
    ClaudeException retried = events.of(ClaudeListener.RetryScheduled.class).get(0).cause();
    assertSame(ClaudeTimeoutException.class, retried.getClass());
    assertEquals(ErrorKind.TIMEOUT, retried.kind());
  }

  @Test
  @AllowUnusedResponses
  void theMessageNamesTheDeadlineThatCutTheTimeout(FakeClaude fake) {
    fake.enqueue(
        FakeResponse.text("late").withHeader("request-id", "req_stalled").withStallAfterHeaders(),
        FakeResponse.text("a second, billed reply"));
    RecordingSleeper sleeper = new RecordingSleeper(new TestClock());
    ClaudeCall<String> call =
        TestBuilder.against(fake)
            .timed(sleeper)
            .client()
            .bind(
                TestBuilder.spec()
                    .retry(RetrySchedule.on(ErrorKind.TIMEOUT).maxElapsedMillis(300).build())
                    .build());

    ClaudeTimeoutException e =
        assertThrows(ClaudeTimeoutException.class, () -> call.call(Prompt.of(null, "hi")));

    assertEquals(
        "200 response headers arrived, then no complete body within 300ms, what was left of"
            + " maxElapsed 300ms (request-id req_stalled). The reply arrived (status 200) and is"
            + " billed, so it was not sent again",
        e.getMessage());
    assertEquals(1, fake.requestCount());
  }

  @Test
  void theDefaultTransportTellsATimeoutAfterTheStatusFromOneBefore(FakeClaude fake)
      throws Exception {
    fake.enqueue(
        FakeResponse.text("late").withStallAfterHeaders(),
        FakeResponse.text("late").withStallAfterHeaders(),
        FakeResponse.text("late").withDelay(Duration.ofSeconds(30)),
        FakeResponse.text("late").withDelay(Duration.ofSeconds(30)));
    HttpClientTransport transport = HttpClientTransport.createDefault();
    Transport.Request request =
        new Transport.Request(
            URI.create(fake.baseUrl() + "/v1/messages"),
            Map.of("content-type", "application/json"),
            "{}".getBytes(StandardCharsets.UTF_8),
            Duration.ofMillis(TIMEOUT_MILLIS));

    Transport.ResponseBodyException plain =
        assertThrows(Transport.ResponseBodyException.class, () -> transport.send(request));
    CompletionException async =
        assertThrows(
            CompletionException.class, () -> transport.sendAsync(request, Runnable::run).join());
    HttpTimeoutException beforeStatus =
        assertThrows(HttpTimeoutException.class, () -> transport.send(request));
    CompletionException asyncBeforeStatus =
        assertThrows(
            CompletionException.class, () -> transport.sendAsync(request, Runnable::run).join());

    for (Throwable stalled : List.of(plain, async.getCause())) {
      Transport.ResponseBodyException body =
          assertInstanceOf(Transport.ResponseBodyException.class, stalled);
      assertTrue(body.timedOut());
      assertEquals(200, body.statusCode());
      assertTrue(body.headers().firstValue("request-id").isPresent(), body.headers().toString());
      assertInstanceOf(HttpTimeoutException.class, body.getCause());
    }
    assertSame(HttpTimeoutException.class, beforeStatus.getClass());
    assertSame(HttpTimeoutException.class, asyncBeforeStatus.getCause().getClass());
  }

  @Test
  void aCustomTransportsPlainTimeoutIsRetriedAndItsTimeoutAfterATwoHundredIsNot() {
    AtomicInteger plainAttempts = new AtomicInteger();
    Transport plainTimeout =
        request -> {
          plainAttempts.incrementAndGet();
          throw new HttpTimeoutException("timed out");
        };
    AtomicInteger billedAttempts = new AtomicInteger();
    HttpHeaders headers =
        HttpHeaders.of(Map.of("request-id", List.of("req_custom")), (name, value) -> true);
    Transport afterStatus =
        request -> {
          billedAttempts.incrementAndGet();
          throw new Transport.ResponseBodyException(
              200, headers, new HttpTimeoutException("timed out"));
        };

    ClaudeTimeoutException retried =
        assertThrows(
            ClaudeTimeoutException.class,
            () -> customCall(plainTimeout).call(Prompt.of(null, "hi")));
    ClaudeTimeoutException billed =
        assertThrows(
            ClaudeTimeoutException.class,
            () -> customCall(afterStatus).call(Prompt.of(null, "hi")));

    assertEquals(3, plainAttempts.get());
    assertEquals(0, retried.statusCode());
    assertEquals(1, billedAttempts.get());
    assertEquals(200, billed.statusCode());
    assertEquals("req_custom", billed.requestId());
  }

  private static ClaudeCall<String> customCall(Transport transport) {
    return new TestBuilder()
        .apiKey("k")
        .transport(transport)
        .timed(new RecordingSleeper(new TestClock()))
        .client()
        .bind(TestBuilder.spec().timeoutMillis(TIMEOUT_MILLIS).build());
  }
}
