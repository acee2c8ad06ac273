package dev.claudegen.testing;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.stream.Collectors;

/**
 * One scripted reply of a {@link FakeClaude} server.
 *
 * <p>Instances are immutable and thread safe; every {@code with*} method returns a modified copy,
 * so a response can be defined once and enqueued many times.
 *
 * <pre>{@code
 * claude.enqueue(
 *     FakeResponse.text("Paris"),
 *     FakeResponse.message("first block", "second block").withStopReason("max_tokens"),
 *     FakeResponse.error(429, "rate_limit_error", "Slow down").withHeader("retry-after", "2"),
 *     FakeResponse.raw(502, "text/html", "<html>Bad gateway</html>"),
 *     FakeResponse.text("late").withDelay(Duration.ofSeconds(5)),
 *     FakeResponse.disconnect());
 * }</pre>
 *
 * <p>Unless a header of the same name is added with {@link #withHeader}, the server adds {@code
 * content-type} (for success and error replies) and {@code request-id}. {@code content-length} is
 * always computed by the server.
 */
public final class FakeResponse {
  /** Model name used in success replies when the request carries no usable {@code model}. */
  static final String FALLBACK_MODEL = "claude-fake";

  private static final ObjectMapper MAPPER = new ObjectMapper();
  private static final String JSON = "application/json";
  private static final String DEFAULT_STOP_REASON = "end_turn";

  private enum Kind {
    MESSAGE,
    ERROR,
    RAW
  }

  private final Kind kind;
  private final int status;
  private final List<String> textBlocks;
  private final String stopReason;
  private final int inputTokens; // -1: derived from the request
  private final int outputTokens; // -1: derived from the text
  private final String errorType;
  private final String errorMessage;
  private final String contentType;
  private final String rawBody;
  private final List<Map.Entry<String, String>> headers;
  private final Duration delay;
  private final Fault fault;

  private FakeResponse(
      Kind kind,
      int status,
      List<String> textBlocks,
      String stopReason,
      int inputTokens,
      int outputTokens,
      String errorType,
      String errorMessage,
      String contentType,
      String rawBody,
      List<Map.Entry<String, String>> headers,
      Duration delay,
      Fault fault) {
    this.kind = kind;
    this.status = status;
    this.textBlocks = textBlocks;
    this.stopReason = stopReason;
    this.inputTokens = inputTokens;
    this.outputTokens = outputTokens;
    this.errorType = errorType;
    this.errorMessage = errorMessage;
    this.contentType = contentType;
    this.rawBody = rawBody;
    this.headers = headers;
    this.delay = delay;
    this.fault = fault;
  }

  /**
   * A {@code 200} Messages API success reply with one text block. The {@code model} field echoes
   * the request's {@code model} (or {@code "claude-fake"} if the request has none); usage is
   * derived from the sizes of request and text unless set with {@link #withUsage}.
   *
   * @param text the text of the single {@code text} content block
   */
  public static FakeResponse text(String text) {
    Objects.requireNonNull(text, "text");
    return message(text);
  }

  /**
   * A {@code 200} Messages API success reply with one {@code text} content block per argument, in
   * order; no argument gives an empty {@code content} array, which the real API also produces.
   *
   * @param textBlocks the texts of the content blocks
   */
  public static FakeResponse message(String... textBlocks) {
    Objects.requireNonNull(textBlocks, "textBlocks");
    for (int i = 0; i < textBlocks.length; i++) {
      Objects.requireNonNull(textBlocks[i], "textBlocks[" + i + "]");
    }
    return new FakeResponse(
        Kind.MESSAGE,
        200,
        List.of(textBlocks),
        DEFAULT_STOP_REASON,
        -1,
        -1,
        null,
        null,
        JSON,
        null,
        List.of(),
        Duration.ZERO,
        Fault.NONE);
  }

