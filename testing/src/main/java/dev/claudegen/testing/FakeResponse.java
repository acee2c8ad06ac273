package dev.claudegen.testing;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.function.Consumer;
import java.util.function.Supplier;
import java.util.stream.Collectors;

/**
 * One scripted reply of a {@link FakeClaude} server.
 *
 * <p>Instances are immutable and thread safe; every {@code with*} method returns a modified copy,
 * so a response can be defined once and enqueued many times.
 *
 * <pre>{@code
 * claude.enqueue(
 *     FakeResponse.text("Paris"),
 *     FakeResponse.message("first block", "second block").withStopReason("max_tokens"),
 *     FakeResponse.toolUse("lookupOrder", "{\"orderId\":\"A-17\"}").withText("Let me look."),
 *     FakeResponse.error(429, "rate_limit_error", "Slow down").withRetryAfterSeconds(2),
 *     FakeResponse.error(529, "overloaded_error", "Overloaded").withShouldRetry(true),
 *     FakeResponse.raw(502, "text/html", "<html>Bad gateway</html>"),
 *     FakeResponse.text("late").withDelay(Duration.ofSeconds(5)),
 *     FakeResponse.text("stuck").withStallAfterHeaders(),
 *     FakeResponse.text("cut").withTruncatedBody(10),
 *     FakeResponse.disconnect(),
 *     FakeResponse.reset());
 * }</pre>
 *
 * <p>{@link FakeScenarios} has ready-made sequences for the usual failures (overloaded N times,
 * rate limited, server error then success...).
 *
 * <p>Unless a header of the same name is added with {@link #withHeader}, the server adds {@code
 * content-type} (for success and error replies) and {@code request-id}. {@code content-length} is
 * always computed by the server.
 *
 * <h2>Streamed replies</h2>
 *
 * <p>When a request's body has {@code "stream": true}, a success reply ({@link #text}, {@link
 * #message}, {@link #blocks}, {@link #textDeltas}, and the server's default reply) is sent as the
 * API's server-sent events instead of one JSON body: {@code content-type: text/event-stream;
 * charset=utf-8}, chunked, each event flushed as it is written. Error and {@link #raw} replies are
 * sent as they are, as the API sends an error status before any event.
 *
 * <pre>{@code
 * event: message_start
 * data: {"type":"message_start","message":{"id":"msg_fake_000001","type":"message",
 *   "role":"assistant","model":"claude-sonnet-4-6","content":[],"stop_reason":null,
 *   "stop_sequence":null,"usage":{"input_tokens":27,"output_tokens":1}}}
 *
 * event: content_block_start
 * data: {"type":"content_block_start","index":0,"content_block":{"type":"text","text":""}}
 *
 * event: ping
 * data: {"type":"ping"}
 *
 * event: content_block_delta
 * data: {"type":"content_block_delta","index":0,"delta":{"type":"text_delta","text":"Hello"}}
 *
 * event: content_block_delta
 * data: {"type":"content_block_delta","index":0,"delta":{"type":"text_delta","text":" there"}}
 *
 * event: content_block_stop
 * data: {"type":"content_block_stop","index":0}
 *
 * event: message_delta
 * data: {"type":"message_delta","delta":{"stop_reason":"end_turn","stop_sequence":null},
 *   "usage":{"output_tokens":2}}
 *
 * event: message_stop
 * data: {"type":"message_stop"}
 * }</pre>
 *
 * <p>(The data lines are wrapped here; on the wire each is one line.) Text and thinking are split
 * into words, each with the whitespace before it and at most 32 characters ({@link #withDeltaChars}
 * for fixed-size pieces, {@link #textDeltas} for exact ones); a thinking block ends with a {@code
 * signature_delta}, a {@code tool_use} block streams its input as {@code input_json_delta} pieces,
 * other blocks arrive whole in their {@code content_block_start}. The {@code message_delta} usage
 * is cumulative: the same output tokens as the JSON reply.
 *
 * <p>A streamed reply can fail the ways streams do. Positions count {@code content_block_delta}
 * events: "after n deltas" is right after the n-th one, 0 is right after {@code message_start}, and
 * a position past the last delta is right after the last one.
 *
 * <pre>{@code
 * claude.enqueue(
 *     FakeResponse.text("Hello there").withStreamError(1, "overloaded_error", "Overloaded"),
 *     FakeResponse.text("Hello there").withStreamCut(1),        // connection closed mid-body
 *     FakeResponse.text("Hello there").withStreamEnd(1),        // body ends, no message_stop
 *     FakeResponse.text("Hello there").withStreamStall(1),      // then silence, connection open
 *     FakeResponse.text("Hello there").withStreamPause(1, Duration.ofSeconds(2)),
 *     FakeResponse.text("Hello there").withStallAfterHeaders(), // silence before the first event
 *     FakeResponse.text("Hello there").withStreamPingEvery(1)
 *         .withStreamEvent(1, "future_event", "{\"type\":\"future_event\"}"));
 * }</pre>
 *
 * <p>A reply with stream faults sent to a request that did not ask to stream goes out as JSON
 * without them, and {@link FakeClaude#verifyAllUsed()} reports it.
 */
public final class FakeResponse {
  /** Model name used in success replies when the request carries no usable {@code model}. */
  static final String FALLBACK_MODEL = "claude-fake";

  private static final ObjectMapper MAPPER = new ObjectMapper();
  private static final String JSON = "application/json";
  private static final String DEFAULT_STOP_REASON = "end_turn";
  private static final List<String> RATE_LIMITS =
      List.of("requests", "tokens", "input-tokens", "output-tokens");

  private enum Kind {
    MESSAGE,
    ERROR,
    RAW
  }

  /**
   * The parts of a response, set while a factory or {@code with*} method builds it and never
   * changed afterwards; {@link FakeResponse} holds it in a final field, which publishes it safely.
   */
  private static final class Parts implements Cloneable {
    Kind kind;
    int status;
    List<String> textBlocks = List.of();
    List<String> blocks; // null: one text block per textBlocks entry; else whole blocks as JSON
    int cacheCreationInputTokens = -1; // -1: not sent
    int cacheReadInputTokens = -1; // -1: not sent
    int cacheCreation5m = -1; // -1: no usage.cache_creation; else its ephemeral_5m_input_tokens
    int cacheCreation1h = -1; // its ephemeral_1h_input_tokens
    List<ToolUse> toolUses = List.of(); // after the text blocks
    String stopReason;
    int inputTokens = -1; // -1: derived from the request
    int outputTokens = -1; // -1: derived from the text
    String errorType;
    String errorMessage;
    String contentType;
    String rawBody;
    List<Map.Entry<String, String>> headers = List.of();
    Duration delay = Duration.ZERO;
    Fault fault = Fault.NONE;
    List<String> firstTextDeltas; // null: the first text block is split as the stream script says
    StreamScript stream = StreamScript.DEFAULT;
    boolean schemaInstance; // the text is the minimal instance of the request's schema
    int cutChars = -1; // -1: the text is sent whole; else only its first cutChars code points

