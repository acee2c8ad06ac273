package dev.claudegen.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.claudegen.testing.FakeClaude;
import dev.claudegen.testing.FakeClaudeExtension;
import dev.claudegen.testing.FakeResponse;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(FakeClaudeExtension.class)
class ReplyParsingTest {

  @Test
  void returnsTheDefaultText(FakeClaude fake) {
    assertEquals(FakeClaude.DEFAULT_TEXT, TestBuilder.call(fake).text(null, "hi"));
  }

  @Test
  void joinsSeveralTextBlocksInOrder(FakeClaude fake) {
    fake.enqueue(FakeResponse.message("Hello, ", "wide ", "world", "!"));

    assertEquals("Hello, wide world!", TestBuilder.call(fake).text(null, "hi"));
  }

  @Test
  void emptyContentIsAReplyWithEmptyText(FakeClaude fake) {
    // A String method throws ClaudeOutputException for it instead; see ReplyOutputTest.
    fake.enqueue(FakeResponse.message());

    assertEquals("", TestBuilder.call(fake).reply(null, "hi").text());
  }

  @Test
  void ignoresThinkingToolUseAndUnknownBlocks(FakeClaude fake) {
    String body =
        "{\"id\":\"msg_raw_1\",\"type\":\"message\",\"role\":\"assistant\","
            + "\"model\":\"claude-opus-4-1\","
            + "\"content\":["
            + "{\"type\":\"thinking\",\"thinking\":\"secret reasoning\",\"signature\":\"sig\"},"
            + "{\"type\":\"text\",\"text\":\"The answer \",\"citations\":[{\"x\":[1,2,{}]}]},"
            + "{\"type\":\"redacted_thinking\",\"data\":\"opaque\"},"
            + "{\"type\":\"tool_use\",\"id\":\"tu_1\",\"name\":\"f\",\"input\":{\"text\":\"no\"}},"
            + "{\"text\":\"untyped block\"},"
            + "{\"type\":\"text\",\"text\":\"is 42.\"}"
            + "],"
            + "\"stop_reason\":\"end_turn\",\"stop_sequence\":null,"
            + "\"usage\":{\"input_tokens\":10,\"output_tokens\":20}}";
    fake.enqueue(FakeResponse.raw(200, "application/json", body));

    Reply reply = TestBuilder.call(fake).reply(null, "hi");

    assertEquals("The answer is 42.", reply.text());
    assertEquals("claude-opus-4-1", reply.model());
    assertEquals("msg_raw_1", reply.messageId());
  }

  @Test
  void replyCarriesStopReasonUsageModelMessageIdAndRequestId(FakeClaude fake) {
    fake.enqueue(FakeResponse.text("cut").withStopReason("max_tokens").withUsage(12, 34));

    Reply reply = TestBuilder.call(fake).reply(null, "hi");

    assertEquals("cut", reply.text());
    assertEquals("max_tokens", reply.stopReason());
    assertTrue(reply.truncated());
    assertEquals(new Usage(12, 34, 0, 0), reply.usage());
    assertEquals("claude-sonnet-4-6", reply.model());
    assertEquals("msg_fake_000001", reply.messageId());
    assertEquals("req_fake_000001", reply.requestId());
  }

  @Test
  void requestIdComesFromTheResponseHeader(FakeClaude fake) {
    fake.enqueue(FakeResponse.text("x").withHeader("request-id", "req_test_1"));

    assertEquals("req_test_1", TestBuilder.call(fake).reply(null, "hi").requestId());
  }

  @Test
  void endTurnIsNotTruncated(FakeClaude fake) {
    Reply reply = TestBuilder.call(fake).reply(null, "hi");

    assertEquals("end_turn", reply.stopReason());
    assertFalse(reply.truncated());
  }

  @Test
  void nullStopReasonStaysNull(FakeClaude fake) {
    fake.enqueue(FakeResponse.text("x").withStopReason(null));

    assertNull(TestBuilder.call(fake).reply(null, "hi").stopReason());
  }

  @Test
  void readsCacheUsageAndIgnoresUnknownUsageFields(FakeClaude fake) {
    String body =
        "{\"content\":[{\"type\":\"text\",\"text\":\"ok\"}],"
            + "\"usage\":{\"input_tokens\":3,\"cache_creation\":{\"ephemeral_5m_input_tokens\":99},"
            + "\"cache_creation_input_tokens\":100,\"cache_read_input_tokens\":200,"
            + "\"output_tokens\":4,\"service_tier\":\"standard\"}}";
    fake.enqueue(FakeResponse.raw(200, "application/json", body));

    Reply reply = TestBuilder.call(fake).reply(null, "hi");

    assertEquals(new Usage(3, 4, 100, 200), reply.usage());
    assertEquals(303, reply.usage().totalInputTokens());
    assertNull(reply.model());
    assertNull(reply.messageId());
    assertNull(reply.stopReason());
  }

  @Test
  void missingUsageIsNone(FakeClaude fake) {
    fake.enqueue(
        FakeResponse.raw(200, "application/json", "{\"content\":[{\"type\":\"text\",\"text\":\"a\"}]}"));

    assertEquals(Usage.NONE, TestBuilder.call(fake).reply(null, "hi").usage());
  }
}