  /**
   * An error reply in the real API's shape: {@code
   * {"type":"error","error":{"type":errorType,"message":message},"request_id":"req_fake_..."}}.
   *
   * @param status HTTP status, 400 to 599 (e.g. 400, 401, 429, 500, 529)
   * @param errorType the API error type, e.g. {@code "overloaded_error"}
   * @param message the human-readable message
   * @throws IllegalArgumentException if {@code status} is not a 4xx or 5xx code; use {@link #raw}
   *     for anything else
   */
  public static FakeResponse error(int status, String errorType, String message) {
    if (status < 400 || status > 599) {
      throw new IllegalArgumentException(
          "Error status must be 400..599, got " + status + "; use FakeResponse.raw for others");
    }
    Objects.requireNonNull(errorType, "errorType");
    Objects.requireNonNull(message, "message");
    return new FakeResponse(
        Kind.ERROR,
        status,
        List.of(),
        null,
        -1,
        -1,
        errorType,
        message,
        JSON,
        null,
        List.of(),
        Duration.ZERO,
        Fault.NONE);
  }

  /**
   * A reply whose body is sent exactly as given (UTF-8), for what the real API never sends but
   * clients meet anyway: an HTML page from a proxy, truncated JSON, an empty body.
   *
   * @param status HTTP status, 200 to 599; 204 and 304 require an empty body
   * @param contentType value of the {@code content-type} header, or {@code null} for none
   * @param body the body, possibly empty
   */
  public static FakeResponse raw(int status, String contentType, String body) {
    if (status < 200 || status > 599) {
      throw new IllegalArgumentException("Status must be 200..599, got " + status);
    }
    Objects.requireNonNull(body, "body");
    if (!permitsBody(status) && !body.isEmpty()) {
      throw new IllegalArgumentException("Status " + status + " must not have a body");
    }
    if (contentType != null) {
      checkHeaderValue(contentType);
    }
    return new FakeResponse(
        Kind.RAW,
        status,
        List.of(),
        null,
        -1,
        -1,
        null,
        null,
        contentType,
        body,
        List.of(),
        Duration.ZERO,
        Fault.NONE);
  }

  /**
   * A fault: the server reads the whole request (and records it), then closes the connection
   * without writing anything, so the client sees the connection end before any response. Can be
   * combined with {@link #withDelay} to close only after a while.
   */
  public static FakeResponse disconnect() {
    return raw(200, null, "").withFault(Fault.DISCONNECT);
  }

  /**
   * Returns a copy that additionally sends the header {@code name: value}. Adding a name twice
   * sends it twice. A header named {@code content-type} or {@code request-id} replaces the one the
   * server would add.
   *
   * @throws IllegalArgumentException if the name is not a valid header name, the value contains a
   *     line break, or the name is {@code content-length} or {@code transfer-encoding} (framing is
   *     the server's job)
   */
  public FakeResponse withHeader(String name, String value) {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(value, "value");
    if (!HttpRequestReader.isToken(name)) {
      throw new IllegalArgumentException("Invalid header name: " + name);
    }
    String lower = name.toLowerCase(Locale.ROOT);
    if (lower.equals("content-length") || lower.equals("transfer-encoding")) {
      throw new IllegalArgumentException(name + " is computed by FakeClaude and cannot be set");
    }
    checkHeaderValue(value);
    List<Map.Entry<String, String>> copy = new ArrayList<>(headers);
    copy.add(Map.entry(name, value));
    return new FakeResponse(
        kind,
        status,
        textBlocks,
        stopReason,
        inputTokens,
        outputTokens,
        errorType,
        errorMessage,
        contentType,
        rawBody,
        List.copyOf(copy),
        delay,
        fault);
  }

  /**
   * Returns a copy of this success reply with another {@code stop_reason} (default {@code
   * "end_turn"}); {@code null} writes JSON {@code null}.
   *
   * @throws IllegalStateException if this is not a {@link #text}/{@link #message} reply
   */
  public FakeResponse withStopReason(String stopReason) {
    requireMessage("withStopReason");
    return new FakeResponse(
        kind,
        status,
        textBlocks,
        stopReason,
        inputTokens,
        outputTokens,
        errorType,
        errorMessage,
        contentType,
        rawBody,
        headers,
        delay,
        fault);
  }

