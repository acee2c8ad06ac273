package dev.claudegen.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.claudegen.testing.FakeClaude;
import dev.claudegen.testing.FakeClaudeExtension;
import dev.claudegen.testing.FakeResponse;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** Every field of a {@link Reply}, read from a real FakeClaude response over loopback. */
@ExtendWith(FakeClaudeExtension.class)
class ReplyFieldsTest {

  private static final ObjectMapper MAPPER = new ObjectMapper();

  private static final String THINKING =
      "{\"type\":\"thinking\",\"thinking\":\"The capital of France...\",\"signature\":\"sig_Eq1\"}";
  private static final String REDACTED = "{\"type\":\"redacted_thinking\",\"data\":\"EncRypTed==\"}";
  private static final String TEXT = "{\"type\":\"text\",\"text\":\"Paris.\"}";
  private static final String TOOL_USE =
      "{\"type\":\"tool_use\",\"id\":\"toolu_01\",\"name\":\"lookup\","
          + "\"input\":{\"city\":\"Paris\",\"tags\":[\"a\",\"b\"],\"n\":{\"deep\":1.5}}}";
  private static final String UNKNOWN =
      "{\"type\":\"server_tool_use\",\"id\":\"srvtoolu_01\",\"name\":\"web_search\","
          + "\"input\":{\"query\":\"Paris\"},\"extra\":[1,true,null]}";

  private static final Instant RESET = Instant.parse("2026-12-01T12:00:30Z");

  private static FakeResponse everything() {
    return FakeResponse.blocks(THINKING, REDACTED, TEXT, TOOL_USE, UNKNOWN)
        .withStopReason("tool_use")
        .withUsage(120, 45)
        .withCacheUsage(300, 2_000)
        .withRateLimit("requests", 50, 49, RESET)
        .withRateLimit("tokens", 80_000, 79_000, RESET);
  }

  private static ClaudeCall<Reply> replyCall(FakeClaude fake) {
    return TestBuilder.against(fake).client().bind(TestBuilder.spec().build(), ReplyDecoder.REPLY);
  }

  private static void assertEveryField(Reply reply) throws Exception {
    assertEquals("Paris.", reply.text());
    assertEquals("tool_use", reply.stopReason());
    assertEquals(TestBuilder.MODEL, reply.model()); // the fake echoes the request's model
    assertTrue(reply.messageId().startsWith("msg_"), reply.messageId());
    assertEquals("req_fake_000001", reply.requestId());
    assertEquals(new Usage(120, 45, 300, 2_000), reply.usage());
    assertEquals(new RateLimitInfo.Bucket(50, 49, RESET), reply.rateLimit().requests());
    assertEquals(new RateLimitInfo.Bucket(80_000, 79_000, RESET), reply.rateLimit().tokens());
    assertEquals(
        List.of("thinking", "redacted_thinking", "text", "tool_use", "server_tool_use"),
        reply.blockTypes());
    List<ContentBlock> blocks = reply.content();
    assertEquals(new ContentBlock.Thinking("The capital of France...", "sig_Eq1"), blocks.get(0));
    assertEquals(new ContentBlock.RedactedThinking("EncRypTed=="), blocks.get(1));
    assertEquals(new ContentBlock.Text("Paris."), blocks.get(2));
    ContentBlock.ToolUse tool = (ContentBlock.ToolUse) blocks.get(3);
    assertEquals("toolu_01", tool.id());
    assertEquals("lookup", tool.name());
    assertEquals(
        MAPPER.readTree("{\"city\":\"Paris\",\"tags\":[\"a\",\"b\"],\"n\":{\"deep\":1.5}}"),
        MAPPER.readTree(tool.inputJson()));
    ContentBlock.Other other = (ContentBlock.Other) blocks.get(4);
    assertEquals("server_tool_use", other.type());
    assertEquals(MAPPER.readTree(UNKNOWN), MAPPER.readTree(other.json()));
  }

  @Test
  void everyFieldOfARealResponse(FakeClaude fake) throws Exception {
    fake.enqueue(everything());

    assertEveryField(replyCall(fake).call(Prompt.of(null, "Capital of France?")));
  }

  @Test
  void everyFieldOfARealResponseAsync(FakeClaude fake) throws Exception {
    fake.enqueue(everything());

    assertEveryField(
        replyCall(fake).callAsync(Prompt.of(null, "Capital of France?")).get(10, TimeUnit.SECONDS));
  }

  @Test
  void toMessageSendsEveryBlockBackOnTheNextRequest(FakeClaude fake) throws Exception {
    fake.enqueue(everything(), FakeResponse.text("Noted."));
    ClaudeCall<Reply> call = replyCall(fake);
    Reply first = call.call(Prompt.of(null, "Capital of France?"));
    // The API (and FakeClaude) wants the tool_use answered first in the next user turn.
    Message next =
        new Message(
            Message.Role.USER,
            List.of(
                new ContentBlock.ToolResult("toolu_01", "Paris is the capital.", false),
                ContentBlock.text("And of Italy?")));
    List<Message> history = List.of(Message.user("Capital of France?"), first.toMessage(), next);

    call.call(Prompt.builder().conversation(history).build());

    fake.takeRequest();
    JsonNode messages = fake.takeRequest().json().get("messages");
    assertEquals(3, messages.size());
    assertEquals("assistant", messages.get(1).get("role").asText());
    JsonNode expected =
        MAPPER.readTree("[" + String.join(",", THINKING, REDACTED, TEXT, TOOL_USE, UNKNOWN) + "]");
    assertEquals(expected, messages.get(1).get("content"));
    assertEquals(
        MAPPER.readTree(
            "[{\"type\":\"tool_result\",\"tool_use_id\":\"toolu_01\","
                + "\"content\":\"Paris is the capital.\"},"
                + "{\"type\":\"text\",\"text\":\"And of Italy?\"}]"),
        messages.get(2).get("content"));
  }

  @Test
  void aReplyWithoutCacheFieldsReportsZeroCacheTokens(FakeClaude fake) {
    fake.enqueue(FakeResponse.text("plain").withUsage(7, 2));

    Reply reply = replyCall(fake).call(Prompt.of(null, "hi"));

    assertEquals(new Usage(7, 2, 0, 0), reply.usage());
    assertEquals(RateLimitInfo.NONE, reply.rateLimit());
    assertEquals(List.of(new ContentBlock.Text("plain")), reply.content());
  }
}
