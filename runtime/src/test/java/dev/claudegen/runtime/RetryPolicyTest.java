package dev.claudegen.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
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
import java.net.http.HttpHeaders;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** What is retried, when, and how often: each rule of the policy on its own. */
@ExtendWith(FakeClaudeExtension.class)
// Many tests queue a reply after the last one a correct policy asks for, so that a retry too many
// would get an answer instead of an error; their request counts say it was not asked for.
@AllowUnusedResponses
class RetryPolicyTest {

  private final TestClock clock = new TestClock();
  private final RecordingSleeper sleeper = new RecordingSleeper(clock);

  private ClaudeCall<String> call(FakeClaude fake, CallSpec spec) {
    return TestBuilder.against(fake).timed(sleeper).client().bind(spec);
  }

  private ClaudeCall<String> call(FakeClaude fake, RetrySchedule... schedules) {
    CallSpec.Builder spec = TestBuilder.spec();
    for (RetrySchedule schedule : schedules) {
      spec.retry(schedule);
    }
    return call(fake, spec.build());
  }

  /** Scripts the faults then a success; the call must get the success after exactly these waits. */
  private void assertRecovers(
      ClaudeCall<String> call, FakeClaude fake, List<Duration> waits, FakeResponse... faults) {
    fake.enqueue(faults);
    fake.enqueue(FakeResponse.text("ok"));

    assertEquals("ok", call.text(null, "hi"));

    assertEquals(waits, sleeper.waits());
    assertEquals(faults.length + 1, fake.requestCount());
  }

  private static FakeResponse rateLimited() {
    return FakeResponse.error(429, "rate_limit_error", "slow down");
  }

  private static Duration ms(long millis) {
    return Duration.ofMillis(millis);
  }

  private static Duration s(long seconds) {
    return Duration.ofSeconds(seconds);
  }

  // ---- retry-after ----

  @Test
  void retryAfterSecondsReplacesTheBackoff(FakeClaude fake) {
    assertRecovers(call(fake), fake, List.of(s(7)), rateLimited().withRetryAfterSeconds(7));
  }

  @Test
  void retryAfterMillisecondsWinOverSeconds(FakeClaude fake) {
    assertRecovers(
        call(fake),
        fake,
        List.of(ms(1500)),
        FakeScenarios.overloadedError().withRetryAfterSeconds(9).withRetryAfterMillis(1500));
  }

  @Test
  void retryAfterDateIsReadAgainstTheClientsClock(FakeClaude fake) {
    // The second date is read after the first wait moved the clock by 42 s.
    assertRecovers(
        call(fake),
        fake,
        List.of(s(42), s(8)),
        rateLimited().withRetryAfterDate(TestClock.START.plusSeconds(42)),
        rateLimited().withRetryAfterDate(TestClock.START.plusSeconds(50)));
  }

  @Test
  void retryAfterAboveMaxRetryAfterFailsAtOnce(FakeClaude fake) {
    fake.enqueue(rateLimited().withRetryAfterSeconds(120), FakeResponse.text("never"));

    RateLimitException e =
        assertThrows(RateLimitException.class, () -> call(fake).text(null, "hi"));

    assertEquals(Optional.of(s(120)), e.retryAfter());
    assertEquals(1, fake.requestCount());
    assertEquals(List.of(), sleeper.waits());
    assertEquals(
        "429 rate_limit_error: slow down (request-id req_fake_000001, attempt 1 of 3,"
            + " retry-after 120s)",
        e.getMessage());
  }

  @Test
  void retryAfterAtTheCapIsHonoured(FakeClaude fake) {
    assertRecovers(call(fake), fake, List.of(s(60)), rateLimited().withRetryAfterSeconds(60));
  }

  @Test
  void maxRetryAfterIsPerSchedule(FakeClaude fake) {
    ClaudeCall<String> patient =
        call(fake, RetrySchedule.on(ErrorKind.RATE_LIMIT).maxRetryAfterMillis(300_000).build());

    assertRecovers(patient, fake, List.of(s(120)), rateLimited().withRetryAfterSeconds(120));
  }

