package dev.claudegen.runtime;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.async.ByteArrayFeeder;
import java.io.IOException;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.function.Consumer;

/**
 * Builds the {@link Reply} of a streamed Messages API call from its events, as {@link SseParser}
 * delivers them, handing each text delta on as it arrives. The result equals what {@link
 * MessagesJson#reply} reads from the same reply sent whole: the same blocks, text, usage and stop
 * reason, a tool call's input re-written compact as a whole reply's is.
 *
 * <p>Events: {@code message_start} gives the id, model and input usage (cache tokens included);
 * {@code content_block_start}, {@code _delta} and {@code _stop} build each block ({@code
 * text_delta}, {@code thinking_delta}, {@code signature_delta}, {@code input_json_delta}; other
 * delta types, such as {@code citations_delta}, are skipped, as a whole reply's citations are);
 * {@code message_delta} gives the stop reason and usage, which is cumulative: each count it carries
 * replaces the one before, and a count it omits keeps {@code message_start}'s, as the official SDKs
 * merge them. {@code ping} and event types added after this version are ignored.
 *
 * <p>Cost: one non-blocking JSON parser reads every event of the stream in turn, so an event
 * allocates only the strings it carries (a delta's text), never a parser; {@code ping} and unknown
 * events are not parsed at all.
 *
 * <p>Not thread-safe: one per response body, fed by the thread feeding its {@link SseParser}.
 */
final class ReplyAccumulator implements SseParser.Listener {

  // One parser reads the whole stream as one document, so limits on a document's length or token
  // count, which a JVM-wide default could set, would cut a long reply: none here. Strings keep
  // Jackson's limit (20 M chars), above any one event the API sends.
  private static final JsonFactory JSON =
      JsonFactory.builder()
          .streamReadConstraints(
              StreamReadConstraints.builder().maxDocumentLength(-1).maxTokenCount(-1).build())
          .build();

  /** The block types read into their own {@link ContentBlock}; others become {@code Other}. */
  private static final Set<String> KNOWN_BLOCK_TYPES =
      Set.of("text", "thinking", "redacted_thinking", "tool_use");

  private enum Kind {
    TEXT,
    THINKING,
    REDACTED_THINKING,
    TOOL_USE,
    OTHER
  }

  private enum Delta {
    TEXT("text_delta"),
    THINKING("thinking_delta"),
    SIGNATURE("signature_delta"),
    INPUT_JSON("input_json_delta"),
    UNKNOWN(null);

    final String wireName;

    Delta(String wireName) {
      this.wireName = wireName;
    }
  }

  private static final Delta[] DELTAS = Delta.values();

  /** A block index above this is no reply's: a block list that large is not allocated. */
  private static final int MAX_INDEX = 1 << 16;

  private final Consumer<String> onText;
  private final boolean keepText;
  private final JsonParser json;
  private final ByteArrayFeeder feeder;

  private boolean started;
  private boolean stopped;
  private String messageId;
  private String model;
  private String stopReason;
  private long inputTokens;
  private long outputTokens;
  private long cacheCreationInputTokens;
  private long cacheReadInputTokens;
  private final List<Block> blocks = new ArrayList<>();
  private int deltas;

  // The event being read, for messages.
  private String eventName;
  private byte[] eventData;
  private int eventOffset;
  private int eventLength;

  /**
   * An accumulator that passes each {@code text_delta}'s text, as it arrives, to {@code onText}
   * (which may throw to abort the stream: the exception leaves {@link #event} as it is).
   */
  ReplyAccumulator(Consumer<String> onText) {
    this(onText, true);
  }

  /**
   * An accumulator that hands text deltas to {@code onText} and, unless {@code keepText}, does not
   * also keep them: the reply it builds then has its text blocks as their starts gave them (empty
   * in every stream the API sends). For a caller that only takes the deltas and whose reply no one
   * sees, keeping the text would copy each delta twice more (into the block, then into the
   * reply's text) for nothing.
   */
  ReplyAccumulator(Consumer<String> onText, boolean keepText) {
    this.keepText = keepText;
    this.onText = Objects.requireNonNull(onText, "onText");
    try {
      this.json = JSON.createNonBlockingByteArrayParser();
    } catch (IOException e) {
      // Creating a parser reads nothing; Jackson declares the exception for other sources.
      throw new IllegalStateException(e);
    }
    this.feeder = (ByteArrayFeeder) json.getNonBlockingInputFeeder();
  }

