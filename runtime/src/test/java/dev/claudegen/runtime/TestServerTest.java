package dev.claudegen.runtime;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.claudegen.annotations.ErrorKind;
import dev.claudegen.testing.FakeClaude;
import dev.claudegen.testing.FakeClaudeExtension;
import dev.claudegen.testing.FakeResponse;
import dev.claudegen.testing.FakeScenarios;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** {@link ClaudeClientBuilder#testServer}: one call to aim a client at a local fake. */
@ExtendWith(FakeClaudeExtension.class)
class TestServerTest {

  private static final long HOUR_MILLIS = TimeUnit.HOURS.toMillis(1);

  /** A builder as generated, and nothing more: unlike TestBuilder it sets no sleeper of its own. */
  private static final class Generated extends ClaudeClientBuilder<Generated> {
    Generated() {
      super("ClaudeAssistant");
      environment(name -> null);
    }

    ClaudeClient client() {
      return buildClient();
    }
  }

  /** Retries 529 an hour apart, without jitter: a real wait would outlast any test run. */
  private static CallSpec hourApart() {
    return TestBuilder.spec()
        .retry(
            RetrySchedule.on(ErrorKind.OVERLOADED)
                .maxAttempts(3)
                .initialDelayMillis(HOUR_MILLIS)
                .maxDelayMillis(HOUR_MILLIS)
                .jitter(0)
                .build())
        .build();
  }

  @Test
  @Timeout(value = 5, unit = TimeUnit.MINUTES) // only against a hang; a real wait would be 2 h
  void retriesWithoutWaitingForReal(FakeClaude fake) {
    fake.enqueue(FakeScenarios.overloaded(2));

    Reply reply =
        new Generated().testServer(fake.baseUrl()).client().bind(hourApart()).reply(null, "hi");

    assertEquals(FakeClaude.DEFAULT_TEXT, reply.text());
    assertEquals(3, fake.requestCount());
    assertEquals(ClaudeClientBuilder.TEST_API_KEY, fake.takeRequest().header("x-api-key"));
  }

  @Test
  void keepsAKeyAndASleeperSetBefore(FakeClaude fake) {
    fake.enqueue(FakeScenarios.overloaded(1));
    RecordingSleeper sleeper = new RecordingSleeper(new TestClock());

    new Generated()
        .apiKey("my-test-key")
        .sleeper(sleeper)
        .testServer(fake.baseUrl())
        .client()
        .bind(hourApart())
        .reply(null, "hi");

    assertEquals(List.of(Duration.ofMillis(HOUR_MILLIS)), sleeper.waits());
    assertEquals("my-test-key", fake.takeRequest().header("x-api-key"));
  }

  @Test
  void laterSettersWin(FakeClaude fake) {
    fake.enqueue(FakeResponse.text("ok"));

    String text =
        new Generated()
            .testServer(URI.create("http://127.0.0.1:1"))
            .baseUrl(fake.baseUrl().toString())
            .apiKey("later-key")
            .client()
            .bind(TestBuilder.once().build())
            .text(null, "hi");

    assertEquals("ok", text);
    assertEquals("later-key", fake.takeRequest().header("x-api-key"));
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "https://api.anthropic.com",
        "http://10.0.0.1:8080",
        "http://example.com",
        "http://localhost.example.com",
        "http://127.0.0.1.example.com",
        "https://[2001:db8::1]:443"
      })
  void refusesHostsThatAreNotLoopback(String url) {
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class, () -> new Generated().testServer(URI.create(url)));
    assertTrue(e.getMessage().contains("not loopback"), e.getMessage());
  }

  @ParameterizedTest
  @ValueSource(strings = {"/v1/messages", "127.0.0.1:8080", "ftp://127.0.0.1/", "file:///tmp"})
  void refusesWhatIsNotAnAbsoluteHttpUrl(String url) {
    assertThrows(IllegalArgumentException.class, () -> new Generated().testServer(URI.create(url)));
  }

  @ParameterizedTest
  @ValueSource(strings = {"http://localhost:8080", "http://127.1.2.3:9", "http://[::1]:8080"})
  void acceptsEveryLoopbackForm(String url) {
    assertDoesNotThrow(() -> new Generated().testServer(URI.create(url)).client());
  }
}
