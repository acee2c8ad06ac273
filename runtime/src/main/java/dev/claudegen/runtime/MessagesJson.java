package dev.claudegen.runtime;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.io.JsonEOFException;
import com.fasterxml.jackson.core.util.ByteArrayBuilder;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Writes Messages API requests and reads replies and error bodies with Jackson's streaming API:
 * no object mapper, no reflection, no tree, one pass over the bytes.
 */
final class MessagesJson {

  /** The longest piece of an unreadable body quoted in an exception message. */
  static final int EXCERPT_LENGTH = 200;

  private static final JsonFactory JSON = new JsonFactory();

  private MessagesJson() {}

  /** The request body for one user message; a null or blank system prompt is not sent. */
  static byte[] request(CallSpec spec, String model, String system, String user) {
    return request(spec, model, Prompt.of(system, user));
  }

  /** The request body of a prompt, for the given model (the spec's, or a fallback). */
  static byte[] request(CallSpec spec, String model, Prompt prompt) {
    return request(spec, model, prompt, false);
  }

  /**
   * The request body of a prompt, for the given model; with {@code stream}, it asks for the reply
   * as server-sent events ({@code "stream": true}, its last field).
   */
  static byte[] request(CallSpec spec, String model, Prompt prompt, boolean stream) {
    String tools = spec.toolsJson();
    ByteArrayBuilder out =
        new ByteArrayBuilder(256 + sizeHint(prompt) + (tools == null ? 0 : tools.length()));
    try (JsonGenerator json = JSON.createGenerator(out)) {
      json.writeStartObject();
      json.writeStringField("model", model);
      json.writeNumberField("max_tokens", spec.maxTokens());
      String ttl = spec.cacheTtl(); // null: no cache markers
      List<ContentBlock.Text> system = prompt.system();
      if (system.size() == 1 && ttl == null) {
        json.writeStringField("system", system.get(0).text());
      } else if (!system.isEmpty()) {
        // With caching, as blocks: the marker goes on the last one.
        json.writeArrayFieldStart("system");
        int last = system.size() - 1;
        for (int i = 0; i <= last; i++) {
          writeBlock(json, system.get(i), i == last ? ttl : null);
        }
        json.writeEndArray();
      }
      json.writeArrayFieldStart("messages");
      List<Message> messages = prompt.messages();
      // The turns that end a cacheable prefix: the conversation's last, the latest tool results.
      int conversationLast =
          ttl != null && prompt.conversationEnd() > prompt.conversationStart()
              ? prompt.conversationEnd() - 1
              : -1;
      int toolResults = ttl != null ? prompt.latestToolResultsTurn() : -1;
      for (int i = 0; i < messages.size(); i++) {
        Message message = messages.get(i);
        json.writeStartObject();
        json.writeStringField("role", message.role().wireName());
        List<ContentBlock> content = message.content();
        int marked = i == conversationLast || i == toolResults ? markedBlock(content) : -1;
        if (marked < 0 && content.size() == 1 && content.get(0) instanceof ContentBlock.Text text) {
          json.writeStringField("content", text.text());
        } else {
          json.writeArrayFieldStart("content");
          for (int b = 0; b < content.size(); b++) {
            writeBlock(json, content.get(b), b == marked ? ttl : null);
          }
          json.writeEndArray();
        }
        json.writeEndObject();
      }
      json.writeEndArray();
      if (tools != null) {
        // Compact JSON the processor wrote at compile time (its last tool already carries the
        // cache marker when the method caches): copied as it is, never re-parsed.
        json.writeFieldName("tools");
        json.writeRawValue(tools);
      }
      if (!Double.isNaN(spec.temperature())) {
        json.writeNumberField("temperature", spec.temperature());
      }
      if (!Double.isNaN(spec.topP())) {
        json.writeNumberField("top_p", spec.topP());
      }
      if (spec.topK() >= 0) {
        json.writeNumberField("top_k", spec.topK());
      }
      if (!spec.stopSequences().isEmpty()) {
        json.writeArrayFieldStart("stop_sequences");
        for (String stop : spec.stopSequences()) {
          json.writeString(stop);
        }
        json.writeEndArray();
      }
      if (spec.thinkingBudget() > 0) {
        json.writeObjectFieldStart("thinking");
        json.writeStringField("type", "enabled");
        json.writeNumberField("budget_tokens", spec.thinkingBudget());
        json.writeEndObject();
      }
      String schema = spec.outputSchema();
      if (schema != null) {
        // Compact JSON the processor wrote at compile time: copied as it is, never re-parsed.
        json.writeObjectFieldStart("output_config");
        json.writeObjectFieldStart("format");
        json.writeStringField("type", "json_schema");
        json.writeFieldName("schema");
        json.writeRawValue(schema);
        json.writeEndObject();
        json.writeEndObject();
      }
      if (stream) {
        json.writeBooleanField("stream", true);
      }
      json.writeEndObject();
    } catch (IOException e) {
      // Writing to memory cannot fail; this would be a Jackson bug.
      throw new UncheckedIOException(e);
    }
    return out.toByteArray();
  }

