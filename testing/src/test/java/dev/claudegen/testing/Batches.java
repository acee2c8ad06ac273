package dev.claudegen.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Speaks to the Message Batches endpoints over loopback HTTP, as a client under test would. */
final class Batches {
  static final ObjectMapper MAPPER = new ObjectMapper();
  private static final HttpClient CLIENT =
      HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

  private final URI baseUrl;

  Batches(URI baseUrl) {
    this.baseUrl = baseUrl;
  }

  /** A valid Messages body (without stream) asking {@code user}. */
  static ObjectNode params(String user) {
    ObjectNode root = MAPPER.createObjectNode().put("model", "claude-test-1").put("max_tokens", 64);
    root.putArray("messages").addObject().put("role", "user").put("content", user);
    return root;
  }

  /** A create body with one entry per pair, custom id to params, in order. */
  static String body(Map<String, ? extends JsonNode> entries) {
    ObjectNode root = MAPPER.createObjectNode();
    ArrayNode requests = root.putArray("requests");
    entries.forEach(
        (id, params) -> requests.addObject().put("custom_id", id).set("params", params));
    return root.toString();
  }

  /** A create body whose entries {@code t-1 ... t-n} ask "ticket 1" ... "ticket n". */
  static String tickets(int n) {
    Map<String, JsonNode> entries = new LinkedHashMap<>();
    for (int i = 1; i <= n; i++) {
      entries.put("t-" + i, params("ticket " + i));
    }
    return body(entries);
  }

  HttpResponse<String> create(String body) throws IOException, InterruptedException {
    return send("POST", "/v1/messages/batches", body);
  }

  /** Creates a batch that must succeed, and returns its id. */
  String createOk(String body) throws IOException, InterruptedException {
    HttpResponse<String> response = create(body);
    if (response.statusCode() != 200) {
      throw new AssertionError("create answered " + response.statusCode() + ": " + response.body());
    }
    return json(response).get("id").asText();
  }

  HttpResponse<String> retrieve(String id) throws IOException, InterruptedException {
    return send("GET", "/v1/messages/batches/" + id, null);
  }

  HttpResponse<String> results(String id) throws IOException, InterruptedException {
    return send("GET", "/v1/messages/batches/" + id + "/results", null);
  }

  HttpResponse<String> cancel(String id) throws IOException, InterruptedException {
    return send("POST", "/v1/messages/batches/" + id + "/cancel", "");
  }

  HttpResponse<String> list(String query) throws IOException, InterruptedException {
    return send("GET", "/v1/messages/batches" + (query == null ? "" : "?" + query), null);
  }

  HttpResponse<String> send(String method, String path, String body)
      throws IOException, InterruptedException {
    return CLIENT.send(
        HttpRequest.newBuilder(baseUrl.resolve(path))
            .header("x-api-key", "test-key")
            .header("anthropic-version", "2026-10-21")
            .header("content-type", "application/json")
            .method(
                method,
                body == null
                    ? HttpRequest.BodyPublishers.noBody()
                    : HttpRequest.BodyPublishers.ofString(body))
            .build(),
        HttpResponse.BodyHandlers.ofString());
  }

  static JsonNode json(HttpResponse<String> response) throws IOException {
    return MAPPER.readTree(response.body());
  }

  /** The JSONL lines of a results body, parsed, in the order served. */
  static List<JsonNode> lines(HttpResponse<String> response) throws IOException {
    List<JsonNode> lines = new ArrayList<>();
    for (String line : response.body().split("\n")) {
      if (!line.isEmpty()) {
        lines.add(MAPPER.readTree(line));
      }
    }
    return lines;
  }

  /** The results' lines by custom id. */
  static Map<String, JsonNode> byId(HttpResponse<String> response) throws IOException {
    Map<String, JsonNode> byId = new LinkedHashMap<>();
    for (JsonNode line : lines(response)) {
      byId.put(line.get("custom_id").asText(), line.get("result"));
    }
    return byId;
  }
}
