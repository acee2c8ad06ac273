package dev.claudegen.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.claudegen.testing.FakeClaude;
import dev.claudegen.testing.FakeClaudeExtension;
import dev.claudegen.testing.FakeResponse;
import dev.claudegen.testing.FakeScenarios;
import java.net.http.HttpHeaders;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(FakeClaudeExtension.class)
class RateLimitInfoTest {

  private static final Instant RESET = Instant.parse("2026-10-21T07:28:00Z");

  private static RateLimitInfo parse(String... namesAndValues) {
    Map<String, List<String>> map = new LinkedHashMap<>();
    for (int i = 0; i < namesAndValues.length; i += 2) {
      map.put(namesAndValues[i], List.of(namesAndValues[i + 1]));
    }
    return RateLimitInfo.from(HttpHeaders.of(map, (n, v) -> true));
  }

  @Test
  void allFourLimitsAreRead() {
    RateLimitInfo info =
        parse(
            "anthropic-ratelimit-requests-limit", "50",
            "anthropic-ratelimit-requests-remaining", "49",
            "anthropic-ratelimit-requests-reset", "2026-10-21T07:28:00Z",
            "anthropic-ratelimit-tokens-limit", "100000",
            "anthropic-ratelimit-tokens-remaining", "98000",
            "anthropic-ratelimit-tokens-reset", "2026-10-21T07:28:00.5Z",
            "anthropic-ratelimit-input-tokens-limit", "80000",
            "anthropic-ratelimit-input-tokens-remaining", "79000",
            "anthropic-ratelimit-input-tokens-reset", "2026-10-21T09:28:00+02:00",
            "anthropic-ratelimit-output-tokens-limit", "20000",
            "anthropic-ratelimit-output-tokens-remaining", "19000",
            "anthropic-ratelimit-output-tokens-reset", "2026-10-21T07:28:00Z");

    assertEquals(new RateLimitInfo.Bucket(50, 49, RESET), info.requests());
    assertEquals(new RateLimitInfo.Bucket(100_000, 98_000, RESET.plusMillis(500)), info.tokens());
    assertEquals(new RateLimitInfo.Bucket(80_000, 79_000, RESET), info.inputTokens());
    assertEquals(new RateLimitInfo.Bucket(20_000, 19_000, RESET), info.outputTokens());
    assertTrue(info.isPresent());
  }

  @Test
  void noHeadersIsNone() {
    assertSame(RateLimitInfo.NONE, parse("retry-after", "3"));
    assertFalse(RateLimitInfo.NONE.isPresent());
  }

  @Test
  void missingAndUnreadableValuesAreAbsentNotErrors() {
    RateLimitInfo info =
        parse(
            "anthropic-ratelimit-requests-limit", "lots",
            "anthropic-ratelimit-requests-remaining", "-3",
            "anthropic-ratelimit-requests-reset", "tomorrow",
            "anthropic-ratelimit-tokens-remaining", " 1000 ");

    assertEquals(RateLimitInfo.Bucket.NONE, info.requests());
    assertFalse(info.requests().isPresent());
    assertEquals(new RateLimitInfo.Bucket(-1, 1000, null), info.tokens());
    assertTrue(info.tokens().isPresent());
    assertNull(info.tokens().reset());
    assertEquals(RateLimitInfo.Bucket.NONE, info.outputTokens());
    assertTrue(info.isPresent());
  }

  @Test
  void aReplyCarriesTheRateLimitHeaders(FakeClaude fake) {
    fake.enqueue(
        FakeResponse.text("ok")
            .withRateLimit("tokens", 100_000, 42_000, RESET)
            .withRateLimit("requests", 50, 7, RESET));

    Reply reply = TestBuilder.call(fake).reply(null, "hi");

    assertEquals(new RateLimitInfo.Bucket(100_000, 42_000, RESET), reply.rateLimit().tokens());
    assertEquals(7, reply.rateLimit().requests().remaining());
    assertEquals(RateLimitInfo.Bucket.NONE, reply.rateLimit().inputTokens());
  }

  @Test
  void aReplyWithoutThemHasNone(FakeClaude fake) {
    assertSame(RateLimitInfo.NONE, TestBuilder.call(fake).reply(null, "hi").rateLimit());
  }

  @Test
  void anExceptionCarriesTheRateLimitHeaders(FakeClaude fake) {
    fake.enqueue(FakeScenarios.rateLimited(2)[0].withRateLimit("output-tokens", 8000, 0, RESET));

    RateLimitException e =
        assertThrows(RateLimitException.class, () -> TestBuilder.callOnce(fake).text(null, "hi"));

    assertEquals(50, e.rateLimit().requests().limit());
    assertEquals(0, e.rateLimit().requests().remaining());
    assertEquals(new RateLimitInfo.Bucket(8000, 0, RESET), e.rateLimit().outputTokens());
    assertEquals(e.rateLimit(), e.details().rateLimit());
  }

  @Test
  void failuresWithoutAResponseHaveNone(FakeClaude fake) {
    fake.enqueue(FakeResponse.disconnect());

    ClaudeException e =
        assertThrows(
            ClaudeConnectionException.class, () -> TestBuilder.callOnce(fake).text(null, "hi"));

    assertSame(RateLimitInfo.NONE, e.rateLimit());
  }

  @Test
  void olderConstructorsMeanNone() {
    assertSame(RateLimitInfo.NONE, new ErrorDetails(500, null, "m", null, null, 1, 1).rateLimit());
    assertSame(
        RateLimitInfo.NONE, new ErrorDetails(500, null, "m", null, null, 1, 1, null).rateLimit());
    assertSame(RateLimitInfo.NONE, new Reply("t", null, null, null, null, Usage.NONE).rateLimit());
  }
}
