package dev.claudegen.benchmarks;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.claudegen.testing.FakeClaude;
import dev.claudegen.testing.FakeResponse;
import dev.claudegen.testing.RecordedRequest;
import dev.langchain4j.http.client.HttpClientBuilderFactory;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.openjdk.jmh.infra.Blackhole;

/**
 * The benchmarks still run and still measure what they say, at a cost of seconds: each per-call
 * benchmark method once against a real loopback server, a fan-out of 200 calls, and one cold start
 * (a JVM of its own) per client. No figure is asserted (timing on a shared machine means nothing
 * in a test); what is asserted is that every client gets the server's reply, so a benchmark can
 * never time a client failing fast, and that every peer asks the model for what the generated
 * client asks.
 */
class BenchmarksSmokeTest {

  @Test
  void everyPerCallBenchmarkReturnsTheServersText() throws Exception {
    PerCallLatency benchmark = new PerCallLatency();
    // start() itself calls each benchmark method once and checks its text.
    benchmark.start();
    try {
      assertEquals(LoopbackServer.TEXT, benchmark.floor());
      assertEquals(LoopbackServer.TEXT, benchmark.floorAsync());
      assertEquals(LoopbackServer.TEXT, benchmark.claudegen());
      assertEquals(LoopbackServer.TEXT, benchmark.claudegenAsync());
      assertEquals(LoopbackServer.TEXT, benchmark.sdk());
      assertEquals(LoopbackServer.TEXT, benchmark.langchain4j());
    } finally {
      benchmark.stop();
    }
  }

  @Test
  void everyToolRoundBenchmarkReturnsTheFinalTextAfterOneRound() throws Exception {
    ToolRound benchmark = new ToolRound();
    // start() itself calls each benchmark method once and checks its text, its tool's runs and
    // its two requests.
    benchmark.start();
    try {
      assertEquals(LoopbackServer.TOOL_TEXT, benchmark.floor());
      assertEquals(LoopbackServer.TOOL_TEXT, benchmark.claudegen());
      assertEquals(LoopbackServer.TOOL_TEXT, benchmark.sdk());
    } finally {
      benchmark.stop();
    }
  }

  @Test
  void pairedToolRoundGivesEveryClientARoundMedianPerCountedRound() throws Exception {
    Map<String, List<Double>> medians = PairedToolRound.run(3, 3);

    assertEquals(List.of("floor", "claudegen", "sdk"), List.copyOf(medians.keySet()));
    for (List<Double> rounds : medians.values()) {
      assertEquals(2, rounds.size()); // the warm-up round is not counted
      assertTrue(rounds.stream().allMatch(median -> median > 0));
    }
  }

  @Test
  void theToolEndpointAsksForTheToolThenAnswersItsResult() throws Exception {
    try (LoopbackServer server = LoopbackServer.start(1)) {
      HttpClient http = HttpClient.newHttpClient();
      String prompt = ToolEndpoint.prompt(OrderLookup.ORDER_ID);
      RawToolFloor.ToolUse use = new RawToolFloor.ToolUse("toolu_1", "lookupOrder", "A-1001");
      JsonNode first =
          new ObjectMapper()
              .readTree(post(http, server.toolsUrl(), RawToolFloor.body(prompt, null, null)));
      assertEquals("tool_use", first.get("stop_reason").asText());
      assertEquals(1, server.toolUseReplies());
      assertEquals(0, server.toolFinalReplies());
      assertEquals(
          new ObjectMapper()
              .readTree(
                  "[{\"type\":\"tool_use\",\"id\":\"toolu_1\",\"name\":\"lookupOrder\","
                      + "\"input\":{\"orderId\":\"A-1001\"}}]"),
          first.get("content"));
      JsonNode second =
          new ObjectMapper()
              .readTree(
                  post(
                      http,
                      server.toolsUrl(),
                      RawToolFloor.body(prompt, use, OrderLookup.RESULT_JSON)));
      assertEquals("end_turn", second.get("stop_reason").asText());
      assertEquals(1, server.toolUseReplies());
      assertEquals(1, server.toolFinalReplies());
      assertEquals(LoopbackServer.TOOL_TEXT, second.get("content").get(0).get("text").asText());
      // The endpoints of the other benchmarks still answer as before.
      assertEquals(
          LoopbackServer.TEXT,
          RawFloor.text(post(http, server.baseUrl(), RawToolFloor.body(prompt, use, "x"))));
    }
  }

