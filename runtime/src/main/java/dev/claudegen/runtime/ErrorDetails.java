package dev.claudegen.runtime;

import java.io.Serializable;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * What is known about one failed attempt: the values every {@link ClaudeException} exposes.
 *
 * @param statusCode the HTTP status, or 0 when no response arrived (connection failure, timeout)
 * @param errorType the API's {@code error.type}, such as {@code "overloaded_error"}; an open set,
 *     unknown values are kept as sent; null when the response had none
 * @param errorMessage the API's {@code error.message}, or a description of what went wrong (for a
 *     body that is not the API's JSON, an excerpt of it); never null
 * @param requestId the {@code request-id} header, else the body's {@code request_id}; null if
 *     neither was sent
 * @param retryAfter the wait the server asked for ({@code retry-after-ms} or {@code
 *     retry-after}), or null
 * @param attempt which attempt failed, from 1
 * @param maxAttempts how many attempts the call's retry policy allows
 */
public record ErrorDetails(
    int statusCode,
    String errorType,
    String errorMessage,
    String requestId,
    Duration retryAfter,
    int attempt,
    int maxAttempts)
    implements Serializable {

  /** Checks the invariants. */
  public ErrorDetails {
    Objects.requireNonNull(errorMessage, "errorMessage");
    if (attempt < 1 || maxAttempts < attempt) {
      throw new IllegalArgumentException(
          "attempt " + attempt + " of " + maxAttempts + " is not a valid attempt count");
    }
  }

  /** Details of a failure with no HTTP response (connection failure or timeout). */
  public static ErrorDetails withoutResponse(String description, int attempt, int maxAttempts) {
    return new ErrorDetails(0, null, description, null, null, attempt, maxAttempts);
  }

  /** The server-requested wait, if one was sent. */
  public Optional<Duration> retryAfterIfSent() {
    return Optional.ofNullable(retryAfter);
  }

  /**
   * The exception message: {@code 529 overloaded_error: Overloaded (request-id req_1, attempt 3
   * of 3)}. The request id is always named (or its absence), since it is what support asks for.
   */
  String describe() {
    StringBuilder text = new StringBuilder(96);
    if (statusCode != 0) {
      text.append(statusCode).append(' ');
    }
    if (errorType != null) {
      text.append(errorType).append(": ");
    }
    text.append(errorMessage);
    text.append(requestId == null ? " (no request-id" : " (request-id " + requestId);
    if (maxAttempts > 1) {
      text.append(", attempt ").append(attempt).append(" of ").append(maxAttempts);
    }
    return text.append(')').toString();
  }
}
