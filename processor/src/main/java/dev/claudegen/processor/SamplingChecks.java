package dev.claudegen.processor;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Checks {@code temperature}, {@code topP} and {@code topK} of one {@code @ClaudeEndpoint}: their
 * ranges, the model's rules, and whether the API version still has them.
 */
final class SamplingChecks {

  /** The {@code anthropic-version} values of the API. */
  static final Set<String> API_VERSIONS = Set.of("2023-01-01", "2023-06-01", "2026-10-21");

  /** The version that removed sampling parameters, and the default. */
  static final String NO_SAMPLING_VERSION = "2026-10-21";

  /** A sampling parameter that is sent, by its attribute name. */
  record Parameter(String attribute, Number value) {
    boolean inRange() {
      double number = value.doubleValue();
      return attribute.equals("topK") ? number >= 0 : number >= 0 && number <= 1;
    }

    String range() {
      return attribute.equals("topK") ? "at least 0" : "from 0.0 to 1.0";
    }

    /** The API's default, which models that refuse sampling still accept: temperature 1. */
    boolean isDefault() {
      return attribute.equals("temperature") && value.doubleValue() == 1.0;
    }
  }

  /**
   * The sampling values as written; NaN or -1 when not sent.
   *
   * @param checks the scope these values were checked in, closed
   */
  record Sampling(double temperature, double topP, int topK, Report.Scope checks) {
    /** The parameters that are sent, in attribute order. */
    List<Parameter> sent() {
      List<Parameter> sent = new ArrayList<>();
      if (!Double.isNaN(temperature)) {
        sent.add(new Parameter("temperature", temperature));
      }
      if (!Double.isNaN(topP)) {
        sent.add(new Parameter("topP", topP));
      }
      if (topK != -1) {
        sent.add(new Parameter("topK", topK));
      }
      return sent;
    }

    boolean hasTemperatureAndTopP() {
      return !Double.isNaN(temperature) && !Double.isNaN(topP);
    }

    /** Whether a model that accepts only the default would refuse these values. */
    boolean isNonDefault() {
      return sent().stream().anyMatch(parameter -> !parameter.isDefault());
    }
  }

  private SamplingChecks() {}

  /**
   * Checks the values.
   *
   * @param model the model, or null when it is not known (then its rules are not checked)
   */
  static Sampling check(AnnotationView endpoint, ModelCatalog.Model model, String modelName,
      String apiVersion, Reporter reporter) throws AnnotationView.ErroneousValueException {
    Report.Scope checks = reporter.scope();
    Sampling sampling =
        new Sampling(
            endpoint.decimal("temperature"),
            endpoint.decimal("topP"),
            endpoint.integer("topK"),
            checks);
    boolean rejectsAll = model != null && model.rejectsNonDefault();
    boolean removed = NO_SAMPLING_VERSION.equals(apiVersion);
    String version = endpoint.isWritten("apiVersion") ? "" : " (the default)";
    boolean allInRange = true;
    for (Parameter parameter : sampling.sent()) {
      String name = parameter.attribute();
      if (!parameter.inRange()) {
        reporter.on(Message.SAMPLING_RANGE, endpoint, name, name, parameter.value(),
            parameter.range());
        allInRange = false;
      } else if (rejectsAll && !parameter.isDefault()) {
        reporter.on(Message.SAMPLING_NON_DEFAULT, endpoint, name, name, parameter.value(), modelName,
            name);
      } else if (removed) {
        reporter.on(Message.SAMPLING_API_VERSION, endpoint, name, name, parameter.value(),
            apiVersion, version, name);
      }
    }
    if (model != null && model.rejectsTemperatureWithTopP() && sampling.hasTemperatureAndTopP()
        && allInRange) {
      reporter.on(Message.SAMPLING_TEMPERATURE_WITH_TOP_P, endpoint, "topP", modelName);
    }
    checks.close();
    return sampling;
  }
}
