package dev.claudegen.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.claudegen.annotations.ErrorKind;
import dev.claudegen.testing.FakeClaude;
import dev.claudegen.testing.FakeClaudeExtension;
import dev.claudegen.testing.FakeResponse;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.logging.LogRecord;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * A server (or a relay, or a proxy in between) that quotes the key back must not make it visible:
 * for every status the error mapping knows, the key echoed in the error message, the error type,
 * the request-id header and a non-JSON body reaches no exception text, log record or listener
 * event. Each call first fails once with a retryable echo, so the thrown exception also carries a
 * suppressed one and the retry produced a WARNING and a {@code RetryScheduled} event.
 */
@ExtendWith(FakeClaudeExtension.class)
class KeyRedactionTest {

  static final String ANTHROPIC_KEY =
      "sk-ant-api03-Zq8vT2mLkP4nR7sW1xY5bC9dF3gH6jK0aE2iO4uQ8tV1wZ3yX5rN7pM9lB2cD4fG6hJ8kL0mNA-AB12CdAA";
  static final String RELAY_KEY = "cr_5e1f9c3b7a2d4e6f8091a2b3c4d5e6f7a8b9c0d1e2f3a4b5c6d7e8f90a1b2c3d";

  /** Every status the mapping treats in its own way, a 3xx, and two statuses with non-JSON bodies. */
  static final int[] STATUSES = {
    301, 400, 401, 402, 403, 404, 408, 409, 413, 422, 429, 500, 502, 503, 504, 529
  };

  static Stream<Arguments> cases() {
    List<Arguments> cases = new ArrayList<>();
    for (String key : List.of(ANTHROPIC_KEY, RELAY_KEY)) {
      for (int status : STATUSES) {
        cases.add(Arguments.of(family(key), key, status, false));
      }
      cases.add(Arguments.of(family(key), key, 502, true));
      cases.add(Arguments.of(family(key), key, 307, true));
    }
    return cases.stream();
  }

  private static String family(String key) {
    return key.startsWith("sk-ant-") ? "anthropic key" : "relay key";
  }

  /** An API error body, written by hand for statuses {@link FakeResponse#error} refuses (3xx). */
  private static String errorJson(String type, String message) {
    return "{\"type\":\"error\",\"error\":{\"type\":\""
        + type
        + "\",\"message\":\""
        + message
        + "\"}}";
  }

  /** The status's reply with the key in every server-provided text it has. */
  private static FakeResponse echoing(int status, String key, boolean html) {
    String message = "invalid x-api-key: " + key + " (url form " + urlEncoded(key) + ")";
    String type = "authentication_error:" + key;
    FakeResponse response;
    if (html) {
      // The key straddles the 200-character excerpt cut, so only part of it is in the message.
      String padding = "x".repeat(170);
      response =
          FakeResponse.raw(
              status, "text/html", "<html><body>" + padding + " " + key + " " + key + "</body></html>");
    } else if (status < 400) {
      response = FakeResponse.raw(status, "application/json", errorJson(type, message));
    } else {
      response = FakeResponse.error(status, type, message);
    }
    return response.withHeader("request-id", "req_" + key);
  }

  private static String urlEncoded(String key) {
    return URLEncoder.encode(key, StandardCharsets.UTF_8);
  }

  @ParameterizedTest(name = "{0}, status {2}, html {3}")
  @MethodSource("cases")
  void echoedKeyIsShownNowhere(String family, String key, int status, boolean html, FakeClaude fake) {
    EventRecorder events = new EventRecorder();
    RetrySchedule retryOnce =
        RetrySchedule.on(
                ErrorKind.RATE_LIMIT,
                ErrorKind.OVERLOADED,
                ErrorKind.SERVER_ERROR,
                ErrorKind.CONNECTION,
                ErrorKind.TIMEOUT)
            .maxAttempts(2)
            .build();
    ClaudeCall<String> call =
        new TestBuilder()
            .apiKey(key)
            .baseUrl(fake.baseUrl().toString())
            .allowForeignHost(true)
            .listener(events)
            .client()
            .bind(TestBuilder.spec().retry(retryOnce).build());
    fake.enqueue(echoing(503, key, false), echoing(status, key, html));

    List<String> shown = new ArrayList<>();
    try (LogCapture logs = new LogCapture()) {
      ClaudeException e = assertThrows(ClaudeException.class, () -> call.text(null, "hi"));
      assertEquals(status, e.statusCode());
      assertEquals(1, e.getSuppressed().length, "the 503 before it rides along");
      shown.add(e.getMessage());
      shown.add(e.toString());
      shown.add(stackTraceOf(e));
      for (Throwable earlier : e.getSuppressed()) {
        shown.add(earlier.getMessage());
      }
      shown.add(String.valueOf(e.errorType()));
      shown.add(String.valueOf(e.requestId()));
      shown.add(e.details().toString());
      assertFalse(logs.records.isEmpty(), "a retry WARNING and the DEBUG failure line");
      for (LogRecord record : logs.records) {
        shown.add(String.valueOf(record.getMessage()));
        if (record.getParameters() != null) {
          for (Object parameter : record.getParameters()) {
            shown.add(String.valueOf(parameter));
          }
        }
        if (record.getThrown() != null) {
          shown.add(stackTraceOf(record.getThrown()));
        }
      }
    }
    assertEquals(
        List.of(
            ClaudeListener.CallStarted.class,
            ClaudeListener.RequestSent.class,
            ClaudeListener.RetryScheduled.class,
            ClaudeListener.RequestSent.class,
            ClaudeListener.CallFailed.class),
        events.events.stream().map(Object::getClass).toList());
    for (Object event : events.events) {
      shown.add(event.toString());
    }
    for (ClaudeListener.RetryScheduled retry : events.of(ClaudeListener.RetryScheduled.class)) {
      shown.add(stackTraceOf(retry.cause()));
    }
    for (ClaudeListener.CallFailed failed : events.of(ClaudeListener.CallFailed.class)) {
      shown.add(stackTraceOf(failed.error()));
    }

    for (String text : shown) {
      assertNoPartOfKey(key, text);
    }
    // What was redacted says so, so that a reader knows the server quoted a credential.
    assertTrue(shown.get(0).contains("[redacted]"), shown.get(0));
  }

  /** Neither the key nor a 12-character piece of it, which would be a leak of its own. */
  private static void assertNoPartOfKey(String key, String text) {
    IntStream.rangeClosed(0, key.length() - 12)
        .mapToObj(i -> key.substring(i, i + 12))
        .filter(piece -> !piece.startsWith("sk-ant-"))
        .forEach(piece -> assertFalse(text.contains(piece), () -> "key part " + piece + " in: " + text));
  }

  private static String stackTraceOf(Throwable e) {
    StringWriter out = new StringWriter();
    e.printStackTrace(new PrintWriter(out));
    return out.toString();
  }
}
