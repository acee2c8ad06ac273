package dev.claudegen.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.claudegen.annotations.ErrorKind;
import dev.claudegen.testing.FakeClaude;
import dev.claudegen.testing.FakeClaudeExtension;
import dev.claudegen.testing.FakeResponse;
import java.io.IOException;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(FakeClaudeExtension.class)
class ConnectionFailureTest {

  @Test
  void droppedConnectionIsAConnectionException(FakeClaude fake) {
    fake.enqueue(FakeResponse.disconnect());

    ClaudeException e = assertThrows(ClaudeException.class, () -> TestBuilder.callOnce(fake).text(null, "hi"));

    assertSame(ClaudeConnectionException.class, e.getClass());
    assertEquals(0, e.statusCode());
    assertEquals(ErrorKind.CONNECTION, e.kind());
    assertNull(e.errorType());
    assertNull(e.requestId());
    assertEquals(Optional.empty(), e.retryAfter());
    assertInstanceOf(IOException.class, e.getCause());
    assertTrue(e.getMessage().startsWith("connection failed: "), e.getMessage());
    assertTrue(e.getMessage().endsWith("(no request-id)"), e.getMessage());
    assertEquals(1, fake.requestCount());
  }

  @Test
  void slowServerTimesOutAtTheSpecsTimeout(FakeClaude fake) {
    fake.enqueue(FakeResponse.text("x").withDelay(Duration.ofSeconds(5)));
    ClaudeCall<String> call = TestBuilder.call(fake, TestBuilder.once().timeoutMillis(300).build());

    long started = System.nanoTime();
    ClaudeException e = assertThrows(ClaudeException.class, () -> call.text(null, "hi"));
    Duration elapsed = Duration.ofNanos(System.nanoTime() - started);

    assertSame(ClaudeTimeoutException.class, e.getClass());
    assertTrue(elapsed.compareTo(Duration.ofSeconds(3)) < 0, "took " + elapsed);
    assertTrue(elapsed.compareTo(Duration.ofMillis(250)) >= 0, "took only " + elapsed);
    assertEquals(0, e.statusCode());
    assertEquals(ErrorKind.TIMEOUT, e.kind());
    assertNull(e.requestId());
    assertInstanceOf(HttpTimeoutException.class, e.getCause());
    assertEquals("no response within 300ms (no request-id)", e.getMessage());
  }

  @Test
  void timeoutInWholeSecondsIsNamedInSeconds(FakeClaude fake) {
    fake.enqueue(FakeResponse.text("x").withDelay(Duration.ofSeconds(5)));
    ClaudeCall<String> call = TestBuilder.call(fake, TestBuilder.once().timeoutMillis(1000).build());

    ClaudeException e = assertThrows(ClaudeTimeoutException.class, () -> call.text(null, "hi"));

    assertEquals("no response within 1s (no request-id)", e.getMessage());
  }

  @Test
  void closedPortIsAConnectionException() {
    FakeClaude closed = FakeClaude.start();
    String url = closed.baseUrl().toString();
    closed.close();
    ClaudeCall<String> call = new TestBuilder().apiKey("k").baseUrl(url).client().bind(TestBuilder.once().build());

    ClaudeException e = assertThrows(ClaudeException.class, () -> call.text(null, "hi"));

    assertSame(ClaudeConnectionException.class, e.getClass());
    assertEquals(0, e.statusCode());
    assertEquals(ErrorKind.CONNECTION, e.kind());
    assertInstanceOf(IOException.class, e.getCause());
  }

  @Test
  void theCallWorksAgainAfterAFailure(FakeClaude fake) {
    fake.enqueue(FakeResponse.disconnect());
    ClaudeCall<String> call = TestBuilder.callOnce(fake);

    assertThrows(ClaudeConnectionException.class, () -> call.text(null, "hi"));
    assertEquals(FakeClaude.DEFAULT_TEXT, call.text(null, "hi"));
  }
}
