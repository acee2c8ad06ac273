package dev.claudegen.annotations;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks a public method of a class or interface as a tool Claude may call. List its type in
 * {@link Tools} on an endpoint interface or method, and pass an implementation to the generated
 * builder: the processor writes the tool's input schema from the parameters at compile time and
 * a dispatcher that reads Claude's input into the arguments and calls the method, with no
 * reflection.
 *
 * <pre>{@code
 * public final class OrderTools {
 *   @Tool("Looks up an order by its id: status, items and delivery date")
 *   public Order lookupOrder(@Description("The order id, like A-1001") String orderId) {
 *     return orders.get(orderId);
 *   }
 * }
 * }</pre>
 *
 * <p>Parameters take the types of structured output (strings, numbers, booleans, enums, records,
 * {@code List}, {@code Optional} for an optional property, dates, {@code UUID}, {@code URI}); each
 * becomes a property of the input object, named after the parameter, described by its {@link
 * Description} (or its javadoc {@code @param}). The result is sent back to Claude: a {@code
 * String} as it is, anything else as JSON, nothing for {@code void}. An exception the method throws
 * is sent as an error result carrying its message (never its stack trace), so Claude can
 * correct itself; so is an input that does not fit the parameters, naming the property.
 */
@Documented
@Retention(RetentionPolicy.CLASS)
@Target(ElementType.METHOD)
public @interface Tool {

  /**
   * What the tool does, for Claude: when to call it and what it returns. Empty means the method's
   * {@link Description}, else its javadoc's first paragraph.
   */
  String value() default "";

  /**
   * The tool's name, matching {@code ^[a-zA-Z0-9_-]{1,64}$} and unique among a call's tools;
   * empty means the method's name.
   */
  String name() default "";
}
