package dev.claudegen.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.ByteArrayInputStream;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Scripted tool use, what a client answered, and the API's checks of tools and tool turns. */
class ToolUseTest {
  private static final String ORDER_SCHEMA =
      "{\"type\":\"object\",\"properties\":{\"orderId\":{\"type\":\"string\"}},"
          + "\"required\":[\"orderId\"],\"additionalProperties\":false}";

  private FakeClaude claude;

  @BeforeEach
  void start() {
    claude = FakeClaude.start();
  }

  @AfterEach
  void stop() {
    claude.close();
  }

  /** A request offering {@code lookupOrder}, asking about an order. */
  private static ObjectNode request() throws Exception {
    ObjectNode root =
        (ObjectNode)
            Messages.MAPPER.readTree(
                Messages.body("claude-sonnet-4-6", null, "Where is my order A-17?"));
    root.putArray("tools").add(tool("lookupOrder", ORDER_SCHEMA));
    return root;
  }

  private static ArrayNode tools(JsonNode request) {
    return (ArrayNode) request.get("tools");
  }

  private static ArrayNode messages(JsonNode request) {
    return (ArrayNode) request.get("messages");
  }

  private static ObjectNode tool(String name, String schema) throws Exception {
    ObjectNode tool = Messages.MAPPER.createObjectNode().put("name", name);
    tool.set("input_schema", Messages.MAPPER.readTree(schema));
    return tool;
  }

  /** {@code request} with the reply's content as the assistant turn and then a user turn. */
  private static ObjectNode answer(ObjectNode request, JsonNode reply, JsonNode... userBlocks) {
    ObjectNode next = request.deepCopy();
    ArrayNode messages = (ArrayNode) next.get("messages");
    ObjectNode assistant = messages.addObject().put("role", "assistant");
    assistant.set("content", reply.get("content"));
    ArrayNode content = messages.addObject().put("role", "user").putArray("content");
    for (JsonNode block : userBlocks) {
      content.add(block);
    }
    return next;
  }

  private static ObjectNode result(String toolUseId, String content) {
    ObjectNode block =
        Messages.MAPPER.createObjectNode().put("type", "tool_result").put("tool_use_id", toolUseId);
    if (content != null) {
      block.put("content", content);
    }
    return block;
  }

  private static ObjectNode text(String text) {
    return Messages.MAPPER.createObjectNode().put("type", "text").put("text", text);
  }

  private JsonNode send(JsonNode body) throws Exception {
    HttpResponse<String> response = Messages.post(claude.baseUrl(), body.toString());
    assertEquals(200, response.statusCode(), response.body());
    return Messages.MAPPER.readTree(response.body());
  }

  /** The message of the 400 {@code invalid_request_error} the server sends for {@code body}. */
  private String refusal(JsonNode body) throws Exception {
    HttpResponse<String> response = Messages.post(claude.baseUrl(), body.toString());
    assertEquals(400, response.statusCode(), response.body());
    JsonNode error = Messages.MAPPER.readTree(response.body()).get("error");
    assertEquals("invalid_request_error", error.get("type").asText());
    return error.get("message").asText();
  }

  @Test
  void aToolUseReplyHasOneToolUseBlockWithAFreshIdAndStopsForTheTool() throws Exception {
    claude.enqueue(FakeResponse.toolUse("lookupOrder", "{\"orderId\": \"A-17\"}"));

    JsonNode reply = send(request());

    assertEquals("tool_use", reply.get("stop_reason").asText());
    assertEquals(
        Messages.MAPPER.readTree(
            "[{\"type\":\"tool_use\",\"id\":\"toolu_fake_000001\",\"name\":\"lookupOrder\","
                + "\"input\":{\"orderId\":\"A-17\"}}]"),
        reply.get("content"));
  }

  @Test
  void theSameResponseEnqueuedTwiceGetsANewIdEachTime() throws Exception {
    FakeResponse lookup = FakeResponse.toolUse("lookupOrder", "{\"orderId\":\"A-17\"}");
    claude.enqueue(lookup, lookup);

    String first = send(request()).at("/content/0/id").asText();
    String second = send(request()).at("/content/0/id").asText();

    assertEquals("toolu_fake_000001", first);
    assertEquals("toolu_fake_000002", second);
  }

