package dev.claudegen.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class FakeClaudeTest {
  private static final ObjectMapper MAPPER = new ObjectMapper();
  private static final String VALID_BODY =
      "{\"model\":\"claude-test-1\",\"max_tokens\":64,"
          + "\"messages\":[{\"role\":\"user\",\"content\":\"Hi\"}]}";
  // Shared like in production code, so that connection pooling (keep-alive) is exercised too.
  private static final HttpClient CLIENT = HttpClient.newHttpClient();

  private FakeClaude claude;

  @BeforeEach
  void startServer() {
    claude = FakeClaude.start();
  }

  @AfterEach
  void stopServer() {
    claude.close();
  }

  @Test
  void baseUrlIsLoopbackWithPortAndNoTrailingSlash() {
    assertTrue(claude.port() > 0);
    assertEquals(URI.create("http://127.0.0.1:" + claude.port()), claude.baseUrl());
    assertTrue(claude.toString().contains("http://127.0.0.1:" + claude.port()), claude.toString());
  }

  @Test
  void defaultReplyIsValidMessageEchoingModel() throws Exception {
    HttpResponse<String> response = post(VALID_BODY);

    assertEquals(200, response.statusCode());
    assertEquals("application/json", response.headers().firstValue("content-type").orElseThrow());
    JsonNode json = MAPPER.readTree(response.body());
    assertEquals("msg_fake_000001", json.get("id").asText());
    assertEquals("message", json.get("type").asText());
    assertEquals("assistant", json.get("role").asText());
    assertEquals("claude-test-1", json.get("model").asText());
    assertEquals(1, json.get("content").size());
    assertEquals("text", json.get("content").get(0).get("type").asText());
    assertEquals(FakeClaude.DEFAULT_TEXT, json.get("content").get(0).get("text").asText());
    assertEquals("end_turn", json.get("stop_reason").asText());
    assertTrue(json.get("stop_sequence").isNull());
    assertTrue(json.get("usage").get("input_tokens").asInt() >= 1);
    assertTrue(json.get("usage").get("output_tokens").asInt() >= 1);
  }

  @Test
  void defaultTextCanBeChanged() throws Exception {
    claude.defaultText("Bonjour");

    JsonNode json = MAPPER.readTree(post(VALID_BODY).body());

    assertEquals("Bonjour", json.get("content").get(0).get("text").asText());
  }

  @Test
  void bearerAuthorizationIsAcceptedInsteadOfApiKey() throws Exception {
    HttpResponse<String> response =
        send(
            HttpRequest.newBuilder(messagesUri())
                .header("authorization", "Bearer token")
                .header("anthropic-version", "2023-06-01")
                .POST(HttpRequest.BodyPublishers.ofString(VALID_BODY))
                .build());

    assertEquals(200, response.statusCode());
  }

  @Test
  void wrongMethodOrPathIsNotFound() throws Exception {
    HttpResponse<String> get = send(validRequest(VALID_BODY).GET().build());
    HttpResponse<String> otherPath =
        send(
            HttpRequest.newBuilder(claude.baseUrl().resolve("/v1/other"))
                .header("x-api-key", "sk-test")
                .header("anthropic-version", "2023-06-01")
                .POST(HttpRequest.BodyPublishers.ofString(VALID_BODY))
                .build());

    assertError(get, 404, "not_found_error", "GET /v1/messages");
    assertError(otherPath, 404, "not_found_error", "/v1/other");
  }

  @Test
  void missingCredentialsAreUnauthorized() throws Exception {
    HttpResponse<String> response =
        send(
            HttpRequest.newBuilder(messagesUri())
                .header("anthropic-version", "2023-06-01")
                .POST(HttpRequest.BodyPublishers.ofString(VALID_BODY))
                .build());

    assertError(response, 401, "authentication_error", "x-api-key");
  }

  @Test
  void missingVersionIsInvalid() throws Exception {
    HttpResponse<String> response =
        send(
            HttpRequest.newBuilder(messagesUri())
                .header("x-api-key", "sk-test")
                .POST(HttpRequest.BodyPublishers.ofString(VALID_BODY))
                .build());

    assertError(response, 400, "invalid_request_error", "anthropic-version");
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      textBlock =
          """
          not json                                            | JSON
          ''                                                  | JSON
          [1]                                                 | object
          {"model":"m","max_tokens":5,"messages":[1]} trailer | JSON
          {"max_tokens":5,"messages":[1]}                     | model
          {"model":"","max_tokens":5,"messages":[1]}          | model
          {"model":7,"max_tokens":5,"messages":[1]}           | model
          {"model":"m","messages":[1]}                        | max_tokens
          {"model":"m","max_tokens":0,"messages":[1]}         | max_tokens
          {"model":"m","max_tokens":1.5,"messages":[1]}       | max_tokens
          {"model":"m","max_tokens":5}                        | messages
          {"model":"m","max_tokens":5,"messages":{}}          | messages
          {"model":"m","max_tokens":5,"messages":[]}          | messages
          """)
  void invalidBodyIsInvalidRequestNamingTheField(String body, String mentioned) throws Exception {
    assertError(post(body), 400, "invalid_request_error", mentioned);
  }

  @Test
  void scriptedRepliesAreServedInOrderThenDefault() throws Exception {
    claude.enqueue(
        FakeResponse.text("one"), FakeResponse.error(529, "overloaded_error", "Overloaded"));
    assertEquals(2, claude.pendingResponses());

    HttpResponse<String> first = post(VALID_BODY);
    assertEquals(1, claude.pendingResponses());
    HttpResponse<String> second = post(VALID_BODY);
    HttpResponse<String> third = post(VALID_BODY);

    assertEquals(0, claude.pendingResponses());
    assertEquals(200, first.statusCode());
    assertEquals("one", MAPPER.readTree(first.body()).get("content").get(0).get("text").asText());
    assertEquals("claude-test-1", MAPPER.readTree(first.body()).get("model").asText());
    assertEquals(529, second.statusCode());
    JsonNode error = MAPPER.readTree(second.body());
    assertEquals("overloaded_error", error.get("error").get("type").asText());
    assertEquals("Overloaded", error.get("error").get("message").asText());
    assertEquals(200, third.statusCode());
    assertEquals(
        FakeClaude.DEFAULT_TEXT,
        MAPPER.readTree(third.body()).get("content").get(0).get("text").asText());
  }

  @Test
  void scriptedRepliesSkipValidation() throws Exception {
    claude.enqueue(FakeResponse.text("anything goes"));

    HttpResponse<String> response =
        send(HttpRequest.newBuilder(claude.baseUrl().resolve("/whatever")).GET().build());

    assertEquals(200, response.statusCode());
    JsonNode json = MAPPER.readTree(response.body());
    assertEquals("anything goes", json.get("content").get(0).get("text").asText());
    assertEquals(FakeResponse.FALLBACK_MODEL, json.get("model").asText());
  }

  @Test
  void messageWithSeveralBlocksStopReasonAndUsage() throws Exception {
    claude.enqueue(FakeResponse.message("a", "b").withStopReason("max_tokens").withUsage(10, 20));

    JsonNode json = MAPPER.readTree(post(VALID_BODY).body());

    assertEquals(2, json.get("content").size());
    assertEquals("b", json.get("content").get(1).get("text").asText());
    assertEquals("max_tokens", json.get("stop_reason").asText());
    assertEquals(10, json.get("usage").get("input_tokens").asInt());
    assertEquals(20, json.get("usage").get("output_tokens").asInt());
  }

  @Test
  void addedHeadersArePassedThrough() throws Exception {
    claude.enqueue(
        FakeResponse.error(429, "rate_limit_error", "Slow down")
            .withHeader("retry-after", "7")
            .withHeader("x-should-retry", "true"));

    HttpResponse<String> response = post(VALID_BODY);

    assertEquals(429, response.statusCode());
    assertEquals("7", response.headers().firstValue("retry-after").orElseThrow());
    assertEquals("true", response.headers().firstValue("x-should-retry").orElseThrow());
  }

  @Test
  void requestIdsAreSequentialAndMatchErrorBodies() throws Exception {
    claude.enqueue(
        FakeResponse.text("ok"),
        FakeResponse.error(500, "api_error", "boom"),
        FakeResponse.error(500, "api_error", "boom").withHeader("request-id", "req_custom"));

    HttpResponse<String> first = post(VALID_BODY);
    HttpResponse<String> second = post(VALID_BODY);
    HttpResponse<String> third = post(VALID_BODY);

    assertEquals("req_fake_000001", first.headers().firstValue("request-id").orElseThrow());
    assertEquals("msg_fake_000001", MAPPER.readTree(first.body()).get("id").asText());
    assertEquals("req_fake_000002", second.headers().firstValue("request-id").orElseThrow());
    assertEquals("req_fake_000002", MAPPER.readTree(second.body()).get("request_id").asText());
    assertEquals(List.of("req_custom"), third.headers().allValues("request-id"));
    assertEquals("req_custom", MAPPER.readTree(third.body()).get("request_id").asText());
  }

  @Test
  void recordsRequests() throws Exception {
    Instant before = Instant.now();
    post(VALID_BODY);
    post("{\"model\":\"second\",\"max_tokens\":1,\"messages\":[1]}");

    assertEquals(2, claude.requestCount());
    assertEquals(2, claude.requests().size());
    RecordedRequest first = claude.takeRequest();
    assertEquals("POST", first.method());
    assertEquals("/v1/messages", first.path());
    assertNull(first.query());
    assertEquals("sk-ant-secret-key", first.header("X-API-KEY"));
    assertEquals("2023-06-01", first.header("anthropic-version"));
    assertEquals(List.of("2023-06-01"), first.headers().get("Anthropic-Version"));
    assertTrue(first.headers().containsKey("x-api-key"));
    assertNull(first.header("x-missing"));
    assertEquals(VALID_BODY, first.body());
    assertEquals("claude-test-1", first.json().get("model").asText());
    assertFalse(first.receivedAt().isBefore(before));
    assertFalse(first.receivedAt().isAfter(Instant.now()));
    assertEquals("second", claude.takeRequest().json().get("model").asText());
    // Taken requests stay in the snapshot.
    assertEquals(2, claude.requests().size());
  }

  @Test
  void queryStringIsSeparatedFromPath() throws Exception {
    HttpResponse<String> response =
        send(
            HttpRequest.newBuilder(URI.create(claude.baseUrl() + "/v1/messages?beta=true"))
                .header("x-api-key", "sk-test")
                .header("anthropic-version", "2023-06-01")
                .POST(HttpRequest.BodyPublishers.ofString(VALID_BODY))
                .build());

    assertEquals(200, response.statusCode());
    RecordedRequest request = claude.takeRequest();
    assertEquals("/v1/messages", request.path());
    assertEquals("beta=true", request.query());
    assertTrue(request.toString().contains("POST /v1/messages?beta=true"), request.toString());
  }

  @Test
  void jsonOfNonJsonBodyFailsClearly() throws Exception {
    post("plain text");

    IllegalStateException e =
        assertThrows(IllegalStateException.class, () -> claude.takeRequest().json());
    assertTrue(e.getMessage().contains("not valid JSON"), e.getMessage());
  }

  @Test
  void takeRequestFailsWhenNothingArrives() {
    long start = System.nanoTime();
    AssertionError e =
        assertThrows(AssertionError.class, () -> claude.takeRequest(Duration.ofMillis(50)));
    assertTrue(e.getMessage().contains("No request arrived"), e.getMessage());
    assertTrue(System.nanoTime() - start < TimeUnit.SECONDS.toNanos(2));
  }

  @Test
  void toStringRedactsCredentials() throws Exception {
    send(
        HttpRequest.newBuilder(messagesUri())
            .header("x-api-key", "sk-ant-secret-key")
            .header("authorization", "Bearer secret-token")
            .header("anthropic-version", "2023-06-01")
            .POST(HttpRequest.BodyPublishers.ofString(VALID_BODY))
            .build());

    RecordedRequest request = claude.takeRequest();
    String text = request.toString();

    assertFalse(text.contains("secret"), text);
    assertTrue(text.contains("x-api-key=[***]"), text);
    assertTrue(text.contains("authorization=[Bearer ***]"), text);
    assertTrue(text.contains("anthropic-version=[2023-06-01]"), text);
    assertTrue(text.contains("POST /v1/messages"), text);
    assertEquals("sk-ant-secret-key", request.header("x-api-key"));
    assertEquals("Bearer secret-token", request.header("authorization"));
  }

  @Test
  void rawBodiesAreSentAsIs() throws Exception {
    String html = "<html><body>502 Bad Gateway</body></html>";
    claude.enqueue(
        FakeResponse.raw(502, "text/html", html),
        FakeResponse.raw(200, "application/json", ""),
        FakeResponse.raw(200, "application/json", "{\"id\":\"msg_"));

    HttpResponse<String> htmlResponse = post(VALID_BODY);
    HttpResponse<String> empty = post(VALID_BODY);
    HttpResponse<String> truncated = post(VALID_BODY);

    assertEquals(502, htmlResponse.statusCode());
    assertEquals("text/html", htmlResponse.headers().firstValue("content-type").orElseThrow());
    assertEquals(html, htmlResponse.body());
    assertTrue(htmlResponse.headers().firstValue("request-id").isPresent());
    assertEquals(200, empty.statusCode());
    assertEquals("", empty.body());
    assertEquals("0", empty.headers().firstValue("content-length").orElseThrow());
    assertEquals("{\"id\":\"msg_", truncated.body());
  }

  @Test
  void delayedReplyArrivesAfterDelay() throws Exception {
    claude.enqueue(FakeResponse.text("late").withDelay(Duration.ofMillis(300)));

    long start = System.nanoTime();
    HttpResponse<String> response = post(VALID_BODY);

    assertEquals(200, response.statusCode());
    assertTrue(System.nanoTime() - start >= TimeUnit.MILLISECONDS.toNanos(300));
  }

  @Test
  void delayMakesClientTimeOutAndCloseDoesNotWaitForIt() throws Exception {
    claude.enqueue(FakeResponse.text("never").withDelay(Duration.ofSeconds(30)));
    HttpRequest request = validRequest(VALID_BODY).timeout(Duration.ofMillis(200)).build();

    assertThrows(HttpTimeoutException.class, () -> send(request));

    // The client gave up after 200 ms; on a loaded machine that can be before the server has read
    // the whole request, so wait for it rather than count it at once.
    assertEquals("/v1/messages", claude.takeRequest().path());
    long start = System.nanoTime();
    claude.close();
    assertTrue(System.nanoTime() - start < TimeUnit.SECONDS.toNanos(5));
  }

  @Test
  void closeDuringDelayEndsWaitingClientPromptly() throws Exception {
    claude.enqueue(FakeResponse.text("never").withDelay(Duration.ofSeconds(30)));
    CompletableFuture<HttpResponse<String>> pending =
        CLIENT.sendAsync(validRequest(VALID_BODY).build(), HttpResponse.BodyHandlers.ofString());
    claude.takeRequest();

    long start = System.nanoTime();
    claude.close();
    assertTrue(System.nanoTime() - start < TimeUnit.SECONDS.toNanos(5));

    Exception e = assertThrows(Exception.class, () -> pending.get(5, TimeUnit.SECONDS));
    assertTrue(e.getCause() instanceof IOException, String.valueOf(e.getCause()));
  }

  @Test
  void disconnectMakesClientFail() throws Exception {
    claude.enqueue(FakeResponse.disconnect());

    assertThrows(IOException.class, () -> post(VALID_BODY));
    assertEquals(1, claude.requestCount());
    // The next request, on a new connection, gets the default reply.
    assertEquals(200, post(VALID_BODY).statusCode());
  }

  @Test
  void expectContinueIsHonoured() throws Exception {
    HttpResponse<String> response = send(validRequest(VALID_BODY).expectContinue(true).build());

    assertEquals(200, response.statusCode());
    assertEquals(VALID_BODY, claude.takeRequest().body());
  }

  @Test
  void answersManyConcurrentRequests() throws Exception {
    List<CompletableFuture<HttpResponse<String>>> futures = new ArrayList<>();
    for (int i = 0; i < 50; i++) {
      futures.add(
          CLIENT.sendAsync(validRequest(VALID_BODY).build(), HttpResponse.BodyHandlers.ofString()));
    }

    Set<String> requestIds = new HashSet<>();
    for (CompletableFuture<HttpResponse<String>> future : futures) {
      HttpResponse<String> response = future.get(10, TimeUnit.SECONDS);
      assertEquals(200, response.statusCode());
      requestIds.add(response.headers().firstValue("request-id").orElseThrow());
    }
    assertEquals(50, requestIds.size());
    assertEquals(50, claude.requestCount());
  }

  @Test
  void closeIsIdempotentAndStopsServing() throws Exception {
    post(VALID_BODY);

    claude.close();
    claude.close();

    assertThrows(IOException.class, () -> send(validRequest(VALID_BODY).build()));
    assertTrue(claude.toString().contains("closed"), claude.toString());
    assertEquals(1, claude.requests().size());
    assertNotNull(claude.takeRequest());
  }

  @Test
  void serversAreIndependent() throws Exception {
    try (FakeClaude other = FakeClaude.start()) {
      assertNotEquals(claude.port(), other.port());
      other.enqueue(FakeResponse.text("other"));
      post(VALID_BODY);
      assertEquals(0, other.requestCount());
      assertEquals(1, other.pendingResponses());
    }
  }

  private static void assertError(
      HttpResponse<String> response, int status, String errorType, String messageMentions)
      throws IOException {
    assertEquals(status, response.statusCode());
    assertEquals("application/json", response.headers().firstValue("content-type").orElseThrow());
    JsonNode json = MAPPER.readTree(response.body());
    assertEquals("error", json.get("type").asText());
    assertEquals(errorType, json.get("error").get("type").asText());
    String message = json.get("error").get("message").asText();
    assertTrue(message.contains(messageMentions), message);
    assertEquals(
        response.headers().firstValue("request-id").orElseThrow(), json.get("request_id").asText());
  }

  private URI messagesUri() {
    return URI.create(claude.baseUrl() + "/v1/messages");
  }

  private HttpRequest.Builder validRequest(String body) {
    return HttpRequest.newBuilder(messagesUri())
        .header("x-api-key", "sk-ant-secret-key")
        .header("anthropic-version", "2023-06-01")
        .header("content-type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString(body));
  }

  private HttpResponse<String> post(String body) throws IOException, InterruptedException {
    return send(validRequest(body).build());
  }

  private static HttpResponse<String> send(HttpRequest request)
      throws IOException, InterruptedException {
    return CLIENT.send(request, HttpResponse.BodyHandlers.ofString());
  }
}