  @Test
  void withoutHonorRetryAfterTheBackoffIsUsedAndNoCapApplies(FakeClaude fake) {
    ClaudeCall<String> call =
        call(fake, RetrySchedule.on(ErrorKind.RATE_LIMIT).honorRetryAfter(false).build());

    assertRecovers(call, fake, List.of(ms(500)), rateLimited().withRetryAfterSeconds(120));
  }

  // ---- x-should-retry ----

  @Test
  void shouldRetryFalseStopsARetryableFailure(FakeClaude fake) {
    fake.enqueue(FakeScenarios.overloadedError().withShouldRetry(false), FakeResponse.text("no"));

    OverloadedException e =
        assertThrows(OverloadedException.class, () -> call(fake).text(null, "hi"));

    assertEquals(1, fake.requestCount());
    assertEquals(1, e.attempts());
    assertEquals(List.of(), sleeper.waits());
  }

  @Test
  void shouldRetryTrueCannotRetryAKindNoScheduleNames(FakeClaude fake) {
    fake.enqueue(
        FakeResponse.error(400, "invalid_request_error", "bad").withShouldRetry(true),
        FakeResponse.error(500, "api_error", "boom").withShouldRetry(true),
        FakeResponse.text("no"));
    ClaudeCall<String> onlyRateLimits = call(fake, RetrySchedule.on(ErrorKind.RATE_LIMIT).build());

    assertThrows(BadRequestException.class, () -> call(fake).text(null, "hi"));
    assertThrows(InternalServerException.class, () -> onlyRateLimits.text(null, "hi"));

    assertEquals(2, fake.requestCount());
    assertEquals(List.of(), sleeper.waits());
  }

  @Test
  void shouldRetryTrueRetriesWithinTheSchedule(FakeClaude fake) {
    fake.enqueue(
        FakeResponse.error(503, "api_error", "x").withShouldRetry(true),
        FakeResponse.error(503, "api_error", "x").withShouldRetry(true),
        FakeResponse.text("no"));

    InternalServerException e =
        assertThrows(
            InternalServerException.class,
            () ->
                call(fake, RetrySchedule.on(ErrorKind.SERVER_ERROR).maxAttempts(2).build())
                    .text(null, "hi"));

    assertEquals(2, e.attempts());
    assertEquals(List.of(ms(500)), sleeper.waits());
  }

  @Test
  void shouldRetryIsReadCaseInsensitivelyAndGarbageIgnored(FakeClaude fake) {
    fake.enqueue(
        FakeScenarios.overloadedError().withHeader("x-should-retry", "maybe"),
        FakeScenarios.overloadedError().withHeader("X-Should-Retry", " FALSE "),
        FakeResponse.text("no"));

    assertThrows(OverloadedException.class, () -> call(fake).text(null, "hi"));

    assertEquals(2, fake.requestCount());
  }

  // ---- maxElapsed ----

  @Test
  void maxElapsedEndsTheCallWhenTheNextWaitWouldCrossIt(FakeClaude fake) {
    fake.enqueue(FakeScenarios.overloaded(5));
    ClaudeCall<String> call =
        call(
            fake,
            RetrySchedule.on(ErrorKind.OVERLOADED).maxAttempts(5).maxElapsedMillis(1_200).build());

    OverloadedException e = assertThrows(OverloadedException.class, () -> call.text(null, "hi"));

    // 500 ms fits; 500 + 1000 would reach 1200.
    assertEquals(List.of(ms(500)), sleeper.waits());
    assertEquals(2, fake.requestCount());
    assertEquals(2, e.attempts());
    assertEquals(1, e.getSuppressed().length);
  }