  @Test
  void parallelCallsComeInOrderAfterTheText() throws Exception {
    claude.enqueue(
        FakeResponse.toolUse("weather", "{\"city\":\"Paris\"}")
            .andToolUse("weather", "{\"city\":\"Rome\"}")
            .withText("Let me look that up."),
        FakeResponse.text("Checking.").andToolUse("clock", "{}"));

    JsonNode parallel = send(request()).get("content");
    JsonNode afterText = send(request()).get("content");

    assertEquals(3, parallel.size());
    assertEquals("Let me look that up.", parallel.at("/0/text").asText());
    assertEquals("Paris", parallel.at("/1/input/city").asText());
    assertEquals("Rome", parallel.at("/2/input/city").asText());
    assertEquals("toolu_fake_000001", parallel.at("/1/id").asText());
    assertEquals("toolu_fake_000002", parallel.at("/2/id").asText());
    assertEquals("text", afterText.at("/0/type").asText());
    assertEquals("clock", afterText.at("/1/name").asText());
    assertEquals("{}", afterText.at("/1/input").toString());
  }

  @Test
  void anInputThatIsNotAJsonObjectIsRefusedWhenScripted() {
    for (String input : List.of("[1]", "\"A-17\"", "{\"orderId\":", "", "null")) {
      IllegalArgumentException e =
          assertThrows(
              IllegalArgumentException.class, () -> FakeResponse.toolUse("lookupOrder", input));
      assertTrue(e.getMessage().startsWith("The input of tool lookupOrder "), e.getMessage());
    }
    assertThrows(
        IllegalStateException.class,
        () -> FakeResponse.error(529, "overloaded_error", "Overloaded").andToolUse("t", "{}"));
    assertThrows(
        IllegalStateException.class, () -> FakeResponse.schemaInstance().withText("Sure:"));
    assertThrows(
        IllegalStateException.class, () -> FakeResponse.toolUse("t", "{}").withMaxTokensCut(1));
  }

  @Test
  void aStreamedToolUseSendsItsInputAsJsonDeltas() throws Exception {
    String input = "{\"orderId\":\"A-17\",\"note\":\"a note longer than one piece of thirty-two\"}";
    claude.enqueue(FakeResponse.toolUse("lookupOrder", input).withText("Looking."));
    ObjectNode body = request().put("stream", true);

    HttpResponse<String> response = Messages.post(claude.baseUrl(), body.toString());
    List<SseClient.Event> events =
        SseClient.readAll(
            new ByteArrayInputStream(response.body().getBytes(StandardCharsets.UTF_8)));

    List<JsonNode> starts = new ArrayList<>();
    StringBuilder partialJson = new StringBuilder();
    int deltas = 0;
    String stopReason = null;
    for (SseClient.Event event : events) {
      JsonNode data = event.json();
      switch (event.name()) {
        case "content_block_start":
          starts.add(data.get("content_block"));
          break;
        case "content_block_delta":
          if (data.get("index").asInt() == 1) {
            assertEquals("input_json_delta", data.at("/delta/type").asText());
            partialJson.append(data.at("/delta/partial_json").asText());
            deltas++;
          }
          break;
        case "message_delta":
          stopReason = data.at("/delta/stop_reason").asText();
          break;
        default:
          break;
      }
    }
    assertEquals(2, starts.size());
    assertEquals(
        Messages.MAPPER.readTree(
            "{\"type\":\"tool_use\",\"id\":\"toolu_fake_000001\",\"name\":\"lookupOrder\","
                + "\"input\":{}}"),
        starts.get(1));
    assertTrue(deltas > 1, "the input comes in pieces: " + deltas);
    assertEquals(Messages.MAPPER.readTree(input), Messages.MAPPER.readTree(partialJson.toString()));
    assertEquals("tool_use", stopReason);
  }

