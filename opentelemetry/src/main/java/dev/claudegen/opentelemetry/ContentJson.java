package dev.claudegen.opentelemetry;

import dev.claudegen.runtime.ContentBlock;
import dev.claudegen.runtime.Message;
import dev.claudegen.runtime.Reply;
import java.util.List;

/**
 * Prompt and reply as the JSON of the conventions' {@code gen_ai.system_instructions}, {@code
 * gen_ai.input.messages} and {@code gen_ai.output.messages} schemas; only with content capture on.
 */
final class ContentJson {

  private ContentJson() {}

  static String systemInstructions(List<ContentBlock.Text> system) {
    StringBuilder json = new StringBuilder().append('[');
    for (int i = 0; i < system.size(); i++) {
      if (i > 0) {
        json.append(',');
      }
      textPart(json, system.get(i).text());
    }
    return json.append(']').toString();
  }

  static String inputMessages(List<Message> messages) {
    StringBuilder json = new StringBuilder().append('[');
    boolean first = true;
    for (Message message : messages) {
      if (message == null) {
        continue;
      }
      if (!first) {
        json.append(',');
      }
      first = false;
      json.append("{\"role\":");
      string(json, message.role().wireName());
      json.append(",\"parts\":");
      parts(json, message.content());
      json.append('}');
    }
    return json.append(']').toString();
  }

  static String outputMessages(Reply reply) {
    StringBuilder json = new StringBuilder().append("[{\"role\":\"assistant\",\"parts\":");
    if (reply.content().isEmpty()) {
      json.append('[');
      textPart(json, reply.text());
      json.append(']');
    } else {
      parts(json, reply.content());
    }
    json.append(",\"finish_reason\":");
    string(json, finishReason(reply.stopReason()));
    return json.append("}]").toString();
  }

  /** The conventions' well-known reasons where one fits; Anthropic's own name otherwise. */
  static String finishReason(String stopReason) {
    if (stopReason == null) {
      return "stop";
    }
    return switch (stopReason) {
      case "end_turn", "stop_sequence" -> "stop";
      case "max_tokens" -> "length";
      case "tool_use" -> "tool_call";
      case "refusal" -> "content_filter";
      default -> stopReason;
    };
  }

  private static void parts(StringBuilder json, List<ContentBlock> blocks) {
    json.append('[');
    for (int i = 0; i < blocks.size(); i++) {
      if (i > 0) {
        json.append(',');
      }
      ContentBlock block = blocks.get(i);
      if (block instanceof ContentBlock.Text text) {
        textPart(json, text.text());
      } else if (block instanceof ContentBlock.Thinking thinking) {
        json.append("{\"type\":\"reasoning\",\"content\":");
        string(json, thinking.thinking());
        json.append('}');
      } else if (block instanceof ContentBlock.ToolUse use) {
        json.append("{\"type\":\"tool_call\",\"id\":");
        string(json, use.id());
        json.append(",\"name\":");
        string(json, use.name());
        json.append(",\"arguments\":");
        json.append(use.inputJson() == null || use.inputJson().isBlank() ? "{}" : use.inputJson());
        json.append('}');
      } else if (block instanceof ContentBlock.ToolResult result) {
        json.append("{\"type\":\"tool_call_response\",\"id\":");
        string(json, result.toolUseId());
        json.append(",\"response\":");
        string(json, result.content());
        json.append('}');
      } else {
        // Redacted thinking, images and blocks this version does not know: their type only.
        json.append("{\"type\":");
        string(json, block.type());
        json.append('}');
      }
    }
    json.append(']');
  }

  private static void textPart(StringBuilder json, String text) {
    json.append("{\"type\":\"text\",\"content\":");
    string(json, text);
    json.append('}');
  }

  static void string(StringBuilder json, String value) {
    if (value == null) {
      json.append("null");
      return;
    }
    json.append('"');
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      switch (c) {
        case '"' -> json.append("\\\"");
        case '\\' -> json.append("\\\\");
        case '\n' -> json.append("\\n");
        case '\r' -> json.append("\\r");
        case '\t' -> json.append("\\t");
        default -> {
          if (c < 0x20) {
            json.append(String.format("\\u%04x", (int) c));
          } else {
            json.append(c);
          }
        }
      }
    }
    json.append('"');
  }
}
