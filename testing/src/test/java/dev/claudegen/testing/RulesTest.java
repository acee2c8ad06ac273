package dev.claudegen.testing;

import static dev.claudegen.testing.Messages.body;
import static dev.claudegen.testing.Messages.errorMessage;
import static dev.claudegen.testing.Messages.post;
import static dev.claudegen.testing.Messages.text;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.http.HttpResponse;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Matching rules, their order against the queue and the default reply, and verifyAllUsed. */
class RulesTest {
  private static final String SONNET = "claude-sonnet-4-6";
  private static final String HAIKU = "claude-haiku-4-5";

  private final FakeClaude claude = FakeClaude.start();

  @AfterEach
  void close() {
    claude.close();
  }

  @Test
  void rulesAnswerByModelSystemAndUserText() throws Exception {
    claude
        .when(Match.model(HAIKU))
        .reply(FakeResponse.text("haiku"))
        .when(Match.systemContains("pirate"))
        .reply(FakeResponse.text("Arr"))
        .when(Match.userTextContains("refund"))
        .reply(FakeResponse.text("BILLING"));

    assertEquals("haiku", text(post(claude.baseUrl(), body(HAIKU, "a pirate", "refund"))));
    assertEquals("Arr", text(post(claude.baseUrl(), body(SONNET, "You are a pirate", "hi"))));
    assertEquals("BILLING", text(post(claude.baseUrl(), body(SONNET, null, "my refund"))));
    assertEquals(FakeClaude.DEFAULT_TEXT, text(post(claude.baseUrl(), body(SONNET, null, "hi"))));
  }

  @Test
  void queueComesFirstThenRulesInOrderThenDefault() throws Exception {
    claude.enqueue(FakeResponse.text("queued"));
    claude.when(Match.any()).replyInOrder(FakeResponse.text("first rule"));
    claude.when(Match.model(SONNET)).reply(FakeResponse.text("second rule"));
    claude.when(Match.any()).reply(FakeResponse.text("never: the second rule takes sonnet"));

    String sonnet = body(SONNET, null, "hi");
    assertEquals("queued", text(post(claude.baseUrl(), sonnet)));
    assertEquals("first rule", text(post(claude.baseUrl(), sonnet)));
    assertEquals("second rule", text(post(claude.baseUrl(), sonnet)));
    assertEquals("second rule", text(post(claude.baseUrl(), sonnet)), "reply() repeats");
    claude.verifyAllUsed();
  }

  @Test
  void unmatchedRequestsGetTheValidatedDefaultReply() throws Exception {
    claude.when(Match.model(HAIKU)).reply(FakeResponse.text("haiku"));

    HttpResponse<String> invalid = post(claude.baseUrl(), "{\"model\":\"" + SONNET + "\"}");

    assertEquals(400, invalid.statusCode());
    assertTrue(errorMessage(invalid).startsWith("max_tokens"), invalid.body());
  }

  @Test
  void ruleRepliesAreSentAsTheyAreWithoutValidation() throws Exception {
    claude.when(Match.any()).reply(FakeResponse.text("anything goes"));

    HttpResponse<String> response = post(claude.baseUrl(), "not even json");

    assertEquals(200, response.statusCode());
    assertEquals("anything goes", text(response));
  }

  @Test
  void answerComputesRepliesAndNullDeclines() throws Exception {
    claude
        .when(Match.any())
        .answer(r -> r.userText().endsWith("?") ? FakeResponse.text("Q: " + r.userText()) : null)
        .when(Match.any())
        .reply(FakeResponse.text("statement"));

    assertEquals("Q: why?", text(post(claude.baseUrl(), body(SONNET, null, "why?"))));
    assertEquals("statement", text(post(claude.baseUrl(), body(SONNET, null, "because"))));
  }

  @Test
  void exhaustedInOrderRuleFallsThroughToTheNextRule() throws Exception {
    claude
        .when(Match.model(SONNET))
        .replyInOrder(FakeScenarios.overloaded(1))
        .when(Match.model(SONNET))
        .reply(FakeResponse.text("later"));

    String sonnet = body(SONNET, null, "hi");
    assertEquals(529, post(claude.baseUrl(), sonnet).statusCode());
    assertEquals(FakeClaude.DEFAULT_TEXT, text(post(claude.baseUrl(), sonnet)));
    assertEquals("later", text(post(claude.baseUrl(), sonnet)));
  }

  @Test
  void aThrowingRuleGivesA500AndIsReported() throws Exception {
    claude.when(r -> r.json().get("model").asText().isEmpty()).reply(FakeResponse.text("x"));

    HttpResponse<String> response = post(claude.baseUrl(), "not json");

    assertEquals(500, response.statusCode());
    assertTrue(errorMessage(response).contains("rule 1"), response.body());
    assertTrue(errorMessage(response).contains("IllegalStateException"), response.body());
    AssertionError failure = assertThrows(AssertionError.class, claude::verifyAllUsed);
    assertTrue(failure.getMessage().contains("rule 1"), failure.getMessage());
  }

  @Test
  void aRuleTakesOneReplyMethodOnly() {
    FakeClaude.Rule rule = claude.when(Match.any());
    rule.reply(FakeResponse.text("a"));

    assertThrows(IllegalStateException.class, () -> rule.reply(FakeResponse.text("b")));
    assertThrows(IllegalArgumentException.class, () -> claude.when(Match.any()).replyInOrder());
  }

  @Test
  void verifyAllUsedListsUnusedQueuedAndInOrderReplies() throws Exception {
    claude.enqueue(FakeResponse.text("used"), FakeResponse.text("left in queue"));
    claude.when(Match.model(HAIKU)).replyInOrder(FakeResponse.text("left in rule"));
    post(claude.baseUrl(), body(SONNET, null, "hi"));

    AssertionError failure = assertThrows(AssertionError.class, claude::verifyAllUsed);

    String message = failure.getMessage();
    assertTrue(message.contains("1 queued response not used"), message);
    assertTrue(message.contains("left in queue"), message);
    assertTrue(message.contains("rule 1 (model(\"claude-haiku-4-5\"))"), message);
    assertTrue(message.contains("left in rule"), message);
    assertTrue(!message.contains("\"used\""), message);
  }

  @Test
  void verifyAllUsedPassesWhenEverythingWasSent() throws Exception {
    claude.enqueue(FakeResponse.text("one"));
    claude.when(Match.any()).replyInOrder(FakeResponse.text("two"));
    List<String> texts =
        List.of(
            text(post(claude.baseUrl(), body(SONNET, null, "hi"))),
            text(post(claude.baseUrl(), body(SONNET, null, "hi"))));

    assertEquals(List.of("one", "two"), texts);
    claude.verifyAllUsed();
  }

  @Test
  void matchersDescribeThemselves() {
    assertEquals("model(\"m\")", Match.model("m").toString());
    assertEquals("systemContains(\"s\")", Match.systemContains("s").toString());
    assertEquals("userTextContains(\"u\")", Match.userTextContains("u").toString());
    assertEquals("any()", Match.any().toString());
  }
}
