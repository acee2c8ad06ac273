package dev.claudegen.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.claudegen.annotations.ErrorKind;
import dev.claudegen.testing.AllowUnusedResponses;
import dev.claudegen.testing.FakeClaude;
import dev.claudegen.testing.FakeClaudeExtension;
import dev.claudegen.testing.FakeResponse;
import dev.claudegen.testing.FakeScenarios;
import java.time.Duration;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every failure the API and the network produce, through {@link ClaudeCall} over FakeClaude with
 * the default policy ({@code @Retry()}: 3 attempts, 500 ms doubling; jitter fixed at none): the
 * exception type and kind, how many attempts were made, and the waits between them.
 */
@ExtendWith(FakeClaudeExtension.class)
class RetryMatrixTest {

  private static final List<Duration> DEFAULT_WAITS =
      List.of(Duration.ofMillis(500), Duration.ofSeconds(1));

  /**
   * The stall cases need a timeout short enough to keep the test fast, and long enough that a
   * loaded machine still delivers each request to the fake before it fires (250 ms was not).
   */
  private static final long TIMEOUT_MILLIS = 1000;

  /** One row of the matrix: a fault, and the exception it must end in. */
  record Row(
      String name, FakeResponse fault, Class<? extends ClaudeException> type, ErrorKind kind) {

    /** Scripts the fault {@code times} times. */
    void enqueue(FakeClaude fake, int times) {
      fake.enqueue(FakeScenarios.repeated(fault, times));
    }

    /** Checks the exception's type and kind. */
    void assertTypeOf(ClaudeException e) {
      assertSame(type, e.getClass(), e.toString());
      assertEquals(kind, e.kind());
    }

    @Override
    public String toString() {
      return name;
    }
  }

  private static FakeResponse error(int status, String type) {
    return FakeResponse.error(status, type, "Boom " + status);
  }

  static Stream<Row> notRetried() {
    return Stream.of(
        new Row(
            "400",
            error(400, "invalid_request_error"),
            BadRequestException.class,
            ErrorKind.BAD_REQUEST),
        new Row(
            "401",
            error(401, "authentication_error"),
            AuthenticationException.class,
            ErrorKind.AUTHENTICATION),
        new Row("402", error(402, "billing_error"), BillingException.class, ErrorKind.PERMISSION),
        new Row(
            "403",
            error(403, "permission_error"),
            PermissionDeniedException.class,
            ErrorKind.PERMISSION),
        new Row("404", error(404, "not_found_error"), NotFoundException.class, ErrorKind.NOT_FOUND),
        new Row(
            "413",
            error(413, "request_too_large"),
            RequestTooLargeException.class,
            ErrorKind.REQUEST_TOO_LARGE));
  }

  static Stream<Row> retried() {
    return Stream.of(
        new Row(
            "429", error(429, "rate_limit_error"), RateLimitException.class, ErrorKind.RATE_LIMIT),
        new Row(
            "500", error(500, "api_error"), InternalServerException.class, ErrorKind.SERVER_ERROR),
        new Row(
            "502", error(502, "api_error"), InternalServerException.class, ErrorKind.SERVER_ERROR),
        new Row(
            "503", error(503, "api_error"), InternalServerException.class, ErrorKind.SERVER_ERROR),
        new Row(
            "504",
            error(504, "timeout_error"),
            InternalServerException.class,
            ErrorKind.SERVER_ERROR),
        new Row(
            "529", error(529, "overloaded_error"), OverloadedException.class, ErrorKind.OVERLOADED),
        new Row(
            "reset connection",
            FakeResponse.reset(),
            ClaudeConnectionException.class,
            ErrorKind.CONNECTION),
        new Row(
            "dropped connection",
            FakeResponse.disconnect(),
            ClaudeConnectionException.class,
            ErrorKind.CONNECTION),
        new Row(
            "stall before the status",
            FakeResponse.text("late").withDelay(Duration.ofSeconds(30)),
            ClaudeTimeoutException.class,
            ErrorKind.TIMEOUT),
        new Row(
            "an error's headers, then a stalled body",
            FakeResponse.error(500, "api_error", "stuck").withStallAfterHeaders(),
            ClaudeTimeoutException.class,
            ErrorKind.TIMEOUT),
        new Row(
            "HTML page from a proxy",
            FakeResponse.raw(502, "text/html", "<html><body>Bad gateway</body></html>"),
            InternalServerException.class,
            ErrorKind.SERVER_ERROR),
        new Row(
            "truncated body of an error",
            FakeResponse.error(500, "api_error", "Internal server error").withTruncatedBody(15),
            ClaudeConnectionException.class,
            ErrorKind.CONNECTION));
  }

  /** A 2xx the client could not read: the work was done and billed, so it is never re-sent. */
  static Stream<Row> billed() {
    return Stream.of(
        new Row(
            "truncated body",
            FakeResponse.text("a reply that never arrives whole").withTruncatedBody(15),
            ClaudeApiException.class,
            ErrorKind.SERVER_ERROR),
        new Row(
            "truncated JSON in a 200",
            FakeResponse.raw(200, "application/json", "{\"content\":[{\"type\":\"te"),
            ClaudeApiException.class,
            ErrorKind.SERVER_ERROR),
        new Row(
            "garbled 200",
            FakeResponse.raw(200, "application/json", "<html>not a reply</html>"),
            ClaudeApiException.class,
            ErrorKind.SERVER_ERROR),
        new Row(
            "a 200's headers, then a stalled body",
            FakeResponse.text("late").withStallAfterHeaders(),
            ClaudeTimeoutException.class,
            ErrorKind.TIMEOUT));
  }

