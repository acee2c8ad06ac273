package dev.claudegen.runtime;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;

/** A clock that moves only when told to; thread safe. */
final class TestClock extends Clock {

  static final Instant START = Instant.parse("2026-03-04T05:06:07Z");

  private volatile Instant now;

  TestClock() {
    this(START);
  }

  TestClock(Instant now) {
    this.now = now;
  }

  synchronized void advance(Duration duration) {
    now = now.plus(duration);
  }

  /** How far the clock has moved since {@link #START}. */
  Duration elapsed() {
    return Duration.between(START, now);
  }

  @Override
  public Instant instant() {
    return now;
  }

  @Override
  public ZoneId getZone() {
    return ZoneOffset.UTC;
  }

  @Override
  public Clock withZone(ZoneId zone) {
    throw new UnsupportedOperationException();
  }
}
