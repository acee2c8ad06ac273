package dev.claudegen.processor;

import static dev.claudegen.processor.Compiler.assistant;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.claudegen.runtime.OverloadedException;
import dev.claudegen.runtime.RateLimitException;
import dev.claudegen.runtime.Sleeper;
import dev.claudegen.testing.FakeClaude;
import dev.claudegen.testing.FakeResponse;
import dev.claudegen.testing.RecordedRequest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import javax.tools.JavaFileObject;
import org.junit.jupiter.api.Test;

/**
 * An interface compiled by the real processor, its generated client loaded and called against
 * FakeClaude over loopback HTTP.
 */
class EndToEndTest {

  private static final JavaFileObject ASSISTANT =
      assistant(
          "@ClaudeEndpoint(model = \"claude-sonnet-4-6\", maxTokens = 1024)",
          "@SystemPrompt(\"You edit for {audience}.\")",
          "public interface Assistant {",
          "  @UserPrompt(\"Summarize in {words} words: {text}\")",
          "  String summarize(String audience, int words, String text);",
          "",
          "  @ClaudeEndpoint(model = \"claude-haiku-4-5\", maxTokens = 64, temperature = 0.5,",
          "      topK = 5, stopSequences = \"END\", apiVersion = \"2023-06-01\")",
          "  @SystemPrompt(\"Answer with one word.\")",
          "  String ask(String question);",
          "",
          "  @ClaudeEndpoint(model = \"claude-haiku-4-5\", maxTokens = 64)",
          "  @Retry(on = ErrorKind.OVERLOADED, maxAttempts = 2, initialDelay = \"2s\","
              + " jitter = 0)",
          "  @Retry(on = ErrorKind.RATE_LIMIT, maxAttempts = 1)",
          "  @SystemPrompt(\"Label the ticket.\")",
          "  String label(String ticket);",
          "}");

  @Test
  void generatedClientSendsTheTemplatedRequestAndReturnsTheReplyText() throws Throwable {
    try (FakeClaude claude = FakeClaude.start()) {
      claude.enqueue(FakeResponse.message("A short ", "summary."));
      Object client = build(claude);

      Object text = invoke(client, "summarize", "lawyers", 12, "The \"contract\" ends\nin May.");

      assertEquals("A short summary.", text);
      RecordedRequest request = claude.takeRequest();
      assertEquals("POST", request.method());
      assertEquals("/v1/messages", request.path());
      assertEquals("test-key", request.header("x-api-key"));
      assertEquals("2026-10-21", request.header("anthropic-version"));
      JsonNode json = request.json();
      assertEquals("claude-sonnet-4-6", json.get("model").asText());
      assertEquals(1024, json.get("max_tokens").asInt());
      assertEquals("You edit for lawyers.", json.get("system").asText());
      assertEquals("user", json.get("messages").get(0).get("role").asText());
      assertEquals(
          "Summarize in 12 words: The \"contract\" ends\nin May.",
          json.get("messages").get(0).get("content").asText());
      assertFalse(json.has("temperature"));
      assertFalse(json.has("top_k"));
      assertFalse(json.has("stop_sequences"));
    }
  }

  @Test
  void methodLevelEndpointReplacesTheInterfacesOne() throws Throwable {
    try (FakeClaude claude = FakeClaude.start()) {
      Object client = build(claude);

      invoke(client, "ask", "Capital of France?");

      RecordedRequest request = claude.takeRequest();
      assertEquals("2023-06-01", request.header("anthropic-version"));
      JsonNode json = request.json();
      assertEquals("claude-haiku-4-5", json.get("model").asText());
      assertEquals(64, json.get("max_tokens").asInt());
      assertEquals(0.5, json.get("temperature").asDouble());
      assertEquals(5, json.get("top_k").asInt());
      assertEquals("END", json.get("stop_sequences").get(0).asText());
      assertEquals("Answer with one word.", json.get("system").asText());
      assertEquals("Capital of France?", json.get("messages").get(0).get("content").asText());
    }
  }

  @Test
  void errorsArriveAsTypedExceptionsWithRequestIdAfterTheDefaultRetries() throws Exception {
    try (FakeClaude claude = FakeClaude.start()) {
      // No @Retry on ask: the default schedule, three attempts on overload.
      for (int i = 1; i <= 3; i++) {
        claude.enqueue(
            FakeResponse.error(529, "overloaded_error", "Overloaded")
                .withHeader("request-id", "req_e2e_" + i));
      }
      List<Duration> waits = new ArrayList<>();
      Object client = build(claude, waits::add);

      OverloadedException error =
          assertThrows(OverloadedException.class, () -> invoke(client, "ask", "Hi?"));

      assertEquals(529, error.statusCode());
      assertEquals("overloaded_error", error.errorType());
      assertEquals("req_e2e_3", error.requestId());
      assertEquals(3, error.attempts());
      assertEquals(
          "529 overloaded_error: Overloaded (request-id req_e2e_3, attempt 3 of 3)",
          error.getMessage());
      assertEquals(3, claude.requestCount());
      assertEquals(2, waits.size());
    }
  }

  @Test
  void generatedRetrySchedulesAreTheOnesTheRuntimeFollows() throws Exception {
    try (FakeClaude claude = FakeClaude.start()) {
      claude.enqueue(FakeResponse.error(529, "overloaded_error", "Overloaded"));
      claude.enqueue(FakeResponse.error(529, "overloaded_error", "Overloaded"));
      claude.enqueue(FakeResponse.error(429, "rate_limit_error", "Slow down"));
      List<Duration> waits = new ArrayList<>();
      Object client = build(claude, waits::add);

      OverloadedException overloaded =
          assertThrows(OverloadedException.class, () -> invoke(client, "label", "T-1"));
      assertEquals(2, overloaded.attempts());
      assertEquals(List.of(Duration.ofSeconds(2)), waits);

      // maxAttempts = 1: a rate limit is not retried.
      assertThrows(RateLimitException.class, () -> invoke(client, "label", "T-2"));
      assertEquals(3, claude.requestCount());
      assertEquals(1, waits.size());
    }
  }

  @Test
  void nullArgumentFailsBeforeAnyRequestNamingTheParameter() throws Exception {
    try (FakeClaude claude = FakeClaude.start()) {
      Object client = build(claude);

      NullPointerException error =
          assertThrows(
              NullPointerException.class, () -> invoke(client, "summarize", "x", 3, null));

      assertTrue(error.getMessage().contains("parameter 'text' is null"), error.getMessage());
      assertEquals(0, claude.requestCount());
    }
  }

  /** A client with key {@code test-key} whose retries do not wait. */
  private static Object build(FakeClaude claude) throws Exception {
    return build(claude, duration -> {});
  }

  private static Object build(FakeClaude claude, Sleeper sleeper) throws Exception {
    return GeneratedClients.build(ASSISTANT, "com.acme.ClaudeAssistant", claude, sleeper);
  }

  private static Object invoke(Object client, String name, Object... args) throws Throwable {
    return GeneratedClients.invoke(client, name, args);
  }
}
