package dev.claudegen.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class ReplyAccumulatorTest {

  private static final RateLimitInfo RATE_LIMIT =
      new RateLimitInfo(
          new RateLimitInfo.Bucket(50, 49, null),
          RateLimitInfo.Bucket.NONE,
          RateLimitInfo.Bucket.NONE,
          RateLimitInfo.Bucket.NONE);

  /** The body of a stream: each pair is an event name and its data line. */
  static String sse(String... namesAndData) {
    StringBuilder out = new StringBuilder();
    for (int i = 0; i < namesAndData.length; i += 2) {
      out.append("event: ").append(namesAndData[i]).append('\n');
      out.append("data: ").append(namesAndData[i + 1]).append("\n\n");
    }
    return out.toString();
  }

  static final String MESSAGE_START =
      "{\"type\": \"message_start\", \"message\": {\"id\": \"msg_01Stream\", \"type\": \"message\","
          + " \"role\": \"assistant\", \"content\": [], \"model\": \"claude-sonnet-4-5\","
          + " \"stop_reason\": null, \"stop_sequence\": null, \"usage\": {\"input_tokens\": 472,"
          + " \"cache_creation_input_tokens\": 1024, \"cache_read_input_tokens\": 2048,"
          + " \"output_tokens\": 2}}}";

  static String delta(int index, String type, String field, String value) {
    return "{\"type\": \"content_block_delta\", \"index\": "
        + index
        + ", \"delta\": {\"type\": \""
        + type
        + "\", \""
        + field
        + "\": "
        + quote(value)
        + "}}";
  }

  static String start(int index, String block) {
    return "{\"type\": \"content_block_start\", \"index\": " + index + ", \"content_block\": " + block + "}";
  }

  static String stop(int index) {
    return "{\"type\": \"content_block_stop\", \"index\": " + index + "}";
  }

  static String quote(String text) {
    return "\"" + text.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
  }

  static final String SIGNATURE = "EqQBCgIYAhIM1gbcDa9GJwZA2b3hGgxBdjrkzLoky3dl1pkiMOYds";

  /**
   * Written from the streaming docs' examples: thinking with its signature, text with a
   * multi-byte character, a tool call whose input arrives in pieces with spaces, a ping and an
   * event type this version does not know.
   */
  static final String RECORDED =
      sse(
          "message_start", MESSAGE_START,
          "ping", "{\"type\": \"ping\"}",
          "content_block_start",
              start(0, "{\"type\": \"thinking\", \"thinking\": \"\", \"signature\": \"\"}"),
          "content_block_delta", delta(0, "thinking_delta", "thinking", "The user wants weather. "),
          "content_block_delta", delta(0, "thinking_delta", "thinking", "I should call get_weather."),
          "content_block_delta", delta(0, "signature_delta", "signature", SIGNATURE),
          "content_block_stop", stop(0),
          "content_block_start", start(1, "{\"type\": \"text\", \"text\": \"\"}"),
          "content_block_delta", delta(1, "text_delta", "text", "Let me check "),
          "ping", "{\"type\": \"ping\"}",
          "content_block_delta", delta(1, "text_delta", "text", "the weather in São Paulo 🌦"),
          "brand_new_event", "{\"type\": \"brand_new_event\", \"x\": [1, {\"y\": null}]}",
          "content_block_delta", delta(1, "text_delta", "text", "."),
          "content_block_stop", stop(1),
          "content_block_start",
              start(
                  2,
                  "{\"type\": \"tool_use\", \"id\": \"toolu_01T1x1fJ34qAmk2tNTrN7Up6\","
                      + " \"name\": \"get_weather\", \"input\": {}}"),
          "content_block_delta", delta(2, "input_json_delta", "partial_json", ""),
          "content_block_delta", delta(2, "input_json_delta", "partial_json", "{\"location\": \"São"),
          "content_block_delta",
              delta(2, "input_json_delta", "partial_json", " Paulo, BR\", \"unit\": \"cel"),
          "content_block_delta", delta(2, "input_json_delta", "partial_json", "sius\"}"),
          "content_block_stop", stop(2),
          "message_delta",
              "{\"type\": \"message_delta\", \"delta\": {\"stop_reason\": \"tool_use\","
                  + " \"stop_sequence\": null}, \"usage\": {\"output_tokens\": 89}}",
          "message_stop", "{\"type\": \"message_stop\"}");

  /** The same reply as a non-streaming call returns it. */
  static final String RECORDED_WHOLE =
      "{\"id\":\"msg_01Stream\",\"type\":\"message\",\"role\":\"assistant\","
          + "\"model\":\"claude-sonnet-4-5\",\"content\":["
          + "{\"type\":\"thinking\",\"thinking\":\"The user wants weather. I should call get_weather.\","
          + "\"signature\":\""
          + SIGNATURE
          + "\"},"
          + "{\"type\":\"text\",\"text\":\"Let me check the weather in São Paulo 🌦.\"},"
          + "{\"type\":\"tool_use\",\"id\":\"toolu_01T1x1fJ34qAmk2tNTrN7Up6\",\"name\":\"get_weather\","
          + "\"input\":{\"location\": \"São Paulo, BR\", \"unit\": \"celsius\"}}],"
          + "\"stop_reason\":\"tool_use\",\"stop_sequence\":null,"
          + "\"usage\":{\"input_tokens\":472,\"cache_creation_input_tokens\":1024,"
          + "\"cache_read_input_tokens\":2048,\"output_tokens\":89}}";

  static Reply whole(String json) throws MessagesJson.MalformedBodyException {
    return MessagesJson.reply(json.getBytes(StandardCharsets.UTF_8), "req_1", RATE_LIMIT);
  }

  /** Parses a stream in the given chunks; the reply, with the text deltas in {@code texts}. */
  static Reply stream(byte[] bytes, int[] cuts, List<String> texts) throws StreamException {
    ReplyAccumulator accumulator = new ReplyAccumulator(texts::add);
    SseParser parser = new SseParser(accumulator);
    int from = 0;
    for (int cut : cuts) {
      parser.feed(ByteBuffer.wrap(bytes, from, cut - from));
      from = cut;
    }
    parser.feed(ByteBuffer.wrap(bytes, from, bytes.length - from));
    assertTrue(parser.finish(), "ended between events");
    return accumulator.reply("req_1", RATE_LIMIT);
  }

  static Reply stream(String body) throws StreamException {
    return stream(body.getBytes(StandardCharsets.UTF_8), new int[0], new ArrayList<>());
  }

  @Test
  void aRecordedStreamGivesTheReplyOfTheSameContentSentWhole() throws Exception {
    List<String> texts = new ArrayList<>();
    Reply streamed = stream(RECORDED.getBytes(StandardCharsets.UTF_8), new int[0], texts);

    assertEquals(whole(RECORDED_WHOLE), streamed);
    assertEquals(List.of("Let me check ", "the weather in São Paulo 🌦", "."), texts);
    assertEquals("Let me check the weather in São Paulo 🌦.", streamed.text());
    assertEquals(List.of("thinking", "text", "tool_use"), streamed.blockTypes());
    assertEquals(
        new ContentBlock.ToolUse(
            "toolu_01T1x1fJ34qAmk2tNTrN7Up6",
            "get_weather",
            "{\"location\":\"São Paulo, BR\",\"unit\":\"celsius\"}"),
        streamed.content().get(2));
    assertEquals(new Usage(472, 89, 1024, 2048), streamed.usage());
    assertEquals("req_1", streamed.requestId());
    assertSame(RATE_LIMIT, streamed.rateLimit());
  }

  @Test
  void withoutKeepingTextTheDeltasStillArriveButTheReplyHoldsNoCopyOfThem() throws Exception {
    List<String> texts = new ArrayList<>();
    ReplyAccumulator accumulator = new ReplyAccumulator(texts::add, false);
    SseParser parser = new SseParser(accumulator);
    parser.feed(ByteBuffer.wrap(RECORDED.getBytes(StandardCharsets.UTF_8)));
    assertTrue(parser.finish());
    Reply reply = accumulator.reply("req_1", RATE_LIMIT);

    assertEquals(List.of("Let me check ", "the weather in São Paulo 🌦", "."), texts);
    assertEquals("", reply.text());
    Reply kept = whole(RECORDED_WHOLE);
    // Everything but the text is the same reply: blocks, usage, stop reason, ids.
    assertEquals(kept.blockTypes(), reply.blockTypes());
    assertEquals(kept.usage(), reply.usage());
    assertEquals(kept.stopReason(), reply.stopReason());
    assertEquals(kept.messageId(), reply.messageId());
    assertEquals(kept.content().get(0), reply.content().get(0)); // the thinking block, kept
  }

  @Test
  void everyChunkingGivesTheSameReplyAndDeltas() throws Exception {
    byte[] bytes = RECORDED.getBytes(StandardCharsets.UTF_8);
    List<String> wholeTexts = new ArrayList<>();
    Reply expected = stream(bytes, new int[0], wholeTexts);

    for (int cut = 0; cut <= bytes.length; cut++) {
      List<String> texts = new ArrayList<>();
      assertEquals(expected, stream(bytes, new int[] {cut}, texts), "cut at " + cut);
      assertEquals(wholeTexts, texts, "cut at " + cut);
    }
    int[] everyByte = new int[bytes.length];
    for (int i = 0; i < bytes.length; i++) {
      everyByte[i] = i;
    }
    List<String> texts = new ArrayList<>();
    assertEquals(expected, stream(bytes, everyByte, texts), "one byte at a time");
    assertEquals(wholeTexts, texts);
  }

  @Test
  void blocksOfOtherTypesAreKeptWholeAsAWholeReplyKeepsThem() throws Exception {
    String result =
        "{\"type\": \"web_search_tool_result\", \"tool_use_id\": \"srvtoolu_1\", \"content\":"
            + " [{\"type\": \"web_search_result\", \"title\": \"Weather\", \"url\": \"https://x.test\","
            + " \"page_age\": null, \"rank\": 1.5, \"ok\": true}]}";
    String body =
        sse(
            "message_start", MESSAGE_START,
            "content_block_start", start(0, "{\"type\": \"redacted_thinking\", \"data\": \"EmwKAhgB\"}"),
            "content_block_stop", stop(0),
            "content_block_start",
                start(
                    1,
                    "{\"type\": \"server_tool_use\", \"id\": \"srvtoolu_1\", \"name\": \"web_search\","
                        + " \"input\": {}, \"caller\": {\"type\": \"direct\"}}"),
            "content_block_delta", delta(1, "input_json_delta", "partial_json", "{\"query\": "),
            "content_block_delta", delta(1, "input_json_delta", "partial_json", "\"weather\"}"),
            "content_block_stop", stop(1),
            "content_block_start", start(2, result),
            "content_block_stop", stop(2),
            "content_block_start", start(3, "{\"type\": \"fallback\", \"model\": \"m2\"}"),
            "content_block_stop", stop(3),
            "content_block_start", start(4, "{\"type\": \"text\", \"text\": \"\", \"citations\": []}"),
            "content_block_delta",
                "{\"type\": \"content_block_delta\", \"index\": 4, \"delta\": {\"type\":"
                    + " \"citations_delta\", \"citation\": {\"type\": \"web_search_result_location\"}}}",
            "content_block_delta", delta(4, "text_delta", "text", "Sunny."),
            "content_block_delta", delta(4, "future_delta", "text", "not text"),
            "content_block_stop", stop(4),
            "message_delta",
                "{\"type\": \"message_delta\", \"delta\": {\"stop_reason\": \"end_turn\"},"
                    + " \"usage\": {\"output_tokens\": 30}}",
            "message_stop", "{\"type\": \"message_stop\"}");
    String wholeJson =
        "{\"id\":\"msg_01Stream\",\"type\":\"message\",\"model\":\"claude-sonnet-4-5\",\"content\":["
            + "{\"type\":\"redacted_thinking\",\"data\":\"EmwKAhgB\"},"
            + "{\"type\":\"server_tool_use\",\"id\":\"srvtoolu_1\",\"name\":\"web_search\","
            + "\"input\":{\"query\": \"weather\"},\"caller\":{\"type\":\"direct\"}},"
            + result
            + ",{\"type\":\"fallback\",\"model\":\"m2\"},"
            + "{\"type\":\"text\",\"text\":\"Sunny.\",\"citations\":[{\"type\":\"web_search_result_location\"}]}],"
            + "\"stop_reason\":\"end_turn\",\"usage\":{\"input_tokens\":472,"
            + "\"cache_creation_input_tokens\":1024,\"cache_read_input_tokens\":2048,\"output_tokens\":30}}";

    Reply streamed = stream(body);

    assertEquals(whole(wholeJson), streamed);
    assertEquals(
        new ContentBlock.Other(
            "server_tool_use",
            "{\"type\":\"server_tool_use\",\"id\":\"srvtoolu_1\",\"name\":\"web_search\","
                + "\"input\":{\"query\":\"weather\"},\"caller\":{\"type\":\"direct\"}}"),
        streamed.content().get(1));
    assertEquals("Sunny.", streamed.text());
  }

  @Test
  void textABlockStartsWithReachesTheCallbackBeforeItsDeltas() throws Exception {
    String body =
        sse(
            "message_start", MESSAGE_START,
            "content_block_start", start(0, "{\"type\": \"text\", \"text\": \"Once\"}"),
            "content_block_delta", delta(0, "text_delta", "text", " upon"),
            "content_block_stop", stop(0),
            "message_stop", "{}");
    List<String> texts = new ArrayList<>();

    Reply reply = stream(body.getBytes(StandardCharsets.UTF_8), new int[0], texts);

    assertEquals(List.of("Once", " upon"), texts);
    assertEquals("Once upon", reply.text());
  }

  @Test
  void aToolCallWithoutDeltasKeepsTheInputItStartedWith() throws Exception {
    String body =
        sse(
            "message_start", MESSAGE_START,
            "content_block_start",
                start(0, "{\"type\": \"tool_use\", \"id\": \"t1\", \"name\": \"now\", \"input\": {}}"),
            "content_block_stop", stop(0),
            "message_stop", "{\"type\": \"message_stop\"}");

    assertEquals(
        new ContentBlock.ToolUse("t1", "now", "{}"), stream(body).content().get(0));
  }

  @Test
  void usageOfMessageDeltaIsCumulativeTheLastWins() throws Exception {
    String body =
        sse(
            "message_start", MESSAGE_START,
            "message_delta", "{\"type\": \"message_delta\", \"delta\": {}, \"usage\": {\"output_tokens\": 10}}",
            "message_delta",
                "{\"type\": \"message_delta\", \"delta\": {\"stop_reason\": \"max_tokens\"},"
                    + " \"usage\": {\"output_tokens\": 25}}",
            "message_stop", "{\"type\": \"message_stop\"}");

    Reply reply = stream(body);

    // Summed, the output would be 2 + 10 + 25.
    assertEquals(new Usage(472, 25, 1024, 2048), reply.usage());
    assertEquals("max_tokens", reply.stopReason());
  }

  @Test
  void countsMessageDeltaSendsReplaceThoseOfMessageStartAndOmittedOnesAreKept() throws Exception {
    String body =
        sse(
            "message_start", MESSAGE_START,
            "message_delta",
                "{\"type\": \"message_delta\", \"delta\": {\"stop_reason\": \"end_turn\"},"
                    + " \"usage\": {\"input_tokens\": 480, \"cache_read_input_tokens\": null,"
                    + " \"output_tokens\": 7, \"server_tool_use\": {\"web_search_requests\": 1}}}",
            "message_stop", "{\"type\": \"message_stop\"}");

    assertEquals(new Usage(480, 7, 1024, 2048), stream(body).usage());
  }

  @Test
  void aMessageStartWithoutUsageCountsNothing() throws Exception {
    String body =
        sse(
            "message_start", "{\"type\": \"message_start\", \"message\": {\"id\": \"m\", \"model\": \"x\"}}",
            "message_stop", "{}");

    Reply reply = stream(body);

    assertEquals(Usage.NONE, reply.usage());
    assertNull(reply.stopReason());
    assertEquals("", reply.text());
  }

  @Test
  void pingsAndUnknownEventsAfterMessageStopAreIgnored() throws Exception {
    String body =
        sse(
            "message_start", MESSAGE_START,
            "message_stop", "{}",
            "ping", "{}",
            "brand_new_event", "not even JSON");

    assertEquals("msg_01Stream", stream(body).messageId());
  }

  // Failures

  static StreamException failure(String body) {
    return assertThrows(StreamException.class, () -> stream(body));
  }

  static String malformed(String body) {
    StreamException failure = failure(body);
    assertTrue(failure instanceof StreamException.Malformed, failure.toString());
    return failure.getMessage();
  }

  @Test
  void unreadableEventJsonFails() {
    String message =
        malformed(sse("message_start", MESSAGE_START, "content_block_start", "{\"index\": 0, oops}"));

    assertEquals("content_block_start event is not valid JSON: {\"index\": 0, oops}", message);
  }

  @Test
  void eventJsonCutShortFails() {
    String message =
        malformed(sse("message_start", MESSAGE_START, "content_block_start", "{\"index\": 0, \"content"));

    assertTrue(message.startsWith("content_block_start event JSON ends early"), message);
  }

  @Test
  void anEventOfTwoJsonValuesFails() {
    String message =
        malformed(sse("message_start", MESSAGE_START, "content_block_stop", "{\"index\": 0} {}"));

    assertTrue(message.startsWith("content_block_stop event has more than one JSON value"), message);
  }

  @Test
  void anEventThatIsNotAnObjectFails() {
    String message = malformed(sse("message_start", "[1]"));

    assertTrue(message.startsWith("message_start event is not a JSON object"), message);
  }

  @Test
  void aDeltaForABlockNeverStartedFails() {
    String message =
        malformed(sse("message_start", MESSAGE_START, "content_block_delta", delta(3, "text_delta", "text", "x")));

    assertTrue(message.startsWith("content_block_delta for block 3, which never started"), message);
  }

  @Test
  void aDeltaAfterItsBlockStoppedFails() {
    String message =
        malformed(
            sse(
                "message_start", MESSAGE_START,
                "content_block_start", start(0, "{\"type\": \"text\", \"text\": \"\"}"),
                "content_block_stop", stop(0),
                "content_block_delta", delta(0, "text_delta", "text", "late")));

    assertTrue(message.startsWith("content_block_delta for block 0 after its content_block_stop"), message);
  }

  @Test
  void aBlockStartedTwiceFails() {
    String block = start(0, "{\"type\": \"text\", \"text\": \"\"}");

    String message =
        malformed(sse("message_start", MESSAGE_START, "content_block_start", block, "content_block_start", block));

    assertTrue(message.startsWith("a second content_block_start for block 0"), message);
  }

  @Test
  void aDeltaOfAnotherBlocksTypeFails() {
    String message =
        malformed(
            sse(
                "message_start", MESSAGE_START,
                "content_block_start",
                    start(0, "{\"type\": \"tool_use\", \"id\": \"t\", \"name\": \"f\", \"input\": {}}"),
                "content_block_delta", delta(0, "text_delta", "text", "x")));

    assertTrue(message.startsWith("text_delta for block 0, a tool_use block"), message);
  }

  @Test
  void aToolInputThatIsNotOneObjectFails() {
    String message =
        malformed(
            sse(
                "message_start", MESSAGE_START,
                "content_block_start",
                    start(0, "{\"type\": \"tool_use\", \"id\": \"t\", \"name\": \"f\", \"input\": {}}"),
                "content_block_delta", delta(0, "input_json_delta", "partial_json", "{\"a\": 1"),
                "content_block_stop", stop(0)));

    assertEquals("the input_json_delta pieces of block 0 do not make a JSON object: {\"a\": 1", message);
  }

  @Test
  void eventsBeforeMessageStartFail() {
    String message = malformed(sse("content_block_start", start(0, "{\"type\": \"text\", \"text\": \"\"}")));

    assertTrue(message.startsWith("content_block_start before message_start"), message);
  }

  @Test
  void eventsAfterMessageStopFail() {
    String message =
        malformed(sse("message_start", MESSAGE_START, "message_stop", "{}", "message_delta", "{}"));

    assertTrue(message.startsWith("message_delta after message_stop"), message);
    assertTrue(
        malformed(sse("message_start", MESSAGE_START, "message_stop", "{}", "message_start", MESSAGE_START))
            .startsWith("message_start after message_stop"));
  }

  @Test
  void aSecondMessageStartFails() {
    assertTrue(
        malformed(sse("message_start", MESSAGE_START, "message_start", MESSAGE_START))
            .startsWith("a second message_start"));
  }

  @Test
  void aStreamEndingBeforeMessageStopIsCut() throws StreamException {
    ReplyAccumulator accumulator = new ReplyAccumulator(text -> {});
    SseParser parser = new SseParser(accumulator);
    parser.feed(
        sse(
                "message_start", MESSAGE_START,
                "content_block_start", start(0, "{\"type\": \"text\", \"text\": \"\"}"),
                "content_block_delta", delta(0, "text_delta", "text", "Hel"),
                "content_block_delta", delta(0, "text_delta", "text", "lo"))
            .getBytes(StandardCharsets.UTF_8));
    parser.feed("event: content_block_delta\ndata: {\"type\"".getBytes(StandardCharsets.UTF_8));

    assertFalse(parser.finish());
    assertFalse(accumulator.stopped());
    StreamException.Cut cut =
        assertThrows(StreamException.Cut.class, () -> accumulator.reply("req_1", RATE_LIMIT));
    assertEquals(2, cut.deltas());
    assertEquals("the stream ended before message_stop, after 2 deltas", cut.getMessage());
  }

  @Test
  void anEmptyStreamIsCutBeforeMessageStart() {
    ReplyAccumulator accumulator = new ReplyAccumulator(text -> {});

    StreamException.Cut cut =
        assertThrows(StreamException.Cut.class, () -> accumulator.reply(null, RateLimitInfo.NONE));
    assertEquals("the stream ended before message_stop, before message_start", cut.getMessage());
    assertEquals(0, cut.deltas());
  }

  @Test
  void anErrorEventCarriesItsTypeMessageAndTheDeltasBeforeIt() {
    StreamException failure =
        failure(
            sse(
                "message_start", MESSAGE_START,
                "content_block_start", start(0, "{\"type\": \"text\", \"text\": \"\"}"),
                "content_block_delta", delta(0, "text_delta", "text", "Hel"),
                "error",
                    "{\"type\": \"error\", \"error\": {\"details\": null, \"type\": \"overloaded_error\","
                        + " \"message\": \"Overloaded\"}, \"request_id\": \"req_body\"}"));

    StreamException.ErrorEvent event = (StreamException.ErrorEvent) failure;
    assertEquals("overloaded_error", event.errorType());
    assertEquals("Overloaded", event.errorMessage());
    assertEquals("req_body", event.requestId());
    assertEquals(1, event.deltas());
    // The server's text waits for the redactor; the exception's own message holds none of it.
    assertEquals("error event after 1 delta", event.getMessage());
  }

  @Test
  void anErrorEventBeforeMessageStartOrAfterMessageStopIsStillAnError() {
    assertTrue(failure(sse("error", "{\"error\": {\"type\": \"api_error\", \"message\": \"x\"}}"))
        instanceof StreamException.ErrorEvent);
    assertTrue(
        failure(sse("message_start", MESSAGE_START, "message_stop", "{}", "error", "{\"error\": {}}"))
            instanceof StreamException.ErrorEvent);
  }

  @Test
  void anUnreadableErrorEventIsAnErrorWithoutAType() {
    StreamException.ErrorEvent event =
        (StreamException.ErrorEvent) failure(sse("error", "<html>bad gateway</html>"));

    assertNull(event.errorType());
    assertEquals("unreadable error event: <html>bad gateway</html>", event.errorMessage());
    StreamException.ErrorEvent empty = (StreamException.ErrorEvent) failure(sse("error", "{}"));
    assertEquals("error event without an error: {}", empty.errorMessage());
    StreamException.ErrorEvent noMessage =
        (StreamException.ErrorEvent) failure(sse("error", "{\"error\": {\"type\": \"api_error\"}}"));
    assertEquals("(no message)", noMessage.errorMessage());
  }

  @Test
  void theTextCallbacksFailureStopsTheStream() {
    ReplyAccumulator accumulator =
        new ReplyAccumulator(
            text -> {
              throw new IllegalStateException("caller closed the stream");
            });
    SseParser parser = new SseParser(accumulator);
    byte[] body =
        sse(
                "message_start", MESSAGE_START,
                "content_block_start", start(0, "{\"type\": \"text\", \"text\": \"\"}"),
                "content_block_delta", delta(0, "text_delta", "text", "Hi"))
            .getBytes(StandardCharsets.UTF_8);

    IllegalStateException thrown = assertThrows(IllegalStateException.class, () -> parser.feed(body));
    assertEquals("caller closed the stream", thrown.getMessage());
    assertEquals(1, accumulator.deltas());
  }
}