  /** Whether {@code message_start} arrived. */
  boolean started() {
    return started;
  }

  /** Whether {@code message_stop} arrived: the reply is complete. */
  boolean stopped() {
    return stopped;
  }

  /** How many {@code content_block_delta} events arrived, of every delta type. */
  int deltas() {
    return deltas;
  }

  @Override
  public void event(String name, byte[] data, int offset, int length) throws StreamException {
    eventName = name;
    eventData = data;
    eventOffset = offset;
    eventLength = length;
    try {
      switch (name) {
        case "content_block_delta" -> {
          expectOpen();
          contentBlockDelta();
        }
        case "content_block_start" -> {
          expectOpen();
          contentBlockStart();
        }
        case "content_block_stop" -> {
          expectOpen();
          contentBlockStop();
        }
        case "message_start" -> messageStart();
        case "message_delta" -> {
          expectOpen();
          messageDelta();
        }
        case "message_stop" -> {
          // Its data says nothing more; not reading it keeps a broken one from failing a
          // complete reply.
          expectOpen();
          stopped = true;
        }
        case "error" -> throw errorEvent();
        default -> {
          // ping, and event types added after this version: the API asks clients to ignore them.
        }
      }
    } catch (IOException e) {
      // Jackson's own message names parser internals; the excerpt says more.
      throw malformed(name + " event is not valid JSON");
    } finally {
      eventData = null;
    }
  }

  /**
   * The reply the events built.
   *
   * @param requestId the response's {@code request-id} header, or null
   * @param rateLimit what the response headers said of rate limits
   * @throws StreamException.Cut when {@code message_stop} never arrived
   * @throws StreamException.Malformed when a tool call's input is not a JSON object
   */
  Reply reply(String requestId, RateLimitInfo rateLimit) throws StreamException {
    if (!stopped) {
      throw new StreamException.Cut(
          "the stream ended before message_stop"
              + (started ? ", after " + deltas + (deltas == 1 ? " delta" : " deltas") : "")
              + (started ? "" : ", before message_start"),
          deltas);
    }
    List<ContentBlock> content = new ArrayList<>(blocks.size());
    // One text block, the usual reply, is the reply's text as it is: no second copy.
    String onlyText = null;
    StringBuilder text = null;
    for (int i = 0; i < blocks.size(); i++) {
      Block block = blocks.get(i);
      if (block == null) {
        continue;
      }
      ContentBlock built = block.built != null ? block.built : build(block, i);
      content.add(built);
      if (built instanceof ContentBlock.Text t) {
        if (text != null) {
          text.append(t.text());
        } else if (onlyText == null) {
          onlyText = t.text();
        } else {
          text = new StringBuilder(onlyText).append(t.text());
        }
      }
    }
    Usage usage =
        new Usage(inputTokens, outputTokens, cacheCreationInputTokens, cacheReadInputTokens);
    String whole = text != null ? text.toString() : onlyText != null ? onlyText : "";
    return new Reply(whole, stopReason, model, messageId, requestId, usage, rateLimit, content);
  }

  private void expectOpen() throws StreamException {
    if (!started) {
      throw malformed(eventName + " before message_start");
    }
    if (stopped) {
      throw malformed(eventName + " after message_stop");
    }
  }

  private void messageStart() throws IOException, StreamException {
    if (started) {
      throw malformed(stopped ? "message_start after message_stop" : "a second message_start");
    }
    begin();
    while (next() == JsonToken.FIELD_NAME) {
      String field = json.currentName();
      JsonToken value = next();
      if (field.equals("message") && value == JsonToken.START_OBJECT) {
        while (next() == JsonToken.FIELD_NAME) {
          String inner = json.currentName();
          JsonToken innerValue = next();
          switch (inner) {
            case "id" -> messageId = stringOrNull(innerValue);
            case "model" -> model = stringOrNull(innerValue);
            case "stop_reason" -> stopReason = stringOrNull(innerValue);
            case "usage" -> readUsage(innerValue, false);
            // content is empty in message_start; blocks come in their own events.
            default -> skip(innerValue);
          }
        }
      } else {
        skip(value);
      }
    }
    end();
    started = true;
  }

