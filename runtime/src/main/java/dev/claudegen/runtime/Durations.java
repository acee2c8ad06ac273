package dev.claudegen.runtime;

import java.time.Duration;

/** How messages and logs show a duration: {@code 2s}, {@code 1500ms}. */
final class Durations {

  private Durations() {}

  /** Whole seconds as {@code Ns}, anything else as {@code Nms}. */
  static String describe(Duration duration) {
    long millis = duration.toMillis();
    return millis % 1000 == 0 ? millis / 1000 + "s" : millis + "ms";
  }
}
