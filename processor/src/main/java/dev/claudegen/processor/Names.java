package dev.claudegen.processor;

import java.util.Set;

/** The fully qualified names of the annotations, so that no Class object is ever loaded. */
final class Names {
  private static final String PACKAGE = "dev.claudegen.annotations.";

  static final String CLAUDE_ENDPOINT = PACKAGE + "ClaudeEndpoint";
  static final String SYSTEM_PROMPT = PACKAGE + "SystemPrompt";
  static final String USER_PROMPT = PACKAGE + "UserPrompt";
  static final String THINKING = PACKAGE + "Thinking";
  static final String RETRY = PACKAGE + "Retry";
  static final String RETRY_LIST = PACKAGE + "Retry.List";
  static final String DESCRIPTION = PACKAGE + "Description";
  static final String TOOL = PACKAGE + "Tool";
  static final String TOOLS = PACKAGE + "Tools";
  static final String CACHE_CONTROL = PACKAGE + "CacheControl";

  /**
   * The annotations read only from endpoint interfaces and their methods, so misplaced anywhere
   * else. {@code @Description} is not one: it belongs on the records and enums a method returns;
   * nor is {@code @Tool}, which marks methods of the types {@code @Tools} lists.
   */
  static final Set<String> PLACED =
      Set.of(CLAUDE_ENDPOINT, SYSTEM_PROMPT, USER_PROMPT, THINKING, RETRY, RETRY_LIST, TOOLS,
          CACHE_CONTROL);

  /**
   * Every annotation type of {@code dev.claudegen.annotations}: the processor claims them all
   * (so that {@code -Xlint:processing} finds none unclaimed) and reports any of {@link #PLACED}
   * that is misplaced.
   * A test compares this with the package's annotation types, so a new one cannot be left out.
   */
  static final Set<String> ALL =
      Set.of(CLAUDE_ENDPOINT, SYSTEM_PROMPT, USER_PROMPT, THINKING, RETRY, RETRY_LIST,
          DESCRIPTION, TOOL, TOOLS, CACHE_CONTROL);

  /**
   * What the generated classes carry. It is claimed too, in the rounds where only claudegen's
   * classes carry it: else {@code -Xlint:processing} warns of it in the round after generation.
   */
  static final String GENERATED = "javax.annotation.processing.Generated";

  /** {@code Retry} for {@code dev.claudegen.annotations.Retry}; the container reads as {@code Retry}. */
  static String simpleName(String qualifiedName) {
    String name = qualifiedName.equals(RETRY_LIST) ? RETRY : qualifiedName;
    return name.substring(PACKAGE.length());
  }

  private Names() {}
}