  private void messageDelta() throws IOException, StreamException {
    begin();
    while (next() == JsonToken.FIELD_NAME) {
      String field = json.currentName();
      JsonToken value = next();
      if (field.equals("delta") && value == JsonToken.START_OBJECT) {
        while (next() == JsonToken.FIELD_NAME) {
          String inner = json.currentName();
          JsonToken innerValue = next();
          if (inner.equals("stop_reason") && innerValue == JsonToken.VALUE_STRING) {
            stopReason = json.getText();
          } else {
            // stop_sequence too: Reply does not carry it, as a whole reply's is not read.
            skip(innerValue);
          }
        }
      } else if (field.equals("usage")) {
        readUsage(value, true);
      } else {
        skip(value);
      }
    }
    end();
  }

  /**
   * Reads a usage object. At {@code message_start} every count is set (an absent one to 0, as a
   * whole reply's); in a {@code message_delta} a count replaces the one before only when sent.
   */
  private void readUsage(JsonToken value, boolean cumulative) throws IOException, StreamException {
    if (value != JsonToken.START_OBJECT) {
      skip(value);
      return;
    }
    if (!cumulative) {
      inputTokens = 0;
      outputTokens = 0;
      cacheCreationInputTokens = 0;
      cacheReadInputTokens = 0;
    }
    while (next() == JsonToken.FIELD_NAME) {
      String field = json.currentName();
      JsonToken token = next();
      if (token != JsonToken.VALUE_NUMBER_INT) {
        skip(token);
        continue;
      }
      long number = json.getLongValue();
      switch (field) {
        case "input_tokens" -> inputTokens = number;
        case "output_tokens" -> outputTokens = number;
        case "cache_creation_input_tokens" -> cacheCreationInputTokens = number;
        case "cache_read_input_tokens" -> cacheReadInputTokens = number;
        default -> {}
      }
    }
  }

  private void contentBlockStart() throws IOException, StreamException {
    begin();
    int index = -1;
    Block block = null;
    while (next() == JsonToken.FIELD_NAME) {
      String field = json.currentName();
      JsonToken value = next();
      if (field.equals("index")) {
        index = index(value);
      } else if (field.equals("content_block") && value == JsonToken.START_OBJECT) {
        block = readBlock();
      } else {
        skip(value);
      }
    }
    end();
    if (index < 0 || block == null) {
      throw malformed(
          "content_block_start without " + (index < 0 ? "an index" : "a content_block"));
    }
    while (blocks.size() <= index) {
      blocks.add(null);
    }
    if (blocks.get(index) != null) {
      throw malformed("a second content_block_start for block " + index);
    }
    blocks.set(index, block);
    if (block.kind == Kind.TEXT && block.text.length() > 0) {
      // Text the start already carries is text the caller has not seen.
      onText.accept(block.text.toString());
    }
  }

  /** Reads a {@code content_block} as {@link MessagesJson} reads a block of a whole reply. */
  private Block readBlock() throws IOException, StreamException {
    Block block = new Block();
    String text = null;
    String thinking = null;
    // A block of a type not modelled here is kept whole, as JSON re-written field by field (the
    // same text a whole reply's block gives), unless its first field names a known type.
    StringWriter whole = null;
    JsonGenerator copy = null;
    boolean first = true;
    while (next() == JsonToken.FIELD_NAME) {
      String field = json.currentName();
      JsonToken value = next();
      boolean knownTypeFirst =
          first
              && field.equals("type")
              && value == JsonToken.VALUE_STRING
              && KNOWN_BLOCK_TYPES.contains(json.getText());
      first = false;
      if (!knownTypeFirst && copy == null && block.type == null) {
        whole = new StringWriter();
        copy = JSON.createGenerator(whole);
        copy.writeStartObject();
      }
      if (value == JsonToken.VALUE_STRING) {
        String string = json.getText();
        switch (field) {
          case "type" -> block.type = string;
          case "text" -> text = string;
          case "thinking" -> thinking = string;
          case "signature" -> block.signature = string;
          case "data" -> block.data = string;
          case "id" -> block.id = string;
          case "name" -> block.name = string;
          default -> {}
        }
        if (copy != null) {
          copy.writeStringField(field, string);
        }
      } else if (field.equals("input") && value == JsonToken.START_OBJECT) {
        StringWriter input = new StringWriter();
        try (JsonGenerator inputCopy = JSON.createGenerator(input)) {
          copy(inputCopy);
        }
        block.startInput = input.toString();
        if (copy != null) {
          copy.writeFieldName(field);
          copy.writeRawValue(block.startInput);
          // Measured from the end: the generator writes the ':' with the value.
          copy.flush();
          block.inputEnd = whole.getBuffer().length();
          block.inputStart = block.inputEnd - block.startInput.length();
        }
      } else if (copy != null) {
        copy.writeFieldName(field);
        copy(copy);
      } else {
        skip(value);
      }
    }
    if (copy != null) {
      copy.writeEndObject();
      copy.close();
      block.wholeJson = whole.toString();
    }
    block.kind = kind(block);
    if (block.kind == Kind.TEXT) {
      // The start carries the text so far: empty, in every stream the API sends.
      block.text = new StringBuilder(text == null ? "" : text);
    } else if (block.kind == Kind.THINKING) {
      block.text = new StringBuilder(thinking == null ? "" : thinking);
    }
    return block;
  }

