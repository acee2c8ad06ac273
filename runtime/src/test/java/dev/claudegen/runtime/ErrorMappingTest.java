package dev.claudegen.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.claudegen.annotations.ErrorKind;
import dev.claudegen.testing.FakeClaude;
import dev.claudegen.testing.FakeClaudeExtension;
import dev.claudegen.testing.FakeResponse;
import java.net.http.HttpHeaders;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

@ExtendWith(FakeClaudeExtension.class)
class ErrorMappingTest {

  static Stream<Arguments> apiErrors() {
    return Stream.of(
        Arguments.of(400, "invalid_request_error", BadRequestException.class, ErrorKind.BAD_REQUEST),
        Arguments.of(401, "authentication_error", AuthenticationException.class, ErrorKind.AUTHENTICATION),
        Arguments.of(402, "billing_error", BillingException.class, ErrorKind.PERMISSION),
        Arguments.of(403, "permission_error", PermissionDeniedException.class, ErrorKind.PERMISSION),
        Arguments.of(404, "not_found_error", NotFoundException.class, ErrorKind.NOT_FOUND),
        Arguments.of(413, "request_too_large", RequestTooLargeException.class, ErrorKind.REQUEST_TOO_LARGE),
        Arguments.of(429, "rate_limit_error", RateLimitException.class, ErrorKind.RATE_LIMIT),
        Arguments.of(500, "api_error", InternalServerException.class, ErrorKind.SERVER_ERROR),
        Arguments.of(502, "api_error", InternalServerException.class, ErrorKind.SERVER_ERROR),
        Arguments.of(503, "api_error", InternalServerException.class, ErrorKind.SERVER_ERROR),
        Arguments.of(504, "timeout_error", InternalServerException.class, ErrorKind.SERVER_ERROR),
        Arguments.of(529, "overloaded_error", OverloadedException.class, ErrorKind.OVERLOADED));
  }

  @ParameterizedTest(name = "{0} {1} -> {2}")
  @MethodSource("apiErrors")
  void mapsStatusToTypedException(
      int status, String type, Class<? extends ClaudeApiException> expected, ErrorKind kind, FakeClaude fake) {
    String requestId = "req_test_" + status;
    fake.enqueue(FakeResponse.error(status, type, "Boom for " + status).withHeader("request-id", requestId));

    ClaudeException e = assertThrows(ClaudeException.class, () -> TestBuilder.callOnce(fake).text(null, "hi"));

    assertSame(expected, e.getClass());
    assertEquals(status, e.statusCode());
    assertEquals(type, e.errorType());
    assertEquals(requestId, e.requestId());
    assertEquals(kind, e.kind());
    assertEquals("Boom for " + status, e.details().errorMessage());
    assertEquals(1, e.attempts());
    assertEquals(Optional.empty(), e.retryAfter());
    assertNull(e.getCause());
    String message = status + " " + type + ": Boom for " + status + " (request-id " + requestId + ")";
    if (status == 401) {
      // A 401 adds where the key came from; KeyHostMismatchTest covers that hint.
      assertTrue(e.getMessage().startsWith(message + ". Check the key ("), e.getMessage());
    } else {
      assertEquals(message, e.getMessage());
    }
  }

  @Test
  void requestIdIsTheOneTheFakeGenerated(FakeClaude fake) {
    fake.enqueue(FakeResponse.error(429, "rate_limit_error", "slow down"));

    ClaudeException e = assertThrows(RateLimitException.class, () -> TestBuilder.callOnce(fake).text(null, "hi"));

    assertEquals("req_fake_000001", e.requestId());
    assertTrue(e.getMessage().contains("req_fake_000001"), e.getMessage());
  }

  @ParameterizedTest(name = "{0} -> ClaudeApiException {1}")
  @MethodSource("unlistedStatuses")
  void statusesWithoutOwnClassAreClaudeApiException(int status, ErrorKind kind, FakeClaude fake) {
    fake.enqueue(FakeResponse.error(status, "some_new_error", "odd"));

    ClaudeException e = assertThrows(ClaudeException.class, () -> TestBuilder.callOnce(fake).text(null, "hi"));

    assertSame(ClaudeApiException.class, e.getClass());
    assertEquals(kind, e.kind());
    assertEquals(status, e.statusCode());
    assertEquals("some_new_error", e.errorType());
    assertEquals("req_fake_000001", e.requestId());
  }

