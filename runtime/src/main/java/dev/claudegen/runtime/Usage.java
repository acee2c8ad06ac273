package dev.claudegen.runtime;

/**
 * Tokens a reply consumed, as the API reported them.
 *
 * @param inputTokens input tokens not read from or written to the prompt cache
 * @param outputTokens output tokens, thinking included
 * @param cacheCreationInputTokens input tokens written to the prompt cache
 * @param cacheReadInputTokens input tokens read from the prompt cache
 */
public record Usage(
    long inputTokens, long outputTokens, long cacheCreationInputTokens, long cacheReadInputTokens) {

  /** No tokens; used when a reply carried no usage. */
  public static final Usage NONE = new Usage(0, 0, 0, 0);

  /** All input tokens: uncached, cache writes and cache reads. */
  public long totalInputTokens() {
    return inputTokens + cacheCreationInputTokens + cacheReadInputTokens;
  }
}
