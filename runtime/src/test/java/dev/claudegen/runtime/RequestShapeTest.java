package dev.claudegen.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.claudegen.testing.FakeClaude;
import dev.claudegen.testing.FakeClaudeExtension;
import dev.claudegen.testing.RecordedRequest;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(FakeClaudeExtension.class)
class RequestShapeTest {

  private static Set<String> fieldNames(JsonNode node) {
    Set<String> names = new TreeSet<>();
    node.fieldNames().forEachRemaining(names::add);
    return names;
  }

  @Test
  void postsToMessagesPathWithKeyVersionAndJsonHeaders(FakeClaude fake) {
    TestBuilder.call(fake).text("sys", "hi");

    RecordedRequest request = fake.takeRequest();
    assertEquals("POST", request.method());
    assertEquals("/v1/messages", request.path());
    assertEquals(null, request.query());
    assertEquals("test-key", request.header("x-api-key"));
    assertEquals("2026-10-21", request.header("anthropic-version"));
    assertEquals(CallSpec.DEFAULT_API_VERSION, request.header("anthropic-version"));
    assertEquals("application/json", request.header("content-type"));
    assertEquals("application/json", request.header("accept"));
  }

  @Test
  void sendsTheSpecsApiVersion(FakeClaude fake) {
    TestBuilder.call(fake, TestBuilder.spec().apiVersion("2023-06-01").build()).text(null, "hi");

    assertEquals("2023-06-01", fake.takeRequest().header("anthropic-version"));
  }

  @Test
  void bodyHasModelMaxTokensSystemAndOneUserMessage(FakeClaude fake) {
    CallSpec spec = CallSpec.builder("A.b()", "claude-haiku-4-5", 77).build();
    TestBuilder.call(fake, spec).text("Be brief.", "Summarize this.");

    JsonNode body = fake.takeRequest().json();
    assertEquals(Set.of("model", "max_tokens", "system", "messages"), fieldNames(body));
    assertEquals("claude-haiku-4-5", body.get("model").asText());
    assertTrue(body.get("max_tokens").isInt());
    assertEquals(77, body.get("max_tokens").asInt());
    assertEquals("Be brief.", body.get("system").asText());
    JsonNode messages = body.get("messages");
    assertEquals(1, messages.size());
    assertEquals(Set.of("role", "content"), fieldNames(messages.get(0)));
    assertEquals("user", messages.get(0).get("role").asText());
    assertEquals("Summarize this.", messages.get(0).get("content").asText());
  }

  @Test
  void nullSystemPromptIsLeftOut(FakeClaude fake) {
    TestBuilder.call(fake).text(null, "hi");

    JsonNode body = fake.takeRequest().json();
    assertFalse(body.has("system"), body.toString());
    assertEquals(Set.of("model", "max_tokens", "messages"), fieldNames(body));
  }

  @Test
  void emptySystemPromptIsLeftOut(FakeClaude fake) {
    TestBuilder.call(fake).text("", "hi");

    assertFalse(fake.takeRequest().json().has("system"));
  }

  @Test
  void samplingFieldsAreAbsentUnlessSet(FakeClaude fake) {
    TestBuilder.call(fake).text("sys", "hi");

    JsonNode body = fake.takeRequest().json();
    for (String field : List.of("temperature", "top_p", "top_k", "stop_sequences", "thinking")) {
      assertFalse(body.has(field), field + " in " + body);
    }
  }

  @Test
  void samplingFieldsAreSentWhenSet(FakeClaude fake) {
    CallSpec spec =
        TestBuilder.spec()
            .temperature(0.25)
            .topP(0.9)
            .topK(40)
            .stopSequences("END", "\n\nHuman:")
            .thinkingBudget(2048)
            .build();
    TestBuilder.call(fake, spec).text(null, "hi");

    JsonNode body = fake.takeRequest().json();
    assertEquals(0.25, body.get("temperature").asDouble());
    assertEquals(0.9, body.get("top_p").asDouble());
    assertEquals(40, body.get("top_k").asInt());
    List<String> stops = new ArrayList<>();
    body.get("stop_sequences").forEach(stop -> stops.add(stop.asText()));
    assertEquals(List.of("END", "\n\nHuman:"), stops);
    JsonNode thinking = body.get("thinking");
    assertEquals(Set.of("type", "budget_tokens"), fieldNames(thinking));
    assertEquals("enabled", thinking.get("type").asText());
    assertEquals(2048, thinking.get("budget_tokens").asInt());
  }

  @Test
  void eachSamplingFieldIsSentOnItsOwn(FakeClaude fake) {
    TestBuilder.call(fake, TestBuilder.spec().temperature(0.0).build()).text(null, "a");
    TestBuilder.call(fake, TestBuilder.spec().topK(0).build()).text(null, "b");
    TestBuilder.call(fake, TestBuilder.spec().stopSequences("STOP").build()).text(null, "c");

    assertEquals(
        Set.of("model", "max_tokens", "messages", "temperature"),
        fieldNames(fake.takeRequest().json()));
    JsonNode topK = fake.takeRequest().json();
    assertEquals(Set.of("model", "max_tokens", "messages", "top_k"), fieldNames(topK));
    assertEquals(0, topK.get("top_k").asInt());
    assertEquals(
        Set.of("model", "max_tokens", "messages", "stop_sequences"),
        fieldNames(fake.takeRequest().json()));
  }

  @Test
  void unicodeQuotesAndControlCharactersSurviveTheRoundTrip(FakeClaude fake) {
    String system = "Système: «réponds» en 日本語 🌍\n\t\"quoted\" \\ back\\slash";
    String user = "Line one\nLine \"two\"\r\n\u0001\u001f end 😀 \u2028 </script>";
    String answer = "Grüße 世界 🌍 \"ok\"\n\\n";
    fake.defaultText(answer);

    String text = TestBuilder.call(fake).text(system, user);

    JsonNode body = fake.takeRequest().json();
    assertEquals(system, body.get("system").asText());
    assertEquals(user, body.get("messages").get(0).get("content").asText());
    assertEquals(answer, text);
  }
}