  static Stream<Arguments> unlistedStatuses() {
    return Stream.of(
        Arguments.of(408, ErrorKind.SERVER_ERROR),
        Arguments.of(409, ErrorKind.SERVER_ERROR),
        Arguments.of(422, ErrorKind.BAD_REQUEST),
        Arguments.of(418, ErrorKind.BAD_REQUEST));
  }

  @Test
  void unknownFiveHundredsAreInternalServerErrors(FakeClaude fake) {
    fake.enqueue(FakeResponse.error(599, "api_error", "odd"));

    ClaudeException e = assertThrows(ClaudeException.class, () -> TestBuilder.callOnce(fake).text(null, "hi"));

    assertSame(InternalServerException.class, e.getClass());
    assertEquals(ErrorKind.SERVER_ERROR, e.kind());
  }

  @Test
  void overloadedErrorTypeWinsOverStatus500(FakeClaude fake) {
    fake.enqueue(FakeResponse.error(500, "overloaded_error", "Overloaded"));

    ClaudeException e = assertThrows(ClaudeException.class, () -> TestBuilder.callOnce(fake).text(null, "hi"));

    assertSame(OverloadedException.class, e.getClass());
    assertEquals(ErrorKind.OVERLOADED, e.kind());
    assertEquals(500, e.statusCode());
  }

  @Test
  void status529IsOverloadedWhateverTheBody(FakeClaude fake) {
    fake.enqueue(FakeResponse.raw(529, "text/plain", "busy"));

    ClaudeException e = assertThrows(ClaudeException.class, () -> TestBuilder.callOnce(fake).text(null, "hi"));

    assertSame(OverloadedException.class, e.getClass());
    assertNull(e.errorType());
  }

  @Test
  void unknownErrorTypeIsKeptAsSent(FakeClaude fake) {
    fake.enqueue(FakeResponse.error(400, "brand_new_error", "new"));

    ClaudeException e = assertThrows(BadRequestException.class, () -> TestBuilder.callOnce(fake).text(null, "hi"));

    assertEquals("brand_new_error", e.errorType());
  }

  @Test
  void errorWithoutMessageSaysSo(FakeClaude fake) {
    fake.enqueue(FakeResponse.raw(400, "application/json", "{\"error\":{\"type\":\"invalid_request_error\"}}"));

    ClaudeException e = assertThrows(BadRequestException.class, () -> TestBuilder.callOnce(fake).text(null, "hi"));

    assertEquals("invalid_request_error", e.errorType());
    assertEquals("(no message)", e.details().errorMessage());
  }

  /**
   * FakeClaude always sends a {@code request-id} header (an empty override still arrives as ""),
   * so a response without one is made by a transport of the test's own.
   */
  @Test
  void requestIdFallsBackToTheBodyWhenTheHeaderIsAbsent() {
    byte[] body =
        "{\"type\":\"error\",\"error\":{\"type\":\"api_error\",\"message\":\"m\"},\"request_id\":\"req_body_7\"}"
            .getBytes(StandardCharsets.UTF_8);
    HttpHeaders headers = HttpHeaders.of(Map.of("content-type", List.of("application/json")), (n, v) -> true);
    ClaudeCall<String> call =
        new TestBuilder()
            .apiKey("k")
            .baseUrl("http://127.0.0.1:9")
            .transport(request -> new Transport.Response(500, headers, body))
            .client()
            .bind(TestBuilder.once().build());

    ClaudeException e = assertThrows(InternalServerException.class, () -> call.text(null, "hi"));

    assertEquals("req_body_7", e.requestId());
    assertTrue(e.getMessage().contains("request-id req_body_7"), e.getMessage());
  }

