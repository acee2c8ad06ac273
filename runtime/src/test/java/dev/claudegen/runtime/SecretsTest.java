package dev.claudegen.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.claudegen.testing.FakeClaude;
import dev.claudegen.testing.FakeClaudeExtension;
import dev.claudegen.testing.FakeResponse;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URI;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** The key is sent, and shown nowhere else. */
@ExtendWith(FakeClaudeExtension.class)
class SecretsTest {

  private static final String KEY = "sk-ant-secret-12345";

  private static void assertNoKey(String text) {
    assertFalse(text.contains("secret-12345"), "key leaked: " + text);
  }

  private static String stackTraceOf(Throwable e) {
    StringWriter out = new StringWriter();
    e.printStackTrace(new PrintWriter(out));
    return out.toString();
  }

  @Test
  void keyIsSentButShownInNoStringOrException(FakeClaude fake) {
    AtomicReference<Transport.Request> sent = new AtomicReference<>();
    Transport http = HttpClientTransport.createDefault();
    EventRecorder recorder = new EventRecorder();
    ClaudeClient client =
        new TestBuilder()
            .apiKey(KEY)
            .baseUrl(fake.baseUrl().toString())
            .allowForeignHost(true)
            .transport(
                request -> {
                  sent.set(request);
                  return http.send(request);
                })
            .listener(recorder)
            .client();
    ClaudeCall<String> call = client.bind(TestBuilder.once().timeoutMillis(300).build());
    fake.enqueue(
        FakeResponse.text("ok"),
        FakeResponse.error(401, "authentication_error", "invalid x-api-key"),
        FakeResponse.raw(502, "text/html", "<html>bad gateway</html>"),
        FakeResponse.raw(200, "application/json", "{\"nope\":true}"),
        FakeResponse.disconnect(),
        FakeResponse.text("late").withDelay(Duration.ofSeconds(5)));

    assertEquals("ok", call.text(null, "hi"));
    assertEquals(KEY, fake.takeRequest().header("x-api-key"));
    for (int i = 0; i < 5; i++) {
      ClaudeException e = assertThrows(ClaudeException.class, () -> call.text(null, "hi"));
      assertNoKey(e.getMessage());
      assertNoKey(e.toString());
      assertNoKey(stackTraceOf(e));
      assertNoKey(e.details().toString());
    }

    assertNotNull(sent.get());
    assertTrue(sent.get().headers().containsValue(KEY));
    assertNoKey(sent.get().toString());
    assertTrue(sent.get().toString().contains("x-api-key: ***"), sent.get().toString());
    assertNoKey(client.toString());
    assertTrue(client.toString().contains("sk-ant-***"), client.toString());
    assertNoKey(call.toString());
    assertTrue(call.toString().contains("x-api-key: ***"), call.toString());
    // The success's start, request, response and success; each failure's start, request, failure.
    assertEquals(4 + 5 * 3, recorder.events.size(), recorder.events.toString());
    recorder.events.forEach(event -> assertNoKey(event.toString()));
  }

  @Test
  void refusedForeignHostDoesNotShowTheKey() {
    ClaudeClient client =
        new TestBuilder().apiKey(KEY).baseUrl("https://relay.example.com").client();

    IllegalStateException e =
        assertThrows(IllegalStateException.class, () -> client.bind(TestBuilder.spec().build()));

    assertNoKey(e.getMessage());
    assertTrue(e.getMessage().contains("sk-ant-***"), e.getMessage());
  }

  @Test
  void requestToStringHidesKeyAndAuthorization() {
    Transport.Request request =
        new Transport.Request(
            URI.create("https://api.anthropic.com/v1/messages"),
            Map.of(
                "x-api-key",
                KEY,
                "Authorization",
                "Bearer secret-12345",
                "anthropic-version",
                "v1"),
            new byte[17],
            Duration.ofSeconds(1));

    String shown = request.toString();

    assertNoKey(shown);
    assertTrue(shown.startsWith("POST https://api.anthropic.com/v1/messages {"), shown);
    assertTrue(shown.contains("anthropic-version: v1"), shown);
    assertTrue(shown.endsWith("(17 bytes)"), shown);
  }

  @Test
  void clientToStringRedactsAnyKey() {
    String shown = new TestBuilder().apiKey("relay-secret-12345").client().toString();

    assertNoKey(shown);
    assertTrue(shown.startsWith("ClaudeTest[apiKey=***, "), shown);
    assertTrue(new TestBuilder().client().toString().contains("apiKey=(from environment)"));
  }

  @Test
  void redactKeyKeepsOnlyTheFamily() {
    assertEquals("sk-ant-***", Secrets.redactKey(KEY));
    assertEquals("***", Secrets.redactKey("other"));
    assertEquals("null", Secrets.redactKey(null));
    assertTrue(Secrets.isSecretHeader("X-Api-Key"));
    assertTrue(Secrets.isSecretHeader("AUTHORIZATION"));
    assertFalse(Secrets.isSecretHeader("anthropic-version"));
  }
}