  /**
   * The index of the block of a turn that carries its cache marker: the last one that is text, a
   * tool call or a tool result. Thinking blocks cannot carry one (the API refuses {@code
   * cache_control} on them), and a block of a type this version does not model is sent as it came;
   * -1 when no block qualifies, and then the turn is not marked.
   */
  private static int markedBlock(List<ContentBlock> content) {
    for (int b = content.size() - 1; b >= 0; b--) {
      ContentBlock block = content.get(b);
      if (block instanceof ContentBlock.Text
          || block instanceof ContentBlock.ToolUse
          || block instanceof ContentBlock.ToolResult) {
        return b;
      }
    }
    return -1;
  }

  /**
   * Writes a content block.
   *
   * @param ttl the cache marker's ttl when the block carries one ({@code "5m"} or {@code "1h"});
   *     null for none
   */
  private static void writeBlock(JsonGenerator json, ContentBlock block, String ttl)
      throws IOException {
    if (block instanceof ContentBlock.Other other) {
      json.writeRawValue(other.json());
      return;
    }
    json.writeStartObject();
    json.writeStringField("type", block.type());
    if (block instanceof ContentBlock.Text text) {
      json.writeStringField("text", text.text());
    } else if (block instanceof ContentBlock.Thinking thinking) {
      json.writeStringField("thinking", thinking.thinking());
      if (thinking.signature() != null) {
        json.writeStringField("signature", thinking.signature());
      }
    } else if (block instanceof ContentBlock.RedactedThinking redacted) {
      json.writeStringField("data", redacted.data());
    } else if (block instanceof ContentBlock.ToolUse toolUse) {
      json.writeStringField("id", toolUse.id());
      json.writeStringField("name", toolUse.name());
      json.writeFieldName("input");
      json.writeRawValue(toolUse.inputJson());
    } else if (block instanceof ContentBlock.ToolResult result) {
      json.writeStringField("tool_use_id", result.toolUseId());
      if (result.content() != null) {
        json.writeStringField("content", result.content());
      }
      if (result.isError()) {
        json.writeBooleanField("is_error", true);
      }
    }
    if (ttl != null) {
      json.writeObjectFieldStart("cache_control");
      json.writeStringField("type", "ephemeral");
      if (ttl.equals("1h")) {
        json.writeStringField("ttl", "1h"); // 5m is the API's default: left out, as it documents
      }
      json.writeEndObject();
    }
    json.writeEndObject();
  }