  private static Kind kind(Block block) {
    if (block.type == null) {
      return Kind.OTHER;
    }
    return switch (block.type) {
      case "text" -> Kind.TEXT;
      case "thinking" -> Kind.THINKING;
      case "redacted_thinking" -> block.data == null ? Kind.OTHER : Kind.REDACTED_THINKING;
      case "tool_use" -> block.id == null || block.name == null ? Kind.OTHER : Kind.TOOL_USE;
      default -> Kind.OTHER;
    };
  }

  private void contentBlockDelta() throws IOException, StreamException {
    begin();
    int index = -1;
    Delta type = null;
    String text = null;
    String thinking = null;
    String signature = null;
    String partialJson = null;
    while (next() == JsonToken.FIELD_NAME) {
      String field = json.currentName();
      JsonToken value = next();
      if (field.equals("index")) {
        index = index(value);
      } else if (field.equals("delta") && value == JsonToken.START_OBJECT) {
        while (next() == JsonToken.FIELD_NAME) {
          String inner = json.currentName();
          JsonToken innerValue = next();
          if (innerValue != JsonToken.VALUE_STRING) {
            skip(innerValue);
            continue;
          }
          switch (inner) {
            case "type" -> type = deltaType();
            case "text" -> text = json.getText();
            case "thinking" -> thinking = json.getText();
            case "signature" -> signature = json.getText();
            case "partial_json" -> partialJson = json.getText();
            default -> {}
          }
        }
      } else {
        skip(value);
      }
    }
    end();
    if (index < 0) {
      throw malformed("content_block_delta without an index");
    }
    Block block = openBlock(index);
    deltas++;
    if (type == null || type == Delta.UNKNOWN) {
      return;
    }
    if (block.kind == Kind.OTHER) {
      // A server tool's call streams its input like a tool_use; other deltas to a block of a
      // type not modelled here have no field to go to.
      if (type == Delta.INPUT_JSON && block.inputStart >= 0) {
        block.partialJson().append(required(partialJson, type, index));
      }
      return;
    }
    switch (type) {
      case TEXT -> {
        expectKind(block, Kind.TEXT, type, index);
        String delta = required(text, type, index);
        if (keepText) {
          block.text.append(delta);
        }
        onText.accept(delta);
      }
      case THINKING -> {
        expectKind(block, Kind.THINKING, type, index);
        block.text.append(required(thinking, type, index));
      }
      case SIGNATURE -> {
        expectKind(block, Kind.THINKING, type, index);
        // The official accumulators replace, not append: one signature per block.
        block.signature = required(signature, type, index);
      }
      case INPUT_JSON -> {
        expectKind(block, Kind.TOOL_USE, type, index);
        block.partialJson().append(required(partialJson, type, index));
      }
      default -> {}
    }
  }

  private Delta deltaType() throws IOException {
    for (Delta delta : DELTAS) {
      if (delta.wireName != null && textIs(delta.wireName)) {
        return delta;
      }
    }
    return Delta.UNKNOWN;
  }

