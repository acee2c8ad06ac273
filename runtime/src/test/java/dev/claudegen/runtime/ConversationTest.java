package dev.claudegen.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.fasterxml.jackson.databind.JsonNode;
import dev.claudegen.testing.FakeClaude;
import dev.claudegen.testing.FakeClaudeExtension;
import dev.claudegen.testing.FakeResponse;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.Function;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** Conversations on the wire, and the ones refused before sending. */
@ExtendWith(FakeClaudeExtension.class)
class ConversationTest {

  private static final String METHOD = "Assistant.chat(List,String)";

  private static ClaudeCall<String> chat(FakeClaude fake) {
    return TestBuilder.against(fake)
        .client()
        .bind(
            CallSpec.builder(METHOD, TestBuilder.MODEL, 1024)
                .conversationParameter("history")
                .userParameters("question")
                .build());
  }

  private static Prompt withQuestion(List<Message> history) {
    return Prompt.builder().system("Be brief.").conversation(history).user("And Italy?").build();
  }

  private static Prompt alone(List<Message> history) {
    return Prompt.builder().system("Be brief.").conversation(history).build();
  }

  @Test
  void systemThenTheTurnsInOrderThenTheUserTurn(FakeClaude fake) {
    List<Message> history =
        List.of(
            Message.user("Capital of France?"),
            Message.assistant("Paris."),
            Message.user("And Spain?"),
            Message.assistant("Madrid."));

    assertEquals(FakeClaude.DEFAULT_TEXT, chat(fake).call(withQuestion(history)));

    JsonNode json = fake.takeRequest().json();
    assertEquals("Be brief.", json.get("system").asText());
    JsonNode messages = json.get("messages");
    List<String> wire = new ArrayList<>();
    for (JsonNode message : messages) {
      wire.add(message.get("role").asText() + ": " + message.get("content").asText());
    }
    assertEquals(
        List.of(
            "user: Capital of France?",
            "assistant: Paris.",
            "user: And Spain?",
            "assistant: Madrid.",
            "user: And Italy?"),
        wire);
  }

  @Test
  void aConversationEndingWithTheUserIsTheWholeInput(FakeClaude fake) {
    chat(fake).call(alone(List.of(Message.user("Hi"), Message.assistant("Hello."), Message.user("Bye"))));

    assertEquals(3, fake.takeRequest().json().get("messages").size());
  }

  @Test
  void theAsyncModeSendsTheSameTurns(FakeClaude fake) {
    fake.enqueue(FakeResponse.text("Rome."));
    List<Message> history = List.of(Message.user("Capital of France?"), Message.assistant("Paris."));

    assertEquals("Rome.", chat(fake).callAsync(withQuestion(history)).join());

    JsonNode messages = fake.takeRequest().json().get("messages");
    assertEquals(3, messages.size());
    assertEquals("And Italy?", messages.get(2).get("content").asText());
  }

  /** Each bad conversation, the message it fails with, and nothing sent. */
  private static void refused(
      FakeClaude fake,
      Class<? extends RuntimeException> type,
      Function<List<Message>, Prompt> prompt,
      String expected,
      Message... turns) {
    List<Message> history = Arrays.asList(turns);
    RuntimeException e = assertThrows(type, () -> chat(fake).call(prompt.apply(history)));
    assertEquals(expected, e.getMessage());
    RuntimeException async = assertThrows(type, () -> chat(fake).callAsync(prompt.apply(history)));
    assertEquals(expected, async.getMessage());
    assertEquals(0, fake.requestCount());
  }

  @Test
  void anEmptyConversationWithNothingAfterIt(FakeClaude fake) {
    refused(
        fake,
        IllegalArgumentException.class,
        ConversationTest::alone,
        METHOD
            + ": nothing to send: the conversation 'history' is empty; the API needs at least one"
            + " user turn");
  }

  @Test
  void startingWithTheAssistant(FakeClaude fake) {
    refused(
        fake,
        IllegalArgumentException.class,
        ConversationTest::withQuestion,
        METHOD
            + ": parameter 'history' turn 0 (counting from 0) is an assistant turn, but the"
            + " first turn must be the user's; not sent",
        Message.assistant("Hello."),
        Message.user("Hi"));
  }

  @Test
  void twoUserTurnsInARow(FakeClaude fake) {
    refused(
        fake,
        IllegalArgumentException.class,
        ConversationTest::alone,
        METHOD
            + ": parameter 'history' turn 1 (counting from 0) is a user turn after a user turn;"
            + " turns must alternate user, assistant, user; not sent",
        Message.user("Hi"),
        Message.user("Anyone?"));
  }

  @Test
  void theQuestionAfterAConversationEndingWithTheUser(FakeClaude fake) {
    refused(
        fake,
        IllegalArgumentException.class,
        ConversationTest::withQuestion,
        METHOD
            + ": the user turn from parameter 'question' follows parameter 'history' turn 0"
            + " (counting from 0), a user turn; the conversation must end with an assistant turn"
            + " when a user turn follows it; not sent",
        Message.user("Hi"));
  }

  @Test
  void endingWithTheAssistant(FakeClaude fake) {
    refused(
        fake,
        IllegalArgumentException.class,
        ConversationTest::alone,
        METHOD
            + ": parameter 'history' turn 1 (counting from 0) is an assistant turn, but the last"
            + " turn must be the user's (the API would continue the assistant's text instead of"
            + " answering); not sent",
        Message.user("Hi"),
        Message.assistant("Hello."));
  }

  @Test
  void aNullTurn(FakeClaude fake) {
    refused(
        fake,
        NullPointerException.class,
        ConversationTest::withQuestion,
        METHOD
            + ": parameter 'history' turn 1 (counting from 0) is null; a conversation holds"
            + " turns, not nulls",
        Message.user("Hi"),
        null);
  }

  @Test
  void aBlankText(FakeClaude fake) {
    refused(
        fake,
        IllegalArgumentException.class,
        ConversationTest::withQuestion,
        METHOD
            + ": parameter 'history' turn 1 (counting from 0) has a text block that is empty or"
            + " only whitespace, which the API refuses; not sent",
        Message.user("Hi"),
        Message.assistant("  \n"));
  }

  @Test
  void aBlankQuestionAfterAConversation(FakeClaude fake) {
    refused(
        fake,
        IllegalArgumentException.class,
        history -> Prompt.builder().conversation(history).user(" ").build(),
        METHOD
            + ": parameter 'question' is blank, and so is the user message made of it (empty or"
            + " only whitespace); the API refuses such a message, so it was not sent",
        Message.user("Hi"),
        Message.assistant("Hello."));
  }
}
