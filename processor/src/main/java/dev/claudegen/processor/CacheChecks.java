package dev.claudegen.processor;

import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * Checks a method's {@code @CacheControl}: its ttl, and whether it marks a prefix the API would
 * cache at all.
 */
final class CacheChecks {

  /** The ttls the API accepts (§1.5). */
  static final List<String> TTLS = List.of("5m", "1h");

  /**
   * Tokens allowed for what the API wraps around the prefix's text (role and block markers): a
   * generous bound, since a warning must never be wrong.
   */
  static final int FRAMING_TOKENS = 64;

  /**
   * Tokens allowed for the system prompt the API adds when a request has tools (§1.4: a few
   * hundred, by model and {@code tool_choice}), and for each tool's own markup.
   */
  static final int TOOL_USE_PROMPT_TOKENS = 800;

  static final int PER_TOOL_TOKENS = 32;

  private CacheChecks() {}

  /**
   * Warns when the marker can do nothing: when the method has nothing to mark, or when its
   * cached prefix is static and certainly shorter than the model's minimum. The bound counts a
   * token per UTF-8 byte of the static text (no token is shorter than a byte) plus allowances
   * for the API's own text, so it is never below the true count.
   *
   * @param system the method's system prompt, or null
   * @param tools the method's tools, or null
   * @param conversation the conversation parameter, or null
   * @param model the endpoint's model, or null when unknown
   */
  static void prefix(AnnotationView cache, String displayName, PromptTemplate system,
      ClientPlan.ToolsPlan tools, String conversation, ModelCatalog.Model model,
      String modelName, Reporter reporter) {
    boolean systemSent = system != null && (system.hasText() || !system.placeholders().isEmpty());
    int toolCount =
        tools == null ? 0 : tools.types().stream().mapToInt(type -> type.tools().size()).sum();
    if (!systemSent && tools == null && conversation == null) {
      reporter.at(Message.CACHE_MARKS_NOTHING, cache, null, displayName);
      return;
    }
    if (conversation != null || (systemSent && !system.placeholders().isEmpty())
        || model == null || model.minCacheableTokens() <= 0) {
      return;
    }
    int systemBytes = 0;
    if (systemSent) {
      for (PromptTemplate.Segment segment : system.segments()) {
        systemBytes += segment.text().getBytes(StandardCharsets.UTF_8).length;
      }
    }
    long toolBytes = 0;
    if (tools != null) {
      for (ClientPlan.ToolType type : tools.types()) {
        for (ClientPlan.ToolPlan tool : type.tools()) {
          toolBytes += utf8(tool.name()) + utf8(tool.description())
              + utf8(SchemaWriter.compact(new StructuredType.Root(tool.input(), null)));
        }
      }
    }
    long allowance = FRAMING_TOKENS
        + (tools == null ? 0 : TOOL_USE_PROMPT_TOKENS + (long) PER_TOOL_TOKENS * toolCount);
    long bound = systemBytes + toolBytes + allowance;
    if (bound < model.minCacheableTokens()) {
      StringBuilder parts = new StringBuilder();
      if (systemSent) {
        parts.append("system prompt ").append(systemBytes).append(" bytes, ");
      }
      if (tools != null) {
        parts.append(toolCount).append(toolCount == 1 ? " tool " : " tools ").append(toolBytes)
            .append(" bytes, ");
      }
      parts.append(allowance).append(" tokens allowed for the API's own text");
      reporter.at(Message.CACHE_BELOW_MINIMUM, cache, null, displayName, bound, parts,
          model.minCacheableTokens(), modelName);
    }
  }

  private static int utf8(String text) {
    return text == null ? 0 : text.getBytes(StandardCharsets.UTF_8).length;
  }

  /** The ttl; good when no error was reported. */
  static String ttl(AnnotationView cache, Reporter reporter)
      throws AnnotationView.ErroneousValueException {
    String ttl = cache.string("ttl");
    if (!TTLS.contains(ttl)) {
      reporter.on(Message.CACHE_TTL, cache, "ttl", Message.quote(ttl));
    }
    return ttl;
  }
}
