package dev.claudegen.runtime;

import java.util.Objects;

/**
 * One block of a message's content, as the Messages API names it. A {@link Reply} keeps every
 * block it received, in order, so a reply turned into the next turn with {@link Reply#toMessage()}
 * carries its thinking (with the signature the API checks) and tool calls, not only its text.
 */
public sealed interface ContentBlock {

  /** The block's {@code type} on the wire, such as {@code text} or {@code tool_use}. */
  String type();

  /** A text block. */
  static Text text(String text) {
    return new Text(text);
  }

  /** A {@code text} block. */
  record Text(String text) implements ContentBlock {
    /** Checks for null. */
    public Text {
      Objects.requireNonNull(text, "text");
    }

    @Override
    public String type() {
      return "text";
    }
  }

  /**
   * A {@code thinking} block: the model's reasoning, and the signature the API needs to accept it
   * back in a later turn.
   *
   * @param signature null when the reply carried none
   */
  record Thinking(String thinking, String signature) implements ContentBlock {
    /** Checks for null. */
    public Thinking {
      Objects.requireNonNull(thinking, "thinking");
    }

    @Override
    public String type() {
      return "thinking";
    }
  }

  /** A {@code redacted_thinking} block: reasoning the API returns encrypted, to send back as is. */
  record RedactedThinking(String data) implements ContentBlock {
    /** Checks for null. */
    public RedactedThinking {
      Objects.requireNonNull(data, "data");
    }

    @Override
    public String type() {
      return "redacted_thinking";
    }
  }

  /**
   * A {@code tool_use} block: the model asks for a tool to run.
   *
   * @param inputJson the {@code input} object, as the JSON text the API sent
   */
  record ToolUse(String id, String name, String inputJson) implements ContentBlock {
    /** Checks for nulls. */
    public ToolUse {
      Objects.requireNonNull(id, "id");
      Objects.requireNonNull(name, "name");
      Objects.requireNonNull(inputJson, "inputJson");
    }

    @Override
    public String type() {
      return "tool_use";
    }
  }

  /**
   * A {@code tool_result} block: what a tool returned, sent in the user turn after the reply that
   * asked for it.
   *
   * @param toolUseId the {@code id} of the {@link ToolUse} it answers
   * @param content the result's text (a tool's JSON as text), or null for a result without content
   * @param isError whether the tool failed (or could not be run): {@code "is_error": true}
   */
  record ToolResult(String toolUseId, String content, boolean isError) implements ContentBlock {
    /** Checks for null. */
    public ToolResult {
      Objects.requireNonNull(toolUseId, "toolUseId");
    }

    @Override
    public String type() {
      return "tool_result";
    }
  }

  /**
   * A block of a type this version does not model (server tool results, citations to come), kept
   * whole so that nothing the API sent is dropped.
   *
   * @param type the block's {@code type}, or {@code (untyped)} when it had none
   * @param json the whole block as JSON text
   */
  record Other(String type, String json) implements ContentBlock {
    /** Checks for nulls. */
    public Other {
      Objects.requireNonNull(type, "type");
      Objects.requireNonNull(json, "json");
    }
  }
}
