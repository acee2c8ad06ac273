package dev.claudegen.runtime;

/**
 * Runs one tool: reads Claude's input (the JSON object {@code input} is at) into the tool
 * method's arguments, calls it, and returns what is sent back as the {@code tool_result}'s
 * content. claudegen generates one per {@code @Tool} method; no reflection.
 */
@FunctionalInterface
public interface ToolHandler {

  /**
   * Runs the tool.
   *
   * @return the result's content: a {@code String} result as it is, any other as its JSON text;
   *     null for a {@code void} method (a result with no content)
   * @throws JsonIn.Mismatch when the input does not fit the parameters: sent back as an error
   *     result naming the property, so that Claude can correct it
   * @throws Exception whatever the tool throws: sent back as an error result with its message
   */
  String run(JsonIn input) throws Exception;
}