  @Test
  void maxElapsedCutsEachAttemptsTimeoutToWhatIsLeft() {
    List<Duration> timeouts = new CopyOnWriteArrayList<>();
    Transport stalling =
        request -> {
          timeouts.add(request.timeout());
          clock.advance(request.timeout()); // the attempt used all of its time
          throw new HttpTimeoutException("no complete response");
        };
    ClaudeCall<String> call =
        new TestBuilder()
            .apiKey("k")
            .transport(stalling)
            .timed(sleeper)
            .client()
            .bind(
                TestBuilder.spec()
                    .timeoutMillis(2_000)
                    .retry(
                        RetrySchedule.on(ErrorKind.TIMEOUT)
                            .maxAttempts(5)
                            .maxElapsedMillis(4_000)
                            .build())
                    .build());

    ClaudeTimeoutException e =
        assertThrows(ClaudeTimeoutException.class, () -> call.text(null, "hi"));

    // 2 s attempt, 0.5 s wait, then only 1.5 s are left; a 1 s wait would pass the deadline.
    assertEquals(List.of(s(2), ms(1500)), timeouts);
    assertEquals(List.of(ms(500)), sleeper.waits());
    assertEquals(s(4), clock.elapsed());
    assertEquals(
        "no response within 1500ms, what was left of maxElapsed 4s (no request-id, attempt 2 of"
            + " 5)",
        e.getMessage());
  }

  @Test
  void theSmallestMaxElapsedOfAllSchedulesIsTheCallsDeadline(FakeClaude fake) {
    fake.enqueue(FakeScenarios.overloaded(3));
    ClaudeCall<String> call =
        call(
            fake,
            RetrySchedule.on(ErrorKind.OVERLOADED).maxAttempts(4).build(),
            RetrySchedule.on(ErrorKind.RATE_LIMIT).maxElapsedMillis(400).build());

    assertThrows(OverloadedException.class, () -> call.text(null, "hi"));

    assertEquals(1, fake.requestCount());
    assertEquals(List.of(), sleeper.waits());
  }

  // ---- per-kind schedules ----

  @Test
  void eachKindWaitsOnItsOwnSchedule(FakeClaude fake) {
    ClaudeCall<String> call =
        call(
            fake,
            RetrySchedule.on(ErrorKind.RATE_LIMIT).maxAttempts(5).initialDelayMillis(1_000).build(),
            RetrySchedule.on(ErrorKind.OVERLOADED)
                .maxAttempts(3)
                .initialDelayMillis(5_000)
                .maxDelayMillis(60_000)
                .build());

    assertRecovers(
        call,
        fake,
        List.of(s(1), s(2), s(5), s(10)),
        rateLimited(),
        rateLimited(),
        FakeScenarios.overloadedError(),
        FakeScenarios.overloadedError());
  }

  @Test
  void alternatingKindsSpendTheirOwnBudgets(FakeClaude fake) {
    fake.enqueue(
        FakeScenarios.overloadedError(),
        rateLimited(),
        rateLimited(),
        FakeScenarios.overloadedError(),
        FakeResponse.text("never"));
    ClaudeCall<String> call =
        call(
            fake,
            RetrySchedule.on(ErrorKind.RATE_LIMIT).maxAttempts(3).initialDelayMillis(1_000).build(),
            RetrySchedule.on(ErrorKind.OVERLOADED)
                .maxAttempts(2)
                .initialDelayMillis(5_000)
                .build());

    OverloadedException e = assertThrows(OverloadedException.class, () -> call.text(null, "hi"));

    // The second 529 is the overload schedule's 2nd (and last) attempt, whatever came between.
    assertEquals(2, e.attempts());
    assertEquals(2, e.details().maxAttempts());
    assertEquals(List.of(s(5), s(1), s(2)), sleeper.waits());
    assertEquals(4, fake.requestCount());
    Throwable[] earlier = e.getSuppressed();
    assertEquals(3, earlier.length);
    assertInstanceOf(OverloadedException.class, earlier[0]);
    assertEquals(1, ((ClaudeException) earlier[0]).attempts());
    assertInstanceOf(RateLimitException.class, earlier[1]);
    assertEquals(1, ((ClaudeException) earlier[1]).attempts());
    assertEquals(2, ((ClaudeException) earlier[2]).attempts());
    assertEquals(3, ((ClaudeException) earlier[2]).details().maxAttempts());
  }

