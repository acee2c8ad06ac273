package dev.claudegen.annotations;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * The system prompt, for every method of an interface or for one method (a method's annotation
 * wins).
 *
 * <p>The text is a template: {@code {name}} is replaced by the method parameter of that source
 * name, and <code>&#123;&#123;</code> and <code>&#125;&#125;</code> stand for literal braces. Placeholders are bound at compile
 * time, so a name with no parameter fails the build. On an interface, a placeholder must be
 * matched by a parameter in every method that uses the prompt.
 *
 * <pre>{@code
 * @ClaudeEndpoint(model = "claude-haiku-4-5", maxTokens = 256)
 * @SystemPrompt("You label support tickets for {product}. Answer with one word.")
 * public interface Labeler {
 *   @UserPrompt("{ticket}")
 *   String label(String product, String ticket);
 * }
 * }</pre>
 */
@Documented
@Retention(RetentionPolicy.CLASS)
@Target({ElementType.TYPE, ElementType.METHOD})
public @interface SystemPrompt {

  /** The template text. */
  String value();
}
