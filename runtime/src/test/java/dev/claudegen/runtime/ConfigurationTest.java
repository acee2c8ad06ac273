package dev.claudegen.runtime;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.claudegen.testing.FakeClaude;
import dev.claudegen.testing.FakeClaudeExtension;
import dev.claudegen.testing.FakeResponse;
import dev.claudegen.testing.RecordedRequest;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

@ExtendWith(FakeClaudeExtension.class)
class ConfigurationTest {

  private static final String ANTHROPIC_URL = "https://api.anthropic.com/v1/messages";

  private static TestBuilder withEnvironment(Map<String, String> variables) {
    return new TestBuilder().environment(variables::get);
  }

  // ---- API key ----

  @Test
  void missingKeyFailsAtBindNamingTheVariableAndTheBuilder() {
    ClaudeClient client = new TestBuilder().client();

    IllegalStateException e =
        assertThrows(IllegalStateException.class, () -> client.bind(TestBuilder.spec().build()));

    assertEquals(
        "ClaudeTest has no API key for Assistant.summarize(String): the environment variable"
            + " ANTHROPIC_API_KEY is not set. Set it, or pass a key with"
            + " ClaudeTest.builder().apiKey(...).",
        e.getMessage());
  }

  @Test
  void missingKeyNamesTheSpecsOwnVariable() {
    ClaudeClient client = withEnvironment(Map.of("ANTHROPIC_API_KEY", "unused")).client();

    IllegalStateException e =
        assertThrows(
            IllegalStateException.class,
            () -> client.bind(TestBuilder.spec().apiKeyEnv("MY_KEY").build()));

    assertTrue(e.getMessage().contains("the environment variable MY_KEY is not set"), e.getMessage());
    assertFalse(e.getMessage().contains("ANTHROPIC_API_KEY"), e.getMessage());
    assertTrue(e.getMessage().contains("ClaudeTest.builder().apiKey(...)"), e.getMessage());
  }

  @Test
  void blankKeyInTheEnvironmentCountsAsMissing() {
    ClaudeClient client = withEnvironment(Map.of("ANTHROPIC_API_KEY", "  \t")).client();

    assertThrows(IllegalStateException.class, () -> client.bind(TestBuilder.spec().build()));
  }

  @ParameterizedTest
  @ValueSource(strings = {"sk-ant-secret\u200b12345", "sk-ant-secret\n12345", "sk-ant-sécret"})
  void keyThatNoHeaderCanCarryIsRefusedAtBindWithoutShowingIt(String key) {
    IllegalStateException e =
        assertThrows(
            IllegalStateException.class,
            () ->
                new TestBuilder()
                    .apiKey(key)
                    .allowForeignHost(true)
                    .baseUrl("http://127.0.0.1:9")
                    .client()
                    .bind(TestBuilder.spec().build()));
    assertTrue(e.getMessage().contains("invisible character"), e.getMessage());
    assertFalse(e.getMessage().contains("secret"), e.getMessage());
  }

