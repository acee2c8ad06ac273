package dev.claudegen.runtime;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** Records each wait and moves a {@link TestClock} by it instead of sleeping; thread safe. */
final class RecordingSleeper implements Sleeper {

  final TestClock clock;
  final List<Duration> waits = new CopyOnWriteArrayList<>();

  RecordingSleeper(TestClock clock) {
    this.clock = clock;
  }

  @Override
  public void sleep(Duration duration) {
    waits.add(duration);
    clock.advance(duration);
  }

  /** The waits, as a list to compare with {@code List.of(Duration...)}. */
  List<Duration> waits() {
    return List.copyOf(waits);
  }
}
