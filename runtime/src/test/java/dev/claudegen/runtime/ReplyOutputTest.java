package dev.claudegen.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.claudegen.annotations.ErrorKind;
import dev.claudegen.testing.FakeClaude;
import dev.claudegen.testing.FakeClaudeExtension;
import dev.claudegen.testing.FakeResponse;
import dev.claudegen.testing.FakeScenarios;
import java.util.List;
import java.util.logging.Level;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * A {@code String} method never returns an empty string for a reply with nothing usable: it throws
 * {@link ClaudeOutputException}, once, with no retry (the reply was produced and billed), and the
 * listener hears it. A reply cut at {@code max_tokens} returns its text, with one WARNING.
 */
@ExtendWith(FakeClaudeExtension.class)
class ReplyOutputTest {

  private final EventRecorder recorder = new EventRecorder();

  /** The default retry schedule: a retryable kind would be sent again. */
  private ClaudeCall<String> call(FakeClaude fake) {
    return TestBuilder.against(fake).listener(recorder).client().bind(TestBuilder.spec().build());
  }

  private static FakeResponse raw(String content, String stopReason) {
    return FakeResponse.raw(
        200,
        "application/json",
        "{\"id\":\"msg_1\",\"type\":\"message\",\"role\":\"assistant\",\"model\":\"claude-sonnet-4-6\","
            + content
            + "\"stop_reason\":"
            + (stopReason == null ? "null" : "\"" + stopReason + "\"")
            + ",\"usage\":{\"input_tokens\":5,\"output_tokens\":7}}");
  }

  /** The String method throws at once; the listener hears that one failure; nothing is resent. */
  private ClaudeOutputException assertUnusable(FakeClaude fake, FakeResponse response) {
    fake.enqueue(response);

    ClaudeOutputException e =
        assertThrows(ClaudeOutputException.class, () -> call(fake).text(null, "hi"));

    assertEquals(1, fake.requestCount());
    assertEquals(ErrorKind.BAD_REQUEST, e.kind());
    assertEquals(200, e.statusCode());
    assertNull(e.errorType());
    assertEquals("req_fake_000001", e.requestId());
    assertEquals(1, e.attempts());
    assertEquals(0, e.getSuppressed().length);
    assertTrue(e.getMessage().startsWith("200 " + TestBuilder.METHOD + ": "), e.getMessage());
    assertTrue(e.getMessage().endsWith(" (request-id req_fake_000001)"), e.getMessage());
    List<ClaudeListener.CallFailed> failures = recorder.of(ClaudeListener.CallFailed.class);
    assertEquals(1, failures.size());
    assertSame(e, failures.get(0).error());
    return e;
  }

  @Test
  void refusalWithTextThrowsWithTheText(FakeClaude fake) {
    ClaudeOutputException e =
        assertUnusable(fake, FakeResponse.text("I can't help with that.").withStopReason("refusal"));

    assertEquals("refusal", e.stopReason());
    assertEquals("I can't help with that.", e.text());
    assertEquals(
        "200 Assistant.summarize(String): the model refused to answer (stop_reason refusal,"
            + " content [text], 23 characters of text) (request-id req_fake_000001)",
        e.getMessage());
  }

  @Test
  void refusalWithoutTextThrows(FakeClaude fake) {
    ClaudeOutputException e = assertUnusable(fake, FakeResponse.message().withStopReason("refusal"));

    assertEquals("refusal", e.stopReason());
    assertEquals("", e.text());
    assertTrue(e.getMessage().contains("the model refused to answer"), e.getMessage());
  }

  @Test
  void onlyToolUseThrows(FakeClaude fake) {
    ClaudeOutputException e =
        assertUnusable(
            fake,
            raw(
                "\"content\":[{\"type\":\"tool_use\",\"id\":\"tu_1\",\"name\":\"f\",\"input\":{}}],",
                "tool_use"));

    assertEquals("tool_use", e.stopReason());
    assertEquals("", e.text());
    assertEquals(
        "200 Assistant.summarize(String): the reply has no text (stop_reason tool_use, content"
            + " [tool_use], 0 characters of text) (request-id req_fake_000001)",
        e.getMessage());
  }

  @Test
  void onlyThinkingThrows(FakeClaude fake) {
    ClaudeOutputException e =
        assertUnusable(
            fake,
            raw(
                "\"content\":[{\"type\":\"thinking\",\"thinking\":\"hmm\",\"signature\":\"s\"}],",
                "end_turn"));

    assertTrue(e.getMessage().contains("content [thinking], 0 characters"), e.getMessage());
  }

