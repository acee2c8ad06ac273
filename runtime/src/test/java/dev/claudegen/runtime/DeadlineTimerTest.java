package dev.claudegen.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.claudegen.testing.FakeClaude;
import dev.claudegen.testing.FakeClaudeExtension;
import dev.claudegen.testing.FakeResponse;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The deadlines of blocking sends: each runs once its timeout has passed, never before, and a
 * disarmed one never runs and leaves nothing behind. Waits are bounded generously: they only end a
 * test that would otherwise hang, they never decide whether it passes.
 */
@ExtendWith(FakeClaudeExtension.class)
class DeadlineTimerTest {

  private static final long GENEROUS_SECONDS = 20;

  private final DeadlineTimer timer = new DeadlineTimer("test-deadline", Duration.ofMinutes(1));

  /** A task that records when it ran, relative to when it was armed. */
  private static final class Timed implements Runnable {
    final long armed = System.nanoTime();
    final CountDownLatch ran = new CountDownLatch(1);
    final AtomicInteger runs = new AtomicInteger();
    volatile long ranAt;

    @Override
    public void run() {
      ranAt = System.nanoTime();
      runs.incrementAndGet();
      ran.countDown();
    }

    Duration after() throws InterruptedException {
      assertTrue(ran.await(GENEROUS_SECONDS, TimeUnit.SECONDS), "never ran");
      return Duration.ofNanos(ranAt - armed);
    }
  }

  @Test
  void aTaskRunsOnceItsTimeoutHasPassedAndNotBefore() throws Exception {
    Timed task = new Timed();
    timer.arm(Duration.ofMillis(50), task);

    assertTrue(task.after().compareTo(Duration.ofMillis(50)) >= 0, "ran after " + task.after());
    assertEquals(1, task.runs.get());
    assertEquals(0, timer.pending());
    assertEquals(0, timer.lanes());
  }

  @Test
  void anEarlierDeadlineArmedAfterALaterOneWakesTheTimer() throws Exception {
    Timed late = new Timed();
    DeadlineTimer.Entry lateEntry = timer.arm(Duration.ofHours(1), late);
    Timed soon = new Timed();
    timer.arm(Duration.ofMillis(30), soon);

    // Without a wake-up the thread would sleep until the hour is up (or its keep-alive ends).
    assertTrue(soon.after().compareTo(Duration.ofMillis(30)) >= 0);
    assertEquals(0, late.runs.get());
    assertEquals(1, timer.pending());
    timer.disarm(lateEntry);
    assertEquals(0, timer.pending());
    assertEquals(0, timer.lanes());
  }

  @Test
  void manyTimeoutValuesEachRunNoEarlierThanTheirOwn() throws Exception {
    List<Timed> tasks = new ArrayList<>();
    List<Duration> timeouts = new ArrayList<>();
    // Longest first, so most deadlines come before the one the thread already sleeps until.
    for (int millis = 200; millis >= 10; millis -= 10) {
      for (int copy = 0; copy < 3; copy++) {
        Timed task = new Timed();
        Duration timeout = Duration.ofMillis(millis).plusNanos(copy);
        timer.arm(timeout, task);
        tasks.add(task);
        timeouts.add(timeout);
      }
    }

    for (int i = 0; i < tasks.size(); i++) {
      Duration after = tasks.get(i).after();
      assertTrue(after.compareTo(timeouts.get(i)) >= 0, after + " < " + timeouts.get(i));
      assertEquals(1, tasks.get(i).runs.get());
    }
    assertEquals(0, timer.pending());
    assertEquals(0, timer.lanes());
  }

  @Test
  void disarmedDeadlinesNeverRunAndLeaveNothingBehind() throws Exception {
    List<DeadlineTimer.Entry> entries = new ArrayList<>();
    AtomicInteger runs = new AtomicInteger();
    for (int i = 0; i < 1000; i++) {
      // Some timeouts shared, some of their own; disarmed out of order, as calls finish.
      Duration timeout = Duration.ofMillis(200 + i % 7 * (i % 2 == 0 ? 1 : i));
      entries.add(timer.arm(timeout, runs::incrementAndGet));
    }
    assertEquals(1000, timer.pending());
    for (int i = 0; i < entries.size(); i += 2) {
      timer.disarm(entries.get(i));
    }
    for (int i = entries.size() - 1; i > 0; i -= 2) {
      timer.disarm(entries.get(i));
    }
    timer.disarm(entries.get(1)); // twice: nothing more happens

    assertEquals(0, timer.pending());
    assertEquals(0, timer.lanes());
    // Hundreds of timeout values came and went; only a few empty lanes are kept for reuse.
    assertTrue(timer.lanesHeld() <= 64, timer.lanesHeld() + " lanes held");
    // Past every deadline, with a later one as a marker that the thread did its rounds.
    Timed marker = new Timed();
    timer.arm(Duration.ofMillis(1300), marker);
    marker.after();
    assertEquals(0, runs.get());
    assertEquals(0, timer.lanesHeld());
  }

  @Test
  void theThreadEndsWhenIdleAndStartsAgainForTheNextDeadline() throws Exception {
    DeadlineTimer brief = new DeadlineTimer("test-deadline-brief", Duration.ofMillis(20));
    Timed first = new Timed();
    brief.arm(Duration.ofMillis(1), first);
    first.after();
    long waitedUntil = System.nanoTime() + TimeUnit.SECONDS.toNanos(GENEROUS_SECONDS);
    while (brief.running() && System.nanoTime() - waitedUntil < 0) {
      Thread.sleep(5);
    }
    assertFalse(brief.running());

    Timed second = new Timed();
    brief.arm(Duration.ofMillis(1), second);
    assertTrue(second.after().compareTo(Duration.ofMillis(1)) >= 0);
  }

  @Test
  void aTaskThatThrowsDoesNotStopTheOthers() throws Exception {
    timer.arm(
        Duration.ofMillis(1),
        () -> {
          throw new IllegalStateException("boom");
        });
    Timed after = new Timed();
    timer.arm(Duration.ofMillis(40), after);
    after.after();
    assertEquals(1, after.runs.get());
  }

  @Test
  void blockingSendsLeaveNoDeadlineBehindAndAStalledBodyStillTimesOut(FakeClaude fake)
      throws Exception {
    HttpClientTransport transport = new HttpClientTransport(HttpClient.newHttpClient(), timer);
    for (int i = 0; i < 20; i++) {
      assertEquals(200, transport.send(request(fake, Duration.ofMinutes(i + 1))).statusCode());
    }
    assertEquals(0, timer.pending());
    assertEquals(0, timer.lanes());

    fake.enqueue(FakeResponse.text("late").withStallAfterHeaders());
    Transport.ResponseBodyException stalled =
        assertThrows(
            Transport.ResponseBodyException.class,
            () -> transport.send(request(fake, Duration.ofMillis(200))));
    assertTrue(stalled.timedOut());
    assertInstanceOf(HttpTimeoutException.class, stalled.getCause());
    assertEquals(0, timer.pending());
  }

  private static Transport.Request request(FakeClaude fake, Duration timeout) {
    return new Transport.Request(
        URI.create(fake.baseUrl() + "/v1/messages"),
        Map.of(
            "content-type",
            "application/json",
            "x-api-key",
            "k",
            "anthropic-version",
            "2023-06-01"),
        "{\"model\":\"m\",\"max_tokens\":1,\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}"
            .getBytes(StandardCharsets.UTF_8),
        timeout);
  }
}
