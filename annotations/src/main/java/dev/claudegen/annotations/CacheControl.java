package dev.claudegen.annotations;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks the static prefix of an interface's requests (or one method's: a method's annotation
 * replaces the interface's) as cacheable by the API's prompt cache: the system prompt's last
 * block, the last tool, and the conversation parameter's last turn carry {@code "cache_control":
 * {"type": "ephemeral"}}. A later request with the same prefix reads it from the cache, at a tenth
 * of the input price; {@code Reply.usage().cacheReadInputTokens()} shows the hit.
 *
 * <pre>{@code
 * @ClaudeEndpoint(model = "claude-sonnet-4-6", maxTokens = 1024)
 * @SystemPrompt("You answer questions about our return policy: ... (several pages)")
 * @CacheControl
 * public interface PolicyDesk {
 *   Reply ask(String question);
 * }
 * }</pre>
 *
 * <p>The API caches nothing shorter than the model's minimum (1,024 tokens for Sonnet 4.6), and
 * says nothing when it does not: the processor warns when the prefix is certainly shorter.
 */
@Documented
@Retention(RetentionPolicy.CLASS)
@Target({ElementType.TYPE, ElementType.METHOD})
public @interface CacheControl {

  /** How long the cache keeps the prefix: {@code "5m"} (the API's default) or {@code "1h"}. */
  String ttl() default "5m";
}
