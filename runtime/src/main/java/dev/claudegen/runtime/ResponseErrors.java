package dev.claudegen.runtime;

import dev.claudegen.annotations.ErrorKind;
import java.net.http.HttpHeaders;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;

/** Turns an error response into the typed exception, whatever its body looks like. */
final class ResponseErrors {

  private ResponseErrors() {}

  /**
   * The exception for a non-2xx response.
   *
   * @param attempt which attempt this was, from 1
   * @param maxAttempts the attempts the call may make
   */
  static ClaudeApiException toException(
      Transport.Response response, Clock clock, int attempt, int maxAttempts) {
    MessagesJson.ApiError apiError = MessagesJson.error(response.body());
    String headerRequestId = requestId(response);
    String errorType;
    String message;
    String requestId = headerRequestId;
    if (apiError != null) {
      errorType = apiError.type();
      message = apiError.message();
      if (requestId == null) {
        requestId = apiError.requestId();
      }
    } else {
      errorType = null;
      message = describeForeignBody(response);
    }
    ErrorDetails details =
        new ErrorDetails(
            response.statusCode(),
            errorType,
            message,
            requestId,
            retryAfter(response.headers(), clock),
            attempt,
            maxAttempts);
    return forStatus(response.statusCode(), errorType, details);
  }

  /** A 2xx whose body is not a Messages API reply. */
  static ClaudeApiException malformedReply(
      Transport.Response response, String problem, Clock clock, int attempt, int maxAttempts) {
    ErrorDetails details =
        new ErrorDetails(
            response.statusCode(),
            null,
            problem,
            requestId(response),
            retryAfter(response.headers(), clock),
            attempt,
            maxAttempts);
    // A proxy that garbled one reply may pass the next one through intact.
    return new ClaudeApiException(ErrorKind.SERVER_ERROR, details);
  }

  /** The {@code request-id} header; an empty one counts as absent. */
  static String requestId(Transport.Response response) {
    String id = response.header("request-id");
    return id == null || id.isBlank() ? null : id.strip();
  }

  private static String describeForeignBody(Transport.Response response) {
    String contentType = response.header("content-type");
    return "response is not the API's JSON"
        + (contentType == null ? "" : " (" + contentType + ")")
        + ": "
        + MessagesJson.excerpt(response.body());
  }

  /** The exception class for a status; an {@code overloaded_error} body wins over the status. */
  static ClaudeApiException forStatus(int status, String errorType, ErrorDetails details) {
    if (status == 529 || "overloaded_error".equals(errorType)) {
      return new OverloadedException(details);
    }
    return switch (status) {
      case 400 -> new BadRequestException(details);
      case 401 -> new AuthenticationException(details);
      case 402 -> new BillingException(details);
      case 403 -> new PermissionDeniedException(details);
      case 404 -> new NotFoundException(details);
      case 413 -> new RequestTooLargeException(details);
      case 429 -> new RateLimitException(details);
      // 408 and 409 (a lock timeout) are the server's trouble, not the request's.
      case 408, 409 -> new ClaudeApiException(ErrorKind.SERVER_ERROR, details);
      default ->
          status >= 500
              ? new InternalServerException(details)
              : new ClaudeApiException(ErrorKind.BAD_REQUEST, details);
    };
  }

  /**
   * The wait the server asked for: {@code retry-after-ms}, else {@code retry-after} in seconds or
   * as an HTTP date. Null when absent or unreadable; never negative.
   */
  static Duration retryAfter(HttpHeaders headers, Clock clock) {
    String millis = headers.firstValue("retry-after-ms").orElse(null);
    if (millis != null) {
      Duration parsed = parseAmount(millis, 1_000_000L);
      if (parsed != null) {
        return parsed;
      }
    }
    String value = headers.firstValue("retry-after").orElse(null);
    if (value == null) {
      return null;
    }
    Duration seconds = parseAmount(value, 1_000_000_000L);
    if (seconds != null) {
      return seconds;
    }
    try {
      Instant at = ZonedDateTime.parse(value.strip(), DateTimeFormatter.RFC_1123_DATE_TIME).toInstant();
      Duration wait = Duration.between(clock.instant(), at);
      return wait.isNegative() ? Duration.ZERO : wait;
    } catch (DateTimeParseException e) {
      return null;
    }
  }

  private static Duration parseAmount(String text, long nanosPerUnit) {
    try {
      double amount = Double.parseDouble(text.strip());
      if (Double.isNaN(amount) || Double.isInfinite(amount)) {
        return null;
      }
      return Duration.ofNanos((long) (Math.max(0, amount) * nanosPerUnit));
    } catch (NumberFormatException e) {
      return null;
    }
  }
}
