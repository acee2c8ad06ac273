package dev.claudegen.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.claudegen.annotations.ErrorKind;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The backoff formula: min(initialDelay × multiplier^n, maxDelay), less jitter × random. */
class RetryScheduleTest {

  private static final RetrySchedule DEFAULT = RetrySchedule.DEFAULT;

  @ParameterizedTest(name = "default backoff({0}) = {1} ms")
  @CsvSource({"0, 500", "1, 1000", "2, 2000", "3, 4000", "5, 16000", "6, 30000", "60, 30000"})
  void defaultBackoffDoublesFrom500msUpTo30s(int retry, long millis) {
    assertEquals(Duration.ofMillis(millis), DEFAULT.backoff(retry));
  }

  @Test
  void hugeExponentsAndDelaysDoNotOverflow() {
    RetrySchedule huge =
        RetrySchedule.on(ErrorKind.OVERLOADED)
            .initialDelayMillis(1_000)
            .multiplier(10)
            .maxDelayMillis(Long.MAX_VALUE / 2)
            .build();

    assertEquals(Duration.ofMillis(1_000), huge.backoff(0));
    assertEquals(Duration.ofNanos(Long.MAX_VALUE), huge.backoff(Integer.MAX_VALUE));
    assertEquals(Duration.ofSeconds(30), DEFAULT.backoff(Integer.MAX_VALUE));
  }

  @Test
  void fractionalMultipliersAndZeroDelays() {
    RetrySchedule gentle =
        RetrySchedule.on(ErrorKind.RATE_LIMIT).initialDelayMillis(1_000).multiplier(1.5).build();
    RetrySchedule immediate =
        RetrySchedule.on(ErrorKind.RATE_LIMIT).initialDelayMillis(0).maxDelayMillis(0).build();

    assertEquals(Duration.ofMillis(2_250), gentle.backoff(2));
    assertEquals(Duration.ZERO, immediate.backoff(4));
    assertEquals(Duration.ZERO, immediate.delay(4, 0.9));
  }

  @ParameterizedTest(name = "jitter 0.25, random {0}: {1} ms of 1000")
  @CsvSource({"0, 1000", "0.5, 875", "0.999999, 750"})
  void jitterRemovesUpToItsFraction(double random, long millis) {
    assertEquals(millis, DEFAULT.delay(1, random).toMillis());
  }

  @Test
  void noJitterKeepsTheBackoff() {
    RetrySchedule exact = RetrySchedule.on(ErrorKind.RATE_LIMIT).jitter(0).build();

    assertEquals(Duration.ofMillis(1_000), exact.delay(1, 0.99));
  }

  @Test
  void negativeRetryIsRejected() {
    assertThrows(IllegalArgumentException.class, () -> DEFAULT.backoff(-1));
  }

  @Test
  void kindsAreWhatTheScheduleRetries() {
    RetrySchedule rateLimits = RetrySchedule.on(ErrorKind.RATE_LIMIT).build();

    assertEquals(true, rateLimits.retries(ErrorKind.RATE_LIMIT));
    assertEquals(false, rateLimits.retries(ErrorKind.OVERLOADED));
    assertEquals(false, RetrySchedule.on().build().retries(ErrorKind.RATE_LIMIT));
  }
}
