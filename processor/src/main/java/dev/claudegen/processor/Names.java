package dev.claudegen.processor;

/** The fully qualified names of the annotations, so that no Class object is ever loaded. */
final class Names {
  private static final String PACKAGE = "dev.claudegen.annotations.";

  static final String CLAUDE_ENDPOINT = PACKAGE + "ClaudeEndpoint";
  static final String SYSTEM_PROMPT = PACKAGE + "SystemPrompt";
  static final String USER_PROMPT = PACKAGE + "UserPrompt";
  static final String THINKING = PACKAGE + "Thinking";
  static final String RETRY = PACKAGE + "Retry";
  static final String RETRY_LIST = PACKAGE + "Retry.List";

  private Names() {}
}