  private String required(String value, Delta type, int index) throws StreamException {
    if (value == null) {
      throw malformed(type.wireName + " for block " + index + " without its text");
    }
    return value;
  }

  private void expectKind(Block block, Kind kind, Delta type, int index) throws StreamException {
    if (block.kind != kind) {
      throw malformed(type.wireName + " for block " + index + ", a " + block.type + " block");
    }
  }

  private void contentBlockStop() throws IOException, StreamException {
    begin();
    int index = -1;
    while (next() == JsonToken.FIELD_NAME) {
      String field = json.currentName();
      JsonToken value = next();
      if (field.equals("index")) {
        index = index(value);
      } else {
        skip(value);
      }
    }
    end();
    if (index < 0) {
      throw malformed("content_block_stop without an index");
    }
    Block block = openBlock(index);
    block.built = build(block, index);
  }

  private Block openBlock(int index) throws StreamException {
    Block block = index < blocks.size() ? blocks.get(index) : null;
    if (block == null) {
      throw malformed(eventName + " for block " + index + ", which never started");
    }
    if (block.built != null) {
      throw malformed(eventName + " for block " + index + " after its content_block_stop");
    }
    return block;
  }

  private int index(JsonToken value) throws IOException, StreamException {
    if (value != JsonToken.VALUE_NUMBER_INT) {
      throw malformed(eventName + " with an index that is not a number");
    }
    long index = json.getLongValue();
    if (index < 0 || index > MAX_INDEX) {
      throw malformed(eventName + " for block " + index);
    }
    return (int) index;
  }

  private ContentBlock build(Block block, int index) throws StreamException {
    return switch (block.kind) {
      case TEXT -> new ContentBlock.Text(block.text.toString());
      case THINKING -> new ContentBlock.Thinking(block.text.toString(), block.signature);
      case REDACTED_THINKING -> new ContentBlock.RedactedThinking(block.data);
      case TOOL_USE ->
          new ContentBlock.ToolUse(
              block.id,
              block.name,
              block.partialJson != null && block.partialJson.length() > 0
                  ? compactObject(block.partialJson.toString(), index)
                  : block.startInput != null ? block.startInput : "{}");
      case OTHER -> {
        String type = block.type == null ? "(untyped)" : block.type;
        if (block.wholeJson == null) {
          yield new ContentBlock.Other(type, "{\"type\":\"" + block.type + "\"}");
        }
        String whole = block.wholeJson;
        if (block.partialJson != null && block.partialJson.length() > 0) {
          whole =
              whole.substring(0, block.inputStart)
                  + compactObject(block.partialJson.toString(), index)
                  + whole.substring(block.inputEnd);
        }
        yield new ContentBlock.Other(type, whole);
      }
    };
  }

  /**
   * A tool call's streamed input, checked to be one JSON object and written compact: the text a
   * whole reply's {@code input} gives, whatever spacing the deltas had.
   */
  private static String compactObject(String input, int index) throws StreamException {
    StringWriter out = new StringWriter(input.length());
    try (JsonParser parser = JSON.createParser(input);
        JsonGenerator generator = JSON.createGenerator(out)) {
      if (parser.nextToken() != JsonToken.START_OBJECT) {
        throw inputNotAnObject(input, index);
      }
      generator.copyCurrentStructure(parser);
      if (parser.nextToken() != null) {
        throw inputNotAnObject(input, index);
      }
    } catch (IOException e) {
      throw inputNotAnObject(input, index);
    }
    return out.toString();
  }

  private static StreamException.Malformed inputNotAnObject(String input, int index) {
    return new StreamException.Malformed(
        "the input_json_delta pieces of block "
            + index
            + " do not make a JSON object: "
            + MessagesJson.excerpt(input.getBytes(StandardCharsets.UTF_8)));
  }

