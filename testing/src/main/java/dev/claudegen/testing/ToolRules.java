package dev.claudegen.testing;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The tool-use side of the fake API's request checks: tool definitions (names, input schemas, the
 * strict-schema rules and complexity limits) and the pairing of {@code tool_use} and {@code
 * tool_result} blocks across turns, each refused with a message like the API's.
 */
final class ToolRules {
  /** The names the API accepts for a client tool. */
  static final Pattern NAME = Pattern.compile("^[a-zA-Z0-9_-]{1,64}$");

  private ToolRules() {}

  /** The {@code 400} message the API sends for the tools and tool turns of a body, or null. */
  static String check(JsonNode body) {
    if (body == null || !body.isObject()) {
      return null;
    }
    String tools = checkTools(body);
    return tools != null ? tools : checkTurns(body.get("messages"));
  }

  /** Whether a tool definition is a client tool (no {@code type}, or {@code "custom"}). */
  static boolean isClientTool(JsonNode tool) {
    JsonNode type = tool.get("type");
    return type == null || type.isNull() || "custom".equals(type.asText());
  }

  private static String checkTools(JsonNode body) {
    JsonNode tools = body.get("tools");
    if (tools == null) {
      return null;
    }
    if (!tools.isArray()) {
      return "tools: Input should be a valid list";
    }
    Set<String> names = new HashSet<>();
    for (int i = 0; i < tools.size(); i++) {
      JsonNode tool = tools.get(i);
      String where = "tools." + i;
      if (!tool.isObject()) {
        return where + ": Input should be an object";
      }
      JsonNode name = tool.get("name");
      if (name == null) {
        return where + ".name: Field required";
      }
      if (!name.isTextual()) {
        return where + ".name: Input should be a valid string";
      }
      if (!isClientTool(tool)) {
        if (!names.add(name.asText())) {
          return "tools: Tool names must be unique. Duplicate: '" + name.asText() + "'";
        }
        continue; // a server tool: its shape is the API's, checked by no one here
      }
      if (!NAME.matcher(name.asText()).matches()) {
        return where + ".name: String should match pattern '" + NAME.pattern() + "'";
      }
      if (!names.add(name.asText())) {
        return "tools: Tool names must be unique. Duplicate: '" + name.asText() + "'";
      }
      JsonNode schema = tool.get("input_schema");
      if (schema == null) {
        return where + ".input_schema: Field required";
      }
      if (!schema.isObject()) {
        return where + ".input_schema: Input should be an object";
      }
      JsonNode type = schema.get("type");
      if (type == null) {
        return where + ".input_schema.type: Field required";
      }
      if (!type.isTextual() || !type.asText().equals("object")) {
        return where + ".input_schema.type: Input should be 'object'";
      }
      JsonNode strict = tool.get("strict");
      if (strict != null && !strict.isBoolean()) {
        return where + ".strict: Input should be a valid boolean";
      }
      if (strict != null && strict.booleanValue()) {
        try {
          StructuredOutput.checkSchema(schema, where + ".input_schema");
        } catch (StructuredOutput.SchemaException e) {
          return e.getMessage();
        }
      }
    }
    try {
      StructuredOutput.limitComplexity(body, outputSchema(body));
    } catch (StructuredOutput.SchemaException e) {
      return e.getMessage();
    }
    return null;
  }

  /**
   * The output schema, when there is one the API would accept, so that the complexity limits count
   * it too; {@code null} otherwise (a refused one is reported where the schema is checked).
   */
  private static JsonNode outputSchema(JsonNode body) {
    JsonNode format = StructuredOutput.format(body);
    if (format == null) {
      return null;
    }
    try {
      return StructuredOutput.check(format);
    } catch (StructuredOutput.SchemaException e) {
      return null;
    }
  }

  private static String checkTurns(JsonNode messages) {
    if (messages == null || !messages.isArray()) {
      return null;
    }
    for (int m = 0; m < messages.size(); m++) {
      JsonNode message = messages.get(m);
      Set<String> asked = toolUseIds(message);
      JsonNode next = m + 1 < messages.size() ? messages.get(m + 1) : null;
      if (!asked.isEmpty()) {
        Set<String> missing = new LinkedHashSet<>(asked);
        if (next != null && "user".equals(next.path("role").asText())) {
          for (JsonNode block : blocks(next)) {
            if (isToolResult(block)) {
              missing.remove(block.path("tool_use_id").asText());
            }
          }
        }
        if (!missing.isEmpty()) {
          return "messages."
              + m
              + ": `tool_use` ids were found without `tool_result` blocks immediately after: "
              + String.join(", ", missing)
              + ". Each `tool_use` block must have a corresponding `tool_result` block in the next"
              + " message.";
        }
        String order = checkResultsFirst(next, m + 1, asked.size());
        if (order != null) {
          return order;
        }
      }
      if ("user".equals(message.path("role").asText())) {
        Set<String> previous = m == 0 ? Set.of() : toolUseIds(messages.get(m - 1));
        List<JsonNode> content = blocks(message);
        for (int c = 0; c < content.size(); c++) {
          JsonNode block = content.get(c);
          if (isToolResult(block) && !previous.contains(block.path("tool_use_id").asText())) {
            return "messages."
                + m
                + ".content."
                + c
                + ": unexpected `tool_use_id` found in `tool_result` blocks: "
                + block.path("tool_use_id").asText()
                + ". Each `tool_result` block must have a corresponding `tool_use` block in the"
                + " previous message.";
          }
        }
      }
    }
    return null;
  }

  /** The message when a turn's tool results do not all come before its other blocks. */
  private static String checkResultsFirst(JsonNode turn, int index, int expected) {
    List<JsonNode> content = blocks(turn);
    int leading = 0;
    while (leading < content.size() && isToolResult(content.get(leading))) {
      leading++;
    }
    if (leading >= expected) {
      return null;
    }
    int missing = expected - leading;
    return "messages."
        + index
        + ": Did not find "
        + missing
        + " `tool_result` block(s) at the beginning of this message. Messages following"
        + " `tool_use` blocks must begin with a matching number of `tool_result` blocks.";
  }

  /** The ids of the {@code tool_use} blocks of an assistant turn, in order; else none. */
  static Set<String> toolUseIds(JsonNode message) {
    Set<String> ids = new LinkedHashSet<>();
    if (!"assistant".equals(message.path("role").asText())) {
      return ids;
    }
    for (JsonNode block : blocks(message)) {
      if ("tool_use".equals(block.path("type").asText())) {
        ids.add(block.path("id").asText());
      }
    }
    return ids;
  }

  static boolean isToolResult(JsonNode block) {
    return "tool_result".equals(block.path("type").asText());
  }

  /** A turn's content blocks; none when it is a string, missing or malformed. */
  static List<JsonNode> blocks(JsonNode message) {
    List<JsonNode> blocks = new ArrayList<>();
    JsonNode content = message == null ? null : message.get("content");
    if (content != null && content.isArray()) {
      content.forEach(blocks::add);
    }
    return blocks;
  }
}
