package dev.claudegen.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class FakeBatchesTest {
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

  @Test
  void createAnswersAnInProgressBatchObject() throws Exception {
    HttpResponse<String> response = api.create(Batches.tickets(3));

    assertEquals(200, response.statusCode(), response.body());
    assertEquals("application/json", response.headers().firstValue("content-type").orElseThrow());
    assertTrue(response.headers().firstValue("request-id").orElseThrow().startsWith("req_fake_"));
    JsonNode batch = Batches.json(response);
    assertEquals("msgbatch_fake_000001", batch.get("id").asText());
    assertEquals("message_batch", batch.get("type").asText());
    assertEquals("in_progress", batch.get("processing_status").asText());
    assertEquals(3, batch.get("request_counts").get("processing").asInt());
    for (String type : List.of("succeeded", "errored", "canceled", "expired")) {
      assertEquals(0, batch.get("request_counts").get(type).asInt(), type);
    }
    assertTrue(batch.get("ended_at").isNull());
    assertTrue(batch.get("cancel_initiated_at").isNull());
    assertTrue(batch.get("archived_at").isNull());
    assertTrue(batch.get("results_url").isNull());
    Instant created = Instant.parse(batch.get("created_at").asText());
    assertEquals(created.plus(Duration.ofHours(24)), Instant.parse(batch.get("expires_at").asText()));
  }

  @Test
  void retrieveEndsTheBatchByDefaultAndResultsAreJsonLines() throws Exception {
    String id = api.createOk(Batches.tickets(3));

    HttpResponse<String> retrieved = api.retrieve(id);
    assertEquals(200, retrieved.statusCode());
    JsonNode batch = Batches.json(retrieved);
    assertEquals("ended", batch.get("processing_status").asText());
    assertEquals(3, batch.get("request_counts").get("succeeded").asInt());
    assertEquals(0, batch.get("request_counts").get("processing").asInt());
    assertFalse(batch.get("ended_at").isNull());
    assertEquals(
        claude.baseUrl() + "/v1/messages/batches/" + id + "/results",
        batch.get("results_url").asText());

    HttpResponse<String> results = api.results(id);
    assertEquals(200, results.statusCode());
    assertEquals("application/x-jsonl", results.headers().firstValue("content-type").orElseThrow());
    assertTrue(results.headers().firstValue("request-id").isPresent());
    Map<String, JsonNode> byId = Batches.byId(results);
    assertEquals(List.of("t-1", "t-2", "t-3"), byId.keySet().stream().sorted().toList());
    JsonNode first = byId.get("t-1");
    assertEquals("succeeded", first.get("type").asText());
    JsonNode message = first.get("message");
    assertEquals("message", message.get("type").asText());
    assertEquals("assistant", message.get("role").asText());
    assertEquals("claude-test-1", message.get("model").asText());
    assertEquals("end_turn", message.get("stop_reason").asText());
    assertEquals(FakeClaude.DEFAULT_TEXT, message.get("content").get(0).get("text").asText());
    assertTrue(message.get("usage").get("input_tokens").asInt() >= 1);
    assertTrue(message.get("id").asText().startsWith("msg_fake_"));
  }

  @Test
  void cancelBeforeTheEndCancelsEveryEntry() throws Exception {
    claude.batches().endAfterPolls(5);
    String id = api.createOk(Batches.tickets(2));
    assertEquals("in_progress", Batches.json(api.retrieve(id)).get("processing_status").asText());

    JsonNode canceling = Batches.json(api.cancel(id));
    assertEquals("canceling", canceling.get("processing_status").asText());
    assertFalse(canceling.get("cancel_initiated_at").isNull());
    assertEquals(400, api.results(id).statusCode());

    JsonNode ended = Batches.json(api.retrieve(id));
    assertEquals("ended", ended.get("processing_status").asText());
    assertEquals(2, ended.get("request_counts").get("canceled").asInt());
    for (JsonNode result : Batches.byId(api.results(id)).values()) {
      assertEquals("{\"type\":\"canceled\"}", result.toString());
    }
    assertTrue(claude.batches().created().get(0).canceled());
  }

  @Test
  void listIsNewestFirstAndPages() throws Exception {
    List<String> ids = new ArrayList<>();
    for (int i = 0; i < 3; i++) {
      ids.add(api.createOk(Batches.tickets(1)));
    }

    JsonNode first = Batches.json(api.list("limit=2"));
    assertEquals(2, first.get("data").size());
    assertEquals(ids.get(2), first.get("data").get(0).get("id").asText());
    assertEquals(ids.get(1), first.get("data").get(1).get("id").asText());
    assertTrue(first.get("has_more").asBoolean());
    assertEquals(ids.get(2), first.get("first_id").asText());
    assertEquals(ids.get(1), first.get("last_id").asText());

    JsonNode second = Batches.json(api.list("limit=2&after_id=" + ids.get(1)));
    assertEquals(1, second.get("data").size());
    assertEquals(ids.get(0), second.get("data").get(0).get("id").asText());
    assertFalse(second.get("has_more").asBoolean());

    JsonNode newer = Batches.json(api.list("limit=1&before_id=" + ids.get(0)));
    assertEquals(ids.get(1), newer.get("data").get(0).get("id").asText());
    assertTrue(newer.get("has_more").asBoolean());

    JsonNode all = Batches.json(api.list(null));
    assertEquals(3, all.get("data").size());
    assertEquals("message_batch", all.get("data").get(0).get("type").asText());
  }

  @Test
  void batchEndpointRequestsAreNotMessagesRequests() throws Exception {
    String id = api.createOk(Batches.tickets(2));
    api.retrieve(id);

    assertEquals(0, claude.requestCount());
    List<RecordedRequest> requests = claude.batches().requests();
    assertEquals(2, requests.size());
    assertEquals("POST", requests.get(0).method());
    assertEquals("/v1/messages/batches", requests.get(0).path());
    assertEquals("GET", requests.get(1).method());
    assertEquals("/v1/messages/batches/" + id, requests.get(1).path());
    assertNotEquals("", requests.get(0).body());
    claude.verifyAllUsed();
  }

  @Test
  void unknownIdIs404() throws Exception {
    for (HttpResponse<String> response :
        List.of(api.retrieve("msgbatch_nope"), api.results("msgbatch_nope"), api.cancel("msgbatch_nope"))) {
      assertEquals(404, response.statusCode());
      assertEquals("not_found_error", Batches.json(response).get("error").get("type").asText());
      assertTrue(response.headers().firstValue("request-id").isPresent());
    }
    assertThrows(IllegalArgumentException.class, () -> claude.batches().expire("msgbatch_nope"));
  }
}