    Parts(Kind kind, int status, String contentType) {
      this.kind = kind;
      this.status = status;
      this.contentType = contentType;
    }

    Parts copy() {
      try {
        return (Parts) clone(); // every field is immutable, so a shallow copy is a full one
      } catch (CloneNotSupportedException e) {
        throw new AssertionError(e);
      }
    }
  }

  /**
   * One scripted {@code tool_use} block.
   *
   * @param id {@code null} until the server sends the reply and gives it a fresh id
   */
  private record ToolUse(String name, String inputJson, String id) {}

  private final Parts p;

  private FakeResponse(Parts parts) {
    this.p = parts;
  }

  /** A copy of this response with {@code change} applied to its parts. */
  private FakeResponse with(Consumer<Parts> change) {
    Parts copy = p.copy();
    change.accept(copy);
    return new FakeResponse(copy);
  }

  /**
   * A {@code 200} Messages API success reply with one text block. The {@code model} field echoes
   * the request's {@code model} (or {@code "claude-fake"} if the request has none); usage is
   * derived from the sizes of request and text unless set with {@link #withUsage}.
   *
   * @param text the text of the single {@code text} content block
   */
  public static FakeResponse text(String text) {
    Objects.requireNonNull(text, "text");
    return message(text);
  }

  /**
   * A {@code 200} Messages API success reply with one {@code text} content block per argument, in
   * order; no argument gives an empty {@code content} array, which the real API also produces.
   *
   * @param textBlocks the texts of the content blocks
   */
  public static FakeResponse message(String... textBlocks) {
    Objects.requireNonNull(textBlocks, "textBlocks");
    for (int i = 0; i < textBlocks.length; i++) {
      Objects.requireNonNull(textBlocks[i], "textBlocks[" + i + "]");
    }
    Parts parts = new Parts(Kind.MESSAGE, 200, JSON);
    parts.textBlocks = List.of(textBlocks);
    parts.stopReason = DEFAULT_STOP_REASON;
    return new FakeResponse(parts);
  }

