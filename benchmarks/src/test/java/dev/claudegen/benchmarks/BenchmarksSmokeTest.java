package dev.claudegen.benchmarks;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.claudegen.testing.FakeClaude;
import dev.claudegen.testing.FakeResponse;
import dev.claudegen.testing.RecordedRequest;
import dev.langchain4j.http.client.HttpClientBuilderFactory;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

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
}
