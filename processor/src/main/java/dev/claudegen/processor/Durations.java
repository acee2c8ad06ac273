package dev.claudegen.processor;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Reads the durations annotations are written with: {@code 500ms}, {@code 5s}, {@code 2m}, {@code 1h}. */
final class Durations {

  static final long SECOND = 1_000;
  static final long MINUTE = 60 * SECOND;
  static final long HOUR = 60 * MINUTE;

  /** No upper bound. */
  static final long UNBOUNDED = Long.MAX_VALUE;

  private static final Pattern DURATION = Pattern.compile("(\\d{1,9})(ms|s|m|h)");

  private Durations() {}

  /**
   * The duration in milliseconds, or -1 when the text is not a duration. Zero is a duration;
   * callers decide whether it is allowed.
   */
  static long parseMillis(String text) {
    Matcher matcher = DURATION.matcher(text);
    if (!matcher.matches()) {
      return -1;
    }
    long amount = Long.parseLong(matcher.group(1));
    return switch (matcher.group(2)) {
      case "ms" -> amount;
      case "s" -> amount * SECOND;
      case "m" -> amount * MINUTE;
      default -> amount * HOUR;
    };
  }

  /**
   * Reads a duration attribute and checks that it lies in {@code [min, max]}.
   *
   * @param min the shortest allowed, 0 or 1 (then zero is refused)
   * @return the duration in milliseconds; -1, no duration, when a problem was reported (which a
   *     {@link Report.Scope} tells)
   */
  static long read(AnnotationView annotation, String attribute, String label, long min, long max,
      Reporter reporter) throws AnnotationView.ErroneousValueException {
    String text = annotation.string(attribute);
    long millis = parseMillis(text);
    if (millis < 0) {
      reporter.on(Message.BAD_DURATION, annotation, attribute, label, text);
      return -1;
    }
    if (millis < min || millis > max) {
      List<String> bounds = new ArrayList<>();
      if (min > 0) {
        bounds.add("longer than 0");
      }
      if (max != UNBOUNDED) {
        bounds.add("at most " + format(max));
      }
      reporter.on(Message.DURATION_RANGE, annotation, attribute, label, text,
          String.join(" and ", bounds));
      return -1;
    }
    return millis;
  }

  /** Like {@code 30s}, {@code 1h} or {@code 1500ms}: the largest whole unit. */
  static String format(long millis) {
    if (millis > 0 && millis % HOUR == 0) {
      return millis / HOUR + "h";
    }
    if (millis > 0 && millis % MINUTE == 0) {
      return millis / MINUTE + "m";
    }
    if (millis % SECOND == 0) {
      return millis / SECOND + "s";
    }
    return millis + "ms";
  }
}
