package dev.claudegen.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.claudegen.testing.FakeClaude;
import dev.claudegen.testing.FakeClaudeExtension;
import dev.claudegen.testing.FakeResponse;
import java.net.URI;
import java.util.List;
import java.util.Map;
import java.util.logging.Level;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * A key whose family does not fit its host (a relay's key sent to api.anthropic.com, an Anthropic
 * key sent to a relay) is named as the likely cause: once as a WARNING when the client is built,
 * and in the 401 that follows, without showing the key.
 */
@ExtendWith(FakeClaudeExtension.class)
class KeyHostMismatchTest {

  private static final String RELAY_KEY = "cr_9f8e7d6c5b4a39281706f5e4d3c2b1a0";
  private static final String ANTHROPIC_KEY = "sk-ant-api03-Hq2wE4rT6yU8iO0pA1sD3fG5hJ7kL9zX";

  /** The environment a relay user without ANTHROPIC_BASE_URL has. */
  private static TestBuilder relayKeyInEnvironment() {
    return new TestBuilder().environment(Map.of("ANTHROPIC_API_KEY", RELAY_KEY)::get);
  }

  /**
   * Sends to the fake whatever the URL says: the client believes it talks to api.anthropic.com,
   * which a test must never reach.
   */
  private static Transport toFake(FakeClaude fake) {
    Transport http = HttpClientTransport.createDefault();
    URI fakeUri = Endpoints.messagesUri(fake.baseUrl().toString());
    return request -> {
      assertEquals("api.anthropic.com", request.uri().getHost());
      return http.send(new Transport.Request(fakeUri, request.headers(), request.body(), request.timeout()));
    };
  }

  private static void assertNoKey(String key, String text) {
    assertFalse(text.contains(key.substring(3, 15)), () -> "key shown: " + text);
  }

  private static List<String> warnings(LogCapture logs) {
    return logs.records.stream()
        .filter(r -> r.getLevel() == Level.WARNING)
        .map(r -> r.getMessage())
        .toList();
  }

  @Test
  void relayKeyForAnthropicHostIsOneWarningPerBuild() {
    try (LogCapture logs = new LogCapture()) {
      ClaudeClient client = relayKeyInEnvironment().client();
      // A generated client binds every method while it is built: two methods, one warning.
      client.bind(TestBuilder.spec().build());
      client.bind(CallSpec.builder("Assistant.other(String)", TestBuilder.MODEL, 512).build());

      List<String> warnings = warnings(logs);
      assertEquals(1, warnings.size(), warnings.toString());
      String warning = warnings.get(0);
      assertNoKey(RELAY_KEY, warning);
      assertTrue(warning.contains("not an Anthropic key"), warning);
      assertTrue(warning.contains("api.anthropic.com"), warning);
      assertTrue(warning.contains("ANTHROPIC_API_KEY"), warning);
      assertTrue(warning.contains("ANTHROPIC_BASE_URL"), warning);

      relayKeyInEnvironment().client().bind(TestBuilder.spec().build());
      assertEquals(2, warnings(logs).size(), "another build warns again");
    }
  }

  @Test
  void keysThatFitTheirHostAreNoWarning() {
    try (LogCapture logs = new LogCapture()) {
      new TestBuilder().apiKey(ANTHROPIC_KEY).client().bind(TestBuilder.spec().build());
      new TestBuilder()
          .apiKey(ANTHROPIC_KEY)
          .baseUrl("https://eu.api.anthropic.com")
          .client()
          .bind(TestBuilder.spec().build());
      new TestBuilder()
          .apiKey(RELAY_KEY)
          .baseUrl("https://relay.example.com")
          .client()
          .bind(TestBuilder.spec().build());
      // Said explicitly: the foreign host is the user's and may have the Anthropic key.
      new TestBuilder()
          .apiKey(ANTHROPIC_KEY)
          .baseUrl("https://proxy.example.com")
          .allowForeignHost(true)
          .client()
          .bind(TestBuilder.spec().build());

      assertEquals(List.of(), warnings(logs));
    }
  }

  @Test
  void relayKeyAtAnthropicGetsA401ThatSaysWhyAndHowToFix(FakeClaude fake) {
    ClaudeCall<String> call = relayKeyInEnvironment().transport(toFake(fake)).client().bind(TestBuilder.once().build());
    fake.enqueue(FakeResponse.error(401, "authentication_error", "invalid x-api-key"));

    AuthenticationException e = assertThrows(AuthenticationException.class, () -> call.text(null, "hi"));

    String message = e.getMessage();
    assertNoKey(RELAY_KEY, message);
    assertTrue(message.startsWith("401 authentication_error: invalid x-api-key (request-id req_fake_000001). "), message);
    assertTrue(message.contains("not an Anthropic key (those start with sk-ant-)"), message);
    assertTrue(message.contains("api.anthropic.com"), message);
    assertTrue(message.contains("set ANTHROPIC_BASE_URL"), message);
    assertTrue(message.contains("from the environment variable ANTHROPIC_API_KEY"), message);
    // What the server said stays as it said it.
    assertEquals("invalid x-api-key", e.details().errorMessage());
    assertEquals(RELAY_KEY, fake.takeRequest().header("x-api-key"));
  }

  @Test
  void anthropicKeyAtARelayGetsA401ThatSaysWhyAndHowToFix(FakeClaude fake) {
    ClaudeCall<String> call =
        new TestBuilder()
            .apiKey(ANTHROPIC_KEY)
            .baseUrl(fake.baseUrl().toString())
            .allowForeignHost(true)
            .client()
            .bind(TestBuilder.once().build());
    fake.enqueue(FakeResponse.error(401, "authentication_error", "invalid api key"));

    AuthenticationException e = assertThrows(AuthenticationException.class, () -> call.text(null, "hi"));

    String message = e.getMessage();
    assertNoKey(ANTHROPIC_KEY, message);
    assertTrue(message.contains("an Anthropic key (sk-ant-"), message);
    assertTrue(message.contains("set with apiKey(...)"), message);
    assertTrue(message.contains("not an anthropic.com host"), message);
    assertTrue(message.contains("needs its own key"), message);
  }

  @Test
  void any401NamesWhereTheKeyCameFrom(FakeClaude fake) {
    ClaudeCall<String> call =
        new TestBuilder()
            .environment(Map.of("MY_KEY", RELAY_KEY, "ANTHROPIC_BASE_URL", fake.baseUrl().toString())::get)
            .client()
            .bind(TestBuilder.once().apiKeyEnv("MY_KEY").build());
    fake.enqueue(FakeResponse.error(401, "authentication_error", "invalid x-api-key"));

    AuthenticationException e = assertThrows(AuthenticationException.class, () -> call.text(null, "hi"));

    String message = e.getMessage();
    assertNoKey(RELAY_KEY, message);
    assertTrue(message.contains("from the environment variable MY_KEY"), message);
    assertTrue(message.contains("base URL from ANTHROPIC_BASE_URL"), message);
    assertFalse(message.contains("Likely cause"), message);
  }
}