  @Test
  void toolResultsAreReadFromTheLastUserTurnInOrder() throws Exception {
    claude.enqueue(
        FakeResponse.toolUse("lookupOrder", "{\"orderId\":\"A-17\"}")
            .andToolUse("lookupOrder", "{\"orderId\":\"B-2\"}")
            .andToolUse("cancelOrder", "{\"orderId\":\"B-2\"}"));
    ObjectNode first = request();
    JsonNode reply = send(first);
    ObjectNode arrayContent = result("toolu_fake_000002", null);
    arrayContent.putArray("content").add(text("{\"status\":")).add(text("\"LOST\"}"));
    ObjectNode failed = result("toolu_fake_000003", "order B-2 is lost").put("is_error", true);
    send(
        answer(
            first,
            reply,
            result("toolu_fake_000001", "{\"status\":\"SHIPPED\"}"),
            arrayContent,
            failed,
            text("Thanks")));

    RecordedRequest second = claude.requests().get(1);

    assertEquals(
        List.of(
            new RecordedRequest.ToolResult("toolu_fake_000001", "{\"status\":\"SHIPPED\"}", false),
            new RecordedRequest.ToolResult("toolu_fake_000002", "{\"status\":\"LOST\"}", false),
            new RecordedRequest.ToolResult("toolu_fake_000003", "order B-2 is lost", true)),
        second.toolResults());
    assertEquals("{\"status\":\"SHIPPED\"}", second.toolResultFor("lookupOrder").content());
    assertTrue(second.toolResultFor("cancelOrder").isError());
    assertEquals(List.of(), claude.requests().get(0).toolResults());
    assertEquals(List.of("lookupOrder"), second.toolNames());
  }

  @Test
  void aResultWithoutContentHasNullContent() throws Exception {
    claude.enqueue(FakeResponse.toolUse("notify", "{}"));
    ObjectNode first = request();
    tools(first).add(tool("notify", "{\"type\":\"object\"}"));
    send(answer(first, send(first), result("toolu_fake_000001", null)));

    RecordedRequest.ToolResult notified = claude.requests().get(1).toolResultFor("notify");

    assertNull(notified.content());
    assertFalse(notified.isError());
    assertEquals(List.of("lookupOrder", "notify"), claude.requests().get(1).toolNames());
  }

  @Test
  void toolResultForSaysWhatIsMissing() throws Exception {
    claude.enqueue(FakeResponse.toolUse("lookupOrder", "{\"orderId\":\"A-17\"}"));
    ObjectNode first = request();
    JsonNode reply = send(first);
    ObjectNode unanswered = answer(first, reply, text("never mind"));
    refusal(unanswered); // recorded all the same

    RecordedRequest noResult = claude.requests().get(1);

    AssertionError notAsked =
        assertThrows(AssertionError.class, () -> noResult.toolResultFor("cancelOrder"));
    AssertionError notAnswered =
        assertThrows(AssertionError.class, () -> noResult.toolResultFor("lookupOrder"));
    AssertionError noAssistant =
        assertThrows(
            AssertionError.class, () -> claude.requests().get(0).toolResultFor("lookupOrder"));

    assertEquals(
        "No result for tool cancelOrder: the assistant turn before the last turn calls"
            + " lookupOrder (toolu_fake_000001)",
        notAsked.getMessage());
    assertEquals(
        "No result for tool lookupOrder (toolu_fake_000001): the last turn answers no tool_use id",
        notAnswered.getMessage());
    assertTrue(
        noAssistant
            .getMessage()
            .startsWith(
                "No result for tool lookupOrder: the request's turn before its last is not an"
                    + " assistant turn (1 turns)"),
        noAssistant.getMessage());
  }

  @Test
  void aCompleteToolRoundPassesTheChecks() throws Exception {
    claude.enqueue(
        FakeResponse.toolUse("lookupOrder", "{\"orderId\":\"A-17\"}").withText("Let me see."),
        FakeResponse.text("It shipped."));
    ObjectNode first = request();
    tools(first).add(tool("cancel_order-2", "{\"type\":\"object\"}"));
    tools(first).addObject().put("type", "web_search_20250305").put("name", "web_search");
    JsonNode reply = send(first);

    JsonNode last = send(answer(first, reply, result("toolu_fake_000001", "shipped"), text("?")));

    assertEquals("It shipped.", last.at("/content/0/text").asText());
  }

