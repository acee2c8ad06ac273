package dev.claudegen.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class RegisteredFakeClaudeExtensionTest {
  @RegisterExtension static FakeClaudeExtension claude = new FakeClaudeExtension();

  @Test
  void serverIsAvailableDuringTest() throws Exception {
    claude.server().enqueue(FakeResponse.error(503, "api_error", "down"));

    HttpResponse<String> response =
        HttpClient.newHttpClient()
            .send(
                HttpRequest.newBuilder(URI.create(claude.server().baseUrl() + "/v1/messages"))
                    .POST(HttpRequest.BodyPublishers.ofString("{}"))
                    .build(),
                HttpResponse.BodyHandlers.ofString());

    assertEquals(503, response.statusCode());
    assertEquals("/v1/messages", claude.server().takeRequest().path());
  }

  @AfterAll
  static void serverIsGoneAfterTests() {
    assertThrows(IllegalStateException.class, () -> claude.server());
  }
}
