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
import dev.claudegen.testing.FakeScenarios;
import dev.claudegen.testing.RecordedRequest;
import java.time.Duration;
import java.util.List;
import java.util.logging.Level;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** Moving from an overloaded model to the next of {@code fallbackModels}. */
@ExtendWith(FakeClaudeExtension.class)
class FallbackTest {

  private static final String OPUS = "claude-opus-4-6";
  private static final String SONNET = "claude-sonnet-4-6";
  private static final String HAIKU = "claude-haiku-4-5";

  private final RecordingSleeper sleeper = new RecordingSleeper(new TestClock());
  private final EventRecorder recorder = new EventRecorder();

  private ClaudeCall<String> call(FakeClaude fake, CallSpec.Builder spec) {
    return TestBuilder.against(fake).timed(sleeper).listener(recorder).client().bind(spec.build());
  }

  private List<ClaudeListener.FallbackStarted> fallbacks() {
    return recorder.of(ClaudeListener.FallbackStarted.class);
  }

  private static CallSpec.Builder opusFallingBack(String... models) {
    return CallSpec.builder(TestBuilder.METHOD, OPUS, 1024).fallbackModels(models);
  }

  private static List<String> modelsRequested(FakeClaude fake) {
    return fake.requests().stream()
        .map(RecordedRequest::json)
        .map(json -> json.get("model").asText())
        .collect(Collectors.toList());
  }

  @Test
  void spentOverloadRetriesSwitchToTheNextModel(FakeClaude fake) {
    fake.enqueue(FakeScenarios.overloaded(3));

    Reply reply = call(fake, opusFallingBack(SONNET)).reply(null, "hi");

    assertEquals(SONNET, reply.model());
    assertEquals(List.of(OPUS, OPUS, OPUS, SONNET), modelsRequested(fake));
    // Backoff between Opus attempts; none before the first Sonnet attempt.
    assertEquals(List.of(Duration.ofMillis(500), Duration.ofSeconds(1)), sleeper.waits());
    assertEquals(1, fallbacks().size());
    ClaudeListener.FallbackStarted event = fallbacks().get(0);
    assertEquals(TestBuilder.METHOD, event.method());
    assertEquals(OPUS, event.fromModel());
    assertEquals(SONNET, event.toModel());
    assertInstanceOf(OverloadedException.class, event.cause());
    assertEquals(3, event.cause().attempts());
    List<ClaudeListener.RequestSent> requests = recorder.of(ClaudeListener.RequestSent.class);
    assertEquals(SONNET, requests.get(3).model());
    assertEquals(4, requests.get(3).attempt());
  }

  @Test
  void eachFallbackModelGetsAFreshAttemptCount(FakeClaude fake) {
    fake.enqueue(FakeScenarios.overloaded(5));

    Reply reply = call(fake, opusFallingBack(SONNET, HAIKU)).reply(null, "hi");

    assertEquals(SONNET, reply.model());
    assertEquals(List.of(OPUS, OPUS, OPUS, SONNET, SONNET, SONNET), modelsRequested(fake));
    assertEquals(
        List.of(
            Duration.ofMillis(500),
            Duration.ofSeconds(1),
            Duration.ofMillis(500),
            Duration.ofSeconds(1)),
        sleeper.waits());
  }

  @Test
  void whenEveryModelIsOverloadedTheLastFailureCarriesAllAttempts(FakeClaude fake) {
    fake.enqueue(FakeScenarios.repeated(FakeScenarios.overloadedError(), 9));

    OverloadedException e =
        assertThrows(
            OverloadedException.class,
            () -> call(fake, opusFallingBack(SONNET, HAIKU)).text(null, "hi"));

    assertEquals(
        List.of(OPUS, OPUS, OPUS, SONNET, SONNET, SONNET, HAIKU, HAIKU, HAIKU),
        modelsRequested(fake));
    assertEquals(3, e.attempts());
    assertEquals(8, e.getSuppressed().length);
    assertEquals(2, fallbacks().size());
    assertEquals(SONNET, fallbacks().get(1).fromModel());
    assertEquals(HAIKU, fallbacks().get(1).toModel());
  }