  @Test
  void aKindNoScheduleNamesIsNotRetried(FakeClaude fake) {
    fake.enqueue(FakeResponse.error(500, "api_error", "boom"), FakeResponse.text("no"));

    InternalServerException e =
        assertThrows(
            InternalServerException.class,
            () -> call(fake, RetrySchedule.on(ErrorKind.RATE_LIMIT).build()).text(null, "hi"));

    assertEquals(1, e.attempts());
    assertEquals(1, e.details().maxAttempts());
    assertEquals(1, fake.requestCount());
  }

  @Test
  void anUnretriedFailureAfterRetriesStillCarriesThem(FakeClaude fake) {
    fake.enqueue(
        FakeScenarios.overloadedError(),
        FakeResponse.error(400, "invalid_request_error", "bad"),
        FakeResponse.text("no"));

    BadRequestException e =
        assertThrows(BadRequestException.class, () -> call(fake).text(null, "hi"));

    assertEquals(1, e.getSuppressed().length);
    assertInstanceOf(OverloadedException.class, e.getSuppressed()[0]);
    assertEquals("400 invalid_request_error: bad (request-id req_fake_000002)", e.getMessage());
  }

  // ---- interrupts ----

  @Test
  void interruptDuringTheWaitEndsTheCallWithTheFailureAndKeepsTheFlag(FakeClaude fake) {
    fake.enqueue(FakeScenarios.overloaded(2));
    ClaudeCall<String> call =
        TestBuilder.against(fake)
            .sleeper(
                d -> {
                  throw new InterruptedException("stop");
                })
            .client()
            .bind(TestBuilder.spec().build());

    try {
      OverloadedException e = assertThrows(OverloadedException.class, () -> call.text(null, "hi"));

      assertTrue(Thread.currentThread().isInterrupted());
      assertEquals(1, e.attempts());
      assertEquals(0, e.getSuppressed().length);
      assertEquals(1, fake.requestCount());
    } finally {
      Thread.interrupted();
    }
  }

  @Test
  void anInterruptedThreadIsNeverRetried(FakeClaude fake) {
    ClaudeCall<String> call = call(fake);

    Thread.currentThread().interrupt();
    try {
      ClaudeConnectionException e =
          assertThrows(ClaudeConnectionException.class, () -> call.text(null, "hi"));

      assertTrue(Thread.currentThread().isInterrupted());
      assertInstanceOf(InterruptedException.class, e.getCause());
      assertEquals(List.of(), sleeper.waits());
      assertTrue(fake.requestCount() <= 1);
    } finally {
      Thread.interrupted();
    }
  }

  @Test
  void aThreadInterruptedDuringTheAttemptIsNotRetried() {
    HttpHeaders none = HttpHeaders.of(Map.of(), (n, v) -> true);
    Transport interrupting =
        request -> {
          Thread.currentThread().interrupt();
          return new Transport.Response(529, none, new byte[0]);
        };
    ClaudeCall<String> call =
        new TestBuilder()
            .apiKey("k")
            .transport(interrupting)
            .timed(sleeper)
            .client()
            .bind(TestBuilder.spec().build());

    try {
      assertThrows(OverloadedException.class, () -> call.text(null, "hi"));
      assertTrue(Thread.currentThread().isInterrupted());
      assertEquals(List.of(), sleeper.waits());
    } finally {
      Thread.interrupted();
    }
  }

  // ---- listener and attempt numbering ----

