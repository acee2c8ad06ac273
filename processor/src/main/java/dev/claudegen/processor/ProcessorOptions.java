package dev.claudegen.processor;

import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The {@code -A} options of the processor, read once per compilation. A value that cannot be read
 * is a problem to report; the option then keeps its default, so checking goes on.
 *
 * @param today the build date, which retirement is judged against
 * @param unknownModelsAreErrors whether a model missing from the catalog is an error (else a
 *     warning)
 * @param userCatalog the user's extra catalog file, or null
 * @param problems the messages for options that could not be read
 */
record ProcessorOptions(
    LocalDate today, boolean unknownModelsAreErrors, Path userCatalog, List<String> problems) {

  static final String TODAY = "claudegen.today";
  static final String UNKNOWN_MODELS = "claudegen.unknownModels";
  static final String MODELS = "claudegen.models";

  /** What {@code getSupportedOptions()} declares. */
  static final Set<String> NAMES = Set.of(TODAY, UNKNOWN_MODELS, MODELS);

  static ProcessorOptions read(Map<String, String> options, LocalDate clockToday) {
    List<String> problems = new ArrayList<>();
    LocalDate today = clockToday;
    String date = options.get(TODAY);
    if (date != null) {
      try {
        today = Dates.parse(date);
      } catch (DateTimeParseException e) {
        problems.add(
            Message.BAD_OPTION.format(
                TODAY, date, "is not a date; write it as YYYY-MM-DD, like 2026-11-24"));
      }
    }
    boolean unknownAreErrors = true;
    String unknown = options.get(UNKNOWN_MODELS);
    if (unknown != null) {
      switch (unknown) {
        case "error" -> unknownAreErrors = true;
        case "warning" -> unknownAreErrors = false;
        default ->
            problems.add(
                Message.BAD_OPTION.format(
                    UNKNOWN_MODELS,
                    unknown,
                    "is not a choice; write error (the default) or warning"));
      }
    }
    Path catalog = null;
    String models = options.get(MODELS);
    if (models != null) {
      try {
        if (models.isBlank()) {
          throw new InvalidPathException(models, "empty");
        }
        catalog = Path.of(models);
      } catch (InvalidPathException e) {
        problems.add(
            Message.BAD_OPTION.format(
                MODELS, models, "is not a file path; name a JSON model catalog, like"
                    + " ${project.basedir}/claudegen-models.json"));
      }
    }
    return new ProcessorOptions(today, unknownAreErrors, catalog, List.copyOf(problems));
  }
}
