package dev.claudegen.processor;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import javax.lang.model.element.AnnotationValue;

/**
 * Checks one {@code @ClaudeEndpoint} on its own: the model and fallback models against the
 * catalog, {@code maxTokens}, sampling, {@code apiVersion} and {@code timeout}. What depends on
 * the method too is left to {@link #forMode} (the call mode) and {@link ThinkingChecks}.
 */
final class EndpointChecks {

  /** A fallback model the catalog knows, and the value that names it. */
  record Fallback(String name, ModelCatalog.Model model, AnnotationValue value) {}

  /**
   * An endpoint as checked.
   *
   * @param model the model, or null when it is unknown, retired or empty (already reported)
   * @param fallbacks the fallback models the catalog knows and that are not retired
   * @param settings the request settings as written; good when the scope of the check is clean
   */
  record Endpoint(
      AnnotationView annotation,
      String modelName,
      ModelCatalog.Model model,
      int maxTokens,
      SamplingChecks.Sampling sampling,
      boolean hasTimeout,
      List<Fallback> fallbacks,
      ClientPlan.Settings settings) {}

  private final ModelLookup models;

  EndpointChecks(ModelLookup models) {
    this.models = models;
  }

  Endpoint check(AnnotationView endpoint, Reporter reporter)
      throws AnnotationView.ErroneousValueException {
    String modelName = endpoint.string("model");
    ModelCatalog.Model model = null;
    if (modelName.isBlank()) {
      reporter.on(Message.EMPTY_MODEL, endpoint, "model");
    } else {
      model = models.resolve("model", modelName, endpoint, endpoint.written("model"), reporter);
    }
    int maxTokens = endpoint.integer("maxTokens");
    if (maxTokens < 1) {
      reporter.on(Message.MAX_TOKENS_TOO_SMALL, endpoint, "maxTokens", maxTokens);
    } else if (model != null && maxTokens > model.maxOutputTokens()) {
      reporter.on(Message.MAX_TOKENS_ABOVE_MODEL, endpoint, "maxTokens", maxTokens,
          model.maxOutputTokens(), modelName, model.maxOutputTokens());
    }
    boolean hasTimeout = endpoint.isWritten("timeout") && !endpoint.string("timeout").isEmpty();
    long timeoutMillis = -1;
    if (hasTimeout) {
      timeoutMillis =
          Durations.read(endpoint, "timeout", "timeout", 1, Durations.UNBOUNDED, reporter);
    }
    String apiVersion = endpoint.string("apiVersion");
    if (!SamplingChecks.API_VERSIONS.contains(apiVersion)) {
      reporter.on(Message.UNKNOWN_API_VERSION, endpoint, "apiVersion", apiVersion);
    }
    SamplingChecks.Sampling sampling =
        SamplingChecks.check(endpoint, model, modelName, apiVersion, reporter);
    List<String> stopSequences = endpoint.strings("stopSequences");
    for (int i = 0; i < stopSequences.size(); i++) {
      String stop = stopSequences.get(i);
      if (stop.isBlank()) {
        reporter.at(Message.BLANK_STOP_SEQUENCE, endpoint, endpoint.writtenElement("stopSequences", i),
            Message.quote(stop), stop.isEmpty() ? "empty" : "only whitespace");
      }
    }
    List<String> fallbackNames = endpoint.strings("fallbackModels");
    List<Fallback> fallbacks =
        fallbacks(endpoint, modelName, model, maxTokens, sampling, fallbackNames, reporter);
    String baseUrl = endpoint.string("baseUrl");
    ClientPlan.Settings settings =
        new ClientPlan.Settings(
            modelName,
            maxTokens,
            sampling.temperature(),
            sampling.topP(),
            sampling.topK(),
            stopSequences,
            timeoutMillis,
            baseUrl.isEmpty() ? null : baseUrl,
            endpoint.string("apiKeyEnv"),
            apiVersion,
            fallbackNames,
            0);
    return new Endpoint(endpoint, modelName, model, maxTokens, sampling, hasTimeout, fallbacks,
        settings);
  }

