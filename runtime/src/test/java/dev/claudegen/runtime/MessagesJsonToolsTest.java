package dev.claudegen.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The request bytes of tools, tool results and cache markers, exactly. */
class MessagesJsonToolsTest {

  private static final String TOOLS =
      "[{\"name\":\"lookup\",\"input_schema\":{\"type\":\"object\",\"properties\":{}}}]";

  private static String body(CallSpec spec, Prompt prompt) {
    return new String(MessagesJson.request(spec, spec.model(), prompt), StandardCharsets.UTF_8);
  }

  private static CallSpec.Builder spec() {
    return CallSpec.builder("A.m()", "m", 10);
  }

  private static final Message ASKS =
      new Message(
          Message.Role.ASSISTANT,
          List.of(
              ContentBlock.text("Looking."),
              new ContentBlock.ToolUse("toolu_1", "lookup", "{\"id\":7}")));

  @Test
  void toolsAreCopiedAsTheyAreAfterTheMessages() {
    // Spacing and key order of the compile-time text survive: it is never re-parsed.
    String tools = "[ {\"name\":\"x\",  \"input_schema\":{\"type\":\"object\"}} ]";

    assertEquals(
        "{\"model\":\"m\",\"max_tokens\":10,\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}],"
            + "\"tools\":"
            + tools
            + ",\"temperature\":0.5}",
        body(spec().tools(tools, 3).temperature(0.5).build(), Prompt.of(null, "hi")));
  }

  @Test
  void toolResultsWithContentWithoutContentAndErrors() {
    Message results =
        new Message(
            Message.Role.USER,
            List.of(
                new ContentBlock.ToolResult("toolu_1", "{\"ok\":true}", false),
                new ContentBlock.ToolResult("toolu_2", null, false),
                new ContentBlock.ToolResult("toolu_3", "no such order", true)));
    Prompt prompt = Prompt.of(null, "hi").withToolRound(ASKS, results);

    assertEquals(
        "{\"model\":\"m\",\"max_tokens\":10,\"messages\":["
            + "{\"role\":\"user\",\"content\":\"hi\"},"
            + "{\"role\":\"assistant\",\"content\":[{\"type\":\"text\",\"text\":\"Looking.\"},"
            + "{\"type\":\"tool_use\",\"id\":\"toolu_1\",\"name\":\"lookup\","
            + "\"input\":{\"id\":7}}]},"
            + "{\"role\":\"user\",\"content\":["
            + "{\"type\":\"tool_result\",\"tool_use_id\":\"toolu_1\","
            + "\"content\":\"{\\\"ok\\\":true}\"},"
            + "{\"type\":\"tool_result\",\"tool_use_id\":\"toolu_2\"},"
            + "{\"type\":\"tool_result\",\"tool_use_id\":\"toolu_3\",\"content\":\"no such order\","
            + "\"is_error\":true}]}],"
            + "\"tools\":"
            + TOOLS
            + "}",
        body(spec().tools(TOOLS, 3).build(), prompt));
  }

  @Test
  void withoutCacheTtlNothingIsMarkedAndTheSystemStaysAString() {
    Prompt prompt =
        Prompt.builder()
            .system("Be brief.")
            .conversation(List.of(Message.user("a"), Message.assistant("b")))
            .user("c")
            .build();

    assertEquals(
        "{\"model\":\"m\",\"max_tokens\":10,\"system\":\"Be brief.\",\"messages\":["
            + "{\"role\":\"user\",\"content\":\"a\"},{\"role\":\"assistant\",\"content\":\"b\"},"
            + "{\"role\":\"user\",\"content\":\"c\"}]}",
        body(spec().build(), prompt));
  }

  @Test
  void cacheMarksTheLastSystemBlockAndTheConversationsLastTurnNotTheUserPromptTurn() {
    Prompt prompt =
        Prompt.builder()
            .system("You are terse.")
            .system("Facts: ...")
            .conversation(List.of(Message.user("a"), Message.assistant("b")))
            .user("c")
            .build();

    assertEquals(
        "{\"model\":\"m\",\"max_tokens\":10,\"system\":["
            + "{\"type\":\"text\",\"text\":\"You are terse.\"},"
            + "{\"type\":\"text\",\"text\":\"Facts: ...\","
            + "\"cache_control\":{\"type\":\"ephemeral\"}}],"
            + "\"messages\":[{\"role\":\"user\",\"content\":\"a\"},"
            + "{\"role\":\"assistant\",\"content\":[{\"type\":\"text\",\"text\":\"b\","
            + "\"cache_control\":{\"type\":\"ephemeral\"}}]},"
            + "{\"role\":\"user\",\"content\":\"c\"}]}",
        body(spec().cacheTtl("5m").build(), prompt));
  }

