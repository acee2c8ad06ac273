package dev.claudegen.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.claudegen.testing.FakeClaude;
import dev.claudegen.testing.FakeClaudeExtension;
import dev.claudegen.testing.FakeResponse;
import dev.claudegen.testing.RecordedRequest;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** Where {@code cache_control} goes on the wire, over loopback. */
@ExtendWith(FakeClaudeExtension.class)
class CacheMarkersTest {

  private static final ObjectMapper MAPPER = new ObjectMapper();

  /** Tools as the processor writes them for a cached method: the marker on the last tool. */
  private static final String CACHED_TOOLS =
      "[{\"name\":\"lookup\",\"input_schema\":{\"type\":\"object\",\"properties\":"
          + "{\"id\":{\"type\":\"string\"}},\"required\":[\"id\"],\"additionalProperties\":false},"
          + "\"cache_control\":{\"type\":\"ephemeral\"}}]";

  private static final List<Message> HISTORY =
      List.of(Message.user("Where is A1?"), Message.assistant("It has shipped."));

  private static Prompt chat() {
    return Prompt.builder()
        .system("You answer order questions.")
        .system("Orders: A1, B2.")
        .conversation(HISTORY)
        .user("And B2?")
        .build();
  }

  private static ClaudeCall<String> bind(FakeClaude fake, CallSpec.Builder spec) {
    return TestBuilder.against(fake).client().bind(spec.build());
  }

  private static CallSpec.Builder chatSpec() {
    return TestBuilder.spec().conversationParameter("history").userParameters("question");
  }

  private static JsonNode json(String text) throws Exception {
    return MAPPER.readTree(text);
  }

  private static final JsonNode FIVE_MINUTES = MAPPER.createObjectNode().put("type", "ephemeral");

  private static final JsonNode ONE_HOUR =
      MAPPER.createObjectNode().put("type", "ephemeral").put("ttl", "1h");

  /** Every {@code cache_control} in the request, in document order. */
  private static List<JsonNode> markers(RecordedRequest request) {
    return request.json().findValues("cache_control");
  }

  @Test
  void theSystemsLastBlockAndTheConversationsLastTurnAreMarked(FakeClaude fake) throws Exception {
    bind(fake, chatSpec().cacheTtl("5m")).call(chat());

    RecordedRequest request = fake.takeRequest();
    JsonNode system = request.json().get("system");
    assertEquals(
        json(
            "[{\"type\":\"text\",\"text\":\"You answer order questions.\"},"
                + "{\"type\":\"text\",\"text\":\"Orders: A1, B2.\","
                + "\"cache_control\":{\"type\":\"ephemeral\"}}]"),
        system);
    JsonNode messages = request.json().get("messages");
    assertEquals(json("{\"role\":\"user\",\"content\":\"Where is A1?\"}"), messages.get(0));
    assertEquals(
        json(
            "{\"role\":\"assistant\",\"content\":[{\"type\":\"text\",\"text\":\"It has shipped.\","
                + "\"cache_control\":{\"type\":\"ephemeral\"}}]}"),
        messages.get(1));
    // The @UserPrompt turn after the conversation changes every call: not marked.
    assertEquals(json("{\"role\":\"user\",\"content\":\"And B2?\"}"), messages.get(2));
    assertEquals(List.of(FIVE_MINUTES, FIVE_MINUTES), markers(request));
  }

  @Test
  void aSingleSystemPromptIsSentAsOneMarkedBlock(FakeClaude fake) throws Exception {
    bind(fake, TestBuilder.spec().cacheTtl("5m")).call(Prompt.of("Be terse.", "Hi"));

    RecordedRequest request = fake.takeRequest();
    assertEquals(
        json(
            "[{\"type\":\"text\",\"text\":\"Be terse.\","
                + "\"cache_control\":{\"type\":\"ephemeral\"}}]"),
        request.json().get("system"));
    // Without a conversation the user turn is the call's own input: not marked.
    assertEquals("Hi", request.json().get("messages").get(0).get("content").asText());
  }

  @Test
  void theHourTtlIsWrittenOnEveryMarker(FakeClaude fake) {
    bind(fake, chatSpec().cacheTtl("1h")).call(chat());

    assertEquals(List.of(ONE_HOUR, ONE_HOUR), markers(fake.takeRequest()));
  }

  @Test
  void withoutCacheControlNothingIsMarked(FakeClaude fake) {
    bind(fake, chatSpec()).call(chat());

    RecordedRequest request = fake.takeRequest();
    assertEquals(List.of(), markers(request));
    assertFalse(request.body().contains("cache_control"));
    assertTrue(request.json().get("system").isArray(), "two system blocks stay an array");
    assertEquals("It has shipped.", request.json().get("messages").get(1).get("content").asText());
  }

  @Test
  void aToolLoopMarksTheLatestToolResultsTurn(FakeClaude fake) throws Exception {
    fake.enqueue(
        ToolLoopTest.asks(ToolLoopTest.use("toolu_1", "lookup", "{\"id\":\"B2\"}")),
        ToolLoopTest.asks(ToolLoopTest.use("toolu_2", "lookup", "{\"id\":\"A1\"}")),
        FakeResponse.text("B2 is on its way."));
    ClaudeCall<String> call =
        TestBuilder.against(fake)
            .client()
            .bind(
                chatSpec().tools(CACHED_TOOLS, 8).cacheTtl("5m").build(),
                ReplyDecoder.TEXT,
                ToolBox.builder().add("lookup", input -> "shipped").build());

    call.call(chat());

    RecordedRequest first = fake.takeRequest();
    RecordedRequest second = fake.takeRequest();
    RecordedRequest third = fake.takeRequest();
    // The tools' JSON is the compile-time text, byte for byte.
    for (RecordedRequest request : List.of(first, second, third)) {
      assertTrue(request.body().contains("\"tools\":" + CACHED_TOOLS), request.body());
    }
    // Tools, system, the conversation's last turn: 3 markers; the rounds add one, always the last.
    assertEquals(3, markers(first).size());
    JsonNode results = second.json().get("messages").get(4);
    assertEquals("user", results.get("role").asText());
    assertEquals(FIVE_MINUTES, results.get("content").get(0).get("cache_control"));
    assertEquals(4, markers(second).size());
    JsonNode thirdMessages = third.json().get("messages");
    assertNull(thirdMessages.get(4).get("content").get(0).get("cache_control"), "no longer latest");
    assertEquals(FIVE_MINUTES, thirdMessages.get(6).get("content").get(0).get("cache_control"));
    assertEquals(4, markers(third).size(), "the API's limit of 4 breakpoints holds");
    // The conversation's last turn keeps its marker in every round; the @UserPrompt turn has none.
    assertEquals(
        FIVE_MINUTES, thirdMessages.get(1).get("content").get(0).get("cache_control"));
    assertEquals("And B2?", thirdMessages.get(2).get("content").asText());
  }
}
