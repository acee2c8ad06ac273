package dev.claudegen.testing;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.MissingNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * One HTTP request as received by a {@link FakeClaude} server, for assertions.
 *
 * <pre>{@code
 * RecordedRequest request = claude.takeRequest();
 * assertEquals("POST", request.method());
 * assertEquals("/v1/messages", request.path());
 * assertEquals("2026-10-21", request.header("anthropic-version"));
 * assertEquals("claude-sonnet-4-6", request.model());
 * assertEquals("You are terse.", request.system());
 * assertEquals("Summarize: ...", request.userText());
 * }</pre>
 *
 * <h2>Reading the Messages API body</h2>
 *
 * <p>{@link #model()}, {@link #maxTokens()}, {@link #stream()}, {@link #system()}, {@link
 * #messages()}, {@link #userText()}, {@link #hasOutputFormat()}, {@link #outputSchema()}, {@link
 * #toolNames()}, {@link #toolResults()} and {@link #cacheBreakpoints()} read the common fields of a
 * Messages API request without JSON plumbing. They never throw: when the body is empty, not JSON,
 * not an object, or the field is missing or has another shape than the API allows, they return
 * {@code null} (or, for {@link #messages()} and the lists, an empty list, and for {@link
 * #stream()}, {@code false}). {@link #toolResultFor(String)} is an assertion, and throws {@link
 * AssertionError} when the result it looks for is not there. {@link #json()} gives the whole tree
 * for anything else.
 *
 * <p>Instances are immutable and thread safe. {@link #toString()} hides credentials, so requests
 * can be printed in test logs; {@link #header(String)} returns the real values.
 */
public final class RecordedRequest {
  private static final ObjectMapper MAPPER =
      JsonMapper.builder().enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS).build();

  // Headers whose values are secrets; toString() must never print them.
  private static final Set<String> REDACTED =
      Set.of("x-api-key", "authorization", "proxy-authorization");

  private static final int MAX_BODY_IN_TO_STRING = 2000;

  private final String method;
  private final String path;
  private final String query;
  private final Map<String, List<String>> headers;
  private final byte[] body;
  private final Instant receivedAt;
  // The body's tree, parsed on first use by the accessors; MissingNode when it is not JSON.
  private volatile JsonNode parsed;

  RecordedRequest(
      String method,
      String target,
      Map<String, List<String>> headers,
      byte[] body,
      Instant receivedAt) {
    this.method = method;
    String pathAndQuery = originForm(target);
    int question = pathAndQuery.indexOf('?');
    this.path = question < 0 ? pathAndQuery : pathAndQuery.substring(0, question);
    this.query = question < 0 ? null : pathAndQuery.substring(question + 1);
    Map<String, List<String>> copy = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
    headers.forEach((name, values) -> copy.put(name.toLowerCase(Locale.ROOT), List.copyOf(values)));
    this.headers = Collections.unmodifiableMap(copy);
    this.body = body.clone();
    this.receivedAt = receivedAt;
  }

  /** The request method, e.g. {@code "POST"}. */
  public String method() {
    return method;
  }

  /** The path of the request target without the query string, e.g. {@code "/v1/messages"}. */
  public String path() {
    return path;
  }

  /**
   * The raw query string of the request target without the {@code '?'}, e.g. {@code "beta=true"},
   * or {@code null} if the target has none.
   */
  public String query() {
    return query;
  }

  /**
   * The first value of the named header, or {@code null} if absent. The name is case-insensitive.
   */
  public String header(String name) {
    List<String> values = headers.get(Objects.requireNonNull(name, "name"));
    return values == null || values.isEmpty() ? null : values.get(0);
  }

  /**
   * All headers, unmodifiable. Keys are lower-case and sorted; {@code get} is case-insensitive.
   * Values are in the order received.
   */
  public Map<String, List<String>> headers() {
    return headers;
  }

  /** The body decoded as UTF-8; empty if the request had none. */
  public String body() {
    return new String(body, StandardCharsets.UTF_8);
  }

  /**
   * The body parsed as JSON. Each call returns a freshly parsed tree, so changing it does not
   * change this recording.
   *
   * @throws IllegalStateException if the body is empty or not valid JSON
   */
  public JsonNode json() {
    try {
      return parseJson(body);
    } catch (IOException e) {
      throw new IllegalStateException(
          "Body of "
              + method
              + " "
              + path
              + " is not valid JSON ("
              + describe(e)
              + "): "
              + abbreviatedBody(),
          e);
    }
  }

  /**
   * Parses exactly one JSON value, as the real API does: trailing garbage and an empty body are
   * errors, where Jackson's defaults would accept the first and return a missing node for the
   * second.
   */
  static JsonNode parseJson(byte[] bytes) throws IOException {
    JsonNode node = MAPPER.readTree(bytes);
    if (node == null || node.isMissingNode()) {
      throw new IOException("no JSON value in body");
    }
    return node;
  }

  /** A short reason for a JSON parse failure, without Jackson's source-location boilerplate. */
  static String describe(IOException e) {
    return e instanceof JsonProcessingException
        ? ((JsonProcessingException) e).getOriginalMessage()
        : e.getMessage();
  }

  /**
   * The body's {@code model}, e.g. {@code "claude-sonnet-4-6"}; {@code null} if the body is not a
   * JSON object or {@code model} is not a string.
   */
  public String model() {
    JsonNode model = field("model");
    return model != null && model.isTextual() ? model.asText() : null;
  }

  /**
   * The body's {@code max_tokens}; {@code null} if the body is not a JSON object or {@code
   * max_tokens} is not an integer that fits an {@code int}.
   *
   * <pre>{@code
   * assertEquals(1024, claude.takeRequest().maxTokens());
   * }</pre>
   */
  public Integer maxTokens() {
    JsonNode maxTokens = field("max_tokens");
    return maxTokens != null && maxTokens.isIntegralNumber() && maxTokens.canConvertToInt()
        ? maxTokens.intValue()
        : null;
  }

  /**
   * Whether the request asked for a streamed reply: the body is a JSON object whose {@code stream}
   * is {@code true}. {@code false} for {@code "stream": false}, no {@code stream}, or any other
   * value or body.
   *
   * <pre>{@code
   * assertTrue(claude.takeRequest().stream());
   * }</pre>
   */
  public boolean stream() {
    return asksToStream(tree());
  }

  /** Whether a parsed body ({@code null}: none, or not JSON) asks for a streamed reply. */
  static boolean asksToStream(JsonNode json) {
    if (json == null || !json.isObject()) {
      return false;
    }
    JsonNode stream = json.get("stream");
    return stream != null && stream.isBoolean() && stream.booleanValue();
  }

  /**
   * Whether the request asks for structured output: its body is a JSON object with an {@code
   * output_config.format} (or the beta spelling {@code output_format}), whatever that holds.
   *
   * <pre>{@code
   * assertTrue(claude.takeRequest().hasOutputFormat());
   * }</pre>
   */
  public boolean hasOutputFormat() {
    return StructuredOutput.format(tree()) != null;
  }

  /**
   * The JSON schema the request sent in {@code output_config.format.schema} (or {@code
   * output_format.schema}), as compact JSON with its keys in the order sent; {@code null} if there
   * is no such schema. Compare it with a parsed tree, or read it with {@link #json()}, for key
   * order not to matter.
   *
   * <pre>{@code
   * assertEquals(
   *     "{\"type\":\"object\",\"properties\":{\"name\":{\"type\":\"string\"}},"
   *         + "\"required\":[\"name\"],\"additionalProperties\":false}",
   *     claude.takeRequest().outputSchema());
   * }</pre>
   */
  public String outputSchema() {
    JsonNode format = StructuredOutput.format(tree());
    JsonNode schema = format == null ? null : format.get("schema");
    return schema == null ? null : schema.toString();
  }

  /**
   * The system prompt's text. The API takes {@code system} as a string, returned as it is, or as an
   * array of content blocks, whose {@code text} blocks are joined in order with nothing between
   * them (other blocks are skipped). {@code null} if there is no {@code system}, it has another
   * shape, or the body is not a JSON object.
   *
   * <pre>{@code
   * assertTrue(claude.takeRequest().system().startsWith("You are a support agent"));
   * }</pre>
   */
  public String system() {
    JsonNode system = field("system");
    return system == null ? null : text(system);
  }

  /**
   * The conversation in {@code messages}, in order, each turn with its role and text (see {@link
   * Turn}). Elements that are not JSON objects are skipped. Empty if {@code messages} is missing,
   * not an array, or the body is not a JSON object. The list is unmodifiable.
   *
   * <pre>{@code
   * assertEquals(
   *     List.of(
   *         new RecordedRequest.Turn("user", "Hi"), new RecordedRequest.Turn("assistant", "Hello")),
   *     claude.takeRequest().messages().subList(0, 2));
   * }</pre>
   */
  public List<Turn> messages() {
    JsonNode messages = field("messages");
    if (messages == null || !messages.isArray()) {
      return List.of();
    }
    List<Turn> turns = new ArrayList<>();
    for (JsonNode message : messages) {
      if (message.isObject()) {
        JsonNode role = message.get("role");
        JsonNode content = message.get("content");
        turns.add(
            new Turn(
                role != null && role.isTextual() ? role.asText() : null,
                content == null ? null : text(content)));
      }
    }
    return Collections.unmodifiableList(turns);
  }

  /**
   * The text of the last turn in {@link #messages()} whose role is {@code "user"}, or {@code null}
   * if there is none. As in {@link Turn#text()}, a user turn made only of non-text blocks (such as
   * tool results) gives {@code ""}, and one whose {@code content} is missing or malformed gives
   * {@code null}.
   *
   * <pre>{@code
   * assertEquals("What is the capital of France?", claude.takeRequest().userText());
   * }</pre>
   */
  public String userText() {
    List<Turn> turns = messages();
    for (int i = turns.size() - 1; i >= 0; i--) {
      if ("user".equals(turns.get(i).role())) {
        return turns.get(i).text();
      }
    }
    return null;
  }

  /**
   * One element of a request's {@code messages}, reduced to what tests usually check.
   *
   * <pre>{@code
   * RecordedRequest.Turn first = claude.takeRequest().messages().get(0);
   * assertEquals("user", first.role());
   * assertEquals("Hi", first.text());
   * }</pre>
   *
   * @param role the turn's {@code role} ({@code "user"} or {@code "assistant"}), or {@code null} if
   *     it is missing or not a string
   * @param text the {@code content} as it is when it is a string; when it is an array of content
   *     blocks, the {@code text} of its {@code text} blocks joined in order with nothing between
   *     them ({@code ""} when there are none, e.g. only tool results or images); {@code null} if
   *     {@code content} is missing or neither a string nor an array
   */
  public record Turn(String role, String text) {}

  /**
   * The names of the tools the request offers, in the order of its {@code tools} array (server
   * tools included); empty when it has none. The list is unmodifiable.
   *
   * <pre>{@code
   * assertEquals(List.of("lookupOrder", "cancelOrder"), claude.takeRequest().toolNames());
   * }</pre>
   */
  public List<String> toolNames() {
    JsonNode tools = field("tools");
    if (tools == null || !tools.isArray()) {
      return List.of();
    }
    List<String> names = new ArrayList<>();
    for (JsonNode tool : tools) {
      JsonNode name = tool.get("name");
      if (name != null && name.isTextual()) {
        names.add(name.asText());
      }
    }
    return Collections.unmodifiableList(names);
  }

  /**
   * The {@code tool_result} blocks of the last turn, if it is a user turn, in order: what a client
   * answered to the {@code tool_use} blocks of the reply before. Empty when the last turn is not a
   * user turn or holds no tool result. The list is unmodifiable.
   *
   * <pre>{@code
   * claude.enqueue(
   *     FakeResponse.toolUse("lookupOrder", "{\"orderId\":\"A-17\"}")
   *         .andToolUse("lookupOrder", "{\"orderId\":\"B-2\"}"),
   *     FakeResponse.text("Both shipped."));
   * support.ask("Where are A-17 and B-2?");
   * List<RecordedRequest.ToolResult> results = claude.requests().get(1).toolResults();
   * assertEquals(2, results.size());
   * assertEquals("toolu_fake_000001", results.get(0).toolUseId());
   * assertFalse(results.get(1).isError());
   * }</pre>
   */
  public List<ToolResult> toolResults() {
    JsonNode messages = field("messages");
    if (messages == null || !messages.isArray() || messages.isEmpty()) {
      return List.of();
    }
    JsonNode last = messages.get(messages.size() - 1);
    if (!"user".equals(last.path("role").asText())) {
      return List.of();
    }
    List<ToolResult> results = new ArrayList<>();
    for (JsonNode block : ToolRules.blocks(last)) {
      if (ToolRules.isToolResult(block)) {
        JsonNode content = block.get("content");
        JsonNode isError = block.get("is_error");
        results.add(
            new ToolResult(
                block.path("tool_use_id").asText(null),
                content == null || content.isNull() ? null : text(content),
                isError != null && isError.asBoolean(false)));
      }
    }
    return Collections.unmodifiableList(results);
  }

  /**
   * The result the last turn gives to the first call of {@code toolName} in the assistant turn
   * before it, paired by the {@code tool_use} id.
   *
   * <pre>{@code
   * claude.enqueue(
   *     FakeResponse.toolUse("lookupOrder", "{\"orderId\":42}"),
   *     FakeResponse.text("Sorry, I could not find it."));
   * support.ask("Where is order 42?");
   * RecordedRequest.ToolResult result = claude.requests().get(1).toolResultFor("lookupOrder");
   * assertTrue(result.isError());
   * assertTrue(result.content().startsWith("the input does not fit lookupOrder's parameters"));
   * }</pre>
   *
   * @throws AssertionError if the request has no assistant turn before its last turn, that turn
   *     calls no tool of that name, or the last turn has no result for the call; the message says
   *     which tools were called and which results sent
   */
  public ToolResult toolResultFor(String toolName) {
    Objects.requireNonNull(toolName, "toolName");
    JsonNode messages = field("messages");
    int size = messages != null && messages.isArray() ? messages.size() : 0;
    JsonNode assistant = size >= 2 ? messages.get(size - 2) : null;
    if (assistant == null || !"assistant".equals(assistant.path("role").asText())) {
      throw new AssertionError(
          "No result for tool "
              + toolName
              + ": the request's turn before its last is not an assistant turn ("
              + messages().size()
              + " turns): "
              + abbreviatedBody());
    }
    List<String> called = new ArrayList<>();
    String id = null;
    for (JsonNode block : ToolRules.blocks(assistant)) {
      if ("tool_use".equals(block.path("type").asText())) {
        String name = block.path("name").asText();
        called.add(name + " (" + block.path("id").asText() + ")");
        if (id == null && name.equals(toolName)) {
          id = block.path("id").asText();
        }
      }
    }
    if (id == null) {
      throw new AssertionError(
          "No result for tool "
              + toolName
              + ": the assistant turn before the last turn calls "
              + (called.isEmpty() ? "no tool" : String.join(", ", called)));
    }
    List<ToolResult> results = toolResults();
    for (ToolResult result : results) {
      if (id.equals(result.toolUseId())) {
        return result;
      }
    }
    throw new AssertionError(
        "No result for tool "
            + toolName
            + " ("
            + id
            + "): the last turn answers "
            + (results.isEmpty()
                ? "no tool_use id"
                : results.stream().map(ToolResult::toolUseId).collect(Collectors.joining(", "))));
  }

  /**
   * Where the request's {@code cache_control} breakpoints are, in the API's cache order ({@code
   * tools}, then {@code system}, then {@code messages}, then a top-level {@code cache_control},
   * which the API applies to the last block): {@code tools[1]}, {@code system[0]}, {@code
   * messages[2].content[0]} or {@code cache_control}, each followed by its ttl in parentheses when
   * it is not the default 5 minutes, e.g. {@code system[0] (1h)}. Empty when there are none. The
   * list is unmodifiable.
   *
   * <pre>{@code
   * assertEquals(
   *     List.of("tools[1]", "system[0]", "messages[0].content[0]"),
   *     claude.takeRequest().cacheBreakpoints());
   * }</pre>
   */
  public List<String> cacheBreakpoints() {
    return PromptCache.breakpoints(tree()).stream()
        .map(PromptCache.Breakpoint::describe)
        .collect(Collectors.toUnmodifiableList());
  }

  /**
   * One {@code tool_result} block a client sent.
   *
   * @param toolUseId its {@code tool_use_id}, or {@code null} if missing
   * @param content its {@code content} as text: a string as it is, an array's {@code text} blocks
   *     joined in order with nothing between them; {@code null} when there is no content (a tool
   *     that returns nothing)
   * @param isError whether it says {@code "is_error": true}
   */
  public record ToolResult(String toolUseId, String content, boolean isError) {}

  /** A top-level field of the body, or {@code null} when the body is not a JSON object. */
  private JsonNode field(String name) {
    JsonNode root = tree();
    return root != null && root.isObject() ? root.get(name) : null;
  }

  private JsonNode tree() {
    JsonNode root = parsed;
    if (root == null) {
      try {
        root = parseJson(body);
      } catch (IOException e) {
        root = MissingNode.getInstance();
      }
      // A benign race: every thread computes the same tree, which is never handed out.
      parsed = root;
    }
    return root.isMissingNode() ? null : root;
  }

  /** A string as is; the text blocks of an array joined; else {@code null}. */
  private static String text(JsonNode content) {
    if (content.isTextual()) {
      return content.asText();
    }
    if (!content.isArray()) {
      return null;
    }
    StringBuilder joined = new StringBuilder();
    for (JsonNode block : content) {
      JsonNode type = block.get("type");
      JsonNode text = block.get("text");
      if (type != null && "text".equals(type.asText()) && text != null && text.isTextual()) {
        joined.append(text.asText());
      }
    }
    return joined.toString();
  }

  /** When the server finished reading this request. */
  public Instant receivedAt() {
    return receivedAt;
  }

  int bodySize() {
    return body.length;
  }

  /** The body itself, not a copy: callers must not change it. */
  byte[] bodyBytes() {
    return body;
  }

  /**
   * A one-line description with method, target, headers and (abbreviated) body. Values of {@code
   * x-api-key}, {@code authorization} and {@code proxy-authorization} are replaced by {@code ***}
   * (an authorization scheme such as {@code Bearer} is kept).
   */
  @Override
  public String toString() {
    String shownHeaders =
        headers.entrySet().stream()
            .map(
                e ->
                    e.getKey()
                        + "="
                        + (REDACTED.contains(e.getKey())
                            ? e.getValue().stream()
                                .map(RecordedRequest::redact)
                                .collect(Collectors.toList())
                            : e.getValue()))
            .collect(Collectors.joining(", ", "{", "}"));
    return "RecordedRequest{"
        + method
        + " "
        + path
        + (query == null ? "" : "?" + query)
        + ", headers="
        + shownHeaders
        + ", body="
        + abbreviatedBody()
        + "}";
  }

  private String abbreviatedBody() {
    String text = body();
    if (text.length() <= MAX_BODY_IN_TO_STRING) {
      return text;
    }
    return text.substring(0, MAX_BODY_IN_TO_STRING)
        + "…("
        + (text.length() - MAX_BODY_IN_TO_STRING)
        + " more chars)";
  }

  private static String redact(String value) {
    int space = value.indexOf(' ');
    // Keep a scheme like "Bearer" or "Basic": it tells a reader which kind of credential was sent.
    if (space > 0 && HttpRequestReader.isToken(value.substring(0, space))) {
      return value.substring(0, space) + " ***";
    }
    return "***";
  }

  /** Reduces an absolute-form target ({@code http://host/path}, sent via proxies) to its path. */
  private static String originForm(String target) {
    if (target.startsWith("/")) {
      return target;
    }
    int scheme = target.indexOf("://");
    if (scheme > 0) {
      int slash = target.indexOf('/', scheme + 3);
      int question = target.indexOf('?', scheme + 3);
      if (slash < 0 || (question >= 0 && question < slash)) {
        return "/" + (question < 0 ? "" : target.substring(question));
      }
      return target.substring(slash);
    }
    // Asterisk-form ("OPTIONS *") or garbage: keep as sent so assertions show what arrived.
    return target;
  }
}
