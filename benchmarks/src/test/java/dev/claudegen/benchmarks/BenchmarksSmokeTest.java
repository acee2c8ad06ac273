package dev.claudegen.benchmarks;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.claudegen.testing.FakeClaude;
import dev.claudegen.testing.FakeResponse;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The benchmarks still run and still measure what they say, at a cost of seconds: each per-call
 * benchmark method once against a real loopback server, and a fan-out of 200 calls. No figure is
 * asserted (timing on a shared machine means nothing in a test); what is asserted is that every
 * client gets the server's reply, so a benchmark can never time a client failing fast.
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