  @Test
  void baseUrlWithCredentialsIsRefused() {
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () ->
                new TestBuilder()
                    .apiKey("k")
                    .baseUrl("https://user:pw@relay.example.com")
                    .client()
                    .bind(TestBuilder.spec().build()));
    assertTrue(e.getMessage().contains("must not contain credentials"), e.getMessage());
    assertFalse(e.getMessage().contains("pw"), e.getMessage());
  }

  @Test
  void blankKeyOnTheBuilderIsRejected() {
    assertThrows(IllegalArgumentException.class, () -> new TestBuilder().apiKey("  "));
  }

  @Test
  void keyComesFromTheEnvironment(FakeClaude fake) {
    withEnvironment(Map.of("ANTHROPIC_API_KEY", " env-key \n"))
        .baseUrl(fake.baseUrl().toString())
        .client()
        .bind(TestBuilder.spec().build())
        .text(null, "hi");

    assertEquals("env-key", fake.takeRequest().header("x-api-key"));
  }

  @Test
  void keyComesFromTheSpecsVariable(FakeClaude fake) {
    withEnvironment(Map.of("ANTHROPIC_API_KEY", "default-key", "MY_KEY", "my-key"))
        .baseUrl(fake.baseUrl().toString())
        .client()
        .bind(TestBuilder.spec().apiKeyEnv("MY_KEY").build())
        .text(null, "hi");

    assertEquals("my-key", fake.takeRequest().header("x-api-key"));
  }

  @Test
  void builderKeyBeatsTheEnvironment(FakeClaude fake) {
    withEnvironment(Map.of("ANTHROPIC_API_KEY", "env-key"))
        .apiKey("builder-key")
        .baseUrl(fake.baseUrl().toString())
        .client()
        .bind(TestBuilder.spec().build())
        .text(null, "hi");

    assertEquals("builder-key", fake.takeRequest().header("x-api-key"));
  }

  // ---- base URL precedence ----

  @Test
  void builderBaseUrlBeatsSpecAndEnvironment(FakeClaude fake) {
    try (FakeClaude specFake = FakeClaude.start();
        FakeClaude envFake = FakeClaude.start()) {
      withEnvironment(Map.of(ClaudeClient.BASE_URL_ENV, envFake.baseUrl().toString()))
          .apiKey("k")
          .baseUrl(fake.baseUrl().toString())
          .client()
          .bind(TestBuilder.spec().baseUrl(specFake.baseUrl().toString()).build())
          .text(null, "hi");

      assertEquals(1, fake.requestCount());
      assertEquals(0, specFake.requestCount());
      assertEquals(0, envFake.requestCount());
    }
  }

  @Test
  void specBaseUrlBeatsEnvironment(FakeClaude fake) {
    try (FakeClaude envFake = FakeClaude.start()) {
      withEnvironment(Map.of(ClaudeClient.BASE_URL_ENV, envFake.baseUrl().toString()))
          .apiKey("k")
          .client()
          .bind(TestBuilder.spec().baseUrl(fake.baseUrl().toString()).build())
          .text(null, "hi");

      assertEquals(1, fake.requestCount());
      assertEquals(0, envFake.requestCount());
    }
  }

  @Test
  void environmentBaseUrlIsUsedWhenNothingElseNamesOne(FakeClaude fake) {
    withEnvironment(Map.of(ClaudeClient.BASE_URL_ENV, fake.baseUrl().toString()))
        .apiKey("k")
        .client()
        .bind(TestBuilder.spec().build())
        .text(null, "hi");

    assertEquals(1, fake.requestCount());
  }

  @Test
  void defaultBaseUrlIsAnthropics() {
    ClaudeCall<String> call = new TestBuilder().apiKey("sk-ant-xyz").client().bind(TestBuilder.spec().build());

    assertTrue(call.toString().contains("POST " + ANTHROPIC_URL + " "), call.toString());
  }

  @Test
  void blankEnvironmentBaseUrlFallsBackToTheDefault() {
    ClaudeCall<String> call =
        withEnvironment(Map.of(ClaudeClient.BASE_URL_ENV, "   "))
            .apiKey("sk-ant-xyz")
            .client()
            .bind(TestBuilder.spec().build());

    assertTrue(call.toString().contains(ANTHROPIC_URL), call.toString());
  }

  @Test
  void baseUrlWithPathPrefixAndTrailingSlashKeepsThePrefix(FakeClaude fake) {
    fake.enqueue(FakeResponse.text("relayed"));
    ClaudeCall<String> call =
        new TestBuilder()
            .apiKey("k")
            .baseUrl("http://127.0.0.1:" + fake.port() + "/relay/")
            .client()
            .bind(TestBuilder.spec().build());

    assertEquals("relayed", call.text(null, "hi"));
    RecordedRequest request = fake.takeRequest();
    assertEquals("/relay/v1/messages", request.path());
  }

  // ---- where a key may go ----

  @ParameterizedTest
  @ValueSource(strings = {"http://example.com", "http://localhost.evil.com:8080", "http://128.0.0.1"})
  void plainHttpToANonLoopbackHostIsRefused(String url) {
    ClaudeClient client = new TestBuilder().apiKey("k").baseUrl(url).client();

    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> client.bind(TestBuilder.spec().build()));

    assertTrue(e.getMessage().contains("plain http"), e.getMessage());
    assertTrue(e.getMessage().contains(url), e.getMessage());
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "api.anthropic.com",
        "ftp://api.anthropic.com",
        "https://api.anthropic.com?beta=1",
        "https://api.anthropic.com#frag",
        "https://api anthropic.com"
      })
  void malformedBaseUrlIsRefused(String url) {
    ClaudeClient client = new TestBuilder().apiKey("k").baseUrl(url).client();

    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> client.bind(TestBuilder.spec().build()));

    assertTrue(e.getMessage().contains("base URL '" + url + "'"), e.getMessage());
  }

  @Test
  void plainHttpToLoopbackNamesIsAccepted() {
    for (String url : new String[] {"http://localhost:1", "http://[::1]:1", "http://127.1.2.3:1"}) {
      ClaudeClient client = new TestBuilder().apiKey("k").baseUrl(url).client();
      assertDoesNotThrow(() -> client.bind(TestBuilder.spec().build()), url);
    }
  }

  @Test
  void anthropicKeyIsNotSentToAForeignHttpsHost() {
    ClaudeClient client = new TestBuilder().apiKey("sk-ant-xyz").baseUrl("https://relay.example.com").client();

    IllegalStateException e =
        assertThrows(IllegalStateException.class, () -> client.bind(TestBuilder.spec().build()));

    assertTrue(e.getMessage().contains("relay.example.com"), e.getMessage());
    assertTrue(e.getMessage().contains("ClaudeTest.builder().allowForeignHost(true)"), e.getMessage());
    assertFalse(e.getMessage().contains("sk-ant-xyz"), e.getMessage());
  }

  @Test
  void anthropicKeyFromTheEnvironmentIsNotSentToAForeignHostEither() {
    ClaudeClient client =
        withEnvironment(
                Map.of("ANTHROPIC_API_KEY", "sk-ant-env", ClaudeClient.BASE_URL_ENV, "https://relay.example.com"))
            .client();

    assertThrows(IllegalStateException.class, () -> client.bind(TestBuilder.spec().build()));
  }

  @Test
  void anthropicKeyGoesToAForeignHostWhenAllowed() {
    ClaudeCall<String> call =
        new TestBuilder()
            .apiKey("sk-ant-xyz")
            .baseUrl("https://relay.example.com/anthropic")
            .allowForeignHost(true)
            .client()
            .bind(TestBuilder.spec().build());

    assertTrue(call.toString().contains("https://relay.example.com/anthropic/v1/messages"), call.toString());
  }

  @Test
  void nonAnthropicKeyMayGoToAForeignHost() {
    ClaudeClient client = new TestBuilder().apiKey("relay-key").baseUrl("https://relay.example.com").client();

    assertDoesNotThrow(() -> client.bind(TestBuilder.spec().build()));
  }

  @Test
  void anthropicKeyIsAcceptedForAnthropicSubdomains() {
    ClaudeClient client = new TestBuilder().apiKey("sk-ant-xyz").baseUrl("https://eu.api.anthropic.com").client();

    assertDoesNotThrow(() -> client.bind(TestBuilder.spec().build()));
  }

  @Test
  void anthropicKeyToLoopbackIsForeignUntilAllowed(FakeClaude fake) {
    TestBuilder builder = new TestBuilder().apiKey("sk-ant-xyz").baseUrl(fake.baseUrl().toString());

    IllegalStateException e =
        assertThrows(IllegalStateException.class, () -> builder.client().bind(TestBuilder.spec().build()));
    assertTrue(e.getMessage().contains("127.0.0.1"), e.getMessage());
    assertEquals(0, fake.requestCount());

    String text = builder.allowForeignHost(true).client().bind(TestBuilder.spec().build()).text(null, "hi");

    assertEquals(FakeClaude.DEFAULT_TEXT, text);
    assertEquals("sk-ant-xyz", fake.takeRequest().header("x-api-key"));
  }

  @Test
  void specValidatesItsArguments() {
    assertThrows(IllegalArgumentException.class, () -> CallSpec.builder("m", "model", 0));
    assertThrows(IllegalArgumentException.class, () -> TestBuilder.spec().timeoutMillis(0));
    assertThrows(NullPointerException.class, () -> CallSpec.builder(null, "model", 1));
    assertEquals(CallSpec.DEFAULT_TIMEOUT, TestBuilder.spec().build().timeout());
  }

  @Test
  void nullParameterNamesMethodAndParameter() {
    ClaudeCall<String> call = new TestBuilder().apiKey("k").client().bind(TestBuilder.spec().build());

    NullPointerException e = call.nullParameter("text");

    assertEquals(
        "Assistant.summarize(String): parameter 'text' is null; prompts cannot be built from null",
        e.getMessage());
  }
}
