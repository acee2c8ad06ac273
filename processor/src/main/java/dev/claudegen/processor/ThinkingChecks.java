package dev.claudegen.processor;

import javax.lang.model.element.ElementKind;

/**
 * Checks {@code @Thinking}: its budget on its own, then with the endpoint a method uses (the
 * model must accept a budget, the budget must fit in {@code maxTokens}, and sampling is limited
 * while thinking).
 *
 * <p>Problems of the pair go on the more specific annotation: a method's {@code @Thinking} under
 * the interface's endpoint is marked on the method, and so is a method's endpoint under the
 * interface's {@code @Thinking}. Between two annotations of the same element, the one whose value
 * is at fault is marked.
 */
final class ThinkingChecks {

  /** The smallest {@code budget_tokens} the API accepts. */
  static final int MIN_BUDGET = 1024;

  private ThinkingChecks() {}

  /**
   * Checks the budget on its own.
   *
   * @return the budget as written
   */
  static int budget(AnnotationView thinking, Reporter reporter)
      throws AnnotationView.ErroneousValueException {
    int budget = thinking.integer("budgetTokens");
    if (budget < MIN_BUDGET) {
      reporter.on(Message.THINKING_BUDGET_TOO_SMALL, thinking, "budgetTokens", budget);
    }
    return budget;
  }

  /**
   * Checks the budget with the endpoint.
   *
   * @param budget the budget as written; one below the minimum, already reported, is not compared
   *     with {@code maxTokens}
   */
  static void withEndpoint(AnnotationView thinking, int budget,
      EndpointChecks.Endpoint endpoint, Reporter reporter) {
    boolean thinkingOnMethod = isOnMethod(thinking);
    boolean endpointOnMethod = isOnMethod(endpoint.annotation());
    boolean markEndpoint = endpointOnMethod && !thinkingOnMethod;
    boolean markThinking = thinkingOnMethod && !endpointOnMethod;
    ModelCatalog.Model model = endpoint.model();
    if (model != null && !model.thinking().contains(ModelCatalog.ThinkingMode.ENABLED)) {
      String why = why(model);
      if (markEndpoint) {
        reporter.on(Message.THINKING_NOT_ACCEPTED, endpoint.annotation(), "model",
            endpoint.modelName(), why);
      } else {
        reporter.on(Message.THINKING_NOT_ACCEPTED, thinking, "budgetTokens", endpoint.modelName(),
            why);
      }
    } else if (budget >= MIN_BUDGET && endpoint.maxTokens() >= 1
        && budget >= endpoint.maxTokens()) {
      Object[] args = {budget, endpoint.maxTokens(), endpoint.modelName(), budget};
      if (markEndpoint) {
        reporter.on(Message.THINKING_BUDGET_NOT_BELOW_MAX_TOKENS, endpoint.annotation(),
            "maxTokens", args);
      } else {
        reporter.on(Message.THINKING_BUDGET_NOT_BELOW_MAX_TOKENS, thinking, "budgetTokens", args);
      }
    }
    SamplingChecks.Sampling sampling = endpoint.sampling();
    // Sampling wrong on its own is reported once, not again for thinking.
    if (sampling.checks().isClean()) {
      for (SamplingChecks.Parameter parameter : sampling.sent()) {
        String name = parameter.attribute();
        boolean refused =
            name.equals("topP") ? parameter.value().doubleValue() < 0.95 : !parameter.isDefault();
        if (!refused) {
          continue;
        }
        if (markThinking) {
          reporter.on(Message.THINKING_SAMPLING, thinking, "budgetTokens", name, parameter.value(),
              name);
        } else {
          reporter.on(Message.THINKING_SAMPLING, endpoint.annotation(), name, name,
              parameter.value(), name);
        }
      }
    }
    for (EndpointChecks.Fallback fallback : endpoint.fallbacks()) {
      if (!fallback.model().thinking().contains(ModelCatalog.ThinkingMode.ENABLED)) {
        String reason = "it does not accept @Thinking (" + why(fallback.model()) + ")";
        if (markThinking) {
          reporter.on(Message.FALLBACK_CANNOT_SERVE, thinking, "budgetTokens", fallback.name(),
              reason);
        } else {
          reporter.at(Message.FALLBACK_CANNOT_SERVE, endpoint.annotation(), fallback.value(),
              fallback.name(), reason);
        }
      }
    }
  }

  private static String why(ModelCatalog.Model model) {
    if (model.thinking().contains(ModelCatalog.ThinkingMode.ALWAYS)) {
      return "it always thinks, and its thinking cannot be configured";
    }
    if (model.thinking().contains(ModelCatalog.ThinkingMode.ADAPTIVE)) {
      return "it thinks adaptively, without a budget";
    }
    return "it has no extended thinking";
  }

  private static boolean isOnMethod(AnnotationView annotation) {
    return annotation.element().getKind() == ElementKind.METHOD;
  }
}