  /**
   * Returns a copy of this success reply reporting the given token usage instead of the derived
   * one.
   *
   * @throws IllegalArgumentException if a count is negative
   * @throws IllegalStateException if this is not a {@link #text}/{@link #message} reply
   */
  public FakeResponse withUsage(int inputTokens, int outputTokens) {
    requireMessage("withUsage");
    if (inputTokens < 0 || outputTokens < 0) {
      throw new IllegalArgumentException("Token counts must be >= 0");
    }
    return new FakeResponse(
        kind,
        status,
        textBlocks,
        stopReason,
        inputTokens,
        outputTokens,
        errorType,
        errorMessage,
        contentType,
        rawBody,
        headers,
        delay,
        fault);
  }

  /**
   * Returns a copy that the server sends only after waiting {@code delay} (after reading the
   * request, before writing any byte), to make a client time out. {@link FakeClaude#close()} cuts
   * the wait short and drops the connection.
   *
   * @throws IllegalArgumentException if {@code delay} is negative
   */
  public FakeResponse withDelay(Duration delay) {
    Objects.requireNonNull(delay, "delay");
    if (delay.isNegative()) {
      throw new IllegalArgumentException("Delay must not be negative: " + delay);
    }
    return new FakeResponse(
        kind,
        status,
        textBlocks,
        stopReason,
        inputTokens,
        outputTokens,
        errorType,
        errorMessage,
        contentType,
        rawBody,
        headers,
        delay,
        fault);
  }

  private FakeResponse withFault(Fault fault) {
    return new FakeResponse(
        kind,
        status,
        textBlocks,
        stopReason,
        inputTokens,
        outputTokens,
        errorType,
        errorMessage,
        contentType,
        rawBody,
        headers,
        delay,
        fault);
  }

  int status() {
    return status;
  }

  Duration delay() {
    return delay;
  }

  Fault fault() {
    return fault;
  }

  /** Headers for the wire: the added ones, plus the server's defaults they do not replace. */
  List<Map.Entry<String, String>> headers(String requestId) {
    List<Map.Entry<String, String>> result = new ArrayList<>();
    if (contentType != null && !hasHeader("content-type")) {
      result.add(Map.entry("content-type", contentType));
    }
    if (!hasHeader("request-id")) {
      result.add(Map.entry("request-id", requestId));
    }
    result.addAll(headers);
    return result;
  }

  /**
   * The request id this reply reports, which is the {@code request-id} header if one was added, so
   * that header and error body always agree.
   */
  String effectiveRequestId(String generated) {
    for (Map.Entry<String, String> header : headers) {
      if (header.getKey().equalsIgnoreCase("request-id")) {
        return header.getValue();
      }
    }
    return generated;
  }

  /**
   * Serializes the body.
   *
   * @param requestId the id to put in error bodies
   * @param messageId the id to put in success bodies
   * @param model the model to echo in success bodies
   * @param requestBodyBytes size of the request body, from which input tokens are derived
   */
  byte[] body(String requestId, String messageId, String model, int requestBodyBytes) {
    switch (kind) {
      case RAW:
        return rawBody.getBytes(StandardCharsets.UTF_8);
      case ERROR:
        {
          ObjectNode root = MAPPER.createObjectNode();
          root.put("type", "error");
          ObjectNode error = root.putObject("error");
          error.put("type", errorType);
          error.put("message", errorMessage);
          root.put("request_id", requestId);
          return root.toString().getBytes(StandardCharsets.UTF_8);
        }
      case MESSAGE:
        {
          ObjectNode root = MAPPER.createObjectNode();
          root.put("id", messageId);
          root.put("type", "message");
          root.put("role", "assistant");
          root.put("model", model);
          ArrayNode content = root.putArray("content");
          int textLength = 0;
          for (String text : textBlocks) {
            content.addObject().put("type", "text").put("text", text);
            textLength += text.length();
          }
          root.put("stop_reason", stopReason);
          root.putNull("stop_sequence");
          ObjectNode usage = root.putObject("usage");
          usage.put(
              "input_tokens", inputTokens >= 0 ? inputTokens : Math.max(1, requestBodyBytes / 4));
          usage.put(
              "output_tokens", outputTokens >= 0 ? outputTokens : Math.max(1, textLength / 4));
          return root.toString().getBytes(StandardCharsets.UTF_8);
        }
      default:
        throw new AssertionError(kind);
    }
  }