  /**
   * What depends on how a method calls: without a timeout, a non-streaming call may not ask the
   * model, or a fallback model, for more than its non-streaming cap. Checked per method, since
   * methods sharing an endpoint may call in different modes.
   */
  static void forMode(Endpoint endpoint, ClientPlan.ReturnPlan.Mode mode, Reporter reporter) {
    if (mode.streaming() || endpoint.hasTimeout()) {
      return;
    }
    int maxTokens = endpoint.maxTokens();
    if (!endpoint.modelName().isBlank() && maxTokens <= maxOutput(endpoint.model())) {
      int cap = nonStreamingCap(endpoint.model());
      if (maxTokens > cap) {
        reporter.on(Message.NEEDS_STREAMING, endpoint.annotation(), "maxTokens", maxTokens, cap,
            endpoint.modelName());
      }
    }
    for (Fallback fallback : endpoint.fallbacks()) {
      int cap = nonStreamingCap(fallback.model());
      // A fallback that cannot serve for another reason was reported by check(), once.
      if (maxTokens > cap
          && cannotServe(fallback.model(), maxTokens, endpoint.sampling()) == null) {
        reporter.at(Message.FALLBACK_CANNOT_SERVE, endpoint.annotation(), fallback.value(),
            fallback.name(), "maxTokens = " + maxTokens + " is above " + cap
                + ", the most a non-streaming call to it may ask for without a timeout");
      }
    }
  }

  private List<Fallback> fallbacks(AnnotationView endpoint, String modelName,
      ModelCatalog.Model model, int maxTokens, SamplingChecks.Sampling sampling,
      List<String> names, Reporter reporter) {
    List<Fallback> fallbacks = new ArrayList<>();
    Set<String> seen = new HashSet<>();
    for (int i = 0; i < names.size(); i++) {
      String name = names.get(i);
      AnnotationValue value = endpoint.writtenElement("fallbackModels", i);
      if (!seen.add(name)) {
        reporter.at(Message.FALLBACK_TWICE, endpoint, value, name);
        continue;
      }
      if (name.equals(modelName) || (model != null && models.find(name) == model)) {
        reporter.at(Message.FALLBACK_IS_MODEL, endpoint, value, name);
        continue;
      }
      ModelCatalog.Model fallback =
          models.resolve("fallbackModels", name, endpoint, value, reporter);
      if (fallback == null) {
        continue;
      }
      String reason = cannotServe(fallback, maxTokens, sampling);
      if (reason != null) {
        reporter.at(Message.FALLBACK_CANNOT_SERVE, endpoint, value, name, reason);
      }
      fallbacks.add(new Fallback(name, fallback, value));
    }
    return fallbacks;
  }

  /**
   * Why the fallback cannot take the requests this endpoint sends, in any call mode, or null when
   * it can; its non-streaming cap depends on the mode and is left to {@link #forMode}.
   */
  private static String cannotServe(ModelCatalog.Model fallback, int maxTokens,
      SamplingChecks.Sampling sampling) {
    if (maxTokens > fallback.maxOutputTokens()) {
      return "maxTokens = " + maxTokens + " is above its " + fallback.maxOutputTokens()
          + " output tokens";
    }
    if (fallback.rejectsNonDefault() && sampling.isNonDefault()) {
      return "it accepts no sampling but the default, and this endpoint sets temperature, topP"
          + " or topK";
    }
    if (fallback.rejectsTemperatureWithTopP() && sampling.hasTemperatureAndTopP()) {
      return "it rejects temperature and topP in one request";
    }
    return null;
  }

  private static int maxOutput(ModelCatalog.Model model) {
    return model == null ? Integer.MAX_VALUE : model.maxOutputTokens();
  }

  /** The non-streaming limit: the SDKs' 21,333, or the model's own when lower. */
  static int nonStreamingCap(ModelCatalog.Model model) {
    return model == null
        ? ModelCatalog.NON_STREAMING_LIMIT
        : Math.min(ModelCatalog.NON_STREAMING_LIMIT, model.nonStreamingMaxTokens());
  }
}
