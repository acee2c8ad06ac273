package dev.claudegen.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpHeaders;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** The presets and header helpers, as a JDK client sees them. */
@ExtendWith(FakeClaudeExtension.class)
class FakeScenariosTest {
  private static final ObjectMapper MAPPER = new ObjectMapper();
  private static final HttpClient CLIENT = HttpClient.newHttpClient();
  private static final String BODY =
      "{\"model\":\"claude-test-1\",\"max_tokens\":64,"
          + "\"messages\":[{\"role\":\"user\",\"content\":\"Hi\"}]}";

  @Test
  void overloadedIsThatMany529sThenSuccess(FakeClaude claude) throws Exception {
    claude.enqueue(FakeScenarios.overloaded(2));

    assertEquals(
        List.of(529, 529, 200),
        posts(claude, 3).stream().map(HttpResponse::statusCode).collect(Collectors.toList()));
    assertEquals(0, claude.pendingResponses());
  }

  @Test
  void overloadedBodyIsTheApisError(FakeClaude claude) throws Exception {
    claude.enqueue(FakeScenarios.overloaded(1));

    HttpResponse<String> first = post(claude);

    assertEquals(
        "overloaded_error", MAPPER.readTree(first.body()).get("error").get("type").asText());
    assertEquals(
        FakeClaude.DEFAULT_TEXT,
        MAPPER.readTree(post(claude).body()).get("content").get(0).get("text").asText());
  }

  @Test
  void rateLimitedCarriesRetryAfterAndRateLimitHeaders(FakeClaude claude) throws Exception {
    claude.enqueue(FakeScenarios.rateLimited(7));

    HttpHeaders headers = post(claude).headers();

    assertEquals("7", headers.firstValue("retry-after").orElseThrow());
    assertEquals("50", headers.firstValue("anthropic-ratelimit-requests-limit").orElseThrow());
    assertEquals("0", headers.firstValue("anthropic-ratelimit-requests-remaining").orElseThrow());
    Instant reset =
        Instant.parse(headers.firstValue("anthropic-ratelimit-requests-reset").orElseThrow());
    assertTrue(reset.isAfter(Instant.now()), reset.toString());
    assertEquals(200, post(claude).statusCode());
  }

  @Test
  void serverErrorAndProxyPageThenSuccess(FakeClaude claude) throws Exception {
    claude.enqueue(FakeScenarios.serverErrorThenSuccess());
    claude.enqueue(FakeScenarios.proxyErrorPageThenSuccess());

    List<HttpResponse<String>> responses = posts(claude, 4);

    assertEquals(
        List.of(500, 200, 502, 200),
        responses.stream().map(HttpResponse::statusCode).collect(Collectors.toList()));
    assertEquals("text/html", responses.get(2).headers().firstValue("content-type").orElseThrow());
    assertTrue(responses.get(2).body().startsWith("<html>"), responses.get(2).body());
  }

  @Test
  void connectionFaultsThenSuccess(FakeClaude claude) throws Exception {
    claude.enqueue(FakeScenarios.connectionResetThenSuccess());
    claude.enqueue(FakeScenarios.disconnectThenSuccess());
    claude.enqueue(FakeScenarios.truncatedBodyThenSuccess());

    for (int i = 0; i < 3; i++) {
      assertThrows(IOException.class, () -> post(claude));
      assertEquals(200, post(claude).statusCode());
    }
    assertEquals(6, claude.requestCount());
  }

  @Test
  void stalledThenSuccessNeedsAClientTimeout(FakeClaude claude) throws Exception {
    claude.enqueue(FakeScenarios.stalledThenSuccess());
    HttpRequest request = request(claude).timeout(Duration.ofMillis(300)).build();

    // The JDK's request timeout covers the headers only; a bounded wait on the body is the
    // client's job, which sendAsync(...).get(timeout) does here.
    CompletableFuture<HttpResponse<String>> pending =
        CLIENT.sendAsync(request, HttpResponse.BodyHandlers.ofString());
    assertThrows(TimeoutException.class, () -> pending.get(300, TimeUnit.MILLISECONDS));
    pending.cancel(true);
    assertEquals(200, post(claude).statusCode());
  }

  @Test
  void invalidApiKeyIsA401WithNoSuccessAfterIt(FakeClaude claude) throws Exception {
    claude.enqueue(FakeScenarios.invalidApiKey());

    assertEquals(401, post(claude).statusCode());
    assertEquals(0, claude.pendingResponses());
  }

