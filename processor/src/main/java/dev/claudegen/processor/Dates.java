package dev.claudegen.processor;

import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.regex.Pattern;

/** Reads the {@code YYYY-MM-DD} dates of the options and the model catalog, strictly. */
final class Dates {

  private static final Pattern DATE = Pattern.compile("\\d{4}-\\d{2}-\\d{2}");

  private Dates() {}

  /**
   * The date.
   *
   * @throws DateTimeParseException when the text is not a real {@code YYYY-MM-DD} date
   */
  static LocalDate parse(String text) {
    if (!DATE.matcher(text).matches()) {
      throw new DateTimeParseException("not YYYY-MM-DD", text, 0);
    }
    return LocalDate.parse(text);
  }
}