  private static ClaudeCall<String> call(FakeClaude fake, RecordingSleeper sleeper) {
    return TestBuilder.against(fake)
        .timed(sleeper)
        .client()
        .bind(TestBuilder.spec().timeoutMillis(TIMEOUT_MILLIS).build());
  }

  @ParameterizedTest(name = "{0}: thrown at once")
  @MethodSource("notRetried")
  @AllowUnusedResponses // the queued reply after the error is bait for a retry that must not happen
  void clientErrorsAreNotRetried(Row row, FakeClaude fake) {
    RecordingSleeper sleeper = new RecordingSleeper(new TestClock());
    row.enqueue(fake, 2);

    ClaudeException e =
        assertThrows(ClaudeException.class, () -> call(fake, sleeper).text(null, "hi"));

    row.assertTypeOf(e);
    assertEquals(1, fake.requestCount());
    assertEquals(1, e.attempts());
    assertEquals(1, e.details().maxAttempts());
    assertEquals(0, e.getSuppressed().length);
    assertEquals(List.of(), sleeper.waits());
  }

  @ParameterizedTest(name = "{0}: 3 attempts, then thrown")
  @MethodSource("retried")
  void transientFailuresAreRetriedThreeTimesInAll(Row row, FakeClaude fake) {
    RecordingSleeper sleeper = new RecordingSleeper(new TestClock());
    row.enqueue(fake, 3);

    long started = System.nanoTime();
    ClaudeException e =
        assertThrows(ClaudeException.class, () -> call(fake, sleeper).text(null, "hi"));
    Duration took = Duration.ofNanos(System.nanoTime() - started);

    row.assertTypeOf(e);
    assertEquals(3, fake.requestCount());
    assertEquals(3, e.attempts());
    assertEquals(3, e.details().maxAttempts());
    assertTrue(e.getMessage().contains("attempt 3 of 3"), e.getMessage());
    assertEquals(DEFAULT_WAITS, sleeper.waits());
    Throwable[] earlier = e.getSuppressed();
    assertEquals(2, earlier.length);
    for (int i = 0; i < earlier.length; i++) {
      row.assertTypeOf((ClaudeException) earlier[i]);
      assertEquals(i + 1, ((ClaudeException) earlier[i]).attempts());
    }
    // The waits went to the sleeper (checked above); this bound only catches a stall that the
    // timeout failed to cut (three of them take 3 s), with room for a loaded machine.
    assertTrue(took.compareTo(Duration.ofSeconds(20)) < 0, "took " + took);
  }

  @ParameterizedTest(name = "{0}: recovers on the third attempt")
  @MethodSource("retried")
  void transientFailuresRecoverWhenTheFaultStops(Row row, FakeClaude fake) {
    RecordingSleeper sleeper = new RecordingSleeper(new TestClock());
    row.enqueue(fake, 2);
    fake.enqueue(FakeResponse.text("finally"));

    assertEquals("finally", call(fake, sleeper).text(null, "hi"));

    assertEquals(3, fake.requestCount());
    assertEquals(DEFAULT_WAITS, sleeper.waits());
  }

  @ParameterizedTest(name = "{0}: thrown at once, sent once")
  @MethodSource("billed")
  @AllowUnusedResponses // the good reply after it is bait for a re-send that must not happen
  void aTwoHundredIsNeverSentAgain(Row row, FakeClaude fake) {
    RecordingSleeper sleeper = new RecordingSleeper(new TestClock());
    row.enqueue(fake, 1);
    fake.enqueue(FakeResponse.text("a second, billed reply"));

    ClaudeException e =
        assertThrows(ClaudeException.class, () -> call(fake, sleeper).text(null, "hi"));

    row.assertTypeOf(e);
    assertEquals(200, e.statusCode());
    assertEquals(1, fake.requestCount());
    assertEquals(1, e.attempts());
    assertEquals(0, e.getSuppressed().length);
    assertEquals(List.of(), sleeper.waits());
    assertEquals("req_fake_000001", e.requestId());
    assertTrue(
        e.getMessage().endsWith("The reply arrived (status 200) and is billed, so it was not sent again"),
        e.getMessage());
  }

  @ParameterizedTest(name = "{0}: async, thrown at once, sent once")
  @MethodSource("billed")
  @AllowUnusedResponses
  void aTwoHundredIsNeverSentAgainAsync(Row row, FakeClaude fake) {
    RecordingSleeper sleeper = new RecordingSleeper(new TestClock());
    row.enqueue(fake, 1);
    fake.enqueue(FakeResponse.text("a second, billed reply"));

    java.util.concurrent.CompletionException thrown =
        assertThrows(
            java.util.concurrent.CompletionException.class,
            () -> call(fake, sleeper).callAsync(Prompt.of(null, "hi")).join());

    ClaudeException e = (ClaudeException) thrown.getCause();
    row.assertTypeOf(e);
    assertEquals(200, e.statusCode());
    assertEquals(1, fake.requestCount());
    assertEquals(List.of(), sleeper.waits());
  }
}
