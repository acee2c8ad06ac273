package dev.claudegen.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class FakeResponseTest {
  @Test
  void withMethodsReturnCopies() {
    FakeResponse base = FakeResponse.text("hi");
    FakeResponse modified = base.withHeader("retry-after", "1").withDelay(Duration.ofSeconds(1));

    assertEquals(FakeResponse.text("hi"), base);
    assertNotEquals(base, modified);
    assertEquals(
        FakeResponse.text("hi").withHeader("retry-after", "1").withDelay(Duration.ofSeconds(1)),
        modified);
    assertEquals(
        modified.hashCode(),
        FakeResponse.text("hi")
            .withHeader("retry-after", "1")
            .withDelay(Duration.ofSeconds(1))
            .hashCode());
  }

  @Test
  void toStringIsReadable() {
    assertEquals(
        "FakeResponse{529 error overloaded_error: \"Overloaded\", headers=[retry-after: 3]}",
        FakeResponse.error(529, "overloaded_error", "Overloaded")
            .withHeader("retry-after", "3")
            .toString());
    assertEquals(
        "FakeResponse{200 message [\"a\", \"b\"], stop_reason=end_turn, delay=PT2S}",
        FakeResponse.message("a", "b").withDelay(Duration.ofSeconds(2)).toString());
    assertEquals("FakeResponse{disconnect}", FakeResponse.disconnect().toString());
    assertTrue(
        FakeResponse.raw(502, "text/html", "<html>").toString().contains("502 raw text/html"));
  }

  @Test
  void faultsAreShownAndCompared() {
    assertEquals("FakeResponse{reset}", FakeResponse.reset().toString());
    assertEquals(
        "FakeResponse{200 message [\"x\"], stop_reason=end_turn, body truncated after 3 bytes}",
        FakeResponse.text("x").withTruncatedBody(3).toString());
    assertEquals(
        "FakeResponse{200 message [\"x\"], stop_reason=end_turn, stall after headers until"
            + " closed}",
        FakeResponse.text("x").withStallAfterHeaders().toString());
    assertTrue(
        FakeResponse.text("x")
            .withStallAfterHeaders(Duration.ofSeconds(2))
            .toString()
            .contains("stall after headers for PT2S"));
    assertEquals(
        FakeResponse.text("x").withTruncatedBody(3), FakeResponse.text("x").withTruncatedBody(3));
    assertNotEquals(
        FakeResponse.text("x").withTruncatedBody(3), FakeResponse.text("x").withTruncatedBody(4));
    assertNotEquals(FakeResponse.reset(), FakeResponse.disconnect());
    assertEquals(FakeResponse.reset().hashCode(), FakeResponse.reset().hashCode());
  }

  @Test
  void headerHelpersAddHeaders() {
    assertEquals(
        FakeResponse.text("x").withHeader("retry-after", "3"),
        FakeResponse.text("x").withRetryAfterSeconds(3));
    assertEquals(
        FakeResponse.text("x").withHeader("retry-after-ms", "250"),
        FakeResponse.text("x").withRetryAfterMillis(250));
    assertEquals(
        FakeResponse.text("x").withHeader("x-should-retry", "false"),
        FakeResponse.text("x").withShouldRetry(false));
    assertEquals(
        FakeResponse.text("x")
            .withHeader("anthropic-ratelimit-tokens-limit", "100")
            .withHeader("anthropic-ratelimit-tokens-remaining", "7")
            .withHeader("anthropic-ratelimit-tokens-reset", "2026-01-01T00:00:00Z"),
        FakeResponse.text("x")
            .withRateLimit("tokens", 100, 7, Instant.parse("2026-01-01T00:00:00Z")));
  }

  @Test
  void rejectsInvalidArguments() {
    assertThrows(IllegalArgumentException.class, () -> FakeResponse.error(200, "x", "y"));
    assertThrows(IllegalArgumentException.class, () -> FakeResponse.raw(100, null, ""));
    assertThrows(IllegalArgumentException.class, () -> FakeResponse.raw(204, null, "body"));
    assertThrows(
        IllegalArgumentException.class, () -> FakeResponse.text("x").withHeader("bad name", "v"));
    assertThrows(
        IllegalArgumentException.class,
        () -> FakeResponse.text("x").withHeader("x-a", "v\r\nx: y"));
    assertThrows(
        IllegalArgumentException.class,
        () -> FakeResponse.text("x").withHeader("Content-Length", "1"));
    assertThrows(
        IllegalArgumentException.class,
        () -> FakeResponse.text("x").withDelay(Duration.ofMillis(-1)));
    assertThrows(IllegalArgumentException.class, () -> FakeResponse.text("x").withUsage(-1, 0));
    assertThrows(
        IllegalStateException.class,
        () -> FakeResponse.error(500, "api_error", "x").withStopReason("end_turn"));
    assertThrows(
        IllegalStateException.class, () -> FakeResponse.raw(200, null, "").withUsage(1, 1));
    assertThrows(NullPointerException.class, () -> FakeResponse.message("a", null));
    assertThrows(
        IllegalArgumentException.class, () -> FakeResponse.text("x").withTruncatedBody(-1));
    assertThrows(
        IllegalArgumentException.class,
        () -> FakeResponse.text("x").withStallAfterHeaders(Duration.ofMillis(-1)));
    assertThrows(
        IllegalArgumentException.class, () -> FakeResponse.text("x").withRetryAfterSeconds(-1));
    assertThrows(
        IllegalArgumentException.class,
        () -> FakeResponse.text("x").withRateLimit("minutes", 1, 1, Instant.EPOCH));
    assertThrows(
        IllegalArgumentException.class,
        () -> FakeResponse.text("x").withRateLimit("tokens", 1, -1, Instant.EPOCH));
  }

  @Test
  void blocksAreServedAsGivenWithCacheUsage() throws Exception {
    String thinking = "{\"type\":\"thinking\",\"thinking\":\"hm\",\"signature\":\"s\"}";
    String tool = "{\"type\":\"tool_use\",\"id\":\"t1\",\"name\":\"f\",\"input\":{\"a\":[1]}}";
    FakeResponse response = FakeResponse.blocks(thinking, tool).withCacheUsage(5, 6);
    try (FakeClaude claude = FakeClaude.start()) {
      claude.enqueue(response);

      com.fasterxml.jackson.databind.JsonNode reply =
          Messages.MAPPER.readTree(
              Messages.post(claude.baseUrl(), Messages.body("m", null, "hi")).body());

      assertEquals(Messages.MAPPER.readTree("[" + thinking + "," + tool + "]"), reply.get("content"));
      assertEquals(5, reply.get("usage").get("cache_creation_input_tokens").asInt());
      assertEquals(6, reply.get("usage").get("cache_read_input_tokens").asInt());
    }
    assertEquals(FakeResponse.blocks(thinking, tool).withCacheUsage(5, 6), response);
    assertNotEquals(FakeResponse.blocks(thinking), response);
    assertTrue(response.toString().contains("cache=5/6"), response.toString());
  }

  @Test
  void blocksMustBeJsonObjects() {
    assertThrows(IllegalArgumentException.class, () -> FakeResponse.blocks("[1]"));
    assertThrows(IllegalArgumentException.class, () -> FakeResponse.blocks("{nope"));
    assertThrows(
        IllegalArgumentException.class, () -> FakeResponse.text("x").withCacheUsage(-1, 0));
    assertThrows(
        IllegalStateException.class, () -> FakeResponse.error(500, "api_error", "x").withCacheUsage(1, 1));
  }
}
