package dev.claudegen.testing;

import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * Reads HTTP/1.x requests off one connection, one at a time.
 *
 * <p>Deliberately small and strict: just enough of RFC 9112 for real clients (the JDK client,
 * OkHttp, curl) to talk to {@link FakeClaude}, with hard limits so that a broken client under test
 * can never make the server allocate without bound.
 */
final class HttpRequestReader {
  /** Limit on the request line plus all header lines (and, separately, on chunked trailers). */
  static final int MAX_HEADER_BYTES = 64 * 1024;

  /** Limit on a request body, however it is framed. */
  static final int MAX_BODY_BYTES = 32 * 1024 * 1024;

  /** Limit on a request body to the Message Batches endpoints, the API's own. */
  static final int MAX_BATCH_BODY_BYTES = 256_000_000;

  // A chunk-size line is a hex number plus optional extensions, which nobody sends at length.
  private static final int MAX_CHUNK_LINE_BYTES = 4 * 1024;

  // RFC 9112 section 2.2 says a server SHOULD ignore at least one empty line before a request.
  private static final int MAX_LEADING_EMPTY_LINES = 8;

  private static final byte[] CONTINUE =
      "HTTP/1.1 100 Continue\r\n\r\n".getBytes(StandardCharsets.US_ASCII);

  /** One request as read off the wire, before it is turned into a {@link RecordedRequest}. */
  record RawRequest(
      String method,
      String target,
      String version,
      Map<String, List<String>> headers,
      byte[] body,
      boolean keepAlive) {

    String header(String name) {
      List<String> values = headers.get(name);
      return values == null || values.isEmpty() ? null : values.get(0);
    }
  }

  private final InputStream in;
  private final OutputStream out;
  private int lineBudget;

  /**
   * @param in buffered stream of the connection
   * @param out stream of the connection, used only to send {@code 100 Continue}
   */
  HttpRequestReader(InputStream in, OutputStream out) {
    this.in = in;
    this.out = out;
  }

  /**
   * Reads the next request.
   *
   * @return the request, or {@code null} if the client closed the connection cleanly between
   *     requests
   * @throws HttpException if the request is malformed or too large; the connection must be closed
   *     after answering it
   * @throws IOException if the connection fails or ends in the middle of a request
   */
  RawRequest read() throws IOException, HttpException {
    lineBudget = MAX_HEADER_BYTES;
    String requestLine = readLine(true);
    if (requestLine == null) {
      return null;
    }
    for (int i = 0; requestLine.isEmpty(); i++) {
      if (i == MAX_LEADING_EMPTY_LINES) {
        throw badRequest("Expected a request line, got empty lines");
      }
      requestLine = readLine(true);
      if (requestLine == null) {
        return null;
      }
    }

    String[] parts = requestLine.split(" ", -1);
    if (parts.length != 3 || parts[0].isEmpty() || parts[1].isEmpty()) {
      throw badRequest("Malformed request line");
    }
    String method = parts[0];
    String target = parts[1];
    String version = parts[2];
    if (!isToken(method)) {
      throw badRequest("Malformed request method");
    }
    if (!version.startsWith("HTTP/")) {
      throw badRequest("Malformed HTTP version");
    }
    if (!version.equals("HTTP/1.1") && !version.equals("HTTP/1.0")) {
      throw new HttpException(
          505, "invalid_request_error", "Only HTTP/1.0 and HTTP/1.1 are supported, got " + version);
    }

    Map<String, List<String>> headers = readHeaderFields();
    boolean keepAlive = keepAlive(version, headers.get("connection"));
    int maxBody = FakeBatches.serves(pathOf(target)) ? MAX_BATCH_BODY_BYTES : MAX_BODY_BYTES;
    byte[] body = readBody(version, headers, maxBody);
    return new RawRequest(method, target, version, headers, body, keepAlive);
  }

  private Map<String, List<String>> readHeaderFields() throws IOException, HttpException {
    Map<String, List<String>> headers = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
    while (true) {
      String line = readLine(false);
      if (line.isEmpty()) {
        return headers;
      }
      if (line.charAt(0) == ' ' || line.charAt(0) == '\t') {
        throw badRequest("Obsolete header line folding is not supported");
      }
      int colon = line.indexOf(':');
      if (colon <= 0 || !isToken(line.substring(0, colon))) {
        throw badRequest("Malformed header line");
      }
      String name = line.substring(0, colon).toLowerCase(Locale.ROOT);
      String value = trimOws(line.substring(colon + 1));
      headers.computeIfAbsent(name, k -> new ArrayList<>()).add(value);
    }
  }

  /** The path of a request target, without scheme, authority and query. */
  private static String pathOf(String target) {
    int start = 0;
    int scheme = target.indexOf("://");
    if (!target.startsWith("/") && scheme > 0) {
      int slash = target.indexOf('/', scheme + 3);
      start = slash < 0 ? target.length() : slash;
    }
    int question = target.indexOf('?', start);
    return target.substring(start, question < 0 ? target.length() : question);
  }

  private byte[] readBody(String version, Map<String, List<String>> headers, int maxBody)
      throws IOException, HttpException {
    List<String> transferEncoding = headers.get("transfer-encoding");
    List<String> contentLength = headers.get("content-length");
    String expect = first(headers.get("expect"));
    if (expect != null && !expect.equalsIgnoreCase("100-continue")) {
      throw new HttpException(417, "invalid_request_error", "Unsupported expectation: " + expect);
    }
    boolean wantsContinue = expect != null && version.equals("HTTP/1.1");

    // RFC 9112 section 6.3: Transfer-Encoding overrides Content-Length.
    if (transferEncoding != null) {
      String codings = String.join(",", transferEncoding);
      String last = codings.substring(codings.lastIndexOf(',') + 1).trim();
      if (!last.equalsIgnoreCase("chunked")) {
        throw badRequest("Unsupported transfer-encoding: " + codings);
      }
      sendContinueIf(wantsContinue);
      return readChunked(maxBody);
    }
    if (contentLength != null) {
      long length = parseContentLength(contentLength);
      if (length > maxBody) {
        throw tooLarge(maxBody);
      }
      if (length == 0) {
        return new byte[0];
      }
      sendContinueIf(wantsContinue);
      byte[] body = in.readNBytes((int) length);
      if (body.length < length) {
        throw new EOFException(
            "Connection closed after " + body.length + " of " + length + " bytes");
      }
      return body;
    }
    return new byte[0];
  }