  @Test
  void toolNamesMustFitThePatternAndBeUnique() throws Exception {
    ObjectNode spaced = request();
    tools(spaced).add(tool("look up", "{\"type\":\"object\"}"));
    ObjectNode tooLong = request();
    tools(tooLong).add(tool("t".repeat(65), "{\"type\":\"object\"}"));
    ObjectNode twice = request();
    tools(twice).add(tool("lookupOrder", "{\"type\":\"object\"}"));

    assertEquals(
        "tools.1.name: String should match pattern '^[a-zA-Z0-9_-]{1,64}$'", refusal(spaced));
    assertEquals(
        "tools.1.name: String should match pattern '^[a-zA-Z0-9_-]{1,64}$'", refusal(tooLong));
    assertEquals("tools: Tool names must be unique. Duplicate: 'lookupOrder'", refusal(twice));
  }

  @Test
  void aToolNeedsAnObjectInputSchema() throws Exception {
    ObjectNode none = request();
    ((ObjectNode) tools(none).get(0)).remove("input_schema");
    ObjectNode string = request();
    tools(string).add(tool("echo", "{\"type\":\"string\"}"));

    assertEquals("tools.0.input_schema: Field required", refusal(none));
    assertEquals("tools.1.input_schema.type: Input should be 'object'", refusal(string));
  }

  @Test
  void aStrictToolsSchemaIsCheckedAsAnOutputSchemaIs() throws Exception {
    ObjectNode open = request();
    ((ObjectNode) tools(open).get(0)).put("strict", true);
    ((ObjectNode) open.at("/tools/0/input_schema")).remove("additionalProperties");
    ObjectNode bounded = request();
    ((ObjectNode) tools(bounded).get(0)).put("strict", true);
    ((ObjectNode) bounded.at("/tools/0/input_schema/properties/orderId")).put("maxLength", 8);
    ObjectNode lax = request();
    ((ObjectNode) lax.at("/tools/0/input_schema")).remove("additionalProperties");

    assertEquals(
        "tools.0.input_schema: For 'object' type, 'additionalProperties' must be explicitly set"
            + " to false (at #)",
        refusal(open));
    assertEquals(
        "tools.0.input_schema: For 'string' type, property 'maxLength' is not supported"
            + " (at #/properties/orderId)",
        refusal(bounded));
    claude.enqueue(FakeResponse.text("not strict, not checked"));
    assertEquals("not strict, not checked", send(lax).at("/content/0/text").asText());
  }

  @Test
  void theComplexityLimitsCountTheStrictToolsWithoutAnOutputSchema() throws Exception {
    ObjectNode root = request();
    ArrayNode tools = root.putArray("tools");
    for (int t = 0; t < 5; t++) {
      StringBuilder properties = new StringBuilder();
      for (int i = 0; i < 5; i++) {
        properties
            .append(i == 0 ? "" : ",")
            .append("\"p")
            .append(i)
            .append("\":{\"type\":\"string\"}");
      }
      ObjectNode tool =
          tool(
              "t" + t,
              "{\"type\":\"object\",\"additionalProperties\":false,\"properties\":{"
                  + properties
                  + "}}");
      tools.add(tool.put("strict", true));
    }

    assertEquals(
        "Schema is too complex for compilation: 25 optional properties over the strict tools"
            + " (at most 24)",
        refusal(root));

    ArrayNode many = root.putArray("tools");
    for (int t = 0; t <= StructuredOutput.MAX_STRICT_TOOLS; t++) {
      many.add(
          tool("t" + t, "{\"type\":\"object\",\"additionalProperties\":false}")
              .put("strict", true));
    }
    assertEquals(
        "Schema is too complex for compilation: 21 strict tools (at most 20)", refusal(root));
  }

  @Test
  void everyToolUseNeedsAResultInTheNextTurn() throws Exception {
    claude.enqueue(
        FakeResponse.toolUse("lookupOrder", "{\"orderId\":\"A-17\"}")
            .andToolUse("lookupOrder", "{\"orderId\":\"B-2\"}"));
    ObjectNode first = request();
    JsonNode reply = send(first);
    ObjectNode half = answer(first, reply, result("toolu_fake_000001", "shipped"));
    ObjectNode dangling = first.deepCopy();
    ObjectNode assistant = messages(dangling).addObject().put("role", "assistant");
    assistant.set("content", reply.get("content"));

    String expected =
        "messages.1: `tool_use` ids were found without `tool_result` blocks immediately after: %s."
            + " Each `tool_use` block must have a corresponding `tool_result` block in the next"
            + " message.";
    assertEquals(expected.formatted("toolu_fake_000002"), refusal(half));
    assertEquals(expected.formatted("toolu_fake_000001, toolu_fake_000002"), refusal(dangling));
  }