  @Test
  void listenerHearsEachRetryWithItsDelayAndCause(FakeClaude fake) {
    EventRecorder recorder = new EventRecorder();
    fake.enqueue(rateLimited().withRetryAfterMillis(250), FakeScenarios.overloadedError());
    ClaudeCall<String> call =
        TestBuilder.against(fake)
            .timed(sleeper)
            .listener(recorder)
            .client()
            .bind(TestBuilder.spec().build());

    assertEquals(FakeClaude.DEFAULT_TEXT, call.text(null, "hi"));

    List<Object> all = recorder.events;
    assertEquals(8, all.size(), all.toString());
    assertInstanceOf(ClaudeListener.CallStarted.class, all.get(0));
    assertEquals(3, ((ClaudeListener.CallSucceeded) all.get(7)).attempts());
    List<Object> events = all.subList(1, 7);
    assertEquals(
        new ClaudeListener.RequestSent(TestBuilder.METHOD, TestBuilder.MODEL, 1), events.get(0));
    ClaudeListener.RetryScheduled first = (ClaudeListener.RetryScheduled) events.get(1);
    assertEquals(TestBuilder.METHOD, first.method());
    assertEquals(TestBuilder.MODEL, first.model());
    assertEquals(ErrorKind.RATE_LIMIT, first.kind());
    assertEquals(1, first.attempt());
    assertEquals(3, first.maxAttempts());
    assertEquals(ms(250), first.delay());
    assertInstanceOf(RateLimitException.class, first.cause());
    assertEquals(
        new ClaudeListener.RequestSent(TestBuilder.METHOD, TestBuilder.MODEL, 2), events.get(2));
    ClaudeListener.RetryScheduled second = (ClaudeListener.RetryScheduled) events.get(3);
    assertEquals(ErrorKind.OVERLOADED, second.kind());
    // The one schedule counts both kinds: this is its second attempt, so the second backoff.
    assertEquals(2, second.attempt());
    assertEquals(s(1), second.delay());
    assertEquals(
        new ClaudeListener.RequestSent(TestBuilder.METHOD, TestBuilder.MODEL, 3), events.get(4));
    assertEquals(3, ((ClaudeListener.ResponseReceived) events.get(5)).attempt());
  }

  @Test
  void theFinalExceptionCarriesTheSameEarlierFailuresTheListenerSaw(FakeClaude fake) {
    EventRecorder recorder = new EventRecorder();
    fake.enqueue(FakeScenarios.overloaded(3));
    ClaudeCall<String> call =
        TestBuilder.against(fake)
            .timed(sleeper)
            .listener(recorder)
            .client()
            .bind(TestBuilder.spec().build());

    OverloadedException e = assertThrows(OverloadedException.class, () -> call.text(null, "hi"));

    List<ClaudeException> causes =
        recorder.of(ClaudeListener.RetryScheduled.class).stream()
            .map(ClaudeListener.RetryScheduled::cause)
            .collect(Collectors.toList());
    assertEquals(2, causes.size());
    assertSame(causes.get(0), e.getSuppressed()[0]);
    assertSame(causes.get(1), e.getSuppressed()[1]);
    assertEquals("req_fake_000001", causes.get(0).requestId());
    assertEquals("req_fake_000003", e.requestId());
    assertFalse(e.getMessage().equals(causes.get(0).getMessage()));
  }

  // ---- jitter ----

  @Test
  void jitterTakesAFixedFractionWhenTheRandomSourceIsFixed(FakeClaude fake) {
    fake.enqueue(FakeScenarios.overloaded(2));
    ClaudeCall<String> call =
        TestBuilder.against(fake)
            .timed(sleeper)
            .jitterRandom(0.5)
            .client()
            .bind(TestBuilder.spec().build());

    call.text(null, "hi");

    // 0.25 jitter × 0.5 = 12.5 % off each wait.
    assertEquals(List.of(ms(437).plusNanos(500_000), ms(875)), sleeper.waits());
  }

  @Test
  void realJitterStaysWithinItsBounds(FakeClaude fake) {
    RetrySchedule schedule =
        RetrySchedule.on(ErrorKind.OVERLOADED).maxAttempts(8).maxDelayMillis(8_000).build();
    fake.enqueue(FakeScenarios.overloaded(7));
    ClaudeCall<String> call =
        TestBuilder.against(fake)
            .clock(clock)
            .sleeper(sleeper)
            .client()
            .bind(TestBuilder.spec().retry(schedule).build());

    call.text(null, "hi");

    List<Duration> waits = sleeper.waits();
    assertEquals(7, waits.size());
    for (int n = 0; n < waits.size(); n++) {
      Duration full = schedule.backoff(n);
      Duration least = Duration.ofNanos(full.toNanos() * 3 / 4);
      assertTrue(waits.get(n).compareTo(full) <= 0, n + ": " + waits.get(n) + " > " + full);
      assertTrue(waits.get(n).compareTo(least) >= 0, n + ": " + waits.get(n) + " < " + least);
    }
  }
}
