package dev.claudegen.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.claudegen.annotations.ErrorKind;
import dev.claudegen.testing.AllowUnusedResponses;
import dev.claudegen.testing.FakeClaude;
import dev.claudegen.testing.FakeClaudeExtension;
import dev.claudegen.testing.FakeResponse;
import dev.claudegen.testing.FakeScenarios;
import java.net.http.HttpConnectTimeoutException;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** A stalled or unreachable server never hangs a caller. */
@ExtendWith(FakeClaudeExtension.class)
class TimeoutTest {

  private static Duration timed(Runnable action) {
    long started = System.nanoTime();
    action.run();
    return Duration.ofNanos(System.nanoTime() - started);
  }

  @Test
  void headersThenAStalledBodyTimesOutAtTheMethodsTimeout(FakeClaude fake) {
    fake.enqueue(FakeScenarios.stalledThenSuccess()[0]);
    ClaudeCall<String> call = TestBuilder.call(fake, TestBuilder.once().timeoutMillis(300).build());

    Duration took =
        timed(
            () -> {
              ClaudeTimeoutException e =
                  assertThrows(ClaudeTimeoutException.class, () -> call.text(null, "hi"));
              assertEquals(ErrorKind.TIMEOUT, e.kind());
              assertEquals(
                  "200 response headers arrived, then no complete body within 300ms (request-id"
                      + " req_fake_000001). The reply arrived (status 200) and is billed, so it"
                      + " was not sent again",
                  e.getMessage());
            });

    assertTrue(took.compareTo(Duration.ofMillis(250)) >= 0, "took only " + took);
    assertTrue(took.compareTo(Duration.ofSeconds(3)) < 0, "took " + took);
  }

  @Test
  void aServerThatStallsBeforeTheStatusIsRetriedAndThenAnswers(FakeClaude fake) {
    // After a 2xx status the reply is billed and never re-sent (StalledReplyTest); before it, a
    // stall is retried like any timeout.
    fake.enqueue(
        FakeResponse.text("late").withDelay(Duration.ofSeconds(30)),
        FakeResponse.text(FakeClaude.DEFAULT_TEXT));
    RecordingSleeper sleeper = new RecordingSleeper(new TestClock());
    ClaudeCall<String> call =
        TestBuilder.against(fake)
            .timed(sleeper)
            .client()
            .bind(TestBuilder.spec().timeoutMillis(200).build());

    assertEquals(FakeClaude.DEFAULT_TEXT, call.text(null, "hi"));

    assertEquals(List.of(Duration.ofMillis(500)), sleeper.waits());
  }

  @Test
  void eachMethodHasItsOwnTimeout(FakeClaude fake) {
    ClaudeCall<String> quick = TestBuilder.call(fake, TestBuilder.once().timeoutMillis(200).build());
    ClaudeCall<String> patient = TestBuilder.call(fake, TestBuilder.once().timeoutMillis(5_000).build());
    fake.enqueue(
        FakeResponse.text("slow").withDelay(Duration.ofMillis(600)),
        FakeResponse.text("slow").withDelay(Duration.ofMillis(600)));

    assertThrows(ClaudeTimeoutException.class, () -> quick.text(null, "hi"));
    assertEquals("slow", patient.text(null, "hi"));
  }

  /**
   * The default transport waits on the caller's thread for plain calls; an interrupt ends that
   * wait at once, before the status or in a stalled body, is not retried, and keeps the flag.
   */
  @ParameterizedTest(name = "stalled body={0}")
  @ValueSource(booleans = {false, true})
  @AllowUnusedResponses // the reply after the interrupted one is bait for a retry
  void anInterruptEndsAPlainCallOnTheDefaultTransport(boolean afterHeaders, FakeClaude fake)
      throws Exception {
    FakeResponse stuck = FakeResponse.text("late");
    fake.enqueue(
        afterHeaders ? stuck.withStallAfterHeaders() : stuck.withDelay(Duration.ofSeconds(60)),
        FakeResponse.text("not asked for"));
    ClaudeCall<String> call =
        TestBuilder.call(fake, TestBuilder.spec().timeoutMillis(120_000).build());
    AtomicReference<Throwable> thrown = new AtomicReference<>();
    AtomicBoolean keptFlag = new AtomicBoolean();
    Thread caller =
        new Thread(
            () -> {
              try {
                call.text(null, "hi");
              } catch (Throwable e) {
                thrown.set(e);
              }
              keptFlag.set(Thread.currentThread().isInterrupted());
            });
    caller.start();
    fake.takeRequest(); // recorded before the (held) reply: the call is now waiting
    caller.interrupt();
    caller.join(10_000);

    assertFalse(caller.isAlive(), "the interrupt did not end the call");
    ClaudeConnectionException e = assertInstanceOf(ClaudeConnectionException.class, thrown.get());
    assertTrue(e.getMessage().startsWith("interrupted while waiting for the reply"), e.getMessage());
    assertTrue(keptFlag.get(), "the interrupt status was cleared");
    assertEquals(1, fake.requestCount());
  }

  @Test
  void aConnectTimeoutIsATimeoutAndRetried() {
    AtomicInteger attempts = new AtomicInteger();
    Transport unreachable =
        request -> {
          attempts.incrementAndGet();
          throw new HttpConnectTimeoutException("HTTP connect timed out");
        };
    ClaudeCall<String> call =
        new TestBuilder()
            .apiKey("k")
            .transport(unreachable)
            .timed(new RecordingSleeper(new TestClock()))
            .client()
            .bind(TestBuilder.spec().build());

    ClaudeTimeoutException e =
        assertThrows(ClaudeTimeoutException.class, () -> call.text(null, "hi"));

    assertEquals(3, attempts.get());
    assertEquals(
        "could not connect: HTTP connect timed out (no request-id, attempt 3 of 3)",
        e.getMessage());
    assertInstanceOf(HttpConnectTimeoutException.class, e.getCause());
    assertEquals(0, e.statusCode());
  }

  @Test
  void theBuildersConnectTimeoutReachesTheDefaultTransport() {
    ClaudeClient client = new TestBuilder().connectTimeout(Duration.ofMillis(1500)).client();
    ClaudeClient byDefault = new TestBuilder().client();

    assertEquals(
        Optional.of(Duration.ofMillis(1500)),
        ((HttpClientTransport) client.transport()).httpClient().connectTimeout());
    assertEquals(
        Optional.of(HttpClientTransport.DEFAULT_CONNECT_TIMEOUT),
        ((HttpClientTransport) byDefault.transport()).httpClient().connectTimeout());
    assertThrows(
        IllegalArgumentException.class, () -> new TestBuilder().connectTimeout(Duration.ZERO));
  }
}