  @Test
  void otherFailuresDoNotFallBack(FakeClaude fake) {
    fake.enqueue(FakeScenarios.repeated(FakeResponse.error(500, "api_error", "x"), 3));

    assertThrows(
        InternalServerException.class, () -> call(fake, opusFallingBack(SONNET)).text(null, "hi"));

    assertEquals(List.of(OPUS, OPUS, OPUS), modelsRequested(fake));
    assertEquals(List.of(), fallbacks());
  }

  @Test
  void overloadNotRetriedAtAllFallsBackAtOnce(FakeClaude fake) {
    fake.enqueue(FakeScenarios.overloaded(1));

    Reply reply =
        call(fake, opusFallingBack(SONNET).retry(RetrySchedule.on(ErrorKind.RATE_LIMIT).build()))
            .reply(null, "hi");

    assertEquals(SONNET, reply.model());
    assertEquals(List.of(OPUS, SONNET), modelsRequested(fake));
    assertEquals(List.of(), sleeper.waits());
  }

  @Test
  void aServerThatSaysDoNotRetryStillLetsTheCallFallBack(FakeClaude fake) {
    fake.enqueue(FakeScenarios.overloadedError().withShouldRetry(false), FakeResponse.text("ok"));

    Reply reply = call(fake, opusFallingBack(SONNET)).reply(null, "hi");

    assertEquals(SONNET, reply.model());
    assertEquals(List.of(), sleeper.waits());
  }

  @Test
  void aWaitThatWouldCrossTheDeadlineStillLeavesTheFallback(FakeClaude fake) {
    fake.enqueue(
        FakeScenarios.overloadedError().withRetryAfterSeconds(30), FakeResponse.text("ok"));
    RetrySchedule schedule =
        RetrySchedule.on(ErrorKind.OVERLOADED).maxAttempts(2).maxElapsedMillis(10_000).build();

    // Waiting 30 s would cross the 10 s deadline, but the deadline has not passed yet.
    Reply reply = call(fake, opusFallingBack(SONNET).retry(schedule)).reply(null, "hi");

    assertEquals(SONNET, reply.model());
    assertEquals(List.of(), sleeper.waits());
  }

  @Test
  @AllowUnusedResponses // the reply left queued is bait for a fallback that must not happen
  void noFallbackOnceTheDeadlineHasPassed(FakeClaude fake) {
    fake.enqueue(FakeScenarios.overloadedError(), FakeResponse.text("no"));
    RetrySchedule schedule =
        RetrySchedule.on(ErrorKind.OVERLOADED).maxAttempts(2).maxElapsedMillis(10_000).build();
    Transport http = HttpClientTransport.createDefault();
    Transport slow =
        request -> {
          Transport.Response response = http.send(request);
          sleeper.clock.advance(Duration.ofSeconds(11)); // the attempt took 11 s
          return response;
        };
    ClaudeCall<String> call =
        TestBuilder.against(fake)
            .transport(slow)
            .timed(sleeper)
            .client()
            .bind(opusFallingBack(SONNET).retry(schedule).build());

    assertThrows(OverloadedException.class, () -> call.text(null, "hi"));

    assertEquals(List.of(OPUS), modelsRequested(fake));
  }

  @Test
  void fallbackIsLoggedAtWarning(FakeClaude fake) {
    fake.enqueue(FakeScenarios.overloaded(3));

    try (LogCapture logs = new LogCapture()) {
      call(fake, opusFallingBack(SONNET)).text(null, "hi");

      List<String> warnings = logs.messagesAtLeast(Level.WARNING);
      assertEquals(3, warnings.size(), warnings.toString());
      String fallback = warnings.get(2);
      assertTrue(
          fallback.contains("529 overloaded_error: Overloaded (request-id req_fake_000003"),
          fallback);
      assertTrue(fallback.contains("falling back to " + SONNET), fallback);
      assertTrue(fallback.contains(OPUS), fallback);
    }
  }

  @Test
  void theFallbackEventsCauseIsTheSuppressedFailure(FakeClaude fake) {
    fake.enqueue(FakeScenarios.repeated(FakeScenarios.overloadedError(), 6));

    OverloadedException e =
        assertThrows(
            OverloadedException.class, () -> call(fake, opusFallingBack(SONNET)).text(null, "hi"));

    assertSame(fallbacks().get(0).cause(), e.getSuppressed()[2]);
  }
}
