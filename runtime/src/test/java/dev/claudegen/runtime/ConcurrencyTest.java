package dev.claudegen.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.claudegen.testing.FakeClaude;
import dev.claudegen.testing.FakeClaudeExtension;
import dev.claudegen.testing.RecordedRequest;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(FakeClaudeExtension.class)
class ConcurrencyTest {

  @Test
  void hundredParallelCallsThroughOneBoundCall(FakeClaude fake) throws Exception {
    ClaudeCall call = TestBuilder.call(fake);
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
}
