package dev.claudegen.runtime;

import dev.claudegen.annotations.ErrorKind;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.net.http.HttpHeaders;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import java.util.function.Function;
import java.util.regex.Pattern;

/** Turns an error response into the typed exception, whatever its body looks like. */
final class ResponseErrors {

  private ResponseErrors() {}

  /**
   * The exception for a non-2xx response.
   *
   * @param counter numbers the failed attempt within the retry schedule of its kind
   * @param redactor takes the key out of what the server said
   * @param authenticationHint what a 401's message adds after the details: the likely cause and
   *     where the key came from; null for nothing
   */
  static ClaudeApiException toException(
      Transport.Response response,
      Clock clock,
      Function<ErrorKind, AttemptNumber> counter,
      Redactor redactor,
      String authenticationHint) {
    return toException(response, clock, counter, redactor, authenticationHint, null);
  }

  /**
   * The exception for a non-2xx response, its message starting with {@code context} (what was
   * asked, such as {@code "Tickets.classify: GET batch msgbatch_1"}); null for none.
   */
  static ClaudeApiException toException(
      Transport.Response response,
      Clock clock,
      Function<ErrorKind, AttemptNumber> counter,
      Redactor redactor,
      String authenticationHint,
      String context) {
    MessagesJson.ApiError apiError = MessagesJson.error(response.body());
    String errorType;
    String message;
    String requestId = requestId(response);
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
    if (context != null) {
      message = context + ": " + message;
    }
    StatusClass statusClass = StatusClass.of(response.statusCode(), errorType);
    ErrorDetails details =
        details(
            response, errorType, message, requestId, clock, counter.apply(statusClass.kind), redactor);
    if (statusClass == StatusClass.AUTHENTICATION && authenticationHint != null) {
      return new AuthenticationException(details, authenticationHint);
    }
    return statusClass.create(details);
  }

  /**
   * The exception for an {@code error} event in a streamed reply: the class, kind and status the
   * same {@code error.type} has as an error response ({@code overloaded_error}: {@link
   * OverloadedException}, 529), so retry policies and catch blocks treat both alike. A type this
   * version does not know is taken for {@code api_error} (500, {@link InternalServerException}),
   * the type kept as sent; the status is the one the type stands for, not the stream's 200. The
   * message says the error came mid-stream and after how many deltas.
   *
   * @param requestId the response's {@code request-id} header, else the event's {@code
   *     request_id}; null if neither
   * @param rateLimit the response's rate-limit headers
   * @param counter numbers the failed attempt within the retry schedule of its kind
   */
  static ClaudeApiException errorEvent(
      StreamException.ErrorEvent event,
      String requestId,
      RateLimitInfo rateLimit,
      Function<ErrorKind, AttemptNumber> counter,
      Redactor redactor) {
    int status = statusOf(event.errorType());
    StatusClass statusClass = StatusClass.of(status, event.errorType());
    int deltas = event.deltas();
    AttemptNumber number = counter.apply(statusClass.kind);
    ErrorDetails details =
        redactor.redact(
            new ErrorDetails(
                status,
                event.errorType(),
                event.errorMessage()
                    + "; sent mid-stream as an error event, after "
                    + deltas
                    + (deltas == 1 ? " delta" : " deltas"),
                requestId != null ? requestId : event.requestId(),
                null,
                number.attempt(),
                number.maxAttempts(),
                rateLimit));
    return statusClass.create(details);
  }

  /**
   * The exception for an API error reported without an HTTP status of its own (a batch request's
   * {@code errored} result): the class, kind and status an error response of that {@code
   * error.type} gets ({@code invalid_request_error}: {@link BadRequestException}, 400; {@code
   * overloaded_error}: {@link OverloadedException}, 529; an unknown type: {@link
   * InternalServerException}, 500, the type kept as sent). The server's text passes the redactor.
   *
   * @param message what the error said, with the caller's context
   * @param requestId the error's request id, or null
   */
  static ClaudeApiException ofErrorType(
      String errorType, String message, String requestId, Redactor redactor) {
    int status = statusOf(errorType);
    ErrorDetails details =
        redactor.redact(new ErrorDetails(status, errorType, message, requestId, null, 1, 1));
    return StatusClass.of(status, errorType).create(details);
  }

