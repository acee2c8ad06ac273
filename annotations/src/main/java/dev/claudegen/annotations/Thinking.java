package dev.claudegen.annotations;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Turns on extended thinking with a token budget, for every method of an interface or for one
 * method (a method's annotation wins).
 *
 * <pre>{@code
 * @ClaudeEndpoint(model = "claude-sonnet-4-5", maxTokens = 16000)
 * @Thinking(budgetTokens = 8000)
 * public interface Planner {
 *   String plan(String goal);
 * }
 * }</pre>
 *
 * <p>The budget must be at least 1024 and less than {@link ClaudeEndpoint#maxTokens()}, and the
 * model must accept a thinking budget; the processor checks all three.
 */
@Documented
@Retention(RetentionPolicy.CLASS)
@Target({ElementType.TYPE, ElementType.METHOD})
public @interface Thinking {

  /** The most tokens the model may spend thinking; counts towards {@code maxTokens}. */
  int budgetTokens();
}