  private void sendContinueIf(boolean wantsContinue) throws IOException {
    if (wantsContinue) {
      out.write(CONTINUE);
      out.flush();
    }
  }

  private byte[] readChunked(int maxBody) throws IOException, HttpException {
    ByteArrayOutputStream body = new ByteArrayOutputStream();
    while (true) {
      lineBudget = MAX_CHUNK_LINE_BYTES;
      String line = readLine(false);
      int semicolon = line.indexOf(';');
      String hex = trimOws(semicolon < 0 ? line : line.substring(0, semicolon));
      long size;
      try {
        size = Long.parseLong(hex, 16);
      } catch (NumberFormatException e) {
        throw badRequest("Malformed chunk size");
      }
      if (size < 0 || hex.startsWith("+") || hex.startsWith("-")) {
        throw badRequest("Malformed chunk size");
      }
      if (size == 0) {
        break;
      }
      if (body.size() + size > maxBody) {
        throw tooLarge(maxBody);
      }
      byte[] chunk = in.readNBytes((int) size);
      if (chunk.length < size) {
        throw new EOFException("Connection closed inside a chunk");
      }
      body.write(chunk);
      if (!readLine(false).isEmpty()) {
        throw badRequest("Chunk data not followed by CRLF");
      }
    }
    // Trailer fields carry nothing FakeClaude needs; read past them to the end of the message.
    lineBudget = MAX_HEADER_BYTES;
    while (!readLine(false).isEmpty()) {
      // Discarded on purpose.
    }
    return body.toByteArray();
  }

  /**
   * Reads one line, without its CRLF (a bare LF is accepted too), charging it to {@link
   * #lineBudget}.
   *
   * @param eofAllowed whether a clean end of stream before the first byte yields {@code null}
   */
  private String readLine(boolean eofAllowed) throws IOException, HttpException {
    ByteArrayOutputStream line = new ByteArrayOutputStream(128);
    while (true) {
      int b = in.read();
      if (b == -1) {
        if (eofAllowed && line.size() == 0) {
          return null;
        }
        throw new EOFException("Connection closed in the middle of a request");
      }
      if (--lineBudget < 0) {
        throw new HttpException(
            431,
            "invalid_request_error",
            "Request header section exceeds " + MAX_HEADER_BYTES + " bytes");
      }
      if (b == '\n') {
        break;
      }
      line.write(b);
    }
    byte[] bytes = line.toByteArray();
    int length = bytes.length;
    if (length > 0 && bytes[length - 1] == '\r') {
      length--;
    }
    // ISO-8859-1 maps every byte to one char, so nothing a client sends is lost or rejected here.
    return new String(bytes, 0, length, StandardCharsets.ISO_8859_1);
  }

  private static long parseContentLength(List<String> values) throws HttpException {
    long result = -1;
    for (String value : values) {
      // A list such as "42, 42" is legal as long as every member agrees (RFC 9110 section 8.6).
      for (String member : value.split(",", -1)) {
        String digits = member.trim();
        if (digits.isEmpty()
            || digits.length() > 18
            || !digits.chars().allMatch(Character::isDigit)) {
          throw badRequest("Malformed content-length: " + value);
        }
        long length = Long.parseLong(digits);
        if (result != -1 && result != length) {
          throw badRequest("Conflicting content-length values");
        }
        result = length;
      }
    }
    return result;
  }

  private static boolean keepAlive(String version, List<String> connection) {
    boolean close = false;
    boolean keepAlive = false;
    if (connection != null) {
      for (String value : connection) {
        for (String option : value.split(",", -1)) {
          String token = option.trim();
          close |= token.equalsIgnoreCase("close");
          keepAlive |= token.equalsIgnoreCase("keep-alive");
        }
      }
    }
    if (close) {
      return false;
    }
    return version.equals("HTTP/1.1") || keepAlive;
  }

  private static String first(List<String> values) {
    return values == null || values.isEmpty() ? null : values.get(0);
  }

  private static String trimOws(String s) {
    int start = 0;
    int end = s.length();
    while (start < end && (s.charAt(start) == ' ' || s.charAt(start) == '\t')) {
      start++;
    }
    while (end > start && (s.charAt(end - 1) == ' ' || s.charAt(end - 1) == '\t')) {
      end--;
    }
    return s.substring(start, end);
  }

  /** Whether {@code s} is a non-empty RFC 9110 token (method names, header names). */
  static boolean isToken(String s) {
    if (s.isEmpty()) {
      return false;
    }
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      boolean ok =
          (c >= 'a' && c <= 'z')
              || (c >= 'A' && c <= 'Z')
              || (c >= '0' && c <= '9')
              || "!#$%&'*+-.^_`|~".indexOf(c) >= 0;
      if (!ok) {
        return false;
      }
    }
    return true;
  }

  private static HttpException badRequest(String message) {
    return new HttpException(400, "invalid_request_error", message);
  }

  private static HttpException tooLarge(int maxBody) {
    return new HttpException(
        413,
        "request_too_large",
        "Request exceeds the maximum allowed number of bytes (" + maxBody + ")");
  }
}