  @Test
  void everyToolRoundClientSendsTheToolAndItsResultAsTheGeneratedClientDoes() throws Exception {
    Map<String, Function<URI, String>> clients = new java.util.LinkedHashMap<>();
    clients.put(
        "claudegen",
        url ->
            ClaudeToolEndpoint.builder()
                .apiKey("bench-key")
                .baseUrl(url.toString())
                .tools(new OrderLookup())
                .build()
                .where(OrderLookup.ORDER_ID));
    clients.put(
        "floor",
        url -> {
          try {
            return new RawToolFloor(url, "bench-key", Duration.ofSeconds(30), new OrderLookup())
                .where(OrderLookup.ORDER_ID);
          } catch (Exception e) {
            throw new IllegalStateException(e);
          }
        });
    clients.put(
        "sdk",
        url ->
            Peers.Sdk.lookup(
                Peers.Sdk.client(url, "bench-key"), new OrderLookup(), OrderLookup.ORDER_ID));
    List<JsonNode> generated = null;
    for (Map.Entry<String, Function<URI, String>> client : clients.entrySet()) {
      try (FakeClaude claude = FakeClaude.start()) {
        claude.enqueue(
            FakeResponse.blocks(
                    "{\"type\":\"tool_use\",\"id\":\"toolu_1\",\"name\":\"lookupOrder\","
                        + "\"input\":{\"orderId\":\"A-1001\"}}")
                .withStopReason("tool_use"),
            FakeResponse.text(LoopbackServer.TOOL_TEXT));
        assertEquals(
            LoopbackServer.TOOL_TEXT, client.getValue().apply(claude.baseUrl()), client.getKey());
        List<JsonNode> sent = List.of(claude.takeRequest().json(), claude.takeRequest().json());
        JsonNode result = sent.get(1).get("messages").get(2).get("content").get(0);
        assertEquals("tool_result", result.get("type").asText(), client.getKey());
        assertEquals("toolu_1", result.get("tool_use_id").asText(), client.getKey());
        assertEquals(OrderLookup.RESULT_JSON, result.get("content").asText(), client.getKey());
        if (generated == null) {
          generated = sent;
        } else if (client.getKey().equals("floor")) {
          // The same work on the wire: a difference here would make the floor cheaper for free.
          assertEquals(generated, sent);
        } else {
          // A peer's body may be shaped differently, but it must ask the same of the model.
          for (int i = 0; i < 2; i++) {
            assertEquals(generated.get(i).get("tools"), sent.get(i).get("tools"), client.getKey());
            assertEquals(
                generated.get(i).get("messages").size(),
                sent.get(i).get("messages").size(),
                client.getKey());
          }
        }
      }
    }
  }

