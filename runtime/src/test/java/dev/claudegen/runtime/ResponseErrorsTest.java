package dev.claudegen.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.net.http.HttpHeaders;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class ResponseErrorsTest {

  private static final Instant NOW = Instant.parse("2026-01-01T00:00:00Z");
  private static final Clock CLOCK = Clock.fixed(NOW, ZoneOffset.UTC);

  private static Duration retryAfter(String... namesAndValues) {
    Map<String, List<String>> map = new LinkedHashMap<>();
    for (int i = 0; i < namesAndValues.length; i += 2) {
      map.put(namesAndValues[i], List.of(namesAndValues[i + 1]));
    }
    return ResponseErrors.retryAfter(HttpHeaders.of(map, (n, v) -> true), CLOCK);
  }

  @Test
  void absentIsNull() {
    assertNull(retryAfter());
  }

  @ParameterizedTest(name = "retry-after: {0} -> {1} ms")
  @CsvSource({"7, 7000", "' 7 ', 7000", "007, 7000", "120, 120000"})
  void secondsAreRead(String value, long millis) {
    assertEquals(Duration.ofMillis(millis), retryAfter("retry-after", value));
  }

  @ParameterizedTest(name = "retry-after-ms: {0} -> {1} ms")
  @CsvSource({"1500, 1500", "' 1500 ', 1500", "2.5, 2"})
  void millisecondsAreRead(String value, long millis) {
    Duration read = retryAfter("retry-after-ms", value);

    assertEquals(millis, read.toMillis());
  }

  @Test
  void fractionalMillisecondsKeepTheirNanos() {
    assertEquals(Duration.ofNanos(2_500_000), retryAfter("retry-after-ms", "2.5"));
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "soon", "", " ", "NaN", "Infinity", "-Infinity", "1e400", "1e3", "+5", "7s", "0.5", "1.5",
        "-3", "-0.1", "0", "Mon, 99 Foo 2026"
      })
  void garbageNegativeFractionalOrZeroSecondsAreNull(String value) {
    // RFC 9110: delay-seconds = 1*DIGIT. A zero asks for no wait, which the backoff then decides.
    assertNull(retryAfter("retry-after", value));
  }

  @ParameterizedTest
  @ValueSource(strings = {"soon", "", "-20", "-0.5", "0", "0.000", "1e3", "+5", ".5", "5.", "NaN"})
  void garbageNegativeOrZeroMillisecondsAreNull(String value) {
    assertNull(retryAfter("retry-after-ms", value));
  }

  @Test
  void hugeValuesAreCappedInWholeSeconds() {
    Duration cap = Duration.ofSeconds(9_223_372_036L);
    assertEquals(cap, ResponseErrors.MAX_RETRY_AFTER);
    assertEquals(cap, retryAfter("retry-after", "9".repeat(100)));
    assertEquals(cap, retryAfter("retry-after", "9223372036"));
    assertEquals(Duration.ofSeconds(9_223_372_035L), retryAfter("retry-after", "9223372035"));
    assertEquals(cap, retryAfter("retry-after-ms", "9".repeat(100) + ".9"));
  }

  @Test
  void garbageMillisecondsFallBackToSeconds() {
    assertEquals(Duration.ofSeconds(4), retryAfter("retry-after-ms", "soon", "retry-after", "4"));
  }

  @Test
  void millisecondsWinOverSeconds() {
    assertEquals(Duration.ofMillis(10), retryAfter("retry-after-ms", "10", "retry-after", "4"));
  }

  @Test
  void futureHttpDateIsTheTimeUntilIt() {
    assertEquals(Duration.ofSeconds(90), retryAfter("retry-after", "Thu, 01 Jan 2026 00:01:30 GMT"));
  }

  @Test
  void pastHttpDateIsNull() {
    assertNull(retryAfter("retry-after", "Wed, 31 Dec 2025 23:59:00 GMT"));
  }

  @Test
  void nowAsHttpDateIsNull() {
    assertNull(retryAfter("retry-after", "Thu, 01 Jan 2026 00:00:00 GMT"));
  }

  @Test
  void overloadedTypeWinsOverAnyStatus() {
    ErrorDetails details = new ErrorDetails(429, "overloaded_error", "m", null, null, 1, 1);

    assertEquals(OverloadedException.class, ResponseErrors.forStatus(429, "overloaded_error", details).getClass());
    assertEquals(RateLimitException.class, ResponseErrors.forStatus(429, "rate_limit_error", details).getClass());
  }

  @Test
  void otherStatusesMapByRange() {
    ErrorDetails details = new ErrorDetails(301, null, "m", null, null, 1, 1);

    ClaudeApiException redirect = ResponseErrors.forStatus(301, null, details);

    assertEquals(ClaudeApiException.class, redirect.getClass());
    assertEquals(dev.claudegen.annotations.ErrorKind.BAD_REQUEST, redirect.kind());
  }
}
