package dev.claudegen.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class FakeBatchesValidationTest {
  private FakeClaude claude;
  private Batches api;

  @BeforeEach
  void start() {
    claude = FakeClaude.start();
    api = new Batches(claude.baseUrl());
  }

  @AfterEach
  void stop() {
    claude.close();
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "not json | Request body is not valid JSON",
        "[] | Request body must be a JSON object",
        "{} | requests: Field required",
        "{\"requests\":{}} | requests: Input should be a valid list",
        "{\"requests\":[]} | requests: List should have at least 1 item",
        "{\"requests\":[1]} | requests.0: Input should be a valid dictionary",
        "{\"requests\":[{\"params\":{}}]} | requests.0.custom_id: Field required",
        "{\"requests\":[{\"custom_id\":7,\"params\":{}}]} | requests.0.custom_id: Input should be",
        "{\"requests\":[{\"custom_id\":\"a b\",\"params\":{}}]} | requests.0.custom_id: String"
            + " should match pattern",
        "{\"requests\":[{\"custom_id\":\"\",\"params\":{}}]} | requests.0.custom_id: String should",
        "{\"requests\":[{\"custom_id\":\"a\"}]} | requests.0.params: Field required",
        "{\"requests\":[{\"custom_id\":\"a\",\"params\":[]}]} | requests.0.params: Input should be",
        "{\"requests\":[{\"custom_id\":\"a\",\"params\":{}},{\"custom_id\":\"a\",\"params\":{}}]}"
            + " | requests.1.custom_id: Duplicate custom_id 'a'",
        "{\"requests\":[{\"custom_id\":\"a\",\"params\":{}}]} x | Request body is not valid JSON",
      })
  void refusedCreatesAre400AndCreateNothing(String body, String message) throws Exception {
    HttpResponse<String> response = api.create(body);

    assertEquals(400, response.statusCode(), response.body());
    JsonNode error = Batches.json(response).get("error");
    assertEquals("invalid_request_error", error.get("type").asText());
    assertTrue(error.get("message").asText().startsWith(message), error.get("message").asText());
    assertTrue(claude.batches().created().isEmpty());
  }

  @Test
  void customIdsOfSixtyFourCharactersAreAcceptedAndSixtyFiveRefused() throws Exception {
    String ok = "a".repeat(64);
    String id = api.createOk(Batches.body(Map.of(ok, Batches.params("x"))));
    assertEquals(ok, claude.batches().created().get(0).customIds().get(0));

    assertEquals(400, api.create(Batches.body(Map.of(ok + "a", Batches.params("x")))).statusCode());
    assertEquals(1, claude.batches().created().size());
    assertEquals(200, api.retrieve(id).statusCode());
  }

  @Test
  void moreThanOneHundredThousandRequestsAreRefused() throws Exception {
    StringBuilder body = new StringBuilder("{\"requests\":[");
    for (int i = 0; i <= FakeBatches.MAX_REQUESTS; i++) {
      body.append(i == 0 ? "" : ",")
          .append("{\"custom_id\":\"r")
          .append(i)
          .append("\",\"params\":{}}");
    }
    body.append("]}");

    HttpResponse<String> response = api.create(body.toString());

    assertEquals(400, response.statusCode());
    assertTrue(
        Batches.json(response).get("error").get("message").asText().contains("at most 100000"),
        response.body());
    assertTrue(claude.batches().created().isEmpty());
  }

  @Test
  void bodiesAboveTheApiLimitAre413() throws Exception {
    try (Socket socket = new Socket("127.0.0.1", claude.port())) {
      OutputStream out = socket.getOutputStream();
      out.write(
          ("POST /v1/messages/batches HTTP/1.1\r\nhost: x\r\nx-api-key: k\r\n"
                  + "anthropic-version: 2026-10-21\r\ncontent-length: 256000001\r\n\r\n")
              .getBytes(StandardCharsets.US_ASCII));
      out.flush();
      InputStream in = socket.getInputStream();
      String head = RawHttp.readHead(in);
      assertTrue(head.startsWith("HTTP/1.1 413"), head);
      assertTrue(RawHttp.headers(head.split("\r\n")).containsKey("request-id"), head);
    }
  }

  @Test
  void batchBodiesAboveTheMessagesLimitAreRead() throws Exception {
    String big = "x".repeat(HttpRequestReader.MAX_BODY_BYTES / 4);
    StringBuilder body = new StringBuilder("{\"requests\":[");
    for (int i = 0; i < 5; i++) {
      body.append(i == 0 ? "" : ",")
          .append("{\"custom_id\":\"r")
          .append(i)
          .append("\",\"params\":")
          .append(Batches.params(big))
          .append("}");
    }
    body.append("]}");

    assertEquals(200, api.create(body.toString()).statusCode());
    assertEquals(5, claude.batches().created().get(0).customIds().size());
  }

  @Test
  void credentialsAndVersionAreRequired() throws Exception {
    HttpClient client = HttpClient.newHttpClient();
    HttpResponse<String> noKey =
        client.send(
            HttpRequest.newBuilder(claude.baseUrl().resolve("/v1/messages/batches"))
                .header("anthropic-version", "2026-10-21")
                .POST(HttpRequest.BodyPublishers.ofString(Batches.tickets(1)))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    assertEquals(401, noKey.statusCode());
    assertEquals("authentication_error", Batches.json(noKey).get("error").get("type").asText());

    HttpResponse<String> noVersion =
        client.send(
            HttpRequest.newBuilder(claude.baseUrl().resolve("/v1/messages/batches"))
                .header("x-api-key", "k")
                .GET()
                .build(),
            HttpResponse.BodyHandlers.ofString());
    assertEquals(400, noVersion.statusCode());
    assertTrue(claude.batches().created().isEmpty());
    assertEquals(2, claude.batches().requests().size());
  }

  @Test
  void otherMethodsAndPathsAre404() throws Exception {
    String id = api.createOk(Batches.tickets(1));
    for (HttpResponse<String> response :
        List.of(
            api.send("DELETE", "/v1/messages/batches", null),
            api.send("POST", "/v1/messages/batches/" + id, "{}"),
            api.send("GET", "/v1/messages/batches/" + id + "/cancel", null),
            api.send("GET", "/v1/messages/batches/" + id + "/other", null),
            api.send("GET", "/v1/messages/batches/" + id + "/results/x", null))) {
      assertEquals(404, response.statusCode(), response.body());
      assertEquals("not_found_error", Batches.json(response).get("error").get("type").asText());
    }
  }

  @Test
  void listLimitIsChecked() throws Exception {
    assertEquals(400, api.list("limit=0").statusCode());
    assertEquals(400, api.list("limit=1001").statusCode());
    assertEquals(400, api.list("limit=many").statusCode());
    JsonNode empty = Batches.json(api.list("limit=1000"));
    assertEquals(0, empty.get("data").size());
    assertTrue(empty.get("first_id").isNull());
    assertEquals(false, empty.get("has_more").asBoolean());
  }
}