  @Test
  void toolResultsComeBeforeAnyText() throws Exception {
    claude.enqueue(FakeResponse.toolUse("lookupOrder", "{\"orderId\":\"A-17\"}"));
    ObjectNode first = request();
    ObjectNode textFirst =
        answer(first, send(first), text("Here:"), result("toolu_fake_000001", "shipped"));

    assertEquals(
        "messages.2: Did not find 1 `tool_result` block(s) at the beginning of this message."
            + " Messages following `tool_use` blocks must begin with a matching number of"
            + " `tool_result` blocks.",
        refusal(textFirst));
  }

  @Test
  void aResultMustAnswerACallOfThePreviousTurn() throws Exception {
    claude.enqueue(FakeResponse.toolUse("lookupOrder", "{\"orderId\":\"A-17\"}"));
    ObjectNode first = request();
    ObjectNode stray =
        answer(
            first,
            send(first),
            result("toolu_fake_000001", "shipped"),
            result("toolu_made_up", "?"));
    ObjectNode fromNowhere = request();
    messages(fromNowhere).addObject().put("role", "assistant").put("content", "Hm.");
    messages(fromNowhere)
        .addObject()
        .put("role", "user")
        .putArray("content")
        .add(result("toolu_fake_000001", "shipped"));

    assertEquals(
        "messages.2.content.1: unexpected `tool_use_id` found in `tool_result` blocks:"
            + " toolu_made_up. Each `tool_result` block must have a corresponding `tool_use` block"
            + " in the previous message.",
        refusal(stray));
    assertTrue(refusal(fromNowhere).startsWith("messages.2.content.0: unexpected `tool_use_id`"));
  }

  @Test
  void theChecksComeBeforeQueuedAndRuleRepliesToo() throws Exception {
    ObjectNode twice = request();
    tools(twice).add(tool("lookupOrder", "{\"type\":\"object\"}"));
    claude.enqueue(FakeResponse.text("queued"));
    claude.when(Match.any()).reply(FakeResponse.text("rule"));

    assertTrue(refusal(twice).startsWith("tools: Tool names must be unique."));
    assertTrue(refusal(twice).startsWith("tools: Tool names must be unique."));
    assertEquals(0, claude.pendingResponses());
  }

  @Test
  void scriptedErrorsAreSentAsTheyAre() throws Exception {
    ObjectNode twice = request();
    tools(twice).add(tool("lookupOrder", "{\"type\":\"object\"}"));
    claude.enqueue(FakeScenarios.overloadedError());

    HttpResponse<String> response = Messages.post(claude.baseUrl(), twice.toString());

    assertEquals(529, response.statusCode());
  }

  @Test
  void aToolCallScenarioCallsTheToolThenAnswers() throws Exception {
    claude.enqueue(
        FakeScenarios.toolCall("lookupOrder", "{\"orderId\":\"A-17\"}", "It shipped on Monday."));
    ObjectNode first = request();
    JsonNode reply = send(first);

    JsonNode last = send(answer(first, reply, result("toolu_fake_000001", "{}")));

    assertEquals("lookupOrder", reply.at("/content/0/name").asText());
    assertEquals("It shipped on Monday.", last.at("/content/0/text").asText());
  }

  @Test
  void toStringShowsTheToolCalls() {
    assertEquals(
        "FakeResponse{200 message [\"Let me see.\"] + tool_use lookupOrder"
            + " \"{\"orderId\":\"A-17\"}\", stop_reason=tool_use}",
        FakeResponse.toolUse("lookupOrder", "{\"orderId\": \"A-17\"}")
            .withText("Let me see.")
            .toString());
    assertEquals(
        FakeResponse.toolUse("a", "{}").andToolUse("b", "{\"x\":1}"),
        FakeResponse.toolUse("a", "{ }").andToolUse("b", "{\"x\": 1}"));
  }
}
