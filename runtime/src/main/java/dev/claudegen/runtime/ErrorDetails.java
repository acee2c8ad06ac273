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
 * @param attempt which attempt failed, from 1, counted within the retry schedule of this failure's
 *     kind (with a single schedule, as without {@code @Retry}, simply the call's attempt number);
 *     1 for a kind that no schedule retries
 * @param maxAttempts how many attempts that schedule allows (1 for a kind it does not retry)
 * @param rateLimit the {@code anthropic-ratelimit-*} headers of the response; {@link
 *     RateLimitInfo#NONE} when there were none or no response arrived
 */
public record ErrorDetails(
    int statusCode,
    String errorType,
    String errorMessage,
    String requestId,
    Duration retryAfter,
    int attempt,
    int maxAttempts,
    RateLimitInfo rateLimit)
    implements Serializable {

  private static final long serialVersionUID = 1L;

  /** Checks the invariants; a null {@code rateLimit} means {@link RateLimitInfo#NONE}. */
  public ErrorDetails {
    Objects.requireNonNull(errorMessage, "errorMessage");
    if (attempt < 1 || maxAttempts < attempt) {
      throw new IllegalArgumentException(
          "attempt " + attempt + " of " + maxAttempts + " is not a valid attempt count");
    }
    if (rateLimit == null) {
      rateLimit = RateLimitInfo.NONE;
    }
  }

  /** Details without rate-limit information. */
  public ErrorDetails(
      int statusCode,
      String errorType,
      String errorMessage,
      String requestId,
      Duration retryAfter,
      int attempt,
      int maxAttempts) {
    this(
        statusCode,
        errorType,
        errorMessage,
        requestId,
        retryAfter,
        attempt,
        maxAttempts,
        RateLimitInfo.NONE);
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
   * of 3)}. The request id is always named (or its absence), since it is what support asks for; a
   * server-requested wait is named too ({@code , retry-after 30s}).
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
    if (retryAfter != null) {
      text.append(", retry-after ").append(Durations.describe(retryAfter));
    }
    return text.append(')').toString();
  }
}