  static boolean permitsBody(int status) {
    return status != 204 && status != 304;
  }

  private boolean hasHeader(String name) {
    return headers.stream().anyMatch(h -> h.getKey().equalsIgnoreCase(name));
  }

  private void requireMessage(String method) {
    if (kind != Kind.MESSAGE) {
      throw new IllegalStateException(
          method + " applies to text/message replies only, not to " + this);
    }
  }

  private static void checkHeaderValue(String value) {
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      if (c == '\r' || c == '\n' || c == 0) {
        throw new IllegalArgumentException("Header value must not contain CR, LF or NUL");
      }
    }
  }

  @Override
  public boolean equals(Object o) {
    if (this == o) {
      return true;
    }
    if (!(o instanceof FakeResponse)) {
      return false;
    }
    FakeResponse that = (FakeResponse) o;
    return kind == that.kind
        && status == that.status
        && textBlocks.equals(that.textBlocks)
        && Objects.equals(stopReason, that.stopReason)
        && inputTokens == that.inputTokens
        && outputTokens == that.outputTokens
        && Objects.equals(errorType, that.errorType)
        && Objects.equals(errorMessage, that.errorMessage)
        && Objects.equals(contentType, that.contentType)
        && Objects.equals(rawBody, that.rawBody)
        && headers.equals(that.headers)
        && delay.equals(that.delay)
        && fault == that.fault;
  }

  @Override
  public int hashCode() {
    return Objects.hash(
        kind,
        status,
        textBlocks,
        stopReason,
        inputTokens,
        outputTokens,
        errorType,
        errorMessage,
        contentType,
        rawBody,
        headers,
        delay,
        fault);
  }

  /**
   * A one-line description, e.g. {@code FakeResponse{529 error overloaded_error: "Overloaded",
   * headers=[retry-after: 3]}}.
   */
  @Override
  public String toString() {
    StringBuilder s = new StringBuilder("FakeResponse{");
    if (fault == Fault.DISCONNECT) {
      s.append("disconnect");
    } else {
      s.append(status).append(' ');
      switch (kind) {
        case MESSAGE:
          s.append("message ")
              .append(textBlocks.stream().map(FakeResponse::quote).collect(Collectors.toList()))
              .append(", stop_reason=")
              .append(stopReason);
          if (inputTokens >= 0) {
            s.append(", usage=").append(inputTokens).append('/').append(outputTokens);
          }
          break;
        case ERROR:
          s.append("error ").append(errorType).append(": ").append(quote(errorMessage));
          break;
        case RAW:
          s.append("raw ")
              .append(contentType == null ? "(no content-type)" : contentType)
              .append(' ')
              .append(quote(rawBody));
          break;
        default:
          throw new AssertionError(kind);
      }
    }
    if (!headers.isEmpty()) {
      s.append(", headers=")
          .append(
              headers.stream()
                  .map(h -> h.getKey() + ": " + h.getValue())
                  .collect(Collectors.joining(", ", "[", "]")));
    }
    if (!delay.isZero()) {
      s.append(", delay=").append(delay);
    }
    return s.append('}').toString();
  }

  private static String quote(String text) {
    String shown = text.length() <= 60 ? text : text.substring(0, 60) + "…";
    return '"' + shown + "\"" + (text.length() > 60 ? " (" + text.length() + " chars)" : "");
  }
}