  private static int sizeHint(Prompt prompt) {
    int size = 0;
    for (ContentBlock.Text block : prompt.system()) {
      size += block.text().length();
    }
    for (Message message : prompt.messages()) {
      for (ContentBlock block : message.content()) {
        if (block instanceof ContentBlock.Text text) {
          size += text.text().length();
        } else if (block instanceof ContentBlock.ToolResult result && result.content() != null) {
          size += result.content().length() + 64;
        } else if (block instanceof ContentBlock.ToolUse use) {
          size += use.inputJson().length() + 64;
        } else {
          size += 64;
        }
      }
    }
    return size;
  }

  /**
   * Reads a success reply, without rate-limit information.
   *
   * @throws MalformedBodyException when the body is not a Messages API reply
   */
  static Reply reply(byte[] body, String requestId) throws MalformedBodyException {
    return reply(body, requestId, RateLimitInfo.NONE);
  }

  /**
   * Reads a success reply.
   *
   * @param rateLimit what the response headers said of rate limits
   * @throws MalformedBodyException when the body is not a Messages API reply
   */
  static Reply reply(byte[] body, String requestId, RateLimitInfo rateLimit)
      throws MalformedBodyException {
    try (JsonParser json = JSON.createParser(body)) {
      if (json.nextToken() != JsonToken.START_OBJECT) {
        throw new MalformedBodyException("reply is not a JSON object", body);
      }
      return reply(json, requestId, rateLimit, () -> body);
    } catch (JsonEOFException e) {
      throw new MalformedBodyException("reply JSON ends early", body);
    } catch (IOException e) {
      // Jackson's own message names parser internals; the excerpt says more to a user.
      throw new MalformedBodyException("reply is not valid JSON", body);
    }
  }

  /**
   * Reads a reply object from a parser positioned at its {@code START_OBJECT} (a whole body, or
   * the {@code message} of a batch result line), leaving the parser at its {@code END_OBJECT}.
   *
   * @param source the bytes being parsed, asked for only to quote them in the message of a {@link
   *     MalformedBodyException}
   * @throws MalformedBodyException when the object is not a Messages API reply
   * @throws IOException when the JSON is not valid
   */
  static Reply reply(
      JsonParser json,
      String requestId,
      RateLimitInfo rateLimit,
      java.util.function.Supplier<byte[]> source)
      throws MalformedBodyException, IOException {
    String stopReason = null;
    String model = null;
    String messageId = null;
    Usage usage = Usage.NONE;
    String type = null;
    List<ContentBlock> blocks = new ArrayList<>();
    boolean sawContent = false;
    while (json.nextToken() == JsonToken.FIELD_NAME) {
      String field = json.currentName();
      JsonToken value = json.nextToken();
      switch (field) {
        case "type" -> type = stringOrNull(json, value);
        case "id" -> messageId = stringOrNull(json, value);
        case "model" -> model = stringOrNull(json, value);
        case "stop_reason" -> stopReason = stringOrNull(json, value);
        case "content" -> {
          if (value == JsonToken.START_ARRAY) {
            readContent(json, blocks);
            sawContent = true;
          } else if (value != JsonToken.VALUE_NULL) { // null: as if absent
            throw new MalformedBodyException("reply content is not an array", source.get());
          }
        }
        case "usage" -> usage = readUsage(json, value);
        default -> json.skipChildren();
      }
    }
    if (json.currentToken() != JsonToken.END_OBJECT) {
      throw new MalformedBodyException("reply JSON ends early", source.get());
    }
    // A body that says it is a message but has no content is a reply with nothing in it (what the
    // method's payload makes of that is the caller's business), not a garbled body to retry: the
    // API produced, and billed, it.
    if (!sawContent && !"message".equals(type)) {
      throw new MalformedBodyException("reply has no content", source.get());
    }
    return new Reply(
        text(blocks), stopReason, model, messageId, requestId, usage, rateLimit, blocks);
  }

