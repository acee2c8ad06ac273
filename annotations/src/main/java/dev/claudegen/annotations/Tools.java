package dev.claudegen.annotations;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Gives an endpoint interface's calls (or one method's: a method's annotation replaces the
 * interface's) the {@link Tool} methods of the listed types. While a reply stops to use tools,
 * the client runs the tools asked for, in the order asked, sends their results back in one user
 * turn, and goes on, until a reply that does not ask for tools becomes the method's payload.
 *
 * <pre>{@code
 * @ClaudeEndpoint(model = "claude-sonnet-4-6", maxTokens = 1024)
 * @Tools(OrderTools.class)
 * public interface OrderDesk {
 *   String ask(String question);
 * }
 *
 * OrderDesk desk = ClaudeOrderDesk.builder().tools(new OrderTools(orders)).build();
 * }</pre>
 *
 * <p>The generated builder has one {@code tools(...)} setter per listed type; {@code build()}
 * fails naming every type left without an implementation.
 */
@Documented
@Retention(RetentionPolicy.CLASS)
@Target({ElementType.TYPE, ElementType.METHOD})
public @interface Tools {

  /** The classes or interfaces whose {@link Tool} methods the calls may use. */
  Class<?>[] value();

  /**
   * The most times one call runs tools: a call sends at most {@code maxRounds + 1} requests, and
   * a reply that still asks for tools after that fails the call with {@code
   * ClaudeOutputException}.
   */
  int maxRounds() default 8;
}
