package dev.claudegen.processor;

import java.time.LocalDate;
import java.util.Collections;
import java.util.List;
import java.util.stream.Collectors;
import javax.lang.model.element.AnnotationValue;

/**
 * Looks up the models annotations name, judging retirement against the build date, and reports
 * a name that is unknown, retired or deprecated on the value that names it. Without a build date
 * (an unreadable {@code -Aclaudegen.today}, already reported) no model is judged retired or
 * deprecated.
 */
final class ModelLookup {

  private final ModelCatalog catalog;
  private final LocalDate today;
  private final boolean unknownAreErrors;

  /** @param today the build date, or null to judge no retirement or deprecation */
  ModelLookup(ModelCatalog catalog, LocalDate today, boolean unknownAreErrors) {
    this.catalog = catalog;
    this.today = today;
    this.unknownAreErrors = unknownAreErrors;
  }

  /**
   * The model a name stands for, to check requests against.
   *
   * @param attribute the attribute naming it, for the message ({@code model}, {@code
   *     fallbackModels})
   * @return the model; null when it is unknown or retired (so nothing more can be checked
   *     against it; the problem is reported)
   */
  ModelCatalog.Model resolve(String attribute, String name, AnnotationView annotation,
      AnnotationValue value, Reporter reporter) {
    ModelCatalog.Model model = catalog.find(name);
    if (model == null) {
      // With a broken catalog file, the name may be one that file meant to add.
      if (catalog.isComplete()) {
        reporter.at(unknownAreErrors ? Message.UNKNOWN_MODEL : Message.UNKNOWN_MODEL_ALLOWED,
            annotation, value, attribute, name, suggestions(name));
      }
      return null;
    }
    if (today == null) {
      return model;
    }
    String replacement = catalog.currentReplacement(model, today);
    if (model.isRetiredOn(today)) {
      reporter.at(Message.RETIRED_MODEL, annotation, value, attribute, name, model.retires(),
          replacement == null ? "Choose a current model." : "Use \"" + replacement + "\" instead.");
      return null;
    }
    if (model.isDeprecatedOn(today)) {
      reporter.at(Message.DEPRECATED_MODEL, annotation, value, attribute, name,
          model.retires() == null
              ? ""
              : "; it retires on " + model.retires() + ", after which every call to it fails",
          replacement == null ? "Plan a move to a current model." : "Move to \"" + replacement
              + "\".");
    }
    return model;
  }

  /** The model of that name, or null; reports nothing. */
  ModelCatalog.Model find(String name) {
    return catalog.find(name);
  }

  /**
   * Up to three current models with structured outputs, newest in the catalog first, for a
   * diagnostic: like {@code "claude-sonnet-5-5", "claude-opus-5-5"}.
   */
  String withStructuredOutputs() {
    List<ModelCatalog.Model> all =
        catalog.names().stream().map(catalog::find).distinct()
            .filter(ModelCatalog.Model::structuredOutputs)
            .filter(model -> today == null
                || !(model.isRetiredOn(today) || model.isDeprecatedOn(today)))
            .collect(Collectors.toList());
    Collections.reverse(all);
    if (all.isEmpty()) {
      return "none in the catalog";
    }
    return all.stream().limit(3).map(model -> "\"" + model.id() + "\"")
        .collect(Collectors.joining(", "));
  }

  /** Names near an unknown one, models still answering first: a retired one would fail next. */
  private String suggestions(String name) {
    List<String> near = catalog.suggestions(name);
    List<String> current =
        near.stream()
            .filter(s -> today == null || !catalog.find(s).isRetiredOn(today))
            .limit(2)
            .toList();
    List<String> shown = current.isEmpty() ? near.stream().limit(1).toList() : current;
    if (shown.isEmpty()) {
      return ".";
    }
    return shown.stream().map(s -> "\"" + s + "\"").collect(Collectors.joining(" or ",
        "; did you mean ", "?"));
  }
}
