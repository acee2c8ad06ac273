package dev.claudegen.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.claudegen.annotations.ErrorKind;
import dev.claudegen.testing.FakeClaude;
import dev.claudegen.testing.FakeClaudeExtension;
import dev.claudegen.testing.FakeResponse;
import dev.claudegen.testing.FakeScenarios;
import java.net.http.HttpConnectTimeoutException;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

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
