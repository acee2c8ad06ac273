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

  TestBuilder() {
    super("ClaudeTest");
    environment(name -> null);
  }

  ClaudeClient client() {
    return buildClient();
  }

  /** The spec most tests use. */
  static CallSpec.Builder spec() {
    return CallSpec.builder(METHOD, MODEL, 1024);
  }

  /** A builder with the test key and the fake's base URL. */
  static TestBuilder against(FakeClaude fake) {
    return new TestBuilder().apiKey(KEY).baseUrl(fake.baseUrl().toString());
  }

  /** The default spec bound against the fake. */
  static ClaudeCall call(FakeClaude fake) {
    return against(fake).client().bind(spec().build());
  }

  /** A spec bound against the fake. */
  static ClaudeCall call(FakeClaude fake, CallSpec spec) {
    return against(fake).client().bind(spec);
  }
}
