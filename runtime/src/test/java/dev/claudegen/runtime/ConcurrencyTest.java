package dev.claudegen.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.claudegen.testing.AllowUnusedResponses;
import dev.claudegen.testing.FakeClaude;
import dev.claudegen.testing.FakeClaudeExtension;
import dev.claudegen.testing.FakeResponse;
import dev.claudegen.testing.FakeScenarios;
import dev.claudegen.testing.RecordedRequest;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.logging.Level;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(FakeClaudeExtension.class)
class ConcurrencyTest {

  @Test
  void hundredParallelCallsThroughOneBoundCall(FakeClaude fake) throws Exception {
    ClaudeCall<String> call = TestBuilder.call(fake);
    List<Callable<String>> tasks = new ArrayList<>();
    Set<String> sent = new TreeSet<>();
    for (int i = 0; i < 100; i++) {
      String message = "message " + i;
      sent.add(message);
      tasks.add(() -> call.text("system", message));
    }
    ExecutorService pool = Executors.newFixedThreadPool(12);
    try {
      List<Future<String>> results = pool.invokeAll(tasks, 15, TimeUnit.SECONDS);
      for (Future<String> result : results) {
        // invokeAll cancels what did not finish in time; get() then throws.
        assertEquals(FakeClaude.DEFAULT_TEXT, result.get(1, TimeUnit.SECONDS));
      }
    } finally {
      pool.shutdownNow();
    }

    assertEquals(100, fake.requestCount());
    Set<String> received = new TreeSet<>();
    for (RecordedRequest request : fake.requests()) {
      assertEquals(TestBuilder.KEY, request.header("x-api-key"));
      received.add(request.json().get("messages").get(0).get("content").asText());
    }
    assertEquals(sent, received);
  }

  /** Every third scripted reply is a fault; each is followed by two successes. */
  private static FakeResponse fault(int i) {
    switch (i % 6) {
      case 0:
        return FakeScenarios.overloadedError();
      case 1:
        return FakeResponse.error(429, "rate_limit_error", "slow").withRetryAfterMillis(1);
      case 2:
        return FakeResponse.disconnect();
      case 3:
        return FakeResponse.reset();
      case 4:
        return FakeResponse.raw(502, "text/html", "<html>bad gateway</html>");
      default:
        return FakeResponse.error(500, "api_error", "cut").withTruncatedBody(7);
    }
  }

  @Test
  @AllowUnusedResponses // spare replies: how many faults hit a retry depends on the interleaving
  void twoHundredParallelCallsWithInjectedFaultsAllEndTyped(FakeClaude fake) throws Exception {
    for (int i = 0; i < 100; i++) {
      fake.enqueue(fault(i), FakeResponse.text("ok"), FakeResponse.text("ok"));
    }
    AtomicInteger sentEvents = new AtomicInteger();
    AtomicInteger retryEvents = new AtomicInteger();
    ClaudeCall<String> call =
        TestBuilder.against(fake)
            .listener(
                new ClaudeListener() {
                  @Override
                  public void onRequest(RequestSent event) {
                    sentEvents.incrementAndGet();
                  }

                  @Override
                  public void onRetry(RetryScheduled event) {
                    retryEvents.incrementAndGet();
                  }
                })
            .client()
            .bind(TestBuilder.spec().timeoutMillis(5_000).build());
    List<Callable<String>> tasks = new ArrayList<>();
    Set<String> sent = new TreeSet<>();
    for (int i = 0; i < 200; i++) {
      String message = "message " + i;
      sent.add(message);
      tasks.add(() -> call.text(null, message));
    }
    ExecutorService pool = Executors.newFixedThreadPool(32);
    int answered = 0;
    int failed = 0;
    try (LogCapture logs = new LogCapture()) {
      List<Future<String>> results = pool.invokeAll(tasks, 30, TimeUnit.SECONDS);
      for (Future<String> result : results) {
        try {
          String text = result.get(1, TimeUnit.SECONDS);
          assertTrue(text.equals("ok") || text.equals(FakeClaude.DEFAULT_TEXT), text);
          answered++;
        } catch (ExecutionException e) {
          // A call unlucky enough to draw three faults fails, but only ever with a typed error.
          if (!(e.getCause() instanceof ClaudeException)) {
            fail("untyped failure", e.getCause());
          }
          failed++;
        }
      }
      assertEquals(retryEvents.get(), logs.messagesAtLeast(Level.WARNING).size());
    } finally {
      pool.shutdownNow();
    }

    assertEquals(200, answered + failed);
    int requests = fake.requestCount();
    assertEquals(requests, sentEvents.get());
    assertEquals(requests - 200, retryEvents.get());
    assertTrue(requests >= 200 + 100 / 3, "faults were drawn: " + requests);
    Set<String> received = new TreeSet<>();
    for (RecordedRequest request : fake.requests()) {
      received.add(request.json().get("messages").get(0).get("content").asText());
    }
    assertEquals(sent, received);
  }
}