  /** The text blocks' text, joined; thinking and tool blocks are not part of the text answer. */
  private static String text(List<ContentBlock> blocks) {
    String only = null;
    StringBuilder joined = null;
    for (int i = 0; i < blocks.size(); i++) {
      if (blocks.get(i) instanceof ContentBlock.Text t) {
        if (only == null && joined == null) {
          only = t.text(); // the usual reply: one text block, its string as it is
        } else {
          if (joined == null) {
            joined = new StringBuilder(only);
          }
          joined.append(t.text());
        }
      }
    }
    return joined != null ? joined.toString() : only != null ? only : "";
  }

  private static void readContent(JsonParser json, List<ContentBlock> blocks)
      throws IOException {
    while (json.nextToken() == JsonToken.START_OBJECT) {
      String type = null;
      String blockText = null;
      String thinking = null;
      String signature = null;
      String data = null;
      String id = null;
      String name = null;
      String input = null;
      // A block of a type not modelled here is kept whole, as JSON: re-written field by field,
      // unless its first field names a known type (the API's order), so text costs no copy.
      StringWriter whole = null;
      JsonGenerator copy = null;
      boolean first = true;
      while (json.nextToken() == JsonToken.FIELD_NAME) {
        String field = json.currentName();
        JsonToken value = json.nextToken();
        boolean knownTypeFirst =
            first
                && field.equals("type")
                && value == JsonToken.VALUE_STRING
                && KNOWN_BLOCK_TYPES.contains(json.getText());
        first = false;
        if (!knownTypeFirst && copy == null && type == null) {
          whole = new StringWriter();
          copy = JSON.createGenerator(whole);
          copy.writeStartObject();
        }
        if (value == JsonToken.VALUE_STRING) {
          String string = json.getText();
          switch (field) {
            case "type" -> type = string;
            case "text" -> blockText = string;
            case "thinking" -> thinking = string;
            case "signature" -> signature = string;
            case "data" -> data = string;
            case "id" -> id = string;
            case "name" -> name = string;
            default -> {}
          }
          if (copy != null) {
            copy.writeStringField(field, string);
          }
        } else if (field.equals("input") && value == JsonToken.START_OBJECT) {
          StringWriter inputText = new StringWriter();
          try (JsonGenerator inputCopy = JSON.createGenerator(inputText)) {
            inputCopy.copyCurrentStructure(json);
          }
          input = inputText.toString();
          if (copy != null) {
            copy.writeFieldName(field);
            copy.writeRawValue(input);
          }
        } else if (copy != null) {
          copy.writeFieldName(field);
          copy.copyCurrentStructure(json);
        } else {
          json.skipChildren();
        }
      }
      String wholeJson = null;
      if (copy != null) {
        copy.writeEndObject();
        copy.close();
        wholeJson = whole.toString();
      }
      ContentBlock block = block(type, blockText, thinking, signature, data, id, name, input);
      if (block == null) {
        block =
            new ContentBlock.Other(
                type == null ? "(untyped)" : type,
                wholeJson != null ? wholeJson : "{\"type\":\"" + type + "\"}");
      }
      blocks.add(block);
    }
  }

  private static final java.util.Set<String> KNOWN_BLOCK_TYPES =
      java.util.Set.of("text", "thinking", "redacted_thinking", "tool_use");

  /** The block, or null when its type is unknown or it lacks what its type needs. */
  private static ContentBlock block(
      String type,
      String text,
      String thinking,
      String signature,
      String data,
      String id,
      String name,
      String input) {
    if (type == null) {
      return null;
    }
    return switch (type) {
      case "text" -> text == null ? null : new ContentBlock.Text(text);
      case "thinking" -> thinking == null ? null : new ContentBlock.Thinking(thinking, signature);
      case "redacted_thinking" -> data == null ? null : new ContentBlock.RedactedThinking(data);
      case "tool_use" ->
          id == null || name == null
              ? null
              : new ContentBlock.ToolUse(id, name, input == null ? "{}" : input);
      default -> null;
    };
  }

