package dev.claudegen.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;

/** Sends Messages API requests to a server over loopback HTTP, as a client under test would. */
final class Messages {
  static final ObjectMapper MAPPER = new ObjectMapper();
  private static final HttpClient CLIENT =
      HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

  private Messages() {}

  /** A valid request body. */
  static String body(String model, String system, String user) {
    ObjectNode root = MAPPER.createObjectNode().put("model", model).put("max_tokens", 64);
    if (system != null) {
      root.put("system", system);
    }
    root.putArray("messages").addObject().put("role", "user").put("content", user);
    return root.toString();
  }

  static HttpResponse<String> post(URI baseUrl, String body)
      throws IOException, InterruptedException {
    return post(baseUrl, "test-key", body);
  }

  static HttpResponse<String> post(URI baseUrl, String apiKey, String body)
      throws IOException, InterruptedException {
    return CLIENT.send(
        HttpRequest.newBuilder(baseUrl.resolve("/v1/messages"))
            .header("x-api-key", apiKey)
            .header("anthropic-version", "2026-10-21")
            .header("content-type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString(body))
            .build(),
        HttpResponse.BodyHandlers.ofString());
  }

  /** The text of a success reply's first block. */
  static String text(HttpResponse<String> response) throws IOException {
    JsonNode json = MAPPER.readTree(response.body());
    return json.get("content").get(0).get("text").asText();
  }

  /** The {@code error.message} of an error reply. */
  static String errorMessage(HttpResponse<String> response) throws IOException {
    return MAPPER.readTree(response.body()).get("error").get("message").asText();
  }
}