  /** The status an error response of this {@code error.type} has, per the API's error docs. */
  static int statusOf(String errorType) {
    if (errorType == null) {
      return 500;
    }
    return switch (errorType) {
      case "invalid_request_error" -> 400;
      case "authentication_error" -> 401;
      case "billing_error" -> 402;
      case "permission_error" -> 403;
      case "not_found_error" -> 404;
      case "request_too_large" -> 413;
      case "rate_limit_error" -> 429;
      case "timeout_error" -> 504;
      case "overloaded_error" -> 529;
      default -> 500; // api_error, and types added later: the server's failure, retried as such
    };
  }

  /**
   * A 2xx whose body is not a Messages API reply: {@link ErrorKind#SERVER_ERROR} (the server's
   * fault, not the request's), but final: the reply arrived and is billed, so it is never sent
   * again, whatever {@code @Retry} says.
   */
  static ClaudeApiException malformedReply(
      Transport.Response response, String problem, Clock clock, Redactor redactor) {
    return new ClaudeApiException(
        ErrorKind.SERVER_ERROR,
        details(
            response, null, problem, requestId(response), clock, AttemptNumber.ONLY, redactor),
        billedHint(response));
  }

  private static String billedHint(Transport.Response response) {
    return "The reply arrived (status "
        + response.statusCode()
        + ") and is billed, so it was not sent again";
  }

  /**
   * A 2xx whose status and headers arrived, then whose body was not complete within the attempt's
   * timeout: a {@link ClaudeTimeoutException}, as it is a timeout, but final like {@link
   * #malformedReply}, since a non-streaming reply is only sent once the API has produced (and
   * billed) it.
   *
   * @param headersOnly the status and headers that arrived, with an empty body
   * @param problem what went wrong, naming the timeout
   * @param cause the transport's timeout, already redacted
   */
  static ClaudeTimeoutException stalledReply(
      Transport.Response headersOnly,
      String problem,
      Throwable cause,
      Clock clock,
      Redactor redactor) {
    return new ClaudeTimeoutException(
        details(
            headersOnly,
            null,
            problem,
            requestId(headersOnly),
            clock,
            AttemptNumber.ONLY,
            redactor),
        cause,
        billedHint(headersOnly));
  }

  /**
   * Every exception made from a response gets its details here, and every text in them that the
   * server provided (error type, message, body excerpt, request id) passes the redactor on the
   * way: so no caller can forget it. The rest is numbers and durations parsed from headers.
   */
  private static ErrorDetails details(
      Transport.Response response,
      String errorType,
      String message,
      String requestId,
      Clock clock,
      AttemptNumber number,
      Redactor redactor) {
    return redactor.redact(
        new ErrorDetails(
            response.statusCode(),
            errorType,
            message,
            requestId,
            retryAfter(response.headers(), clock),
            number.attempt(),
            number.maxAttempts(),
            RateLimitInfo.from(response.headers())));
  }

  /**
   * The {@code x-should-retry} header: {@code TRUE} or {@code FALSE} when the server said so
   * (case-insensitive), null when it said nothing readable.
   */
  static Boolean shouldRetry(Transport.Response response) {
    String value = response.header("x-should-retry");
    if (value == null) {
      return null;
    }
    String v = value.strip().toLowerCase(Locale.ROOT);
    return v.equals("true") ? Boolean.TRUE : v.equals("false") ? Boolean.FALSE : null;
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
    return StatusClass.of(status, errorType).create(details);
  }

  /** Each exception class, with the kind it reports. */
  private enum StatusClass {
    OVERLOADED(ErrorKind.OVERLOADED, OverloadedException::new),
    BAD_REQUEST(ErrorKind.BAD_REQUEST, BadRequestException::new),
    AUTHENTICATION(ErrorKind.AUTHENTICATION, AuthenticationException::new),
    BILLING(ErrorKind.PERMISSION, BillingException::new),
    PERMISSION(ErrorKind.PERMISSION, PermissionDeniedException::new),
    NOT_FOUND(ErrorKind.NOT_FOUND, NotFoundException::new),
    TOO_LARGE(ErrorKind.REQUEST_TOO_LARGE, RequestTooLargeException::new),
    RATE_LIMIT(ErrorKind.RATE_LIMIT, RateLimitException::new),
    INTERNAL(ErrorKind.SERVER_ERROR, InternalServerException::new),
    // 408 and 409 (a lock timeout) are the server's trouble, not the request's.
    OTHER_SERVER(ErrorKind.SERVER_ERROR, d -> new ClaudeApiException(ErrorKind.SERVER_ERROR, d)),
    OTHER_CLIENT(ErrorKind.BAD_REQUEST, d -> new ClaudeApiException(ErrorKind.BAD_REQUEST, d));

