package dev.claudegen.testing;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FakeBatchesControlTest {
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
  void entriesAreAnsweredByQueueRulesAndDefaultInRequestOrder() throws Exception {
    claude.enqueue(FakeResponse.text("from the queue"));
    claude
        .when(Match.userTextContains("ticket 2"))
        .reply(FakeResponse.error(529, "overloaded_error", "Overloaded now"));
    String id = api.createOk(Batches.tickets(3));
    api.retrieve(id);

    Map<String, JsonNode> results = Batches.byId(api.results(id));
    assertEquals("from the queue", text(results.get("t-1")));
    JsonNode errored = results.get("t-2");
    assertEquals("errored", errored.get("type").asText());
    assertEquals("error", errored.get("error").get("type").asText());
    assertEquals("overloaded_error", errored.get("error").get("error").get("type").asText());
    assertEquals("Overloaded now", errored.get("error").get("error").get("message").asText());
    assertTrue(errored.get("error").get("request_id").asText().startsWith("req_fake_b"));
    assertEquals(FakeClaude.DEFAULT_TEXT, text(results.get("t-3")));
    FakeBatch batch = claude.batches().created().get(0);
    assertEquals("succeeded", batch.resultType("t-1"));
    assertEquals("errored", batch.resultType("t-2"));
    JsonNode counts = Batches.json(api.retrieve(id)).get("request_counts");
    assertEquals(2, counts.get("succeeded").asInt());
    assertEquals(1, counts.get("errored").asInt());
    assertEquals(0, claude.requestCount());
    claude.verifyAllUsed();
  }

  @Test
  void paramsTheApiRefusesAreErroredWithoutUsingTheQueue() throws Exception {
    claude.enqueue(FakeResponse.text("for the valid one"));
    Map<String, JsonNode> entries = new LinkedHashMap<>();
    entries.put("streams", Batches.params("a").put("stream", true));
    entries.put("zero", Batches.params("b").put("max_tokens", 0));
    ObjectNode noModel = Batches.params("c");
    noModel.remove("model");
    entries.put("no-model", noModel);
    ObjectNode noMessages = Batches.params("d");
    noMessages.remove("messages");
    entries.put("no-messages", noMessages);
    entries.put("valid", Batches.params("e"));
    String id = api.createOk(Batches.body(entries));
    api.retrieve(id);

    Map<String, JsonNode> results = Batches.byId(api.results(id));
    assertEquals(
        List.of("streams", "zero", "no-model", "no-messages", "valid"),
        claude.batches().created().get(0).customIds());
    assertEquals("stream", errorMessage(results.get("streams")).split(":")[0]);
    assertEquals("max_tokens", errorMessage(results.get("zero")).split(":")[0]);
    assertEquals("model: Field required", errorMessage(results.get("no-model")));
    assertEquals("messages: Field required", errorMessage(results.get("no-messages")));
    for (String refused : List.of("streams", "zero", "no-model", "no-messages")) {
      assertEquals(
          "invalid_request_error",
          results.get(refused).get("error").get("error").get("type").asText(),
          refused);
    }
    assertEquals("for the valid one", text(results.get("valid")));
    claude.verifyAllUsed();
  }

  @Test
  void transportFaultsAreErroredApiError() throws Exception {
    claude.enqueue(
        FakeResponse.disconnect(),
        FakeResponse.text("late").withDelay(Duration.ofSeconds(30)),
        FakeResponse.text("cut").withStreamCut(1));
    String id = api.createOk(Batches.tickets(3));
    api.retrieve(id);

    for (JsonNode result : Batches.byId(api.results(id)).values()) {
      assertEquals("errored", result.get("type").asText());
      assertEquals("api_error", result.get("error").get("error").get("type").asText());
    }
  }

  @Test
  void rawRepliesBecomeMessagesOrErrors() throws Exception {
    claude.enqueue(
        FakeResponse.raw(
            200,
            "application/json",
            "{\"id\":\"msg_x\",\"type\":\"message\",\"role\":\"assistant\",\"model\":\"m\","
                + "\"content\":[{\"type\":\"text\",\"text\":\"raw\"}],\"stop_reason\":\"end_turn\","
                + "\"usage\":{\"input_tokens\":1,\"output_tokens\":1}}"),
        FakeResponse.raw(
            429,
            "application/json",
            "{\"type\":\"error\",\"error\":{\"type\":\"rate_limit_error\",\"message\":\"slow\"}}"),
        FakeResponse.raw(502, "text/html", "<html>Bad gateway</html>"));
    String id = api.createOk(Batches.tickets(3));
    api.retrieve(id);

    Map<String, JsonNode> results = Batches.byId(api.results(id));
    assertEquals("raw", text(results.get("t-1")));
    assertEquals(
        "rate_limit_error", results.get("t-2").get("error").get("error").get("type").asText());
    assertEquals("slow", errorMessage(results.get("t-2")));
    assertEquals("api_error", results.get("t-3").get("error").get("error").get("type").asText());
  }

  @Test
  void structuredEntriesGetTheirSchemaInstance() throws Exception {
    ObjectNode params = Batches.params("classify");
    ObjectNode schema =
        params
            .putObject("output_config")
            .putObject("format")
            .put("type", "json_schema")
            .putObject("schema");
    schema.put("type", "object").put("additionalProperties", false);
    schema.putObject("properties").putObject("category").putArray("enum").add("BILLING").add("X");
    schema.putArray("required").add("category");
    String id = api.createOk(Batches.body(Map.of("s-1", params)));
    api.retrieve(id);

    assertEquals("{\"category\":\"BILLING\"}", text(Batches.byId(api.results(id)).get("s-1")));
    RecordedRequest entry = claude.batches().created().get(0).request("s-1");
    assertTrue(entry.hasOutputFormat());
    assertTrue(entry.outputSchema().contains("BILLING"));
    assertEquals("classify", entry.userText());
    assertEquals("claude-test-1", entry.model());
    assertEquals("/v1/messages", entry.path());
    assertEquals("test-key", entry.header("x-api-key"));
    assertFalse(entry.body().contains("custom_id"));
  }

  @Test
  void createdSnapshotsShowEntriesAndStatus() throws Exception {
    claude.batches().endAfterPolls(2);
    String id = api.createOk(Batches.tickets(2));

    FakeBatch before = claude.batches().created().get(0);
    assertEquals(id, before.id());
    assertEquals(List.of("t-1", "t-2"), before.customIds());
    assertEquals("ticket 2", before.request("t-2").userText());
    assertEquals("in_progress", before.processingStatus());
    assertNull(before.resultType("t-1"));
    assertFalse(before.canceled());
    assertThrows(IllegalArgumentException.class, () -> before.request("t-3"));

    api.retrieve(id);
    api.retrieve(id);
    assertEquals("in_progress", before.processingStatus()); // a snapshot does not change
    assertEquals("ended", claude.batches().created().get(0).processingStatus());
  }

  @Test
  void endAfterPollsEndsAtThatRetrieve() throws Exception {
    claude.batches().endAfterPolls(3);
    String id = api.createOk(Batches.tickets(1));

    assertEquals("in_progress", status(api.retrieve(id)));
    assertEquals(400, api.results(id).statusCode());
    assertEquals("in_progress", status(api.retrieve(id)));
    assertEquals("in_progress", status(api.list(null)));
    assertEquals("ended", status(api.retrieve(id)));
    assertEquals(200, api.results(id).statusCode());
  }

  @Test
  void resultsBeforeTheEndAre400() throws Exception {
    claude.batches().endAfterPolls(2);
    String id = api.createOk(Batches.tickets(1));

    HttpResponse<String> early = api.results(id);
    assertEquals(400, early.statusCode());
    assertEquals("invalid_request_error", Batches.json(early).get("error").get("type").asText());
  }

  @Test
  void processingTimeIsMeasuredOnTheClock() throws Exception {
    MutableClock clock = new MutableClock(Instant.parse("2026-12-01T10:00:00Z"));
    claude.batches().clock(clock).processingTime(Duration.ofMinutes(10));
    String id = api.createOk(Batches.tickets(1));
    assertEquals(
        "2026-12-01T10:00:00Z",
        Batches.json(api.list(null)).get("data").get(0).get("created_at").asText());

    clock.now = Instant.parse("2026-12-01T10:09:59Z");
    assertEquals("in_progress", status(api.retrieve(id)));
    clock.now = Instant.parse("2026-12-01T10:10:00Z");
    JsonNode listed = Batches.json(api.list(null)).get("data").get(0);
    assertEquals("ended", listed.get("processing_status").asText());
    assertEquals("2026-12-01T10:10:00Z", listed.get("ended_at").asText());
    assertEquals("2026-12-02T10:00:00Z", listed.get("expires_at").asText());
  }

  @Test
  void processingTimeZeroEndsAtTheFirstLook() throws Exception {
    claude.batches().processingTime(Duration.ZERO);
    String id = api.createOk(Batches.tickets(1));

    assertEquals(200, api.results(id).statusCode());
  }

  @Test
  void expireWhenExpiresMatchingEntriesWithoutAnsweringThem() throws Exception {
    claude.batches().expireWhen(Match.userTextContains("ticket 2"));
    claude.enqueue(FakeResponse.text("one"), FakeResponse.text("three"));
    String id = api.createOk(Batches.tickets(3));
    JsonNode ended = Batches.json(api.retrieve(id));

    assertEquals(1, ended.get("request_counts").get("expired").asInt());
    Map<String, JsonNode> results = Batches.byId(api.results(id));
    assertEquals("{\"type\":\"expired\"}", results.get("t-2").toString());
    assertEquals("one", text(results.get("t-1")));
    assertEquals("three", text(results.get("t-3")));
    claude.verifyAllUsed();
  }

  @Test
  void expireEndsAWholeBatchExpired() throws Exception {
    claude.batches().endAfterPolls(10);
    String id = api.createOk(Batches.tickets(2));
    claude.batches().expire(id);

    JsonNode ended = Batches.json(api.retrieve(id));
    assertEquals("ended", ended.get("processing_status").asText());
    assertEquals(2, ended.get("request_counts").get("expired").asInt());
    for (JsonNode result : Batches.byId(api.results(id)).values()) {
      assertEquals("expired", result.get("type").asText());
    }
    assertThrows(IllegalStateException.class, () -> claude.batches().expire(id));
  }

  @Test
  void cancelAfterTheEndChangesNothing() throws Exception {
    String id = api.createOk(Batches.tickets(1));
    api.retrieve(id);

    JsonNode answer = Batches.json(api.cancel(id));
    assertEquals("ended", answer.get("processing_status").asText());
    assertTrue(answer.get("cancel_initiated_at").isNull());
    assertEquals(
        "succeeded", Batches.lines(api.results(id)).get(0).get("result").get("type").asText());
    assertFalse(claude.batches().created().get(0).canceled());
  }

  @Test
  void dropCreateResponseCreatesTheBatchButClosesTheConnection() throws Exception {
    claude.batches().dropCreateResponse();

    assertThrows(IOException.class, () -> api.create(Batches.tickets(2)));

    List<FakeBatch> created = claude.batches().created();
    assertEquals(1, created.size());
    assertEquals(List.of("t-1", "t-2"), created.get(0).customIds());
    JsonNode listed = Batches.json(api.list("limit=10"));
    assertEquals(created.get(0).id(), listed.get("data").get(0).get("id").asText());
    assertEquals(2, listed.get("data").get(0).get("request_counts").get("processing").asInt());
    assertEquals("msgbatch_fake_000002", api.createOk(Batches.tickets(1)));
    claude.verifyAllUsed();
  }

  @Test
  void failNextAnswersTheNextBatchRequestsWithoutEffect() throws Exception {
    claude
        .batches()
        .failNext(
            FakeResponse.error(529, "overloaded_error", "Overloaded").withRetryAfterSeconds(2));

    HttpResponse<String> overloaded = api.create(Batches.tickets(1));
    assertEquals(529, overloaded.statusCode());
    assertEquals("2", overloaded.headers().firstValue("retry-after").orElseThrow());
    assertEquals("overloaded_error", Batches.json(overloaded).get("error").get("type").asText());
    assertTrue(claude.batches().created().isEmpty());

    String id = api.createOk(Batches.tickets(1));
    assertEquals("msgbatch_fake_000001", id);
    claude.batches().failNext(FakeResponse.error(500, "api_error", "Internal"));
    assertEquals(500, api.retrieve(id).statusCode());
    assertEquals("in_progress", claude.batches().created().get(0).processingStatus());
    assertEquals("ended", status(api.retrieve(id))); // the failed retrieve was not counted
    assertEquals(4, claude.batches().requests().size());
    claude.verifyAllUsed();
  }

  @Test
  void failNextConnectionFaultsCreateAndCancelNothing() throws Exception {
    claude.batches().endAfterPolls(2);
    claude.batches().failNext(FakeResponse.disconnect());
    // POSTs, which the JDK client does not retry on its own.
    assertThrows(IOException.class, () -> api.create(Batches.tickets(1)));
    assertTrue(claude.batches().created().isEmpty());

    String id = api.createOk(Batches.tickets(1));
    claude.batches().failNext(FakeResponse.reset());
    assertThrows(IOException.class, () -> api.cancel(id));
    assertFalse(claude.batches().created().get(0).canceled());
    assertEquals("in_progress", status(api.retrieve(id)));
  }

  @Test
  void unusedControlsFailVerifyAllUsed() {
    claude.batches().failNext(FakeResponse.error(529, "overloaded_error", "Overloaded"));
    claude.batches().dropCreateResponse();

    AssertionError error = assertThrows(AssertionError.class, claude::verifyAllUsed);
    assertTrue(
        error.getMessage().contains("1 batch failNext response not used"), error.getMessage());
    assertTrue(error.getMessage().contains("dropCreateResponse"), error.getMessage());
  }

  @Test
  void resultsComeShuffledTheSameWayForTheSameId() throws Exception {
    String id = api.createOk(Batches.tickets(10));
    api.retrieve(id);
    List<String> served = customIds(api.results(id));

    List<String> requestOrder = claude.batches().created().get(0).customIds();
    assertNotEquals(requestOrder, served);
    assertEquals(requestOrder.stream().sorted().toList(), served.stream().sorted().toList());
    assertEquals(served, customIds(api.results(id)));
    try (FakeClaude other = FakeClaude.start()) {
      Batches otherApi = new Batches(other.baseUrl());
      String sameId = otherApi.createOk(Batches.tickets(10));
      otherApi.retrieve(sameId);
      assertEquals(id, sameId);
      assertEquals(served, customIds(otherApi.results(sameId)));
    }
  }

  @Test
  void orderIsNeverTheRequestOrderForTwoOrMore() {
    for (int size = 2; size < 6; size++) {
      for (int n = 1; n <= 50; n++) {
        String id = String.format("msgbatch_fake_%06d", n);
        int[] order = FakeBatches.order(id, size);
        int[] identity = new int[size];
        for (int i = 0; i < size; i++) {
          identity[i] = i;
        }
        assertFalse(java.util.Arrays.equals(identity, order), id + " " + size);
        assertArrayEquals(order, FakeBatches.order(id, size));
        assertArrayEquals(identity, java.util.Arrays.stream(order).sorted().toArray());
      }
    }
    assertArrayEquals(new int[] {0}, FakeBatches.order("msgbatch_fake_000001", 1));
  }

  @Test
  void manyResultsAreStreamedLineByLine() throws Exception {
    String id = api.createOk(Batches.tickets(2000));
    api.retrieve(id);

    HttpResponse<String> results = api.results(id);
    assertEquals(2000, Batches.lines(results).size());
    assertTrue(results.body().endsWith("}\n"));
  }

  @Test
  void aReplayingServerAnswersEntriesFromRecordedMessagesCalls(@TempDir Path dir) throws Exception {
    claude.enqueue(FakeResponse.text("recorded answer"));
    try (FakeClaude recorder = FakeClaude.recording(claude.baseUrl(), "sk-test", dir)) {
      HttpResponse<String> call =
          Messages.post(recorder.baseUrl(), Batches.params("ticket 1").toString());
      assertEquals(200, call.statusCode());
    }

    try (FakeClaude replay = FakeClaude.replaying(dir)) {
      Batches replayApi = new Batches(replay.baseUrl());
      String id = replayApi.createOk(Batches.tickets(2));
      replayApi.retrieve(id);
      Map<String, JsonNode> results = Batches.byId(replayApi.results(id));
      assertEquals("recorded answer", text(results.get("t-1")));
      assertEquals(
          "not_found_error", results.get("t-2").get("error").get("error").get("type").asText());
      AssertionError unmatched = assertThrows(AssertionError.class, replay::verifyAllUsed);
      assertTrue(unmatched.getMessage().contains("ticket 2"), unmatched.getMessage());
    }
  }

  private static List<String> customIds(HttpResponse<String> results) throws IOException {
    List<String> ids = new ArrayList<>();
    for (JsonNode line : Batches.lines(results)) {
      ids.add(line.get("custom_id").asText());
    }
    return ids;
  }

  private static String status(HttpResponse<String> response) throws IOException {
    JsonNode json = Batches.json(response);
    if (json.has("data")) {
      return json.get("data").isEmpty()
          ? ""
          : json.get("data").get(0).get("processing_status").asText();
    }
    return json.get("processing_status").asText();
  }

  private static String text(JsonNode result) {
    assertEquals("succeeded", result.get("type").asText(), result.toString());
    return result.get("message").get("content").get(0).get("text").asText();
  }

  private static String errorMessage(JsonNode result) {
    assertEquals("errored", result.get("type").asText(), result.toString());
    return result.get("error").get("error").get("message").asText();
  }

  /** A clock a test moves by hand. */
  private static final class MutableClock extends Clock {
    volatile Instant now;

    MutableClock(Instant now) {
      this.now = now;
    }

    @Override
    public ZoneId getZone() {
      return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
      return this;
    }

    @Override
    public Instant instant() {
      return now;
    }
  }
}