  @Test
  void retryAfterInAllThreeForms(FakeClaude claude) throws Exception {
    Instant date = Instant.parse("2026-10-21T07:28:00Z");
    claude.enqueue(
        FakeResponse.error(429, "rate_limit_error", "slow").withRetryAfterSeconds(3),
        FakeResponse.error(429, "rate_limit_error", "slow").withRetryAfterMillis(1500),
        FakeResponse.error(429, "rate_limit_error", "slow").withRetryAfterDate(date));

    assertEquals("3", post(claude).headers().firstValue("retry-after").orElseThrow());
    assertEquals("1500", post(claude).headers().firstValue("retry-after-ms").orElseThrow());
    String sent = post(claude).headers().firstValue("retry-after").orElseThrow();
    assertEquals("Wed, 21 Oct 2026 07:28:00 GMT", sent);
    assertEquals(date, DateTimeFormatter.RFC_1123_DATE_TIME.parse(sent, Instant::from));
  }

  @Test
  void shouldRetryAndRateLimitHelpers(FakeClaude claude) throws Exception {
    Instant reset = Instant.parse("2026-10-21T07:28:00Z");
    claude.enqueue(
        FakeResponse.error(529, "overloaded_error", "busy")
            .withShouldRetry(false)
            .withRateLimit("output-tokens", 8000, 1000, reset),
        FakeResponse.text("ok").withShouldRetry(true));

    HttpHeaders first = post(claude).headers();
    assertEquals("false", first.firstValue("x-should-retry").orElseThrow());
    assertEquals("8000", first.firstValue("anthropic-ratelimit-output-tokens-limit").orElseThrow());
    assertEquals(
        "1000", first.firstValue("anthropic-ratelimit-output-tokens-remaining").orElseThrow());
    assertEquals(
        "2026-10-21T07:28:00Z",
        first.firstValue("anthropic-ratelimit-output-tokens-reset").orElseThrow());
    assertEquals("true", post(claude).headers().firstValue("x-should-retry").orElseThrow());
  }

  @Test
  void presetsAreFreshArrays() {
    FakeResponse[] first = FakeScenarios.overloaded(1);
    first[0] = null;

    assertEquals(FakeScenarios.overloadedError(), FakeScenarios.overloaded(1)[0]);
    assertEquals(1, FakeScenarios.overloaded(0).length);
    assertEquals(
        List.of(FakeResponse.reset(), FakeResponse.reset()),
        List.of(FakeScenarios.repeated(FakeResponse.reset(), 2)));
    assertEquals(0, FakeScenarios.repeated(FakeResponse.reset(), 0).length);
    assertThrows(
        IllegalArgumentException.class, () -> FakeScenarios.repeated(FakeResponse.reset(), -1));
    assertThrows(IllegalArgumentException.class, () -> FakeScenarios.overloaded(-1));
    assertThrows(IllegalArgumentException.class, () -> FakeScenarios.rateLimited(-1));
  }

  @Test
  void requestTimeoutStillWorksOnADelayedPreset(FakeClaude claude) {
    claude.enqueue(FakeScenarios.overloadedError().withDelay(Duration.ofSeconds(10)));
    HttpRequest request = request(claude).timeout(Duration.ofMillis(200)).build();

    assertThrows(
        HttpTimeoutException.class,
        () -> CLIENT.send(request, HttpResponse.BodyHandlers.ofString()));
  }

  private static List<HttpResponse<String>> posts(FakeClaude claude, int requests)
      throws Exception {
    List<HttpResponse<String>> responses = new ArrayList<>();
    for (int i = 0; i < requests; i++) {
      responses.add(post(claude));
    }
    return responses;
  }

  private static HttpRequest.Builder request(FakeClaude claude) {
    return HttpRequest.newBuilder(URI.create(claude.baseUrl() + "/v1/messages"))
        .header("x-api-key", "sk-test")
        .header("anthropic-version", "2023-06-01")
        .POST(HttpRequest.BodyPublishers.ofString(BODY));
  }

  private static HttpResponse<String> post(FakeClaude claude)
      throws IOException, InterruptedException {
    return CLIENT.send(request(claude).build(), HttpResponse.BodyHandlers.ofString());
  }
}