  @Test
  void emptyRequestIdHeaderCountsAsAbsent(FakeClaude fake) {
    fake.enqueue(
        FakeResponse.raw(
                500,
                "application/json",
                "{\"type\":\"error\",\"error\":{\"type\":\"api_error\",\"message\":\"m\"},"
                    + "\"request_id\":\"req_body_8\"}")
            .withHeader("request-id", ""));
    ClaudeCall<String> call = TestBuilder.callOnce(fake);

    ClaudeException e = assertThrows(InternalServerException.class, () -> call.text(null, "hi"));

    assertEquals("req_body_8", e.requestId());
  }

  @Test
  void headerRequestIdWinsOverTheBodys(FakeClaude fake) {
    fake.enqueue(
        FakeResponse.raw(
                500,
                "application/json",
                "{\"error\":{\"type\":\"api_error\",\"message\":\"m\"},\"request_id\":\"req_body\"}")
            .withHeader("request-id", "req_header"));

    ClaudeException e = assertThrows(InternalServerException.class, () -> TestBuilder.callOnce(fake).text(null, "hi"));

    assertEquals("req_header", e.requestId());
  }

  @Test
  void noRequestIdAnywhereIsNamedInTheMessage() {
    byte[] body = "{\"error\":{\"type\":\"api_error\",\"message\":\"m\"}}".getBytes(StandardCharsets.UTF_8);
    HttpHeaders headers = HttpHeaders.of(Map.of(), (n, v) -> true);
    ClaudeCall<String> call =
        new TestBuilder()
            .apiKey("k")
            .transport(request -> new Transport.Response(500, headers, body))
            .client()
            .bind(TestBuilder.once().build());

    ClaudeException e = assertThrows(InternalServerException.class, () -> call.text(null, "hi"));

    assertNull(e.requestId());
    assertEquals("500 api_error: m (no request-id)", e.getMessage());
  }

  @Test
  void retryAfterInSeconds(FakeClaude fake) {
    fake.enqueue(FakeResponse.error(429, "rate_limit_error", "slow").withHeader("retry-after", "7"));

    ClaudeException e = assertThrows(RateLimitException.class, () -> TestBuilder.callOnce(fake).text(null, "hi"));

    assertEquals(Optional.of(Duration.ofSeconds(7)), e.retryAfter());
  }

  @Test
  void retryAfterInMilliseconds(FakeClaude fake) {
    fake.enqueue(FakeResponse.error(529, "overloaded_error", "busy").withHeader("retry-after-ms", "1500"));

    ClaudeException e = assertThrows(OverloadedException.class, () -> TestBuilder.callOnce(fake).text(null, "hi"));

    assertEquals(Optional.of(Duration.ofMillis(1500)), e.retryAfter());
  }

  @Test
  void retryAfterMillisecondsWinOverSeconds(FakeClaude fake) {
    fake.enqueue(
        FakeResponse.error(429, "rate_limit_error", "slow")
            .withHeader("retry-after", "9")
            .withHeader("retry-after-ms", "250"));

    ClaudeException e = assertThrows(RateLimitException.class, () -> TestBuilder.callOnce(fake).text(null, "hi"));

    assertEquals(Optional.of(Duration.ofMillis(250)), e.retryAfter());
  }

  @Test
  void retryAfterAsHttpDateIsReadAgainstTheInjectedClock(FakeClaude fake) {
    Instant now = Instant.parse("2026-03-04T05:06:07Z");
    String date = DateTimeFormatter.RFC_1123_DATE_TIME.format(now.plusSeconds(42).atOffset(ZoneOffset.UTC));
    fake.enqueue(FakeResponse.error(503, "api_error", "later").withHeader("retry-after", date));
    ClaudeCall<String> call =
        TestBuilder.against(fake).clock(Clock.fixed(now, ZoneOffset.UTC)).client().bind(TestBuilder.once().build());

    ClaudeException e = assertThrows(InternalServerException.class, () -> call.text(null, "hi"));

    assertEquals(Optional.of(Duration.ofSeconds(42)), e.retryAfter());
  }

  @Test
  void unreadableRetryAfterIsAbsent(FakeClaude fake) {
    fake.enqueue(FakeResponse.error(429, "rate_limit_error", "slow").withHeader("retry-after", "soon"));

    ClaudeException e = assertThrows(RateLimitException.class, () -> TestBuilder.callOnce(fake).text(null, "hi"));

    assertEquals(Optional.empty(), e.retryAfter());
  }
}
