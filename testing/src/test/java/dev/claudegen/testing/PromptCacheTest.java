package dev.claudegen.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.ByteArrayInputStream;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Cache markers: where they are, the API's 400s for them, and the usage the cache produces. */
class PromptCacheTest {
  private static final String SYSTEM = "You are the support agent of a shop. ".repeat(20);

  private FakeClaude claude;

  @BeforeEach
  void start() {
    claude = FakeClaude.start();
  }

  @AfterEach
  void stop() {
    claude.close();
  }

  /** A request whose one system block is marked with {@code ttl} ({@code null}: none). */
  private static ObjectNode request(String model, String ttl) {
    ObjectNode root = Messages.MAPPER.createObjectNode().put("model", model).put("max_tokens", 64);
    ObjectNode system = root.putArray("system").addObject().put("type", "text").put("text", SYSTEM);
    mark(system, ttl);
    root.putArray("messages")
        .addObject()
        .put("role", "user")
        .putArray("content")
        .add(text("Where is my order A-17?"));
    return root;
  }

  private static ObjectNode request() {
    return request("claude-sonnet-4-6", "5m");
  }

  private static ObjectNode text(String text) {
    return Messages.MAPPER.createObjectNode().put("type", "text").put("text", text);
  }

  private static ObjectNode mark(ObjectNode block, String ttl) {
    if (ttl != null) {
      ObjectNode marker = block.putObject("cache_control").put("type", "ephemeral");
      if (!ttl.equals("5m")) {
        marker.put("ttl", ttl);
      }
    }
    return block;
  }

  private static ArrayNode messages(JsonNode request) {
    return (ArrayNode) request.get("messages");
  }

  private static ObjectNode tool(String name) {
    ObjectNode tool = Messages.MAPPER.createObjectNode().put("name", name);
    tool.putObject("input_schema").put("type", "object");
    return tool;
  }

  /**
   * The documented estimate for these blocks: {@code ceil(bytes / 4)} of their compact JSON without
   * {@code cache_control}.
   */
  private static int tokens(JsonNode... blocks) {
    long bytes = 0;
    for (JsonNode block : blocks) {
      JsonNode bare = block.deepCopy();
      if (bare.isObject()) {
        ((ObjectNode) bare).remove("cache_control");
      }
      bytes += bare.toString().getBytes(StandardCharsets.UTF_8).length;
    }
    return (int) ((bytes + 3) / 4);
  }

  private static JsonNode system(JsonNode request) {
    return request.at("/system/0");
  }

  private static JsonNode lastBlock(JsonNode request) {
    ArrayNode messages = messages(request);
    JsonNode content = messages.get(messages.size() - 1).get("content");
    return content.get(content.size() - 1);
  }

  private JsonNode usage(JsonNode body) throws Exception {
    HttpResponse<String> response = Messages.post(claude.baseUrl(), body.toString());
    assertEquals(200, response.statusCode(), response.body());
    return Messages.MAPPER.readTree(response.body()).get("usage");
  }

  private String refusal(JsonNode body) throws Exception {
    HttpResponse<String> response = Messages.post(claude.baseUrl(), body.toString());
    assertEquals(400, response.statusCode(), response.body());
    JsonNode error = Messages.MAPPER.readTree(response.body()).get("error");
    assertEquals("invalid_request_error", error.get("type").asText());
    return error.get("message").asText();
  }

  /** {@code [input, creation, read]} of a reply's usage. */
  private static List<Integer> counts(JsonNode usage) {
    return List.of(
        usage.get("input_tokens").asInt(),
        usage.get("cache_creation_input_tokens").asInt(),
        usage.get("cache_read_input_tokens").asInt());
  }

  @Test
  void breakpointsAreListedInCacheOrderWithTheirTtl() throws Exception {
    ObjectNode root = request("claude-sonnet-4-6", "1h");
    ArrayNode tools = root.putArray("tools");
    tools.add(tool("a"));
    tools.add(mark(tool("b"), "1h"));
    mark((ObjectNode) lastBlock(root), "5m");
    root.putObject("cache_control").put("type", "ephemeral");

    usage(root);

    assertEquals(
        List.of("tools[1] (1h)", "system[0] (1h)", "messages[0].content[0]", "cache_control"),
        claude.takeRequest().cacheBreakpoints());
  }

  @Test
  void atMostFourBreakpointsCountingTheTopLevelOne() throws Exception {
    ObjectNode four = request();
    ArrayNode tools = four.putArray("tools");
    for (String name : List.of("a", "b", "c")) {
      tools.add(mark(tool(name), "5m"));
    }
    ObjectNode five = four.deepCopy();
    mark((ObjectNode) lastBlock(five), "5m");
    ObjectNode automatic = four.deepCopy();
    automatic.putObject("cache_control").put("type", "ephemeral");

    usage(four);
    assertEquals(
        "A maximum of 4 blocks with cache_control may be provided. Found 5.", refusal(five));
    assertEquals(
        "A maximum of 4 blocks with cache_control may be provided. Found 5.", refusal(automatic));
  }

