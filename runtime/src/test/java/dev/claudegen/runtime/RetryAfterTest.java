package dev.claudegen.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.claudegen.annotations.ErrorKind;
import dev.claudegen.testing.FakeClaude;
import dev.claudegen.testing.FakeClaudeExtension;
import dev.claudegen.testing.FakeResponse;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A server-requested wait that is negative, unreadable, zero or in the past is ignored, end to end:
 * the call waits the computed backoff instead of retrying at once, and the exception says nothing
 * of a retry-after. A huge one is read as one capped value that {@code retryAfter()} and the
 * message state alike.
 */
@ExtendWith(FakeClaudeExtension.class)
class RetryAfterTest {

  /** The first backoff, 500 ms, less the fixed jitter: 0.25 × 0.5 of it. */
  private static final Duration BACKOFF = Duration.ofNanos(437_500_000);

  private final TestClock clock = new TestClock();
  private final RecordingSleeper sleeper = new RecordingSleeper(clock);

  /** Two attempts for rate limits, default backoff and maxRetryAfter (60 s), jitter random 0.5. */
  private ClaudeCall<String> call(FakeClaude fake) {
    return TestBuilder.against(fake)
        .timed(sleeper)
        .jitterRandom(0.5)
        .client()
        .bind(
            TestBuilder.spec()
                .retry(RetrySchedule.on(ErrorKind.RATE_LIMIT).maxAttempts(2).build())
                .build());
  }

  private static FakeResponse rateLimited(String header, String value) {
    return FakeResponse.error(429, "rate_limit_error", "slow down").withHeader(header, value);
  }

  /** Both attempts send the header: the wait between them, and the final exception, are checked. */
  private void assertIgnored(FakeClaude fake, String header, String value) {
    fake.enqueue(rateLimited(header, value), rateLimited(header, value));

    RateLimitException e = assertThrows(RateLimitException.class, () -> call(fake).text(null, "hi"));

    assertEquals(List.of(BACKOFF), sleeper.waits(), header + ": " + value);
    assertEquals(2, fake.requestCount());
    assertEquals(Optional.empty(), e.retryAfter());
    assertFalse(e.getMessage().contains("retry-after"), e.getMessage());
    assertEquals(
        "429 rate_limit_error: slow down (request-id req_fake_000002, attempt 2 of 2)",
        e.getMessage());
  }

  @ParameterizedTest(name = "retry-after: \"{0}\"")
  @ValueSource(
      strings = {
        "-5", "-0", "0", "00", "soon", "", "   ", "1e3", "+5", "1.5", "0.5", "1 5", "5s", "0x10",
        "NaN", "Infinity", "-Infinity", "Mon, 99 Foo 2026"
      })
  void unreadableNegativeOrZeroSecondsUseTheBackoff(String value, FakeClaude fake) {
    assertIgnored(fake, "retry-after", value);
  }

  @ParameterizedTest(name = "retry-after-ms: \"{0}\"")
  @ValueSource(
      strings = {
        "-20", "-0.5", "0", "0.0", "soon", "", "1e3", "+5", "1,5", ".5", "5.", "NaN", "Infinity"
      })
  void unreadableNegativeOrZeroMillisecondsUseTheBackoff(String value, FakeClaude fake) {
    assertIgnored(fake, "retry-after-ms", value);
  }

  @Test
  void negativeMillisecondsDoNotHideValidSeconds(FakeClaude fake) {
    fake.enqueue(
        rateLimited("retry-after-ms", "-20").withHeader("retry-after", "3"),
        FakeResponse.text("ok"));

    assertEquals("ok", call(fake).text(null, "hi"));

    assertEquals(List.of(Duration.ofSeconds(3)), sleeper.waits());
  }

  @Test
  void pastHttpDateUsesTheBackoff(FakeClaude fake) {
    assertIgnored(fake, "retry-after", "Wed, 04 Mar 2026 05:05:07 GMT");
  }

  @Test
  void httpDateOfNowUsesTheBackoff(FakeClaude fake) {
    // TestClock.START, and the clock does not move before the first response is read.
    fake.enqueue(
        rateLimited("retry-after", "Wed, 04 Mar 2026 05:06:07 GMT"), FakeResponse.text("ok"));

    assertEquals("ok", call(fake).text(null, "hi"));

    assertEquals(List.of(BACKOFF), sleeper.waits());
  }

  @Test
  void futureHttpDateIsWaitedExactly(FakeClaude fake) {
    fake.enqueue(
        rateLimited("retry-after", "Wed, 04 Mar 2026 05:06:19 GMT"), FakeResponse.text("ok"));

    assertEquals("ok", call(fake).text(null, "hi"));

    assertEquals(List.of(Duration.ofSeconds(12)), sleeper.waits());
  }

  @Test
  void fractionalMillisecondsAreWaitedExactly(FakeClaude fake) {
    fake.enqueue(rateLimited("retry-after-ms", "1.5"), FakeResponse.text("ok"));

    assertEquals("ok", call(fake).text(null, "hi"));

    assertEquals(List.of(Duration.ofNanos(1_500_000)), sleeper.waits());
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(
      strings = {
        "retry-after: 9223372036854775808",
        "retry-after: 1" + "0000000000" + "0000000000" + "0000000000" + "0000000000" + "0000000000"
            + "0000000000" + "0000000000" + "0000000000" + "0000000000" + "000000000",
        "retry-after-ms: 9223372036854775807",
        "retry-after-ms: 99999999999999999999999999999999.5"
      })
  void hugeWaitIsOneCappedValueInRetryAfterAndTheMessage(String header, FakeClaude fake) {
    String[] nameAndValue = header.split(": ");
    fake.enqueue(rateLimited(nameAndValue[0], nameAndValue[1]));

    RateLimitException e = assertThrows(RateLimitException.class, () -> call(fake).text(null, "hi"));

    // Above maxRetryAfter: not waited out, failed at once.
    assertEquals(List.of(), sleeper.waits());
    assertEquals(1, fake.requestCount());
    Duration cap = Duration.ofSeconds(9_223_372_036L);
    assertEquals(Optional.of(cap), e.retryAfter());
    assertEquals(
        "429 rate_limit_error: slow down (request-id req_fake_000001, attempt 1 of 2,"
            + " retry-after 9223372036s)",
        e.getMessage());
    assertTrue(e.getMessage().contains(" " + e.retryAfter().orElseThrow().toSeconds() + "s)"));
  }
}
