package dev.claudegen.annotations;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * The user message of a method, as a template.
 *
 * <p>{@code {name}} is replaced by the method parameter of that source name; <code>&#123;&#123;</code> and
 * <code>&#125;&#125;</code> stand for literal braces, so JSON can be written as {@code {{"a": 1}}}. Placeholders
 * are bound at compile time: a name with no parameter, or an unclosed brace, fails the build on
 * this annotation, and a parameter that no prompt uses draws a warning.
 *
 * <pre>{@code
 * @UserPrompt("Translate into {language}:\n\n{text}")
 * String translate(String language, String text);
 * }</pre>
 *
 * <p>A method with a single {@code String} parameter and no {@code @UserPrompt} sends that
 * parameter as the user message:
 *
 * <pre>{@code
 * String ask(String question);
 * }</pre>
 */
@Documented
@Retention(RetentionPolicy.CLASS)
@Target(ElementType.METHOD)
public @interface UserPrompt {

  /** The template text. */
  String value();
}