  @Test
  void aMarkerIsEphemeralWithATtlOfFiveMinutesOrAnHour() throws Exception {
    ObjectNode tenMinutes = request("claude-sonnet-4-6", "10m");
    ObjectNode persistent = request();
    ((ObjectNode) system(persistent).get("cache_control")).put("type", "persistent");

    assertEquals("system.0.cache_control.ttl: Input should be '5m' or '1h'", refusal(tenMinutes));
    assertEquals("system.0.cache_control.type: Input should be 'ephemeral'", refusal(persistent));
  }

  @Test
  void anHourMustNotComeAfterFiveMinutes() throws Exception {
    ObjectNode hourFirst = request("claude-sonnet-4-6", "1h");
    mark((ObjectNode) lastBlock(hourFirst), "5m");
    ObjectNode hourLast = request("claude-sonnet-4-6", "5m");
    mark((ObjectNode) lastBlock(hourLast), "1h");

    usage(hourFirst);
    assertEquals(
        "A cache_control block with ttl='1h' must not come after a cache_control block with"
            + " ttl='5m' (found messages.0.content.0 after system.0). Blocks are processed in the"
            + " order `tools`, `system`, `messages`.",
        refusal(hourLast));
  }

  @Test
  void theFirstRequestWritesThePrefixAndTheNextReadsIt() throws Exception {
    ObjectNode first = request();
    int prefix = tokens(system(first));
    int all = tokens(system(first), lastBlock(first));

    JsonNode written = usage(first);
    JsonNode read = usage(first);

    assertEquals(List.of(all - prefix, prefix, 0), counts(written));
    assertEquals(prefix, written.at("/cache_creation/ephemeral_5m_input_tokens").asInt());
    assertEquals(0, written.at("/cache_creation/ephemeral_1h_input_tokens").asInt());
    assertEquals(List.of(all - prefix, 0, prefix), counts(read));
  }

  @Test
  void aLongerConversationReadsTheSharedPrefixAndWritesTheRest() throws Exception {
    ObjectNode first = request();
    usage(first);
    ObjectNode longer = first.deepCopy();
    messages(longer).addObject().put("role", "assistant").putArray("content").add(text("Shipped."));
    messages(longer)
        .addObject()
        .put("role", "user")
        .putArray("content")
        .add(mark(text("And B-2?"), "5m"));
    JsonNode[] blocks = {
      system(longer),
      longer.at("/messages/0/content/0"),
      longer.at("/messages/1/content/0"),
      longer.at("/messages/2/content/0")
    };
    int prefix = tokens(system(longer));
    int all = tokens(blocks);

    JsonNode usage = usage(longer);

    assertEquals(List.of(0, all - prefix, prefix), counts(usage));
  }

  @Test
  void thePrefixDependsOnTheModelAndTheBlocksButNotOnTheMarkers() throws Exception {
    ObjectNode sonnet = request();
    ObjectNode haiku = request("claude-haiku-4-5", "5m");
    ObjectNode markedLater = request("claude-sonnet-4-6", null);
    mark((ObjectNode) lastBlock(markedLater), "5m");
    int prefix = tokens(system(sonnet));
    int all = tokens(system(sonnet), lastBlock(sonnet));

    usage(sonnet);
    JsonNode otherModel = usage(haiku);
    JsonNode longerPrefix = usage(markedLater);

    assertEquals(List.of(all - prefix, prefix, 0), counts(otherModel));
    assertEquals(List.of(0, all - prefix, prefix), counts(longerPrefix));
  }

  @Test
  void anHourAndFiveMinutesAreCountedApart() throws Exception {
    ObjectNode root = request("claude-sonnet-4-6", "5m");
    root.putArray("tools").add(mark(tool("lookupOrder"), "1h"));
    int tool = tokens(root.at("/tools/0"));
    int both = tokens(root.at("/tools/0"), system(root));

    JsonNode usage = usage(root);

    assertEquals(both, usage.get("cache_creation_input_tokens").asInt());
    assertEquals(tool, usage.at("/cache_creation/ephemeral_1h_input_tokens").asInt());
    assertEquals(both - tool, usage.at("/cache_creation/ephemeral_5m_input_tokens").asInt());
  }