  private StreamException.ErrorEvent errorEvent() {
    String type = null;
    String message = null;
    String requestId = null;
    try {
      begin();
      while (next() == JsonToken.FIELD_NAME) {
        String field = json.currentName();
        JsonToken value = next();
        if (field.equals("error") && value == JsonToken.START_OBJECT) {
          while (next() == JsonToken.FIELD_NAME) {
            String inner = json.currentName();
            JsonToken innerValue = next();
            if (inner.equals("type")) {
              type = stringOrNull(innerValue);
            } else if (inner.equals("message")) {
              message = stringOrNull(innerValue);
            } else {
              skip(innerValue);
            }
          }
        } else if (field.equals("request_id")) {
          requestId = stringOrNull(value);
        } else {
          skip(value);
        }
      }
      end();
    } catch (IOException | StreamException e) {
      // The API meant to fail the reply; what it said is kept if any of it was readable.
      if (type == null && message == null) {
        return new StreamException.ErrorEvent(
            null, "unreadable error event: " + excerpt(), requestId, deltas);
      }
    }
    if (type == null && message == null) {
      return new StreamException.ErrorEvent(
          null, "error event without an error: " + excerpt(), requestId, deltas);
    }
    return new StreamException.ErrorEvent(
        type, message == null ? "(no message)" : message, requestId, deltas);
  }

  /** Hands the event's data to the parser and reads its opening brace. */
  private void begin() throws IOException, StreamException {
    feeder.feedInput(eventData, eventOffset, eventOffset + eventLength);
    if (json.nextToken() != JsonToken.START_OBJECT) {
      throw malformed(eventName + " event is not a JSON object");
    }
  }

  /** After the event's object: nothing may follow it in the same event. */
  private void end() throws IOException, StreamException {
    if (json.nextToken() != JsonToken.NOT_AVAILABLE) {
      throw malformed(eventName + " event has more than one JSON value");
    }
  }

  /** The next token of the event; its data ending first is malformed (JSON cut short). */
  private JsonToken next() throws IOException, StreamException {
    JsonToken token = json.nextToken();
    if (token == JsonToken.NOT_AVAILABLE || token == null) {
      throw malformed(eventName + " event JSON ends early");
    }
    return token;
  }

  // JsonParser.skipChildren and JsonGenerator.copyCurrentStructure loop forever on the
  // NOT_AVAILABLE of a non-blocking parser at the end of a cut event; these stop.

  private void skip(JsonToken value) throws IOException, StreamException {
    if (!value.isStructStart()) {
      return;
    }
    int depth = 1;
    while (depth > 0) {
      JsonToken token = next();
      if (token.isStructStart()) {
        depth++;
      } else if (token.isStructEnd()) {
        depth--;
      }
    }
  }

  private void copy(JsonGenerator out) throws IOException, StreamException {
    out.copyCurrentEvent(json);
    if (!json.currentToken().isStructStart()) {
      return;
    }
    int depth = 1;
    while (depth > 0) {
      JsonToken token = next();
      out.copyCurrentEvent(json);
      if (token.isStructStart()) {
        depth++;
      } else if (token.isStructEnd()) {
        depth--;
      }
    }
  }

  private String stringOrNull(JsonToken value) throws IOException, StreamException {
    if (value == JsonToken.VALUE_STRING) {
      return json.getText();
    }
    skip(value);
    return null;
  }

  /** Whether the current string is {@code constant}, without making a String of it. */
  private boolean textIs(String constant) throws IOException {
    int length = json.getTextLength();
    if (length != constant.length()) {
      return false;
    }
    char[] chars = json.getTextCharacters();
    int offset = json.getTextOffset();
    for (int i = 0; i < length; i++) {
      if (chars[offset + i] != constant.charAt(i)) {
        return false;
      }
    }
    return true;
  }

  private StreamException.Malformed malformed(String problem) {
    return new StreamException.Malformed(problem + ": " + excerpt());
  }

  private String excerpt() {
    if (eventData == null) {
      return "(no data)";
    }
    return MessagesJson.excerpt(
        Arrays.copyOfRange(eventData, eventOffset, eventOffset + eventLength));
  }

  /** One content block as its events build it. */
  private static final class Block {
    String type;
    Kind kind;
    // text or thinking: the start's value, then each delta's.
    StringBuilder text;
    String signature;
    String data;
    String id;
    String name;
    String startInput;
    StringBuilder partialJson;
    // An Other block: its JSON, and where its input value is in it, to put the streamed one.
    String wholeJson;
    int inputStart = -1;
    int inputEnd = -1;
    // Set at content_block_stop: no delta may follow.
    ContentBlock built;

    StringBuilder partialJson() {
      if (partialJson == null) {
        partialJson = new StringBuilder();
      }
      return partialJson;
    }
  }
}
