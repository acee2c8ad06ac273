package dev.claudegen.runtime;

import dev.claudegen.testing.FakeClaude;

/**
 * What the processor generates for a client class, written by hand: a builder named {@code
 * ClaudeTest}. Its environment is empty unless a test sets one, so that variables of the machine
 * running the tests ({@code ANTHROPIC_API_KEY}, {@code ANTHROPIC_BASE_URL}) cannot leak in.
 */
final class TestBuilder extends ClaudeClientBuilder<TestBuilder> {

  static final String METHOD = "Assistant.summarize(String)";
  static final String MODEL = "claude-sonnet-4-6";
  static final String KEY = "test-key";

  /** A schedule that names no kind: nothing is retried. */
  static final RetrySchedule NO_RETRY = RetrySchedule.on().build();

  /** Never sleeps for real: a test that forgets its own sleeper still runs fast. */
  TestBuilder() {
    super("ClaudeTest");
    environment(name -> null);
    sleeper(duration -> {});
  }

  /**
   * Waits through the sleeper, which records them and moves its clock; the clock is the client's,
   * and jitter takes nothing off, so waits are exact.
   */
  TestBuilder timed(RecordingSleeper sleeper) {
    return clock(sleeper.clock).sleeper(sleeper).jitterRandom(0);
  }

  /** Fixes jitter's random numbers, so that waits can be asserted exactly. */
  TestBuilder jitterRandom(double value) {
    return random(() -> value);
  }

  ClaudeClient client() {
    return buildClient();
  }

  /** The spec most tests use. */
  static CallSpec.Builder spec() {
    return CallSpec.builder(METHOD, MODEL, 1024);
  }

  /** The spec most tests use, with retries off: one attempt, whatever the failure. */
  static CallSpec.Builder once() {
    return spec().retry(NO_RETRY);
  }

  /** A builder with the test key and the fake's base URL. */
  static TestBuilder against(FakeClaude fake) {
    return new TestBuilder().apiKey(KEY).baseUrl(fake.baseUrl().toString());
  }

  /** The default spec bound against the fake. */
  static ClaudeCall<String> call(FakeClaude fake) {
    return against(fake).client().bind(spec().build());
  }

  /** The spec without retries bound against the fake. */
  static ClaudeCall<String> callOnce(FakeClaude fake) {
    return against(fake).client().bind(once().build());
  }

  /** A spec bound against the fake. */
  static ClaudeCall<String> call(FakeClaude fake, CallSpec spec) {
    return against(fake).client().bind(spec);
  }
}
