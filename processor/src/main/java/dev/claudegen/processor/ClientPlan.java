package dev.claudegen.processor;

import com.palantir.javapoet.ClassName;
import java.util.List;
import javax.lang.model.element.ExecutableElement;
import javax.lang.model.element.TypeElement;
import javax.lang.model.type.TypeMirror;

/**
 * A checked interface, ready to generate: every value here has passed validation, so the
 * generator makes no decisions and reports nothing.
 *
 * @param generatedName {@code Claude<Name>}, or {@code ClaudeOuter_Inner} for a nested interface
 * @param isPublic whether the generated class is public (it is when the interface is)
 */
record ClientPlan(
    TypeElement iface,
    ClassName ifaceName,
    ClassName generatedName,
    boolean isPublic,
    List<MethodPlan> methods) {

  /**
   * One method to implement.
   *
   * @param displayName how the method is named in logs and errors, like {@code
   *     Assistant.summarize(String)}
   * @param system the system prompt, or null for none
   * @param user the user message
   */
  record MethodPlan(
      ExecutableElement element,
      String name,
      TypeMirror returnType,
      List<ParameterPlan> parameters,
      String displayName,
      Settings settings,
      PromptTemplate system,
      PromptTemplate user,
      List<RetryPlan> retries) {}

  /**
   * One {@code @Retry}, resolved: what generated code passes to the runtime's {@code
   * RetrySchedule} builder. A method with no {@code @Retry} anywhere has none, and the runtime's
   * default applies.
   *
   * @param kinds the {@code ErrorKind} constant names
   * @param maxElapsedMillis the overall deadline, or -1 for none
   */
  record RetryPlan(
      List<String> kinds,
      int maxAttempts,
      long initialDelayMillis,
      double multiplier,
      long maxDelayMillis,
      double jitter,
      boolean honorRetryAfter,
      long maxRetryAfterMillis,
      long maxElapsedMillis) {}

  /**
   * A parameter of a generated method.
   *
   * @param isReference whether it can be null (and so is checked for null)
   * @param isString whether it is a {@code String}, which prompts use as is
   */
  record ParameterPlan(String name, TypeMirror type, boolean isReference, boolean isString) {}

  /**
   * A method's resolved request settings; unset ones hold the annotation defaults.
   *
   * @param timeoutMillis the timeout, or -1 for the runtime default
   * @param baseUrl the annotation's base URL, or null
   * @param thinkingBudget the thinking budget, or 0 for none
   */
  record Settings(
      String model,
      int maxTokens,
      double temperature,
      double topP,
      int topK,
      List<String> stopSequences,
      long timeoutMillis,
      String baseUrl,
      String apiKeyEnv,
      String apiVersion,
      List<String> fallbackModels,
      int thinkingBudget) {

    Settings withThinkingBudget(int budget) {
      return new Settings(model, maxTokens, temperature, topP, topK, stopSequences, timeoutMillis,
          baseUrl, apiKeyEnv, apiVersion, fallbackModels, budget);
    }
  }
}
