package dev.claudegen.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.claudegen.annotations.ErrorKind;
import dev.claudegen.testing.FakeClaude;
import dev.claudegen.testing.FakeClaudeExtension;
import dev.claudegen.testing.FakeResponse;
import dev.claudegen.testing.FakeScenarios;
import dev.claudegen.testing.RecordedRequest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * One scenario of retries, a server-requested wait and a fallback, run as a plain call and as an
 * async one: the waits, the events, the models asked for and the bodies sent are the same, since
 * both modes ask the same {@link RetryLoop}.
 */
@ExtendWith(FakeClaudeExtension.class)
class BothModesTest {

  private static final Prompt PROMPT = Prompt.of("Be brief.", "hi");

  private static final String FALLBACK = "claude-haiku-4-5";

  private static void script(FakeClaude fake) {
    fake.enqueue(
        FakeResponse.error(429, "rate_limit_error", "slow down").withRetryAfterSeconds(7),
        FakeScenarios.overloadedError(),
        FakeScenarios.overloadedError(),
        FakeResponse.text("from the fallback"));
  }

  /** What a run leaves behind, apart from latencies and exception identities. */
  private record Trace(
      String payload, List<Duration> waits, List<String> events, List<String> sent) {}

  private static Trace run(FakeClaude fake, boolean async) throws Exception {
    script(fake);
    RecordingSleeper sleeper = new RecordingSleeper(new TestClock());
    EventRecorder events = new EventRecorder();
    ClaudeCall<String> call =
        TestBuilder.against(fake)
            .timed(sleeper)
            .listener(events)
            .client()
            .bind(
                TestBuilder.spec()
                    .retry(
                        RetrySchedule.on(ErrorKind.RATE_LIMIT, ErrorKind.OVERLOADED)
                            .maxAttempts(3)
                            .build())
                    .fallbackModels(FALLBACK)
                    .build());
    Prompt prompt = PROMPT;
    String payload =
        async ? call.callAsync(prompt).get(10, TimeUnit.SECONDS) : call.call(prompt);
    List<String> described = new ArrayList<>();
    for (Object event : events.events) {
      described.add(describe(event));
    }
    List<String> sent = new ArrayList<>();
    for (RecordedRequest request : fake.requests()) {
      sent.add(request.body());
    }
    return new Trace(payload, sleeper.waits(), described, sent);
  }

  private static String describe(Object event) {
    if (event instanceof ClaudeListener.RequestSent e) {
      return "request " + e.model() + " #" + e.attempt();
    }
    if (event instanceof ClaudeListener.RetryScheduled e) {
      return "retry " + e.kind() + " " + e.attempt() + "/" + e.maxAttempts() + " in " + e.delay();
    }
    if (event instanceof ClaudeListener.FallbackStarted e) {
      return "fallback " + e.fromModel() + " -> " + e.toModel();
    }
    if (event instanceof ClaudeListener.ResponseReceived e) {
      return "response #" + e.attempt() + " " + e.reply().text();
    }
    // The mode and the durations differ between the modes by nature; the rest must not.
    if (event instanceof ClaudeListener.CallStarted e) {
      return "start " + e.method() + " " + e.model() + " " + e.maxTokens() + " " + e.prompt();
    }
    if (event instanceof ClaudeListener.CallSucceeded e) {
      return "success " + e.reply().text() + " " + e.usage() + " after " + e.attempts();
    }
    if (event instanceof ClaudeListener.CallFailed e) {
      return "failed " + e.errorType() + " after " + e.attempts();
    }
    return event.toString();
  }

  @Test
  void plainAndAsyncCallsFollowOnePolicy(FakeClaude fake) throws Exception {
    Trace plain = run(fake, false);
    Trace async;
    try (FakeClaude second = FakeClaude.start()) {
      async = run(second, true);
    }

    assertEquals("from the fallback", plain.payload());
    assertEquals(
        List.of(
            "start " + TestBuilder.METHOD + " " + TestBuilder.MODEL + " 1024 " + PROMPT,
            "request " + TestBuilder.MODEL + " #1",
            "retry RATE_LIMIT 1/3 in PT7S",
            "request " + TestBuilder.MODEL + " #2",
            "retry OVERLOADED 2/3 in PT1S",
            "request " + TestBuilder.MODEL + " #3",
            "fallback " + TestBuilder.MODEL + " -> " + FALLBACK,
            "request " + FALLBACK + " #4",
            "response #4 from the fallback",
            "success from the fallback " + new Usage(27, 4, 0, 0) + " after 4"),
        plain.events());
    assertEquals(plain, async);
  }
}