  /**
   * A {@code 200} Messages API success reply whose {@code content} array holds exactly these
   * blocks, each a JSON object written as is: thinking with its signature, {@code
   * redacted_thinking}, {@code tool_use} with its input, or a type no client knows yet. Everything
   * else (id, model, stop reason, usage) is filled in as for {@link #message}.
   *
   * <pre>{@code
   * claude.enqueue(FakeResponse.blocks(
   *     "{\"type\":\"thinking\",\"thinking\":\"Let me see.\",\"signature\":\"sig_1\"}",
   *     "{\"type\":\"text\",\"text\":\"Paris\"}")
   *     .withStopReason("end_turn"));
   * }</pre>
   *
   * @param blocksJson the content blocks, in order, each one JSON object
   * @throws IllegalArgumentException if a block is not a JSON object
   */
  public static FakeResponse blocks(String... blocksJson) {
    Objects.requireNonNull(blocksJson, "blocksJson");
    List<String> blocks = new ArrayList<>(blocksJson.length);
    for (int i = 0; i < blocksJson.length; i++) {
      String block = Objects.requireNonNull(blocksJson[i], "blocksJson[" + i + "]");
      try {
        if (!MAPPER.readTree(block).isObject()) {
          throw new IllegalArgumentException("blocksJson[" + i + "] is not a JSON object: " + block);
        }
      } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
        throw new IllegalArgumentException("blocksJson[" + i + "] is not JSON: " + block, e);
      }
      blocks.add(block);
    }
    Parts parts = new Parts(Kind.MESSAGE, 200, JSON);
    parts.blocks = List.copyOf(blocks);
    parts.stopReason = DEFAULT_STOP_REASON;
    return new FakeResponse(parts);
  }

  /**
   * A {@code 200} success reply in which the model calls a tool: one {@code tool_use} block {@code
   * {"type":"tool_use","id":"toolu_fake_000001","name":name,"input":input}} and {@code
   * "stop_reason": "tool_use"}. The server gives each {@code tool_use} block it sends a fresh id,
   * {@code toolu_fake_} and a number counted from 1 per server, so the same response can be
   * enqueued again; {@link RecordedRequest#toolResultFor(String)} pairs the client's answer with it
   * by that id. {@link #andToolUse} adds parallel calls, {@link #withText} text before them.
   *
   * <pre>{@code
   * claude.enqueue(
   *     FakeResponse.toolUse("lookupOrder", "{\"orderId\":\"A-17\"}"),
   *     FakeResponse.text("Order A-17 shipped on Monday."));
   * assertEquals("Order A-17 shipped on Monday.", support.ask("Where is my order A-17?"));
   * RecordedRequest.ToolResult result = claude.requests().get(1).toolResultFor("lookupOrder");
   * assertEquals("{\"status\":\"SHIPPED\"}", result.content());
   * }</pre>
   *
   * <p>Streamed, each {@code tool_use} block arrives as the API sends it: a {@code
   * content_block_start} with the block and an empty {@code input}, the input JSON in {@code
   * input_json_delta} pieces ({@code partial_json}), then {@code content_block_stop}; the {@code
   * message_delta} says {@code tool_use}.
   *
   * <p>The name is sent as given, whether or not the request offers such a tool, so that a client's
   * answer to an unknown tool can be tested too.
   *
   * @param name the tool's name
   * @param inputJson the tool's input, a JSON object
   * @throws IllegalArgumentException if {@code inputJson} is not a JSON object
   */
  public static FakeResponse toolUse(String name, String inputJson) {
    return message().andToolUse(name, inputJson);
  }

  /**
   * Returns a copy with one more {@code tool_use} block after the others (parallel tool use: the
   * client is to answer all of them in one user turn, in this order) and {@code "stop_reason":
   * "tool_use"}. On a {@link #text} reply, the text comes first, as when the model says what it is
   * about to do.
   *
   * <pre>{@code
   * claude.enqueue(
   *     FakeResponse.toolUse("weather", "{\"city\":\"Paris\"}")
   *         .andToolUse("weather", "{\"city\":\"Rome\"}"),
   *     FakeResponse.text("Sunny in both."));
   * }</pre>
   *
   * @throws IllegalArgumentException if {@code inputJson} is not a JSON object
   * @throws IllegalStateException if this is not a {@link #text}, {@link #message}, {@link #blocks}
   *     or {@link #toolUse} reply
   */
  public FakeResponse andToolUse(String name, String inputJson) {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(inputJson, "inputJson");
    requireScriptedContent("andToolUse");
    String input;
    try {
      com.fasterxml.jackson.databind.JsonNode tree = MAPPER.readTree(inputJson);
      if (tree == null || !tree.isObject()) {
        throw new IllegalArgumentException(
            "The input of tool " + name + " must be a JSON object, got: " + inputJson);
      }
      input = tree.toString();
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      throw new IllegalArgumentException(
          "The input of tool " + name + " is not JSON: " + inputJson, e);
    }
    List<ToolUse> toolUses = new ArrayList<>(p.toolUses);
    toolUses.add(new ToolUse(name, input, null));
    return with(
        parts -> {
          parts.toolUses = List.copyOf(toolUses);
          parts.stopReason = "tool_use";
        });
  }

  /**
   * Returns a copy with one more text block after its other text and before its {@code tool_use}
   * blocks.
   *
   * <pre>{@code
   * claude.enqueue(
   *     FakeResponse.toolUse("lookupOrder", "{\"orderId\":\"A-17\"}")
   *         .withText("Let me look that up."));  // content: text, then tool_use
   * }</pre>
   *
   * @throws IllegalStateException if this is not a {@link #text}, {@link #message}, {@link #blocks}
   *     or {@link #toolUse} reply
   */
  public FakeResponse withText(String text) {
    Objects.requireNonNull(text, "text");
    requireScriptedContent("withText");
    List<String> textBlocks = new ArrayList<>(p.textBlocks);
    textBlocks.add(text);
    return with(parts -> parts.textBlocks = List.copyOf(textBlocks));
  }

  /** Requires a success reply whose content is scripted, not made per request. */
  private void requireScriptedContent(String method) {
    requireMessage(method);
    if (p.schemaInstance) {
      throw new IllegalStateException(
          method + " does not apply to a schemaInstance reply, whose text is made per request");
    }
  }

  /**
   * A {@code 200} success reply with one text block, the concatenation of {@code deltas}, which a
   * streamed reply sends as exactly these {@code text_delta}s, in order (empty ones included), for
   * tests of how a client joins deltas: a surrogate pair split in two, an empty delta, a line break
   * at a delta's end.
   *
   * <pre>{@code
   * claude.enqueue(FakeResponse.textDeltas("Hel", "lo", "", " world"));
   * }</pre>
   *
   * @param deltas the pieces of the text
   */
  public static FakeResponse textDeltas(String... deltas) {
    Objects.requireNonNull(deltas, "deltas");
    for (int i = 0; i < deltas.length; i++) {
      Objects.requireNonNull(deltas[i], "deltas[" + i + "]");
    }
    Parts parts = new Parts(Kind.MESSAGE, 200, JSON);
    parts.textBlocks = List.of(String.join("", deltas));
    parts.firstTextDeltas = List.of(deltas);
    parts.stopReason = DEFAULT_STOP_REASON;
    return new FakeResponse(parts);
  }

  /**
   * A {@code 200} success reply whose one text block is, for each request, the smallest JSON
   * instance of the schema in the request's {@code output_config.format}: what the server's default
   * reply sends to a structured request, as a reply that takes the other {@code with*} methods, for
   * a structured reply with other stream pieces, stop reason, usage or faults.
   *
   * <pre>{@code
   * claude.enqueue(FakeResponse.schemaInstance().withDeltaChars(3));
   * claude.enqueue(FakeResponse.schemaInstance().withMaxTokensCut(5));  // an incomplete instance
   * }</pre>
   *
   * <p>A request without {@code output_config.format} gets {@code 400 invalid_request_error}
   * instead, and {@link FakeClaude#verifyAllUsed()} reports it; a request whose schema the API
   * would refuse gets the API's {@code 400}.
   */
  public static FakeResponse schemaInstance() {
    return text("").with(parts -> parts.schemaInstance = true);
  }

  /**
   * An error reply in the real API's shape: {@code
   * {"type":"error","error":{"type":errorType,"message":message},"request_id":"req_fake_..."}}.
   *
   * @param status HTTP status, 400 to 599 (e.g. 400, 401, 429, 500, 529)
   * @param errorType the API error type, e.g. {@code "overloaded_error"}
   * @param message the human-readable message
   * @throws IllegalArgumentException if {@code status} is not a 4xx or 5xx code; use {@link #raw}
   *     for anything else
   */
  public static FakeResponse error(int status, String errorType, String message) {
    if (status < 400 || status > 599) {
      throw new IllegalArgumentException(
          "Error status must be 400..599, got " + status + "; use FakeResponse.raw for others");
    }
    Objects.requireNonNull(errorType, "errorType");
    Objects.requireNonNull(message, "message");
    Parts parts = new Parts(Kind.ERROR, status, JSON);
    parts.errorType = errorType;
    parts.errorMessage = message;
    return new FakeResponse(parts);
  }

  /**
   * A reply whose body is sent exactly as given (UTF-8), for what the real API never sends but
   * clients meet anyway: an HTML page from a proxy, truncated JSON, an empty body.
   *
   * @param status HTTP status, 200 to 599; 204 and 304 require an empty body
   * @param contentType value of the {@code content-type} header, or {@code null} for none
   * @param body the body, possibly empty
   */
  public static FakeResponse raw(int status, String contentType, String body) {
    if (status < 200 || status > 599) {
      throw new IllegalArgumentException("Status must be 200..599, got " + status);
    }
    Objects.requireNonNull(body, "body");
    if (!permitsBody(status) && !body.isEmpty()) {
      throw new IllegalArgumentException("Status " + status + " must not have a body");
    }
    if (contentType != null) {
      checkHeaderValue(contentType);
    }
    Parts parts = new Parts(Kind.RAW, status, contentType);
    parts.rawBody = body;
    return new FakeResponse(parts);
  }

  /**
   * A fault: the server reads the whole request (and records it), then closes the connection
   * without writing anything, so the client sees the connection end before any response. Can be
   * combined with {@link #withDelay} to close only after a while.
   */
  public static FakeResponse disconnect() {
    return raw(200, null, "").withFault(Fault.DISCONNECT);
  }

  /**
   * A fault: the server reads the whole request (and records it), then resets the connection (TCP
   * RST, by closing with {@code SO_LINGER} 0) without writing anything, so the client sees
   * "connection reset". Can be combined with {@link #withDelay} to reset only after a while.
   */
  public static FakeResponse reset() {
    return raw(200, null, "").withFault(Fault.RESET);
  }

  /**
   * Returns a copy that additionally sends the header {@code name: value}. Adding a name twice
   * sends it twice. A header named {@code content-type} or {@code request-id} replaces the one the
   * server would add.
   *
   * @throws IllegalArgumentException if the name is not a valid header name, the value contains a
   *     line break, or the name is {@code content-length} or {@code transfer-encoding} (framing is
   *     the server's job)
   */
  public FakeResponse withHeader(String name, String value) {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(value, "value");
    if (!HttpRequestReader.isToken(name)) {
      throw new IllegalArgumentException("Invalid header name: " + name);
    }
    String lower = name.toLowerCase(Locale.ROOT);
    if (lower.equals("content-length") || lower.equals("transfer-encoding")) {
      throw new IllegalArgumentException(name + " is computed by FakeClaude and cannot be set");
    }
    checkHeaderValue(value);
    List<Map.Entry<String, String>> headers = new ArrayList<>(p.headers);
    headers.add(Map.entry(name, value));
    return with(parts -> parts.headers = List.copyOf(headers));
  }

  /**
   * Returns a copy of this success reply with another {@code stop_reason} (default {@code
   * "end_turn"}); {@code null} writes JSON {@code null}. Any string is sent, so a client's handling
   * of reasons it does not know can be tested too.
   *
   * <pre>{@code
   * claude.enqueue(FakeResponse.text("The answer is cut sh").withStopReason("max_tokens"));
   * Reply reply = assistant.reply("Hi");
   * assertEquals("max_tokens", reply.stopReason());
   *
   * claude.enqueue(FakeResponse.text("{}").withStopReason("refusal"));  // structured output throws
   * }</pre>
   *
   * @throws IllegalStateException if this is not a {@link #text}/{@link #message} reply
   */
  public FakeResponse withStopReason(String stopReason) {
    requireMessage("withStopReason");
    return with(parts -> parts.stopReason = stopReason);
  }

  /**
   * Returns a copy of this reply cut the way {@code max_tokens} cuts one: only the first {@code
   * chars} code points of its text are sent (counted over its text blocks in order; blocks past the
   * cut are dropped), and its {@code stop_reason} is {@code "max_tokens"}. For a structured reply,
   * the text is then an incomplete JSON instance, as the API's docs warn.
   *
   * <pre>{@code
   * claude.enqueue(FakeResponse.text("{\"name\":\"Ada\",\"age\":36}").withMaxTokensCut(10));
   * // sends the text's first 10 chars, with stop_reason max_tokens
   * }</pre>
   *
   * @throws IllegalArgumentException if {@code chars} is negative
   * @throws IllegalStateException if this is not a {@link #text}, {@link #message} or {@link
   *     #schemaInstance} reply
   */
  public FakeResponse withMaxTokensCut(int chars) {
    requireMessage("withMaxTokensCut");
    if (p.blocks != null || p.firstTextDeltas != null || !p.toolUses.isEmpty()) {
      throw new IllegalStateException(
          "withMaxTokensCut applies to text, message and schemaInstance replies, not to " + this);
    }
    if (chars < 0) {
      throw new IllegalArgumentException("chars must not be negative: " + chars);
    }
    return with(
        parts -> {
          parts.cutChars = chars;
          parts.stopReason = "max_tokens";
        });
  }

  /**
   * Returns a copy of this success reply reporting the given token usage ({@code
   * usage.input_tokens} and {@code usage.output_tokens}) instead of the derived one, which is about
   * a quarter of the request body's bytes and of the reply text's characters (at least 1 each).
   *
   * <pre>{@code
   * claude.enqueue(FakeResponse.text("Paris").withUsage(1200, 3));
   * Reply reply = assistant.reply("Capital of France?");
   * assertEquals(1200, reply.usage().inputTokens());
   * assertEquals(3, reply.usage().outputTokens());
   * }</pre>
   *
   * @throws IllegalArgumentException if a count is negative
   * @throws IllegalStateException if this is not a {@link #text}/{@link #message} reply
   */
  public FakeResponse withUsage(int inputTokens, int outputTokens) {
    requireMessage("withUsage");
    if (inputTokens < 0 || outputTokens < 0) {
      throw new IllegalArgumentException("Token counts must be >= 0");
    }
    return with(
        parts -> {
          parts.inputTokens = inputTokens;
          parts.outputTokens = outputTokens;
        });
  }

  /**
   * Returns a copy whose {@code usage} also reports prompt caching: {@code
   * cache_creation_input_tokens} (written to the cache) and {@code cache_read_input_tokens} (read
   * from it), whatever the request's markers. Without it, the reply to a request with {@code
   * cache_control} markers reports what the server's prompt cache did (see "Prompt caching" in
   * {@link FakeClaude}), and the reply to one without markers has no cache fields, as the API's.
   *
   * @throws IllegalArgumentException if a count is negative
   * @throws IllegalStateException if this is not a success reply
   */
  public FakeResponse withCacheUsage(int cacheCreationInputTokens, int cacheReadInputTokens) {
    requireMessage("withCacheUsage");
    if (cacheCreationInputTokens < 0 || cacheReadInputTokens < 0) {
      throw new IllegalArgumentException("Token counts must be >= 0");
    }
    return with(
        parts -> {
          parts.cacheCreationInputTokens = cacheCreationInputTokens;
          parts.cacheReadInputTokens = cacheReadInputTokens;
        });
  }

  /**
   * Returns a copy that the server sends only after waiting {@code delay} (after reading the
   * request, before writing any byte), to make a client time out. {@link FakeClaude#close()} cuts
   * the wait short and drops the connection.
   *
   * @throws IllegalArgumentException if {@code delay} is negative
   */
  public FakeResponse withDelay(Duration delay) {
    Objects.requireNonNull(delay, "delay");
    if (delay.isNegative()) {
      throw new IllegalArgumentException("Delay must not be negative: " + delay);
    }
    return with(parts -> parts.delay = delay);
  }

  /**
   * Returns a copy whose body is cut short: the server announces the whole body in {@code
   * content-length}, writes only its first {@code bytesSent} bytes (never all of it) and closes the
   * connection, as when a proxy or the network drops a reply midway.
   *
   * @throws IllegalArgumentException if {@code bytesSent} is negative
   */
  public FakeResponse withTruncatedBody(int bytesSent) {
    if (bytesSent < 0) {
      throw new IllegalArgumentException("bytesSent must not be negative: " + bytesSent);
    }
    return withFault(Fault.truncateBody(bytesSent));
  }

  /**
   * Returns a copy whose status line and headers are sent at once and whose body is held back until
   * the client closes the connection or the server is {@linkplain FakeClaude#close() closed} (then
   * the connection is dropped): a stalled server, which only a timeout on the whole exchange gets a
   * client out of. Streamed, the body is the events: nothing arrives before the first one, the
   * case of an idle timeout before the first token.
   */
  public FakeResponse withStallAfterHeaders() {
    return withFault(Fault.stallAfterHeaders(null));
  }

  /**
   * Returns a copy whose status line and headers are sent at once and whose body follows only after
   * {@code stall} (or never, if the server is closed first).
   *
   * @throws IllegalArgumentException if {@code stall} is negative
   */
  public FakeResponse withStallAfterHeaders(Duration stall) {
    Objects.requireNonNull(stall, "stall");
    if (stall.isNegative()) {
      throw new IllegalArgumentException("Stall must not be negative: " + stall);
    }
    return withFault(Fault.stallAfterHeaders(stall));
  }

  /**
   * Returns a copy whose streamed text, thinking and tool input are split into pieces of {@code
   * chars} code points (the last may be shorter) instead of words.
   *
   * @throws IllegalArgumentException if {@code chars} is less than 1
   * @throws IllegalStateException if this is not a success reply
   */
  public FakeResponse withDeltaChars(int chars) {
    requireMessage("withDeltaChars");
    if (chars < 1) {
      throw new IllegalArgumentException("chars must be at least 1: " + chars);
    }
    return withStream(p.stream.withDeltaChars(chars));
  }

  /**
   * Returns a copy whose stream, after {@code afterDeltas} deltas, sends an {@code error} event
   * ({@code {"type":"error","error":{"type":errorType,"message":message}}}) and ends its body,
   * without {@code message_stop}: how the API reports, with status 200 already sent, what would
   * otherwise be an error status ({@code overloaded_error} for 529, {@code api_error} for 500...).
   * Replaces another {@code withStream} ending (error, cut, end, stall).
   *
   * <pre>{@code
   * claude.enqueue(FakeResponse.text("Hello there").withStreamError(0, "overloaded_error",
   *     "Overloaded"));  // before any content: a client may retry
   * }</pre>
   *
   * @throws IllegalArgumentException if {@code afterDeltas} is negative
   * @throws IllegalStateException if this is not a success reply
   */
  public FakeResponse withStreamError(int afterDeltas, String errorType, String message) {
    Objects.requireNonNull(errorType, "errorType");
    Objects.requireNonNull(message, "message");
    return withEnding(
        "withStreamError", StreamScript.Ending.Type.ERROR, afterDeltas, errorType, message);
  }

  /**
   * Returns a copy whose stream, after {@code afterDeltas} deltas, stops with the connection closed
   * in the middle of the chunked body, as when the network or a proxy drops it. Replaces another
   * {@code withStream} ending.
   *
   * @throws IllegalArgumentException if {@code afterDeltas} is negative
   * @throws IllegalStateException if this is not a success reply
   */
  public FakeResponse withStreamCut(int afterDeltas) {
    return withEnding("withStreamCut", StreamScript.Ending.Type.CUT, afterDeltas, null, null);
  }

  /**
   * Returns a copy whose stream, after {@code afterDeltas} deltas, ends its body properly (the last
   * chunk, the connection kept) without {@code message_delta} and {@code message_stop}: an HTTP
   * exchange that looks complete around an incomplete message. Replaces another {@code withStream}
   * ending.
   *
   * @throws IllegalArgumentException if {@code afterDeltas} is negative
   * @throws IllegalStateException if this is not a success reply
   */
  public FakeResponse withStreamEnd(int afterDeltas) {
    return withEnding("withStreamEnd", StreamScript.Ending.Type.END, afterDeltas, null, null);
  }

  /**
   * Returns a copy whose stream, after {@code afterDeltas} deltas, sends nothing more and keeps the
   * connection open until the client closes it or the server is {@linkplain FakeClaude#close()
   * closed}: a stalled stream, which only an idle timeout gets a client out of. Replaces another
   * {@code withStream} ending. For silence before the first event, use {@link
   * #withStallAfterHeaders()}.
   *
   * @throws IllegalArgumentException if {@code afterDeltas} is negative
   * @throws IllegalStateException if this is not a success reply
   */
  public FakeResponse withStreamStall(int afterDeltas) {
    return withEnding("withStreamStall", StreamScript.Ending.Type.STALL, afterDeltas, null, null);
  }

  /**
   * Returns a copy whose stream waits {@code pause} after {@code afterDeltas} deltas, then goes on.
   * Several pauses add up. {@link FakeClaude#close()} cuts a pause short and drops the connection.
   *
   * <pre>{@code
   * // The first word arrives at once, the rest after a second.
   * claude.enqueue(FakeResponse.text("Hello there").withStreamPause(1, Duration.ofSeconds(1)));
   * }</pre>
   *
   * @throws IllegalArgumentException if {@code afterDeltas} or {@code pause} is negative
   * @throws IllegalStateException if this is not a success reply
   */
  public FakeResponse withStreamPause(int afterDeltas, Duration pause) {
    requireMessage("withStreamPause");
    requirePosition(afterDeltas);
    return withStream(
        p.stream.withInsert(new StreamScript.Insert(afterDeltas, null, requireWait(pause))));
  }

  /**
   * Returns a copy whose stream waits {@code pause} before sending its {@code event}-th event,
   * counting from 0 ({@code message_start}) every event it sends, pings and inserted events
   * included; past the last event, before the body ends.
   *
   * @throws IllegalArgumentException if {@code event} or {@code pause} is negative
   * @throws IllegalStateException if this is not a success reply
   */
  public FakeResponse withStreamPauseBeforeEvent(int event, Duration pause) {
    requireMessage("withStreamPauseBeforeEvent");
    if (event < 0) {
      throw new IllegalArgumentException("event must not be negative: " + event);
    }
    return withStream(
        p.stream.withEventPause(new StreamScript.EventPause(event, requireWait(pause))));
  }

  /**
   * Returns a copy whose stream waits {@code pause} before every event but the first: a slow but
   * healthy stream, whose total time can exceed a client's idle timeout while no silence does.
   *
   * @throws IllegalArgumentException if {@code pause} is negative
   * @throws IllegalStateException if this is not a success reply
   */
  public FakeResponse withStreamPauseBetweenEvents(Duration pause) {
    requireMessage("withStreamPauseBetweenEvents");
    return withStream(p.stream.withInterval(requireWait(pause)));
  }

  /**
   * Returns a copy whose stream sends a {@code ping} event after every {@code deltas} deltas, on
   * top of the one the API sends after the first block's start.
   *
   * @throws IllegalArgumentException if {@code deltas} is less than 1
   * @throws IllegalStateException if this is not a success reply
   */
  public FakeResponse withStreamPingEvery(int deltas) {
    requireMessage("withStreamPingEvery");
    if (deltas < 1) {
      throw new IllegalArgumentException("deltas must be at least 1: " + deltas);
    }
    return withStream(p.stream.withPingEvery(deltas));
  }

  /**
   * Returns a copy whose stream sends the event {@code event: name} with {@code data} after {@code
   * afterDeltas} deltas: an event type no client knows yet (which the API says clients must
   * ignore), or any malformed one. {@code data} is sent as it is, one {@code data:} line per line
   * of it.
   *
   * <pre>{@code
   * claude.enqueue(FakeResponse.text("Hello there")
   *     .withStreamEvent(1, "future_event", "{\"type\":\"future_event\"}"));
   * }</pre>
   *
   * @throws IllegalArgumentException if {@code afterDeltas} is negative, or {@code name} is empty
   *     or contains a line break
   * @throws IllegalStateException if this is not a success reply
   */
  public FakeResponse withStreamEvent(int afterDeltas, String name, String data) {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(data, "data");
    requireMessage("withStreamEvent");
    requirePosition(afterDeltas);
    if (name.isEmpty() || name.indexOf('\r') >= 0 || name.indexOf('\n') >= 0) {
      throw new IllegalArgumentException("Event name must be non-empty, without line breaks");
    }
    return withStream(
        p.stream.withInsert(
            new StreamScript.Insert(afterDeltas, new Sse.Event(name, data, false), null)));
  }

  private FakeResponse withEnding(
      String method,
      StreamScript.Ending.Type type,
      int afterDeltas,
      String errorType,
      String message) {
    requireMessage(method);
    requirePosition(afterDeltas);
    return withStream(
        p.stream.withEnding(new StreamScript.Ending(type, afterDeltas, errorType, message)));
  }

  private FakeResponse withStream(StreamScript stream) {
    return with(parts -> parts.stream = stream);
  }

  private static void requirePosition(int afterDeltas) {
    if (afterDeltas < 0) {
      throw new IllegalArgumentException("afterDeltas must not be negative: " + afterDeltas);
    }
  }

  private static Duration requireWait(Duration pause) {
    Objects.requireNonNull(pause, "pause");
    if (pause.isNegative()) {
      throw new IllegalArgumentException("Pause must not be negative: " + pause);
    }
    return pause;
  }

  /**
   * Returns a copy with {@code retry-after: <seconds>}, the form the API uses.
   *
   * @throws IllegalArgumentException if {@code seconds} is negative
   */
  public FakeResponse withRetryAfterSeconds(long seconds) {
    return withHeader("retry-after", Long.toString(requireNonNegative(seconds, "seconds")));
  }

  /**
   * Returns a copy with {@code retry-after-ms: <millis>}, which clients read before {@code
   * retry-after}.
   *
   * @throws IllegalArgumentException if {@code millis} is negative
   */
  public FakeResponse withRetryAfterMillis(long millis) {
    return withHeader("retry-after-ms", Long.toString(requireNonNegative(millis, "millis")));
  }

  /**
   * Returns a copy with {@code retry-after} as an HTTP date (RFC 1123, GMT), e.g. {@code Wed, 21
   * Oct 2026 07:28:00 GMT}.
   */
  public FakeResponse withRetryAfterDate(Instant date) {
    Objects.requireNonNull(date, "date");
    return withHeader(
        "retry-after", DateTimeFormatter.RFC_1123_DATE_TIME.format(date.atOffset(ZoneOffset.UTC)));
  }

  /** Returns a copy with {@code x-should-retry: true} or {@code false}. */
  public FakeResponse withShouldRetry(boolean shouldRetry) {
    return withHeader("x-should-retry", Boolean.toString(shouldRetry));
  }

  /**
   * Returns a copy with the three rate-limit headers of one limit: {@code
   * anthropic-ratelimit-<limit>-limit}, {@code -remaining} and {@code -reset} (RFC 3339).
   *
   * @param limit {@code "requests"}, {@code "tokens"}, {@code "input-tokens"} or {@code
   *     "output-tokens"}
   * @param max the limit's maximum
   * @param remaining what is left of it
   * @param reset when it is fully replenished
   * @throws IllegalArgumentException for another limit name or a negative count
   */
  public FakeResponse withRateLimit(String limit, long max, long remaining, Instant reset) {
    Objects.requireNonNull(limit, "limit");
    Objects.requireNonNull(reset, "reset");
    if (!RATE_LIMITS.contains(limit)) {
      throw new IllegalArgumentException(
          "Rate limit must be one of " + RATE_LIMITS + ", got " + limit);
    }
    String prefix = "anthropic-ratelimit-" + limit + "-";
    return withHeader(prefix + "limit", Long.toString(requireNonNegative(max, "max")))
        .withHeader(prefix + "remaining", Long.toString(requireNonNegative(remaining, "remaining")))
        .withHeader(prefix + "reset", DateTimeFormatter.ISO_INSTANT.format(reset));
  }

  private static long requireNonNegative(long value, String name) {
    if (value < 0) {
      throw new IllegalArgumentException(name + " must not be negative: " + value);
    }
    return value;
  }

  private FakeResponse withFault(Fault fault) {
    return with(parts -> parts.fault = fault);
  }

  int status() {
    return p.status;
  }

  Duration delay() {
    return p.delay;
  }

  Fault fault() {
    return p.fault;
  }

  /** Whether this reply's text is the minimal instance of the request's schema. */
  boolean isSchemaInstance() {
    return p.schemaInstance;
  }

  /** This {@link #schemaInstance} reply with the instance of {@code schema} as its text. */
  FakeResponse withInstance(String instance) {
    return with(
        parts -> {
          parts.schemaInstance = false;
          parts.textBlocks = List.of(instance);
        });
  }

  /**
   * This reply as the server sends it to one request: each {@code tool_use} block with a fresh id
   * from {@code ids}, and, unless {@link #withCacheUsage} set them, the cache usage the server's
   * cache worked out ({@code null}: the request has no breakpoint).
   */
  FakeResponse served(Supplier<String> ids, PromptCache.Usage cache) {
    if (p.kind != Kind.MESSAGE
        || (p.toolUses.isEmpty() && (cache == null || p.cacheCreationInputTokens >= 0))) {
      return this;
    }
    List<ToolUse> toolUses = new ArrayList<>();
    for (ToolUse toolUse : p.toolUses) {
      toolUses.add(new ToolUse(toolUse.name(), toolUse.inputJson(), ids.get()));
    }
    return with(
        parts -> {
          parts.toolUses = List.copyOf(toolUses);
          if (cache != null && parts.cacheCreationInputTokens < 0) {
            parts.cacheCreationInputTokens = cache.creation();
            parts.cacheReadInputTokens = cache.read();
            parts.cacheCreation5m = cache.creation5m();
            parts.cacheCreation1h = cache.creation1h();
            if (parts.inputTokens < 0) {
              parts.inputTokens = cache.inputTokens();
            }
          }
        });
  }

  /** Whether this is an {@link #error} reply. */
  boolean isError() {
    return p.kind == Kind.ERROR;
  }

  /** Whether this reply is sent as events when the request asks to stream. */
  boolean streams() {
    return p.kind == Kind.MESSAGE;
  }

  /** Whether a stream fault is scripted, which only a streamed reply can show. */
  boolean hasStreamFaults() {
    return p.stream.hasFaults();
  }

  /**
   * What the server writes for this reply streamed.
   *
   * @param messageId the id of the message
   * @param model the model to echo
   * @param requestBodyBytes size of the request body, from which input tokens are derived
   */
  List<StreamScript.Step> streamSteps(String messageId, String model, int requestBodyBytes) {
    List<Sse.Event> events =
        Sse.of(
            message(messageId, model, requestBodyBytes), p.firstTextDeltas, p.stream.deltaChars());
    return p.stream.plan(events);
  }

  /**
   * Headers for the wire: the added ones, plus the server's defaults they do not replace.
   *
   * @param streamed whether the body is sent as events
   */
  List<Map.Entry<String, String>> headers(String requestId, boolean streamed) {
    List<Map.Entry<String, String>> result = new ArrayList<>();
    if (p.contentType != null && !hasHeader("content-type")) {
      result.add(Map.entry("content-type", streamed ? Sse.CONTENT_TYPE : p.contentType));
    }
    if (!hasHeader("request-id")) {
      result.add(Map.entry("request-id", requestId));
    }
    result.addAll(p.headers);
    return result;
  }

  /**
   * The request id this reply reports, which is the {@code request-id} header if one was added, so
   * that header and error body always agree.
   */
  String effectiveRequestId(String generated) {
    for (Map.Entry<String, String> header : p.headers) {
      if (header.getKey().equalsIgnoreCase("request-id")) {
        return header.getValue();
      }
    }
    return generated;
  }

  /**
   * Serializes the body.
   *
   * @param requestId the id to put in error bodies
   * @param messageId the id to put in success bodies
   * @param model the model to echo in success bodies
   * @param requestBodyBytes size of the request body, from which input tokens are derived
   */
  byte[] body(String requestId, String messageId, String model, int requestBodyBytes) {
    switch (p.kind) {
      case RAW:
        return p.rawBody.getBytes(StandardCharsets.UTF_8);
      case ERROR:
        {
          ObjectNode root = MAPPER.createObjectNode();
          root.put("type", "error");
          ObjectNode error = root.putObject("error");
          error.put("type", p.errorType);
          error.put("message", p.errorMessage);
          root.put("request_id", requestId);
          return root.toString().getBytes(StandardCharsets.UTF_8);
        }
      case MESSAGE:
        return message(messageId, model, requestBodyBytes)
            .toString()
            .getBytes(StandardCharsets.UTF_8);
      default:
        throw new AssertionError(p.kind);
    }
  }

  /** A success reply's body, from which its events are made too. */
  private ObjectNode message(String messageId, String model, int requestBodyBytes) {
    ObjectNode root = MAPPER.createObjectNode();
    root.put("id", messageId);
    root.put("type", "message");
    root.put("role", "assistant");
    root.put("model", model);
    ArrayNode content = root.putArray("content");
    int textLength = 0;
    if (p.blocks != null) {
      for (String block : p.blocks) {
        content.add(readTree(block));
        textLength += block.length();
      }
    }
    int budget = p.cutChars < 0 ? Integer.MAX_VALUE : p.cutChars;
    boolean first = true;
    for (String text : p.textBlocks) {
      if (budget == 0 && !first) {
        break; // a cut keeps the first block, if only empty, as the API sends at least one
      }
      first = false;
      int codePoints = text.codePointCount(0, text.length());
      if (codePoints > budget) {
        text = text.substring(0, text.offsetByCodePoints(0, budget));
        codePoints = budget;
      }
      budget -= codePoints;
      content.addObject().put("type", "text").put("text", text);
      textLength += text.length();
    }
    for (ToolUse toolUse : p.toolUses) {
      ObjectNode block = content.addObject().put("type", "tool_use");
      block.put("id", toolUse.id() != null ? toolUse.id() : "toolu_fake_000000");
      block.put("name", toolUse.name());
      block.set("input", readTree(toolUse.inputJson()));
      textLength += toolUse.name().length() + toolUse.inputJson().length();
    }
    root.put("stop_reason", p.stopReason);
    root.putNull("stop_sequence");
    ObjectNode usage = root.putObject("usage");
    usage.put(
        "input_tokens", p.inputTokens >= 0 ? p.inputTokens : Math.max(1, requestBodyBytes / 4));
    usage.put("output_tokens", p.outputTokens >= 0 ? p.outputTokens : Math.max(1, textLength / 4));
    if (p.cacheCreationInputTokens >= 0) {
      usage.put("cache_creation_input_tokens", p.cacheCreationInputTokens);
      usage.put("cache_read_input_tokens", p.cacheReadInputTokens);
    }
    if (p.cacheCreation5m >= 0) {
      usage
          .putObject("cache_creation")
          .put("ephemeral_5m_input_tokens", p.cacheCreation5m)
          .put("ephemeral_1h_input_tokens", p.cacheCreation1h);
    }
    return root;
  }

  private static com.fasterxml.jackson.databind.JsonNode readTree(String json) {
    try {
      return MAPPER.readTree(json);
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      throw new AssertionError("checked when the response was made", e);
    }
  }

  static boolean permitsBody(int status) {
    return status != 204 && status != 304;
  }

  private boolean hasHeader(String name) {
    return p.headers.stream().anyMatch(h -> h.getKey().equalsIgnoreCase(name));
  }

  private void requireMessage(String method) {
    if (p.kind != Kind.MESSAGE) {
      throw new IllegalStateException(
          method + " applies to text/message replies only, not to " + this);
    }
  }

  private static void checkHeaderValue(String value) {
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      if (c == '\r' || c == '\n' || c == 0) {
        throw new IllegalArgumentException("Header value must not contain CR, LF or NUL");
      }
    }
  }

  @Override
  public boolean equals(Object o) {
    if (this == o) {
      return true;
    }
    if (!(o instanceof FakeResponse)) {
      return false;
    }
    Parts q = ((FakeResponse) o).p;
    return p.kind == q.kind
        && p.status == q.status
        && p.textBlocks.equals(q.textBlocks)
        && Objects.equals(p.blocks, q.blocks)
        && p.cacheCreationInputTokens == q.cacheCreationInputTokens
        && p.cacheReadInputTokens == q.cacheReadInputTokens
        && p.cacheCreation5m == q.cacheCreation5m
        && p.cacheCreation1h == q.cacheCreation1h
        && p.toolUses.equals(q.toolUses)
        && Objects.equals(p.stopReason, q.stopReason)
        && p.inputTokens == q.inputTokens
        && p.outputTokens == q.outputTokens
        && Objects.equals(p.errorType, q.errorType)
        && Objects.equals(p.errorMessage, q.errorMessage)
        && Objects.equals(p.contentType, q.contentType)
        && Objects.equals(p.rawBody, q.rawBody)
        && p.headers.equals(q.headers)
        && p.delay.equals(q.delay)
        && p.fault.equals(q.fault)
        && Objects.equals(p.firstTextDeltas, q.firstTextDeltas)
        && p.stream.equals(q.stream)
        && p.schemaInstance == q.schemaInstance
        && p.cutChars == q.cutChars;
  }

  @Override
  public int hashCode() {
    return Objects.hash(
        p.kind,
        p.status,
        p.textBlocks,
        p.blocks,
        p.cacheCreationInputTokens,
        p.cacheReadInputTokens,
        p.cacheCreation5m,
        p.cacheCreation1h,
        p.toolUses,
        p.stopReason,
        p.inputTokens,
        p.outputTokens,
        p.errorType,
        p.errorMessage,
        p.contentType,
        p.rawBody,
        p.headers,
        p.delay,
        p.fault,
        p.firstTextDeltas,
        p.stream,
        p.schemaInstance,
        p.cutChars);
  }

  /**
   * A one-line description, e.g. {@code FakeResponse{529 error overloaded_error: "Overloaded",
   * headers=[retry-after: 3]}}.
   */
  @Override
  public String toString() {
    StringBuilder s = new StringBuilder("FakeResponse{");
    Fault.Type fault = p.fault.type();
    if (fault == Fault.Type.DISCONNECT || fault == Fault.Type.RESET) {
      s.append(p.fault.describe());
    } else {
      s.append(p.status).append(' ');
      switch (p.kind) {
        case MESSAGE:
          s.append("message ")
              .append(
                  p.schemaInstance
                      ? "[schema instance]"
                      : (p.blocks != null ? p.blocks : p.textBlocks)
                          .stream().map(FakeResponse::quote).collect(Collectors.toList()));
          for (ToolUse toolUse : p.toolUses) {
            s.append(" + tool_use ")
                .append(toolUse.name())
                .append(' ')
                .append(quote(toolUse.inputJson()));
          }
          s.append(", stop_reason=").append(p.stopReason);
          if (p.cutChars >= 0) {
            s.append(", cut at ").append(p.cutChars).append(" chars");
          }
          if (p.inputTokens >= 0) {
            s.append(", usage=").append(p.inputTokens).append('/').append(p.outputTokens);
          }
          if (p.cacheCreationInputTokens >= 0) {
            s.append(", cache=")
                .append(p.cacheCreationInputTokens)
                .append('/')
                .append(p.cacheReadInputTokens);
          }
          break;
        case ERROR:
          s.append("error ").append(p.errorType).append(": ").append(quote(p.errorMessage));
          break;
        case RAW:
          s.append("raw ")
              .append(p.contentType == null ? "(no content-type)" : p.contentType)
              .append(' ')
              .append(quote(p.rawBody));
          break;
        default:
          throw new AssertionError(p.kind);
      }
      if (p.firstTextDeltas != null) {
        s.append(", in ").append(p.firstTextDeltas.size()).append(" deltas");
      }
      String stream = p.stream.describe();
      if (!stream.isEmpty()) {
        s.append(", stream: ").append(stream);
      }
      if (fault != Fault.Type.NONE) {
        s.append(", ").append(p.fault.describe());
      }
    }
    if (!p.headers.isEmpty()) {
      s.append(", headers=")
          .append(
              p.headers.stream()
                  .map(h -> h.getKey() + ": " + h.getValue())
                  .collect(Collectors.joining(", ", "[", "]")));
    }
    if (!p.delay.isZero()) {
      s.append(", delay=").append(p.delay);
    }
    return s.append('}').toString();
  }

  private static String quote(String text) {
    String shown = text.length() <= 60 ? text : text.substring(0, 60) + "…";
    return '"' + shown + "\"" + (text.length() > 60 ? " (" + text.length() + " chars)" : "");
  }
}