  private static byte[] post(HttpClient http, URI base, byte[] body) throws Exception {
    HttpResponse<byte[]> response =
        http.send(
            HttpRequest.newBuilder(URI.create(base + "/v1/messages"))
                .header("content-type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofByteArray(body))
                .build(),
            HttpResponse.BodyHandlers.ofByteArray());
    assertEquals(200, response.statusCode());
    return response.body();
  }

  @Test
  void pairedPerCallGivesEveryClientARoundMedianPerCountedRound() throws Exception {
    Map<String, List<Double>> medians = PairedPerCall.run(5, 3);

    assertEquals(
        List.of("floor", "claudegen", "sdk", "langchain4j", "floorAsync", "claudegenAsync"),
        List.copyOf(medians.keySet()));
    for (List<Double> rounds : medians.values()) {
      assertEquals(2, rounds.size()); // the warm-up round is not counted
      assertTrue(rounds.stream().allMatch(median -> median > 0));
    }
    assertTrue(PairedPerCall.table(medians).contains("| floor | "));
  }

  @Test
  void everyStructuredDecodeBenchmarkReadsTheSameOrder() throws Exception {
    StructuredDecode benchmark = new StructuredDecode();
    // start() itself checks that the three give equal records.
    benchmark.start();
    OrderExtraction.Order order = benchmark.generated();
    assertEquals(order, benchmark.generatedDecoder());
    assertEquals(order, benchmark.databind());
    // What the reply was built to hold, so that equal records cannot be two empty ones.
    assertEquals(8, order.lines().size());
    assertEquals(2, order.shipments().size());
    assertEquals(OrderExtraction.Status.SHIPPED, order.status());
    assertEquals(java.util.Optional.empty(), order.billingAddress().orElseThrow().phone());
    assertEquals(java.util.Optional.empty(), order.shipments().get(1).expectedOn());
    assertEquals(java.time.LocalDate.of(2026, 11, 24), order.orderedOn());
    int length = StructuredDecode.TEXT.length();
    assertTrue(length > 1800 && length < 2200, "about 2 KB of JSON: " + length);
  }

  @Test
  void theGeneratedClientReadsTheBenchmarkedReplyIntoTheSameOrder() throws Exception {
    try (FakeClaude claude = FakeClaude.start()) {
      claude.enqueue(FakeResponse.text(StructuredDecode.TEXT));
      OrderExtraction client =
          ClaudeOrderExtraction.builder()
              .apiKey("bench-key")
              .baseUrl(claude.baseUrl().toString())
              .build();
      assertEquals(new StructuredDecode().generated(), client.extract("Order 7d1f, please."));
      // The schema the client sends names every property the reply holds.
      String schema = claude.takeRequest().body();
      for (String property :
          List.of("shippingAddress", "billingAddress", "unitPrice", "expectedOn", "loyaltyPoints")) {
        assertTrue(schema.contains("\"" + property + "\""), property);
      }
    }
  }

  @Test
  void everyStreamingBenchmarkReadsTheServersDeltas() throws Exception {
    Blackhole black =
        new Blackhole(
            "Today's password is swordfish. I understand instantiating Blackholes directly is"
                + " dangerous.");
    for (int deltas : new int[] {1, 1000}) {
      Streaming benchmark = new Streaming();
      benchmark.deltas = deltas;
      // start() itself reads one whole reply through each reader and checks its text.
      benchmark.start();
      try {
        Streaming.Rest rest = new Streaming.Rest();
        // Twice each, the rest read in between, as JMH runs them: the second call proves the
        // first one's connection was left fit for the next.
        for (int round = 0; round < 2; round++) {
          assertEquals(LoopbackServer.delta(0), benchmark.firstDeltaFloor(rest));
          rest.read();
          assertEquals(LoopbackServer.delta(0), benchmark.firstDeltaClaudegen(rest));
          rest.read();
        }
        assertEquals(deltas, benchmark.wholeFloor(black));
        assertEquals(deltas, benchmark.wholeClaudegen(black));
        long body = 0;
        for (byte[] event : LoopbackServer.events(deltaTexts(deltas))) {
          body += event.length;
        }
        assertEquals(body, benchmark.wholeBodyOnly());
      } finally {
        benchmark.stop();
      }
    }
  }

  @Test
  void theLoopbackServerStreamsTheEventsFakeClaudeStreams() throws Exception {
    List<Event> loopback = new ArrayList<>();
    for (byte[] event : LoopbackServer.events(LoopbackServer.TEXT_DELTAS)) {
      loopback.addAll(Event.parse(new String(event, StandardCharsets.UTF_8)));
    }
    List<Event> fake;
    try (FakeClaude claude = FakeClaude.start()) {
      claude.enqueue(FakeResponse.text(LoopbackServer.TEXT));
      HttpResponse<String> response =
          HttpClient.newHttpClient()
              .send(
                  HttpRequest.newBuilder(claude.baseUrl().resolve("/v1/messages"))
                      .header("x-api-key", "bench-key")
                      .header("anthropic-version", "2023-06-01")
                      .header("content-type", "application/json")
                      .POST(
                          HttpRequest.BodyPublishers.ofByteArray(
                              RawFloor.body(BenchEndpoint.prompt("Ada"), true)))
                      .build(),
                  HttpResponse.BodyHandlers.ofString());
      assertEquals(200, response.statusCode());
      assertEquals(
          "text/event-stream; charset=utf-8",
          response.headers().firstValue("content-type").orElse(null));
      fake = Event.parse(response.body());
    }
    assertEquals(names(fake), names(loopback));
    for (int i = 0; i < fake.size(); i++) {
      Event expected = fake.get(i);
      Event actual = loopback.get(i);
      if (expected.name.equals("message_start") || expected.name.equals("message_delta")) {
        // Ids and token counts are each server's own; the fields and their types must match.
        assertEquals(shape(expected.data), shape(actual.data), expected.name);
      } else {
        assertEquals(expected.data, actual.data, expected.name + " " + i);
      }
    }
  }

  @Test
  void theStreamingFloorSendsWhatTheGeneratedClientSendsAndReadsFakeClaude() throws Exception {
    try (FakeClaude claude = FakeClaude.start()) {
      claude.enqueue(FakeResponse.text(LoopbackServer.TEXT), FakeResponse.text(LoopbackServer.TEXT));
      BenchEndpoint client =
          ClaudeBenchEndpoint.builder().apiKey("bench-key").baseUrl(claude.baseUrl().toString()).build();
      try (Stream<String> text = client.helloStream("Ada")) {
        assertEquals(LoopbackServer.TEXT_DELTAS, text.collect(Collectors.toList()));
      }
      RawStreamFloor floor = new RawStreamFloor(claude.baseUrl(), "bench-key", Duration.ofSeconds(30));
      List<String> read = new ArrayList<>();
      try (RawStreamFloor.Deltas deltas = floor.stream("Ada")) {
        for (String piece = deltas.next(); piece != null; piece = deltas.next()) {
          read.add(piece);
        }
      }
      assertEquals(LoopbackServer.TEXT_DELTAS, read);
      RecordedRequest sent = claude.takeRequest();
      RecordedRequest floorSent = claude.takeRequest();
      assertTrue(sent.stream());
      // The same work on the wire: a difference here would make the floor cheaper for free.
      assertEquals(sent.json(), floorSent.json());
    }
  }

  @Test
  void theSummaryTellsADeltasOwnString() {
    // " The quick brown fox" is 20 Latin-1 chars: 24 + (16 + 20 → 40) bytes.
    assertEquals(64.0, StreamingMain.ownStringBytes(1));
    double[] each = new double[4];
    for (int i = 0; i < 4; i++) {
      each[i] = 24 + ((16 + LoopbackServer.delta(i).length() + 7) / 8) * 8;
    }
    assertEquals((each[0] + each[1] + each[2] + each[3]) / 4, StreamingMain.ownStringBytes(1000));
  }

  @Test
  void theFloorSendsTheBodyTheGeneratedClientSends() throws Exception {
    try (FakeClaude claude = FakeClaude.start()) {
      claude.enqueue(FakeResponse.text(LoopbackServer.TEXT));
      BenchEndpoint client =
          ClaudeBenchEndpoint.builder().apiKey("bench-key").baseUrl(claude.baseUrl().toString()).build();
      assertEquals(LoopbackServer.TEXT, client.hello("Ada"));
      JsonNode sent = claude.takeRequest().json();
      JsonNode floor = new ObjectMapper().readTree(RawFloor.body(BenchEndpoint.prompt("Ada")));
      // The same work on the wire: a difference here would make the floor cheaper for free.
      assertEquals(sent, floor);
    }
  }

  @Test
  void thePeersSendTheModelLimitAndPromptTheGeneratedClientSends() throws Exception {
    Map<String, Function<URI, String>> peers =
        Map.of(
            "sdk", url -> Peers.Sdk.hello(Peers.Sdk.client(url, "bench-key"), "Ada"),
            "langchain4j",
            url -> Peers.LangChain4j.hello(Peers.LangChain4j.model(url, "bench-key"), "Ada"));
    for (Map.Entry<String, Function<URI, String>> peer : peers.entrySet()) {
      try (FakeClaude claude = FakeClaude.start()) {
        claude.enqueue(FakeResponse.text(LoopbackServer.TEXT));
        assertEquals(LoopbackServer.TEXT, peer.getValue().apply(claude.baseUrl()), peer.getKey());
        RecordedRequest sent = claude.takeRequest();
        // A peer's body may be shaped differently (content as blocks, say), but it must ask the
        // same of the model, or the comparison is not of the same call.
        assertEquals("/v1/messages", sent.path(), peer.getKey());
        assertEquals(BenchEndpoint.MODEL, sent.model(), peer.getKey());
        assertEquals(BenchEndpoint.MAX_TOKENS, sent.maxTokens(), peer.getKey());
        assertEquals(
            List.of(new RecordedRequest.Turn("user", BenchEndpoint.prompt("Ada"))),
            sent.messages(),
            peer.getKey());
        assertEquals(null, sent.system(), peer.getKey());
      }
    }
  }

  @Test
  void langChain4jFindsOnlyItsJdkHttpClient() {
    // AnthropicChatModel takes the one HttpClientBuilderFactory its service loader finds (and
    // fails on two): this is the transport it is measured on.
    List<String> factories = new ArrayList<>();
    ServiceLoader.load(HttpClientBuilderFactory.class)
        .forEach(factory -> factories.add(factory.getClass().getName()));
    assertEquals(List.of("dev.langchain4j.http.client.jdk.JdkHttpClientBuilderFactory"), factories);
  }

  @Test
  void aColdStartOfEveryClientGetsTheServersReply() throws Exception {
    try (LoopbackServer server = LoopbackServer.start(2)) {
      for (String client : ColdStart.CLIENTS) {
        // The child exits non-zero unless its one call returned the server's text.
        ColdStart.Launch launch = ColdStart.inChildJvm(client, server.baseUrl());
        assertTrue(launch.mainToReplyMs <= launch.jvmToReplyMs, client + ": " + launch);
        assertTrue(launch.jvmToReplyMs <= launch.spawnToReplyMs, client + ": " + launch);
        assertTrue(launch.cpuToReplyMs > 0, client + ": " + launch);
        assertTrue(launch.peakRssMb > 0, client + ": " + launch);
        assertTrue(launch.classes > 0, client + ": " + launch);
      }
      assertEquals(ColdStart.CLIENTS.size(), server.answered());
    }
  }

  @Test
  void aSmallFanOutLosesNothingThroughEitherClient() throws Exception {
    try (LoopbackServer server = LoopbackServer.start(Duration.ofMillis(50), 2)) {
      for (String client : FanOutBenchmark.CLIENTS) {
        server.resetCounts();
        FanOutBenchmark.Result result = FanOutBenchmark.run(client, server.baseUrl(), 200);
        assertEquals(200, result.ok, client + ": " + result);
        assertEquals(Map.of(), result.failures, client + ": " + result);
        assertEquals(0, result.lost, client + ": " + result);
        assertTrue(result.bounded(), client + ": " + result);
        assertEquals(200, server.answered(), client);
      }
    }
  }

  @Test
  void aFanOutResultCrossesFromTheChildJvmIntact() {
    FanOutBenchmark.Result result = new FanOutBenchmark.Result();
    result.calls = 3;
    result.ok = 2;
    result.failures.put("ClaudeTimeoutException", 1L);
    result.maxMs = 31_000;
    result.retryLogs = 4;
    FanOutBenchmark.Result back = FanOutBenchmark.Result.decode(result.encode());
    assertEquals(result.toString(), back.toString());
  }

  private static List<String> deltaTexts(int deltas) {
    List<String> texts = new ArrayList<>();
    for (int i = 0; i < deltas; i++) {
      texts.add(LoopbackServer.delta(i));
    }
    return texts;
  }

  private static List<String> names(List<Event> events) {
    return events.stream().map(event -> event.name).collect(Collectors.toList());
  }

  /** The JSON with every value replaced by its type: what two servers' events share. */
  private static JsonNode shape(JsonNode node) {
    if (!node.isObject()) {
      return JsonNodeFactory.instance.textNode(node.getNodeType().toString());
    }
    ObjectNode shape = JsonNodeFactory.instance.objectNode();
    for (Map.Entry<String, JsonNode> field : node.properties()) {
      shape.set(field.getKey(), shape(field.getValue()));
    }
    return shape;
  }

  /** One server-sent event: its name and its one data line, as JSON. */
  private static final class Event {
    final String name;
    final JsonNode data;

    Event(String name, JsonNode data) {
      this.name = name;
      this.data = data;
    }

    /** The events of a body in which every event is an event line, a data line, a blank line. */
    static List<Event> parse(String body) throws Exception {
      ObjectMapper json = new ObjectMapper();
      List<Event> events = new ArrayList<>();
      String[] lines = body.split("\n", -1);
      for (int i = 0; i + 2 < lines.length; i += 3) {
        assertTrue(lines[i].startsWith("event: "), lines[i]);
        assertTrue(lines[i + 1].startsWith("data: "), lines[i + 1]);
        assertEquals("", lines[i + 2]);
        events.add(
            new Event(lines[i].substring(7), json.readTree(lines[i + 1].substring(6))));
      }
      return events;
    }
  }
}
