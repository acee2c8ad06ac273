package dev.claudegen.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.claudegen.testing.FakeClaude;
import dev.claudegen.testing.FakeClaudeExtension;
import dev.claudegen.testing.FakeResponse;
import dev.claudegen.testing.FakeScenarios;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.List;
import java.util.logging.Level;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** What the runtime logs on {@code dev.claudegen}, and that the key is never part of it. */
@ExtendWith(FakeClaudeExtension.class)
class RetryLoggingTest {

  private static final String KEY = "sk-ant-secret-67890";

  private static ClaudeCall<String> call(FakeClaude fake, ClaudeListener listener) {
    return new TestBuilder()
        .apiKey(KEY)
        .baseUrl(fake.baseUrl().toString())
        .allowForeignHost(true)
        .timed(new RecordingSleeper(new TestClock()))
        .listener(listener)
        .client()
        .bind(TestBuilder.spec().timeoutMillis(300).fallbackModels("claude-haiku-4-5").build());
  }

  private static void assertNoKey(String text) {
    assertFalse(text.contains("secret-67890"), "key leaked: " + text);
  }

  @Test
  void eachRetryIsOneWarningWithTypeMessageAndRequestId(FakeClaude fake) {
    fake.enqueue(
        FakeResponse.error(429, "rate_limit_error", "Number of requests has exceeded your limit")
            .withHeader("request-id", "req_011CAbc"),
        FakeScenarios.overloadedError());

    try (LogCapture logs = new LogCapture()) {
      call(fake, ClaudeListener.NONE).text(null, "hi");

      List<String> warnings = logs.messagesAtLeast(Level.WARNING);
      assertEquals(2, warnings.size(), warnings.toString());
      assertEquals(
          TestBuilder.METHOD
              + " ("
              + TestBuilder.MODEL
              + "): 429 rate_limit_error: Number of requests has exceeded your limit (request-id"
              + " req_011CAbc, attempt 1 of 3); retrying in 500ms",
          warnings.get(0));
      assertTrue(warnings.get(1).contains("529 overloaded_error: Overloaded"), warnings.get(1));
      assertTrue(warnings.get(1).contains("request-id req_fake_000002"), warnings.get(1));
      assertTrue(warnings.get(1).endsWith("retrying in 1s"), warnings.get(1));
    }
  }

  @Test
  void successLogsNothingAtInfoOrAbove(FakeClaude fake) {
    try (LogCapture logs = new LogCapture()) {
      call(fake, ClaudeListener.NONE).text(null, "hi");

      assertEquals(List.of(), logs.messagesAtLeast(Level.INFO));
    }
  }

  @Test
  void theFinalFailureIsLoggedAtDebugOnly(FakeClaude fake) {
    fake.enqueue(FakeResponse.error(400, "invalid_request_error", "bad"));

    try (LogCapture logs = new LogCapture()) {
      assertThrows(
          BadRequestException.class, () -> call(fake, ClaudeListener.NONE).text(null, "hi"));

      assertEquals(List.of(), logs.messagesAtLeast(Level.INFO));
      assertEquals(1, logs.all().size(), logs.all().toString());
      assertTrue(logs.all().get(0).contains("request-id req_fake_000001"), logs.all().get(0));
    }
  }

  @Test
  void noLogLineEventOrExceptionOfARetriedCallShowsTheKey(FakeClaude fake) {
    EventRecorder recorder = new EventRecorder();
    fake.enqueue(
        FakeResponse.error(401, "authentication_error", "invalid x-api-key"),
        FakeResponse.reset(),
        FakeResponse.raw(502, "text/html", "<html>bad gateway</html>"),
        FakeScenarios.overloadedError().withRetryAfterMillis(5),
        // An error's body stalled and one cut short: a 2xx's would be final (billed, never re-sent).
        FakeResponse.error(500, "api_error", "stuck").withStallAfterHeaders(),
        FakeResponse.error(500, "api_error", "cut").withTruncatedBody(5),
        FakeScenarios.overloadedError());
    ClaudeCall<String> call = call(fake, recorder);

    try (LogCapture logs = new LogCapture()) {
      assertThrows(AuthenticationException.class, () -> call.text(null, "hi"));
      // Reset, HTML page, 529 (the schedule's third attempt): fall back; then stalled and
      // truncated error bodies, 529 again.
      OverloadedException last =
          assertThrows(OverloadedException.class, () -> call.text(null, "hi"));

      assertEquals(KEY, fake.takeRequest().header("x-api-key"));
      assertEquals(5, last.getSuppressed().length);
      assertEquals(5, logs.messagesAtLeast(Level.WARNING).size(), logs.all().toString());
      logs.all().forEach(RetryLoggingTest::assertNoKey);
      StringWriter trace = new StringWriter();
      last.printStackTrace(new PrintWriter(trace));
      assertNoKey(trace.toString());
      assertEquals(1, recorder.of(ClaudeListener.FallbackStarted.class).size());
      assertEquals(4, recorder.of(ClaudeListener.RetryScheduled.class).size());
      recorder.events.forEach(event -> assertNoKey(event.toString()));
    }
  }
}