    final ErrorKind kind;
    private final Function<ErrorDetails, ClaudeApiException> constructor;

    StatusClass(ErrorKind kind, Function<ErrorDetails, ClaudeApiException> constructor) {
      this.kind = kind;
      this.constructor = constructor;
    }

    ClaudeApiException create(ErrorDetails details) {
      return constructor.apply(details);
    }

    static StatusClass of(int status, String errorType) {
      if (status == 529 || "overloaded_error".equals(errorType)) {
        return OVERLOADED;
      }
      return switch (status) {
        case 400 -> BAD_REQUEST;
        case 401 -> AUTHENTICATION;
        case 402 -> BILLING;
        case 403 -> PERMISSION;
        case 404 -> NOT_FOUND;
        case 413 -> TOO_LARGE;
        case 429 -> RATE_LIMIT;
        case 408, 409 -> OTHER_SERVER;
        default -> status >= 500 ? INTERNAL : OTHER_CLIENT;
      };
    }
  }

  /**
   * The longest server-requested wait read: what a {@link Duration} of nanoseconds holds (about 292
   * years), in whole seconds. A larger value (a 100-digit number) is read as this, so that the
   * exception's {@code retryAfter()} and its message state one value, exactly, in seconds.
   */
  static final Duration MAX_RETRY_AFTER = Duration.ofSeconds(Long.MAX_VALUE / 1_000_000_000L);

  /** {@code retry-after} seconds as RFC 9110 writes them: {@code delay-seconds = 1*DIGIT}. */
  private static final Pattern DELAY_SECONDS = Pattern.compile("[0-9]+");

  /**
   * {@code retry-after-ms} as the SDKs read it (a float of milliseconds), without the forms no
   * server writes: a sign, an exponent, {@code NaN} or {@code Infinity}.
   */
  private static final Pattern DELAY_MILLIS = Pattern.compile("[0-9]+(\\.[0-9]+)?");

  /**
   * The wait the server asked for: {@code retry-after-ms}, else {@code retry-after} in seconds or
   * as an HTTP date. Null when absent, unreadable, or not positive, so that the computed backoff
   * applies: a negative value, a date in the past or of now, or a zero would otherwise retry at
   * once, and a broken or hostile proxy could make the client hammer the API. Surrounding
   * whitespace is not part of a header value; any other character makes it unreadable.
   */
  static Duration retryAfter(HttpHeaders headers, Clock clock) {
    String millis = headers.firstValue("retry-after-ms").orElse(null);
    if (millis != null) {
      Duration parsed = positive(parseMillis(millis.strip()));
      if (parsed != null) {
        return parsed;
      }
    }
    String value = headers.firstValue("retry-after").orElse(null);
    if (value == null) {
      return null;
    }
    String text = value.strip();
    if (DELAY_SECONDS.matcher(text).matches()) {
      return positive(capped(new BigDecimal(text)));
    }
    try {
      Instant at = ZonedDateTime.parse(text, DateTimeFormatter.RFC_1123_DATE_TIME).toInstant();
      return positive(Duration.between(clock.instant(), at));
    } catch (DateTimeParseException e) {
      return null;
    }
  }

  private static Duration parseMillis(String text) {
    if (!DELAY_MILLIS.matcher(text).matches()) {
      return null;
    }
    return capped(new BigDecimal(text).movePointLeft(3));
  }

  /** Seconds, exact to the nanosecond, at most {@link #MAX_RETRY_AFTER}. */
  private static Duration capped(BigDecimal seconds) {
    if (seconds.compareTo(BigDecimal.valueOf(MAX_RETRY_AFTER.getSeconds())) >= 0) {
      return MAX_RETRY_AFTER;
    }
    BigDecimal nanos = seconds.movePointRight(9).setScale(0, RoundingMode.DOWN);
    return Duration.ofNanos(nanos.longValueExact());
  }

  private static Duration positive(Duration wait) {
    return wait == null || wait.isNegative() || wait.isZero() ? null : wait;
  }
}
