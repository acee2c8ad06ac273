package dev.claudegen.processor;

import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * The {@code -A} options of the processor, read once per compilation. A value that cannot be read
 * is a problem to report; the option then keeps its default, so checking goes on. The exception is
 * {@code -Aclaudegen.today}: a build date that cannot be read leaves no date at all, rather than
 * the machine's, because a date-based error guessed from the machine clock would be noise beside
 * the option error that fails the build anyway (and would differ from machine to machine).
 *
 * @param today the build date, which retirement and deprecation are judged against: the option's,
 *     else the machine's; null when the option cannot be read, and then neither is judged
 * @param unknownModelsAreErrors whether a model missing from the catalog is an error (else a
 *     warning)
 * @param userCatalog the user's extra catalog file, or null
 * @param batches whether clients get their Message Batches API ({@code -Aclaudegen.batches=false}
 *     leaves it out, and the compile time its classes cost)
 * @param problems the messages for options that could not be read
 */
record ProcessorOptions(
    LocalDate today,
    boolean unknownModelsAreErrors,
    Path userCatalog,
    boolean batches,
    List<String> problems) {

  static final String TODAY = "claudegen.today";
  static final String UNKNOWN_MODELS = "claudegen.unknownModels";
  static final String MODELS = "claudegen.models";
  static final String BATCHES = "claudegen.batches";

  /** What {@code getSupportedOptions()} declares. */
  static final Set<String> NAMES = Set.of(TODAY, UNKNOWN_MODELS, MODELS, BATCHES);

  /**
   * Reads the options.
   *
   * @param machineToday the machine's date, the build date when {@code -Aclaudegen.today} is not
   *     given
   */
  static ProcessorOptions read(Map<String, String> options, LocalDate machineToday) {
    List<String> problems = new ArrayList<>();
    LocalDate today = machineToday;
    // javac gives "-Aclaudegen.today=" (empty, as an unset build variable makes it) no value.
    String date =
        options.containsKey(TODAY) ? Objects.requireNonNullElse(options.get(TODAY), "") : null;
    if (date != null) {
      try {
        today = Dates.parse(date);
      } catch (DateTimeParseException e) {
        today = null;
        problems.add(
            Message.BAD_OPTION.format(
                TODAY,
                date,
                "is not a date, so no model was judged retired or deprecated; write it as"
                    + " YYYY-MM-DD, like 2026-11-24"));
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
    boolean batches = true;
    String batchesOption = options.get(BATCHES);
    if (batchesOption != null) {
      switch (batchesOption) {
        case "true" -> batches = true;
        case "false" -> batches = false;
        default ->
            problems.add(
                Message.BAD_OPTION.format(
                    BATCHES,
                    batchesOption,
                    "is not a choice; write true (the default: clients get their Message Batches"
                        + " API) or false"));
      }
    }
    return new ProcessorOptions(
        today, unknownAreErrors, catalog, batches, List.copyOf(problems));
  }
}
