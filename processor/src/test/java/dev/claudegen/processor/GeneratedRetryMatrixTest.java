package dev.claudegen.processor;

import static dev.claudegen.processor.Compiler.assistant;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.claudegen.runtime.AuthenticationException;
import dev.claudegen.runtime.BadRequestException;
import dev.claudegen.runtime.BillingException;
import dev.claudegen.runtime.ClaudeConnectionException;
import dev.claudegen.runtime.ClaudeException;
import dev.claudegen.runtime.ClaudeTimeoutException;
import dev.claudegen.runtime.InternalServerException;
import dev.claudegen.runtime.NotFoundException;
import dev.claudegen.runtime.OverloadedException;
import dev.claudegen.runtime.PermissionDeniedException;
import dev.claudegen.runtime.RateLimitException;
import dev.claudegen.runtime.RequestTooLargeException;
import dev.claudegen.testing.FakeClaude;
import dev.claudegen.testing.FakeResponse;
import dev.claudegen.testing.FakeScenarios;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import javax.tools.JavaFileObject;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The failure matrix, through a client the processor generated from {@code @Retry} annotations:
 * for each fault FakeClaude can produce, the exception type, how many attempts were made and the
 * waits between them. Jitter is 0, so the waits are exact; the sleeper records them and returns
 * at once, so a 15-second schedule takes milliseconds.
 */
class GeneratedRetryMatrixTest {

  /**
   * The interface under test with the given method timeout. Only the stalled server needs a short
   * one; every other fault gets a generous one, so that a slow first request on a cold JVM is
   * never mistaken for a timeout.
   */
  private static JavaFileObject triage(String timeout) {
    return assistant(
        "@ClaudeEndpoint(model = \"claude-sonnet-4-6\", maxTokens = 1024, timeout = \"" + timeout
            + "\")",
        "@Retry(on = ErrorKind.RATE_LIMIT, maxAttempts = 5, initialDelay = \"1s\", jitter = 0)",
        "@Retry(on = ErrorKind.OVERLOADED, maxAttempts = 3, initialDelay = \"5s\", jitter = 0)",
        "@Retry(on = {ErrorKind.SERVER_ERROR, ErrorKind.CONNECTION, ErrorKind.TIMEOUT},",
        "    maxAttempts = 2, initialDelay = \"500ms\", jitter = 0)",
        "public interface Assistant {",
        "  String ask(String question);",
        "}");
  }

  private static final String STALL = "stall before the status";

  private static JavaFileObject triageFor(String fault) {
    return triage(fault.equals(STALL) ? "500ms" : "30s");
  }

  private static final List<Duration> NONE = List.of();
  private static final List<Duration> RATE_LIMIT_WAITS =
      List.of(seconds(1), seconds(2), seconds(4), seconds(8));
  private static final List<Duration> OVERLOAD_WAITS = List.of(seconds(5), seconds(10));
  private static final List<Duration> SERVER_WAITS = List.of(Duration.ofMillis(500));

  static Stream<Arguments> faults() {
    return Stream.of(
        row("400", error(400, "invalid_request_error"), BadRequestException.class, NONE),
        row("401", error(401, "authentication_error"), AuthenticationException.class, NONE),
        row("402", error(402, "billing_error"), BillingException.class, NONE),
        row("403", error(403, "permission_error"), PermissionDeniedException.class, NONE),
        row("404", error(404, "not_found_error"), NotFoundException.class, NONE),
        row("413", error(413, "request_too_large"), RequestTooLargeException.class, NONE),
        row("429", error(429, "rate_limit_error"), RateLimitException.class, RATE_LIMIT_WAITS),
        row("500", error(500, "api_error"), InternalServerException.class, SERVER_WAITS),
        row("502", error(502, "api_error"), InternalServerException.class, SERVER_WAITS),
        row("503", error(503, "api_error"), InternalServerException.class, SERVER_WAITS),
        row("504", error(504, "timeout_error"), InternalServerException.class, SERVER_WAITS),
        row("529", error(529, "overloaded_error"), OverloadedException.class, OVERLOAD_WAITS),
        row("reset connection", FakeResponse.reset(), ClaudeConnectionException.class,
            SERVER_WAITS),
        // A stall before any status; after a 2xx's headers it is billed, never sent again (the
        // runtime's StalledReplyTest).
        row(STALL, FakeResponse.text("late").withDelay(Duration.ofSeconds(30)),
            ClaudeTimeoutException.class, SERVER_WAITS),
        row("proxy HTML page",
            FakeResponse.raw(502, "text/html", "<html><body><h1>502 Bad Gateway</h1></body></html>"),
            InternalServerException.class, SERVER_WAITS),
        // An error body cut short; a 2xx cut short is never sent again (the runtime's own tests).
        row("truncated body",
            FakeResponse.error(500, "api_error", "cut short").withTruncatedBody(20),
            ClaudeConnectionException.class, SERVER_WAITS));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("faults")
  void eachFaultEndsInItsTypedExceptionAfterItsSchedule(
      String fault,
      FakeResponse response,
      Class<? extends ClaudeException> expected,
      List<Duration> expectedWaits)
      throws Exception {
    try (FakeClaude claude = FakeClaude.start()) {
      claude.enqueue(FakeScenarios.repeated(response, 6));
      List<Duration> waits = new ArrayList<>();
      Object client =
          GeneratedClients.build(triageFor(fault), "com.acme.ClaudeAssistant", claude, waits::add);

      Throwable thrown =
          assertThrows(Throwable.class, () -> GeneratedClients.invoke(client, "ask", "Hi?"));

      ClaudeException error = assertInstanceOf(expected, thrown, fault);
      int attempts = expectedWaits.size() + 1;
      assertEquals(expectedWaits, waits, fault + ": waits");
      assertEquals(attempts, claude.requestCount(), fault + ": requests sent");
      assertEquals(attempts - 1, error.getSuppressed().length, fault + ": earlier attempts");
      assertTrue(error.getMessage().contains("request-id"), error.getMessage());
    }
  }

  static Stream<Arguments> retriedFaults() {
    return faults().filter(row -> !((List<?>) row.get()[3]).isEmpty());
  }

  @ParameterizedTest(name = "{0} then success")
  @MethodSource("retriedFaults")
  void retriedFaultsRecoverWhenTheServerDoes(
      String fault,
      FakeResponse response,
      Class<? extends ClaudeException> expected,
      List<Duration> expectedWaits)
      throws Throwable {
    try (FakeClaude claude = FakeClaude.start()) {
      claude.enqueue(response, FakeResponse.text("Recovered."));
      List<Duration> waits = new ArrayList<>();
      Object client =
          GeneratedClients.build(triageFor(fault), "com.acme.ClaudeAssistant", claude, waits::add);

      assertEquals("Recovered.", GeneratedClients.invoke(client, "ask", "Hi?"), fault);
      assertEquals(expectedWaits.subList(0, 1), waits, fault);
      assertEquals(2, claude.requestCount(), fault);
    }
  }

  private static Arguments row(
      String name, FakeResponse response, Class<? extends ClaudeException> expected,
      List<Duration> waits) {
    return Arguments.of(name, response, expected, waits);
  }

  private static FakeResponse error(int status, String type) {
    return FakeResponse.error(status, type, "Failure " + status);
  }

  private static Duration seconds(long seconds) {
    return Duration.ofSeconds(seconds);
  }
}
