package dev.claudegen.annotations;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks an interface whose methods become calls to the Claude Messages API.
 *
 * <p>The claudegen annotation processor writes {@code Claude<Name>}, a plain implementation of
 * the interface, next to it at compile time, or fails the build with an error on the attribute
 * that is wrong. For example:
 *
 * <pre>{@code
 * @ClaudeEndpoint(model = "claude-sonnet-4-6", maxTokens = 1024)
 * public interface Assistant {
 *   @UserPrompt("Summarize in one line: {text}")
 *   String summarize(String text);
 * }
 *
 * Assistant assistant = ClaudeAssistant.create();   // key from ANTHROPIC_API_KEY
 * String line = assistant.summarize(report);
 * }</pre>
 *
 * <p>On a method, the annotation replaces the interface's one for that method, as a whole: no
 * attribute is inherited from the interface's annotation.
 *
 * <pre>{@code
 * @ClaudeEndpoint(model = "claude-haiku-4-5", maxTokens = 512)
 * public interface Triage {
 *   String label(String ticket);                   // haiku, 512 tokens
 *
 *   @ClaudeEndpoint(model = "claude-opus-4-7", maxTokens = 8192, timeout = "5m")
 *   String draftReply(String ticket);              // opus, 8192 tokens, 5 minute timeout
 * }
 * }</pre>
 */
@Documented
@Retention(RetentionPolicy.CLASS)
@Target({ElementType.TYPE, ElementType.METHOD})
public @interface ClaudeEndpoint {

  /** {@link #apiKeyEnv()} when not written. */
  String DEFAULT_API_KEY_ENV = "ANTHROPIC_API_KEY";

  /** {@link #apiVersion()} when not written: the current version. */
  String DEFAULT_API_VERSION = "2026-10-21";

  /**
   * The model id or alias, for example {@code "claude-sonnet-4-6"}. It is checked against the
   * processor's model catalog: an unknown or retired model fails the build.
   */
  String model();

  /**
   * The {@code max_tokens} of each request: the most tokens the reply may have. It must be at
   * least 1 and no more than the model's maximum output.
   */
  int maxTokens();

  /**
   * Sampling temperature in {@code [0, 1]}; {@code NaN} (the default) means not sent. Only API
   * version {@code "2023-06-01"} accepts it: set {@link #apiVersion()} to use it.
   */
  double temperature() default Double.NaN;

  /**
   * Nucleus sampling in {@code [0, 1]}; {@code NaN} (the default) means not sent. Only API version
   * {@code "2023-06-01"} accepts it, and several models reject it together with a temperature.
   */
  double topP() default Double.NaN;

  /**
   * Top-k sampling, at least 0; {@code -1} (the default) means not sent. Only API version {@code
   * "2023-06-01"} accepts it.
   */
  int topK() default -1;

  /** Strings that end the reply when the model produces them, for example {@code {"</answer>"}}. */
  String[] stopSequences() default {};

  /**
   * How long one attempt may take, as a duration such as {@code "90s"}, {@code "2m"} or {@code
   * "500ms"} (units {@code ms}, {@code s}, {@code m}, {@code h}). Empty (the default) means the
   * library default of 120 seconds for non-streaming calls.
   */
  String timeout() default "";

  /**
   * The API's base URL, for example {@code "https://relay.example.com"}. Empty (the default) means
   * the environment variable {@code ANTHROPIC_BASE_URL} if set, else {@code
   * https://api.anthropic.com}. A value set on the generated builder wins over both.
   */
  String baseUrl() default "";

  /**
   * The environment variable holding the API key. A key set on the generated builder wins over
   * it. With neither, building the client fails with an error naming this variable.
   */
  String apiKeyEnv() default DEFAULT_API_KEY_ENV;

  /**
   * The {@code anthropic-version} header. The default, {@code "2026-10-21"}, is the current one;
   * sampling parameters ({@link #temperature()}, {@link #topP()}, {@link #topK()}) exist only
   * under {@code "2023-06-01"}.
   */
  String apiVersion() default DEFAULT_API_VERSION;

  /**
   * Models to switch to, in order, once the retries of an overloaded (529) error are spent, for
   * example {@code {"claude-sonnet-4-6"}} for an Opus endpoint. Each must be able to serve {@link
   * #maxTokens()}.
   */
  String[] fallbackModels() default {};
}