  @Test
  void textNullThrows(FakeClaude fake) {
    ClaudeOutputException e =
        assertUnusable(fake, raw("\"content\":[{\"type\":\"text\",\"text\":null}],", "end_turn"));

    assertEquals("end_turn", e.stopReason());
    assertEquals("", e.text());
    assertTrue(e.getMessage().contains("the reply has no text (stop_reason end_turn, content [text]"),
        e.getMessage());
  }

  @Test
  void noContentArrayThrows(FakeClaude fake) {
    ClaudeOutputException e = assertUnusable(fake, raw("", "end_turn"));

    assertTrue(e.getMessage().contains("content [], 0 characters"), e.getMessage());
  }

  @Test
  void nullContentThrows(FakeClaude fake) {
    assertUnusable(fake, raw("\"content\":null,", "end_turn"));
  }

  @Test
  void emptyContentArrayThrows(FakeClaude fake) {
    ClaudeOutputException e = assertUnusable(fake, FakeResponse.message());

    assertEquals("end_turn", e.stopReason());
  }

  @Test
  void whitespaceOnlyTextThrows(FakeClaude fake) {
    ClaudeOutputException e = assertUnusable(fake, FakeResponse.message(" ", "\n\t", ""));

    assertEquals(" \n\t", e.text());
    assertTrue(e.getMessage().contains("the reply's text is only whitespace"), e.getMessage());
  }

  @Test
  void maxTokensWithoutTextThrows(FakeClaude fake) {
    ClaudeOutputException e =
        assertUnusable(fake, FakeResponse.message().withStopReason("max_tokens"));

    assertEquals("max_tokens", e.stopReason());
    assertTrue(
        e.getMessage().contains("the reply was cut at max_tokens before any text"), e.getMessage());
  }

  @Test
  void maxTokensWithTextReturnsItWithOneWarningNamingTheRequestId(FakeClaude fake) {
    fake.enqueue(FakeResponse.text("The answer is cut sh").withStopReason("max_tokens"));

    try (LogCapture log = new LogCapture()) {
      assertEquals("The answer is cut sh", call(fake).text(null, "hi"));

      List<String> warnings = log.messagesAtLeast(Level.WARNING);
      assertEquals(1, warnings.size(), warnings.toString());
      assertTrue(warnings.get(0).contains("request-id req_fake_000001"), warnings.get(0));
      assertTrue(warnings.get(0).contains("max_tokens (1024)"), warnings.get(0));
    }
    assertEquals(1, fake.requestCount());
    assertEquals(List.of(), recorder.of(ClaudeListener.CallFailed.class));
  }

  @Test
  void replyMethodGetsTheSameRepliesWithoutAnException(FakeClaude fake) {
    fake.enqueue(
        FakeResponse.text("No.").withStopReason("refusal"),
        raw("", "end_turn"),
        FakeResponse.text("cut").withStopReason("max_tokens"));
    ClaudeCall<String> call = call(fake);

    Reply refusal = call.reply(null, "hi");
    Reply empty = call.reply(null, "hi");
    try (LogCapture log = new LogCapture()) {
      Reply truncated = call.reply(null, "hi");
      assertTrue(truncated.truncated());
      assertEquals(List.of(), log.messagesAtLeast(Level.WARNING));
    }

    assertEquals("refusal", refusal.stopReason());
    assertEquals(List.of("text"), refusal.blockTypes());
    assertEquals("", empty.text());
    assertEquals(List.of(), empty.blockTypes());
    assertEquals(3, fake.requestCount());
  }

  @Test
  void earlierFailedAttemptsRideAlongAsSuppressed(FakeClaude fake) {
    fake.enqueue(FakeScenarios.overloadedError(), FakeResponse.message().withStopReason("refusal"));

    ClaudeOutputException e =
        assertThrows(ClaudeOutputException.class, () -> call(fake).text(null, "hi"));

    assertEquals(2, fake.requestCount());
    assertEquals(1, e.getSuppressed().length);
    assertInstanceOf(OverloadedException.class, e.getSuppressed()[0]);
  }

  @Test
  void aMessageThatIsNotOneIsStillMalformed(FakeClaude fake) {
    // Without "type": "message" a body with no content is not a reply at all: a garbled 2xx.
    fake.enqueue(FakeResponse.raw(200, "application/json", "{\"foo\":1}"));

    ClaudeApiException e =
        assertThrows(ClaudeApiException.class, () -> TestBuilder.callOnce(fake).text(null, "hi"));

    assertEquals(ErrorKind.SERVER_ERROR, e.kind());
  }
}