  private static Usage readUsage(JsonParser json, JsonToken value) throws IOException {
    if (value != JsonToken.START_OBJECT) {
      json.skipChildren();
      return Usage.NONE;
    }
    long input = 0;
    long output = 0;
    long cacheCreation = 0;
    long cacheRead = 0;
    while (json.nextToken() == JsonToken.FIELD_NAME) {
      String field = json.currentName();
      JsonToken token = json.nextToken();
      long number = token == JsonToken.VALUE_NUMBER_INT ? json.getLongValue() : 0;
      switch (field) {
        case "input_tokens" -> input = number;
        case "output_tokens" -> output = number;
        case "cache_creation_input_tokens" -> cacheCreation = number;
        case "cache_read_input_tokens" -> cacheRead = number;
        default -> json.skipChildren();
      }
    }
    return new Usage(input, output, cacheCreation, cacheRead);
  }

  /**
   * What an error body says, or null when it is not the API's error JSON (an HTML page from a
   * proxy, an empty or truncated body).
   */
  static ApiError error(byte[] body) {
    String type = null;
    String message = null;
    String requestId = null;
    try (JsonParser json = JSON.createParser(body)) {
      if (json.nextToken() != JsonToken.START_OBJECT) {
        return null;
      }
      while (json.nextToken() == JsonToken.FIELD_NAME) {
        String field = json.currentName();
        JsonToken value = json.nextToken();
        if (field.equals("error") && value == JsonToken.START_OBJECT) {
          while (json.nextToken() == JsonToken.FIELD_NAME) {
            String inner = json.currentName();
            JsonToken innerValue = json.nextToken();
            if (inner.equals("type")) {
              type = stringOrNull(json, innerValue);
            } else if (inner.equals("message")) {
              message = stringOrNull(json, innerValue);
            } else {
              json.skipChildren();
            }
          }
        } else if (field.equals("request_id")) {
          requestId = stringOrNull(json, value);
        } else {
          json.skipChildren();
        }
      }
    } catch (IOException e) {
      return null;
    }
    if (type == null && message == null) {
      return null;
    }
    return new ApiError(type, message == null ? "(no message)" : message, requestId);
  }

  /** The {@code error} object of an API error body, and its {@code request_id}. */
  record ApiError(String type, String message, String requestId) {}

  private static String stringOrNull(JsonParser json, JsonToken value) throws IOException {
    if (value == JsonToken.VALUE_STRING) {
      return json.getText();
    }
    json.skipChildren();
    return null;
  }

  /**
   * Up to {@link #EXCERPT_LENGTH} characters of a body, on one line, for messages: enough to
   * recognise a proxy's HTML page, never a wall of it.
   */
  static String excerpt(byte[] body) {
    if (body.length == 0) {
      return "(empty body)";
    }
    // Decoding a little more than needed keeps a multi-byte character whole at the cut.
    int decode = Math.min(body.length, EXCERPT_LENGTH * 4);
    String text = new String(body, 0, decode, StandardCharsets.UTF_8);
    if (decode < body.length) {
      // The byte window may end inside a character, which decodes as U+FFFD.
      text = text.replaceAll("\uFFFD+$", "");
    }
    text = text.replaceAll("\\s+", " ").strip();
    boolean cut = decode < body.length || text.length() > EXCERPT_LENGTH;
    if (!cut) {
      return text;
    }
    int end = Math.min(text.length(), EXCERPT_LENGTH - 1);
    if (end > 0 && Character.isHighSurrogate(text.charAt(end - 1))) {
      end--; // never split an emoji or other surrogate pair
    }
    return text.substring(0, end) + "…";
  }

  /** A body that is not what the API sends. */
  static final class MalformedBodyException extends Exception {
    private static final long serialVersionUID = 1L;

    MalformedBodyException(String problem, byte[] body) {
      super(problem + ": " + excerpt(body));
    }
  }
}
