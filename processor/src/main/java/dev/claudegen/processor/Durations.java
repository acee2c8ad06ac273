package dev.claudegen.processor;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Reads the durations annotations are written with: {@code 500ms}, {@code 5s}, {@code 2m}, {@code 1h}. */
final class Durations {

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
      case "s" -> amount * 1_000;
      case "m" -> amount * 60_000;
      default -> amount * 3_600_000;
    };
  }
}
