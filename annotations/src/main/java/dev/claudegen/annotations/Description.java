package dev.claudegen.annotations;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * The {@code description} of a structured output's JSON schema element, written into the schema
 * at compile time: on a record, the object's; on a record component, its property's; on an enum,
 * the enum's; on an enum constant, that value's.
 *
 * <pre>{@code
 * @Description("A support ticket triaged from an email")
 * record Ticket(
 *     @Description("How soon someone must answer") Priority priority,
 *     @Description("One sentence, in the customer's language") String summary,
 *     Optional<String> customerId) {}
 *
 * enum Priority {
 *   @Description("Answer within the hour") URGENT,
 *   NORMAL
 * }
 * }</pre>
 *
 * <p>Without it, the javadoc is used where the source is compiled with the interface: a record
 * component's {@code @param} text, a record's or enum's first paragraph, an enum constant's
 * comment. A type from a jar has no javadoc, so only {@code @Description} describes it. Whitespace
 * is collapsed to single spaces.
 *
 * <p>On a {@link Tool} method it is the tool's description (when {@code @Tool} gives none), and on
 * a tool method's parameter that property's description in the tool's input schema. On an
 * endpoint method it has no effect.
 */
@Documented
@Retention(RetentionPolicy.CLASS)
@Target({
  ElementType.TYPE,
  ElementType.RECORD_COMPONENT,
  ElementType.FIELD,
  ElementType.METHOD,
  ElementType.PARAMETER
})
public @interface Description {

  /** The description, in plain text. */
  String value();
}