  @Test
  void oneSystemBlockIsSentAsAnArrayWhenCachedWithTheHourTtl() {
    assertEquals(
        "{\"model\":\"m\",\"max_tokens\":10,\"system\":[{\"type\":\"text\",\"text\":\"S\","
            + "\"cache_control\":{\"type\":\"ephemeral\",\"ttl\":\"1h\"}}],"
            + "\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}",
        body(spec().cacheTtl("1h").build(), Prompt.of("S", "hi")));
  }

  @Test
  void theMarkerSkipsThinkingBlocksOfTheLastTurn() {
    Message reply =
        new Message(
            Message.Role.ASSISTANT,
            List.of(ContentBlock.text("x"), new ContentBlock.Thinking("hmm", "sig")));
    Prompt prompt =
        Prompt.builder().conversation(List.of(Message.user("q"), reply)).user("next").build();

    assertEquals(
        "{\"model\":\"m\",\"max_tokens\":10,\"messages\":[{\"role\":\"user\",\"content\":\"q\"},"
            + "{\"role\":\"assistant\",\"content\":[{\"type\":\"text\",\"text\":\"x\","
            + "\"cache_control\":{\"type\":\"ephemeral\"}},"
            + "{\"type\":\"thinking\",\"thinking\":\"hmm\",\"signature\":\"sig\"}]},"
            + "{\"role\":\"user\",\"content\":\"next\"}]}",
        body(spec().cacheTtl("5m").build(), prompt));
  }

  @Test
  void aTurnOfOnlyThinkingIsNotMarked() {
    Message thinking =
        new Message(Message.Role.ASSISTANT, List.of(new ContentBlock.RedactedThinking("enc")));
    Prompt prompt =
        Prompt.builder().conversation(List.of(Message.user("q"), thinking)).user("next").build();

    assertEquals(
        "{\"model\":\"m\",\"max_tokens\":10,\"messages\":[{\"role\":\"user\",\"content\":\"q\"},"
            + "{\"role\":\"assistant\",\"content\":"
            + "[{\"type\":\"redacted_thinking\",\"data\":\"enc\"}]},"
            + "{\"role\":\"user\",\"content\":\"next\"}]}",
        body(spec().cacheTtl("5m").build(), prompt));
  }

  @Test
  void onlyTheLatestToolResultsTurnIsMarked() {
    Message first =
        new Message(
            Message.Role.USER, List.of(new ContentBlock.ToolResult("toolu_1", "one", false)));
    Message askAgain =
        new Message(
            Message.Role.ASSISTANT,
            List.of(new ContentBlock.ToolUse("toolu_2", "lookup", "{}")));
    Message second =
        new Message(
            Message.Role.USER,
            List.of(
                new ContentBlock.ToolResult("toolu_2", "two", false),
                new ContentBlock.ToolResult("toolu_3", null, true)));
    Prompt prompt =
        Prompt.of(null, "hi").withToolRound(ASKS, first).withToolRound(askAgain, second);

    assertEquals(
        "{\"model\":\"m\",\"max_tokens\":10,\"messages\":["
            + "{\"role\":\"user\",\"content\":\"hi\"},"
            + "{\"role\":\"assistant\",\"content\":[{\"type\":\"text\",\"text\":\"Looking.\"},"
            + "{\"type\":\"tool_use\",\"id\":\"toolu_1\",\"name\":\"lookup\","
            + "\"input\":{\"id\":7}}]},"
            + "{\"role\":\"user\",\"content\":["
            + "{\"type\":\"tool_result\",\"tool_use_id\":\"toolu_1\",\"content\":\"one\"}]},"
            + "{\"role\":\"assistant\",\"content\":["
            + "{\"type\":\"tool_use\",\"id\":\"toolu_2\",\"name\":\"lookup\",\"input\":{}}]},"
            + "{\"role\":\"user\",\"content\":["
            + "{\"type\":\"tool_result\",\"tool_use_id\":\"toolu_2\",\"content\":\"two\"},"
            + "{\"type\":\"tool_result\",\"tool_use_id\":\"toolu_3\",\"is_error\":true,"
            + "\"cache_control\":{\"type\":\"ephemeral\"}}]}],"
            + "\"tools\":"
            + TOOLS
            + "}",
        body(spec().tools(TOOLS, 3).cacheTtl("5m").build(), prompt));
  }

  @Test
  void aToolRoundKeepsTheConversationIndexes() {
    Prompt prompt = Prompt.builder().conversation(List.of(Message.user("q"))).build();
    Message results =
        new Message(Message.Role.USER, List.of(new ContentBlock.ToolResult("toolu_1", "r", false)));

    Prompt next = prompt.withToolRound(ASKS, results);

    assertEquals(0, next.conversationStart());
    assertEquals(1, next.conversationEnd());
    assertEquals(1, next.toolRoundsStart());
    assertEquals(2, next.latestToolResultsTurn());
    assertEquals(1, next.withToolRound(ASKS, results).toolRoundsStart());
    assertEquals(4, next.withToolRound(ASKS, results).latestToolResultsTurn());
    assertEquals(-1, prompt.latestToolResultsTurn());
  }
}