  @Test
  void aPrefixBelowTheMinimumIsNotCachedAndNoErrorIsSent() throws Exception {
    ObjectNode root = request();
    int prefix = tokens(system(root));
    int all = tokens(system(root), lastBlock(root));
    claude.minCacheableTokens(prefix + 1);

    JsonNode ignored = usage(root);
    claude.minCacheableTokens(prefix);
    JsonNode written = usage(root);

    assertEquals(List.of(all, 0, 0), counts(ignored));
    assertEquals(List.of(all - prefix, prefix, 0), counts(written));
    assertThrows(IllegalArgumentException.class, () -> claude.minCacheableTokens(-1));
  }

  @Test
  void aTopLevelMarkerCachesEverythingAndStringsAreOneTextBlockEach() throws Exception {
    ObjectNode root =
        (ObjectNode) Messages.MAPPER.readTree(Messages.body("claude-sonnet-4-6", SYSTEM, "Hi"));
    root.putObject("cache_control").put("type", "ephemeral").put("ttl", "1h");
    int all = tokens(textBlock(root.get("system")), textBlock(root.at("/messages/0/content")));

    JsonNode usage = usage(root);

    assertEquals(List.of("cache_control (1h)"), claude.takeRequest().cacheBreakpoints());
    assertEquals(List.of(0, all, 0), counts(usage));
    assertEquals(all, usage.at("/cache_creation/ephemeral_1h_input_tokens").asInt());
  }

  @Test
  void aTurnSentAsAStringMatchesTheSameTurnSentEarlierAsAMarkedBlock() throws Exception {
    // A conversation's last turn goes as a marked block array; in the next call, as a string.
    ObjectNode first =
        (ObjectNode) Messages.MAPPER.readTree(Messages.body("claude-sonnet-4-6", SYSTEM, "Hi"));
    ObjectNode turn = (ObjectNode) first.at("/messages/0");
    ObjectNode block = turn.putArray("content").addObject().put("type", "text").put("text", "Hi");
    block.putObject("cache_control").put("type", "ephemeral");
    int written = usage(first).get("cache_creation_input_tokens").asInt();

    ObjectNode second =
        (ObjectNode) Messages.MAPPER.readTree(Messages.body("claude-sonnet-4-6", SYSTEM, "Hi"));
    ArrayNode messages = (ArrayNode) second.get("messages");
    messages.addObject().put("role", "assistant").put("content", "Hello.");
    ObjectNode next = messages.addObject().put("role", "user");
    next.putArray("content").addObject().put("type", "text").put("text", "More?")
        .putObject("cache_control").put("type", "ephemeral");

    assertTrue(written > 0);
    assertEquals(written, usage(second).get("cache_read_input_tokens").asInt());
  }

  private static JsonNode textBlock(JsonNode text) {
    ObjectNode block = Messages.MAPPER.createObjectNode().put("type", "text");
    block.set("text", text);
    return block;
  }

  @Test
  void clearCacheForgetsWhatWasWritten() throws Exception {
    ObjectNode root = request();
    int prefix = tokens(system(root));
    usage(root);

    claude.clearCache();

    assertEquals(prefix, usage(root).get("cache_creation_input_tokens").asInt());
  }

  @Test
  void aRefusedRequestWritesNothing() throws Exception {
    ObjectNode refused = request("claude-sonnet-4-6", "10m");
    ObjectNode root = request();
    int prefix = tokens(system(root));
    refusal(refused);
    ((ObjectNode) system(refused).get("cache_control")).remove("ttl");

    assertEquals(prefix, usage(refused).get("cache_creation_input_tokens").asInt());
  }

  @Test
  void scriptedCacheUsageWinsAndNoMarkersMeanNoCacheFields() throws Exception {
    claude.enqueue(FakeResponse.text("scripted").withCacheUsage(7, 9));

    JsonNode scripted = usage(request());
    JsonNode unmarked = usage(request("claude-sonnet-4-6", null));

    assertEquals(7, scripted.get("cache_creation_input_tokens").asInt());
    assertEquals(9, scripted.get("cache_read_input_tokens").asInt());
    assertFalse(scripted.has("cache_creation"));
    assertFalse(unmarked.has("cache_creation_input_tokens"));
    assertFalse(unmarked.has("cache_read_input_tokens"));
    assertEquals(List.of(), claude.requests().get(1).cacheBreakpoints());
  }

  @Test
  void aStreamedReplyCarriesTheCacheUsageInMessageStart() throws Exception {
    ObjectNode root = request().put("stream", true);
    int prefix = tokens(system(root));
    usage(request());

    HttpResponse<String> response = Messages.post(claude.baseUrl(), root.toString());
    List<SseClient.Event> events =
        SseClient.readAll(
            new ByteArrayInputStream(response.body().getBytes(StandardCharsets.UTF_8)));

    JsonNode usage = events.get(0).json().at("/message/usage");
    assertEquals("message_start", events.get(0).name());
    assertEquals(prefix, usage.get("cache_read_input_tokens").asInt());
    assertEquals(0, usage.get("cache_creation_input_tokens").asInt());
  }
}
