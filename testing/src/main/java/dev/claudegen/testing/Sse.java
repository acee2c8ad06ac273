package dev.claudegen.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * The Messages API's server-sent events for one reply, built from the reply's JSON body so that a
 * streamed and a plain reply always carry the same content, stop reason and usage.
 */
final class Sse {
  /** The content type of a streamed reply, as the API sends it. */
  static final String CONTENT_TYPE = "text/event-stream; charset=utf-8";

  /**
   * The longest piece a default split makes, in code points, so that text without whitespace (a
   * long word, tool input JSON) still arrives in several deltas.
   */
  static final int MAX_WORD_CHARS = 32;

  private static final ObjectMapper MAPPER = new ObjectMapper();

  private Sse() {}

  /**
   * One event as it goes on the wire.
   *
   * @param name the {@code event:} field
   * @param data the {@code data:} payload, usually one line of JSON
   * @param delta whether it is a {@code content_block_delta}, which is what fault positions count
   */
  record Event(String name, String data, boolean delta) {
    /** {@code event: name\ndata: ...\n\n}; a payload with line breaks takes one data line each. */
    byte[] encode() {
      StringBuilder s = new StringBuilder(name.length() + data.length() + 16);
      s.append("event: ").append(name).append('\n');
      for (String line : data.split("\r\n|\r|\n", -1)) {
        s.append("data: ").append(line).append('\n');
      }
      return s.append('\n').toString().getBytes(StandardCharsets.UTF_8);
    }
  }

  /** A {@code ping} event. */
  static Event ping() {
    return new Event("ping", "{\"type\":\"ping\"}", false);
  }

  /** An {@code error} event in the API's shape, which carries no request id. */
  static Event error(String errorType, String message) {
    ObjectNode root = MAPPER.createObjectNode().put("type", "error");
    root.putObject("error").put("type", errorType).put("message", message);
    return new Event("error", root.toString(), false);
  }

  /**
   * The events of a complete reply, in the API's order: {@code message_start} (the message with
   * empty content, no stop reason, the input usage and one output token), then per block {@code
   * content_block_start}, its deltas and {@code content_block_stop}, with one {@code ping} after
   * the first block's start, then {@code message_delta} with the stop reason and the cumulative
   * output tokens, then {@code message_stop}.
   *
   * @param message the reply's JSON body
   * @param firstTextDeltas exactly how to split the first block's text, or {@code null}
   * @param deltaChars how long the pieces of a split are, in code points; 0 for words
   */
  static List<Event> of(ObjectNode message, List<String> firstTextDeltas, int deltaChars) {
    List<Event> events = new ArrayList<>();
    ObjectNode started = message.deepCopy();
    started.putArray("content");
    started.putNull("stop_reason");
    started.putNull("stop_sequence");
    ObjectNode usage = (ObjectNode) started.get("usage");
    int outputTokens = usage.get("output_tokens").intValue();
    // The API counts the first token in message_start already.
    usage.put("output_tokens", Math.min(1, outputTokens));
    ObjectNode start = MAPPER.createObjectNode().put("type", "message_start");
    start.set("message", started);
    events.add(new Event("message_start", start.toString(), false));

    JsonNode content = message.get("content");
    if (content.isEmpty()) {
      events.add(ping());
    }
    for (int index = 0; index < content.size(); index++) {
      JsonNode block = content.get(index);
      ObjectNode shell = ((ObjectNode) block).deepCopy();
      List<ObjectNode> deltas = new ArrayList<>();
      switch (block.path("type").asText()) {
        case "text":
          shell.put("text", "");
          List<String> pieces =
              index == 0 && firstTextDeltas != null
                  ? firstTextDeltas
                  : split(block.path("text").asText(), deltaChars);
          for (String piece : pieces) {
            deltas.add(MAPPER.createObjectNode().put("type", "text_delta").put("text", piece));
          }
          break;
        case "thinking":
          shell.remove("signature");
          shell.put("thinking", "");
          for (String piece : split(block.path("thinking").asText(), deltaChars)) {
            deltas.add(
                MAPPER.createObjectNode().put("type", "thinking_delta").put("thinking", piece));
          }
          // The API sends the signature last, just before the block's stop.
          JsonNode signature = block.get("signature");
          if (signature != null && signature.isTextual()) {
            deltas.add(
                MAPPER
                    .createObjectNode()
                    .put("type", "signature_delta")
                    .put("signature", signature.asText()));
          }
          break;
        case "tool_use":
        case "server_tool_use":
          JsonNode input = block.get("input");
          shell.putObject("input");
          for (String piece :
              split(input == null ? "{}" : input.toString(), deltaChars == 0 ? -1 : deltaChars)) {
            deltas.add(
                MAPPER
                    .createObjectNode()
                    .put("type", "input_json_delta")
                    .put("partial_json", piece));
          }
          break;
        default:
          // redacted_thinking, fallback and types no client knows yet arrive whole, without deltas.
          break;
      }
      ObjectNode blockStart =
          MAPPER.createObjectNode().put("type", "content_block_start").put("index", index);
      blockStart.set("content_block", shell);
      events.add(new Event("content_block_start", blockStart.toString(), false));
      if (index == 0) {
        events.add(ping());
      }
      for (ObjectNode delta : deltas) {
        ObjectNode event =
            MAPPER.createObjectNode().put("type", "content_block_delta").put("index", index);
        event.set("delta", delta);
        events.add(new Event("content_block_delta", event.toString(), true));
      }
      ObjectNode blockStop =
          MAPPER.createObjectNode().put("type", "content_block_stop").put("index", index);
      events.add(new Event("content_block_stop", blockStop.toString(), false));
    }

    ObjectNode messageDelta = MAPPER.createObjectNode().put("type", "message_delta");
    ObjectNode delta = messageDelta.putObject("delta");
    delta.set("stop_reason", message.get("stop_reason"));
    delta.set("stop_sequence", message.get("stop_sequence"));
    messageDelta.putObject("usage").put("output_tokens", outputTokens);
    events.add(new Event("message_delta", messageDelta.toString(), false));
    events.add(new Event("message_stop", "{\"type\":\"message_stop\"}", false));
    return events;
  }

  /**
   * Splits text into deltas: {@code chars > 0}, pieces of that many code points; {@code 0}, words,
   * each with the whitespace before it as the API's tokens have it ({@code "Hello from it"} gives
   * {@code "Hello", " from", " it"}), none longer than {@link #MAX_WORD_CHARS}; {@code -1}, pieces
   * of {@link #MAX_WORD_CHARS}. Never splits a surrogate pair; empty text gives no piece.
   */
  static List<String> split(String text, int chars) {
    List<String> pieces = new ArrayList<>();
    int limit = chars > 0 ? chars : MAX_WORD_CHARS;
    boolean words = chars == 0;
    int pieceStart = 0;
    int codePoints = 0;
    int i = 0;
    while (i < text.length()) {
      int c = text.codePointAt(i);
      boolean wordStarts =
          words
              && i > pieceStart
              && Character.isWhitespace(c)
              && !Character.isWhitespace(text.codePointBefore(i));
      if (wordStarts || codePoints == limit) {
        pieces.add(text.substring(pieceStart, i));
        pieceStart = i;
        codePoints = 0;
      }
      codePoints++;
      i += Character.charCount(c);
    }
    if (pieceStart < text.length()) {
      pieces.add(text.substring(pieceStart));
    }
    return pieces;
  }
}
