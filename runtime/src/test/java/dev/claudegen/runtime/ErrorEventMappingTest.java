package dev.claudegen.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.claudegen.annotations.ErrorKind;
import java.net.http.HttpHeaders;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ErrorEventMappingTest {

  private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-01-01T00:00:00Z"), ZoneOffset.UTC);
  private static final Redactor NO_KEY = Redactor.forKey(null);

  private static ClaudeApiException fromEvent(String type, String message, int deltas) {
    return ResponseErrors.errorEvent(
        new StreamException.ErrorEvent(type, message, null, deltas),
        "req_1",
        RateLimitInfo.NONE,
        kind -> AttemptNumber.ONLY,
        NO_KEY);
  }

  private static ClaudeApiException fromStatus(int status, String type) {
    byte[] body =
        ("{\"type\":\"error\",\"error\":{\"type\":\"" + type + "\",\"message\":\"m\"}}")
            .getBytes(StandardCharsets.UTF_8);
    HttpHeaders headers = HttpHeaders.of(Map.of(), (name, value) -> true);
    return ResponseErrors.toException(
        new Transport.Response(status, headers, body), CLOCK, kind -> AttemptNumber.ONLY, NO_KEY, null);
  }

  @ParameterizedTest(name = "{0} -> {2} {3}")
  @CsvSource({
    "overloaded_error, 529, OverloadedException, OVERLOADED",
    "rate_limit_error, 429, RateLimitException, RATE_LIMIT",
    "api_error, 500, InternalServerException, SERVER_ERROR",
    "timeout_error, 504, InternalServerException, SERVER_ERROR",
    "authentication_error, 401, AuthenticationException, AUTHENTICATION",
    "permission_error, 403, PermissionDeniedException, PERMISSION",
    "not_found_error, 404, NotFoundException, NOT_FOUND",
    "invalid_request_error, 400, BadRequestException, BAD_REQUEST",
    "request_too_large, 413, RequestTooLargeException, REQUEST_TOO_LARGE",
    "billing_error, 402, BillingException, PERMISSION",
    // A type added after this version: the server's failure, as an api_error.
    "brand_new_error, 500, InternalServerException, SERVER_ERROR"
  })
  void anErrorEventIsTheExceptionItsTypeIsAsAStatus(
      String type, int status, String exceptionClass, ErrorKind kind) {
    ClaudeApiException streamed = fromEvent(type, "m", 3);
    ClaudeApiException asStatus = fromStatus(status, type);

    assertEquals(exceptionClass, streamed.getClass().getSimpleName());
    assertSame(asStatus.getClass(), streamed.getClass());
    assertEquals(kind, streamed.kind());
    assertEquals(asStatus.kind(), streamed.kind());
    assertEquals(status, streamed.statusCode());
    assertEquals(type, streamed.errorType());
    assertEquals("req_1", streamed.requestId());
  }

  @Test
  void theMessageSaysItCameMidStreamAndAfterHowManyDeltas() {
    assertEquals(
        "529 overloaded_error: Overloaded; sent mid-stream as an error event, after 12 deltas"
            + " (request-id req_1)",
        fromEvent("overloaded_error", "Overloaded", 12).getMessage());
    assertEquals(
        "500 api_error: Internal error; sent mid-stream as an error event, after 1 delta"
            + " (request-id req_1)",
        fromEvent("api_error", "Internal error", 1).getMessage());
  }

  @Test
  void anEventWithoutATypeIsAServerError() {
    ClaudeApiException exception = fromEvent(null, "unreadable error event: <html>", 0);

    assertTrue(exception instanceof InternalServerException);
    assertEquals(500, exception.statusCode());
    assertNull(exception.errorType());
    assertEquals(
        "500 unreadable error event: <html>; sent mid-stream as an error event, after 0 deltas"
            + " (request-id req_1)",
        exception.getMessage());
  }

  @Test
  void theHeadersRequestIdWinsOverTheEventsWhichFillsIn() {
    StreamException.ErrorEvent event =
        new StreamException.ErrorEvent("api_error", "x", "req_event", 0);

    assertEquals(
        "req_header",
        ResponseErrors.errorEvent(
                event, "req_header", RateLimitInfo.NONE, kind -> AttemptNumber.ONLY, NO_KEY)
            .requestId());
    assertEquals(
        "req_event",
        ResponseErrors.errorEvent(event, null, RateLimitInfo.NONE, kind -> AttemptNumber.ONLY, NO_KEY)
            .requestId());
  }

  @Test
  void theServersTextPassesTheRedactor() {
    String key = "sk-ant-api03-ours_1234567890";
    StreamException.ErrorEvent event =
        new StreamException.ErrorEvent(
            "authentication_error", "invalid x-api-key: " + key, "req_" + key, 0);

    ClaudeApiException exception =
        ResponseErrors.errorEvent(
            event, null, RateLimitInfo.NONE, kind -> AttemptNumber.ONLY, Redactor.forKey(key));

    assertFalse(exception.getMessage().contains("ours_1234567890"), exception.getMessage());
    assertEquals("invalid x-api-key: sk-ant-[redacted]; sent mid-stream as an error event, after 0 deltas",
        exception.details().errorMessage());
    assertEquals("req_sk-ant-[redacted]", exception.requestId());
  }

  @Test
  void theAttemptIsNumberedInTheScheduleOfItsKindAndRateLimitsAreKept() {
    List<ErrorKind> asked = new ArrayList<>();
    RateLimitInfo rateLimit =
        new RateLimitInfo(
            new RateLimitInfo.Bucket(50, 0, null),
            RateLimitInfo.Bucket.NONE,
            RateLimitInfo.Bucket.NONE,
            RateLimitInfo.Bucket.NONE);

    ClaudeApiException exception =
        ResponseErrors.errorEvent(
            new StreamException.ErrorEvent("rate_limit_error", "slow down", null, 0),
            "req_1",
            rateLimit,
            kind -> {
              asked.add(kind);
              return new AttemptNumber(2, 4);
            },
            NO_KEY);

    assertEquals(List.of(ErrorKind.RATE_LIMIT), asked);
    assertEquals(2, exception.attempts());
    assertTrue(exception.getMessage().contains("attempt 2 of 4"), exception.getMessage());
    assertSame(rateLimit, exception.rateLimit());
    assertTrue(exception.retryAfter().isEmpty());
  }
}
