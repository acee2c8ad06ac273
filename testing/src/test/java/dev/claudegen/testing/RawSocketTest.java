package dev.claudegen.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Speaks HTTP by hand, to exercise what the JDK client never sends. */
class RawSocketTest {
  private static final ObjectMapper MAPPER = new ObjectMapper();
  private static final String BODY =
      "{\"model\":\"claude-raw\",\"max_tokens\":8,"
          + "\"messages\":[{\"role\":\"user\",\"content\":\"Hi\"}]}";
  private static final String HEADERS =
      "Host: 127.0.0.1\r\nx-api-key: sk-test\r\nanthropic-version: 2023-06-01\r\n";

  private FakeClaude claude;
  private Socket socket;

  @BeforeEach
  void start() throws IOException {
    claude = FakeClaude.start();
    socket = new Socket("127.0.0.1", claude.port());
    socket.setSoTimeout(5_000);
  }

  @AfterEach
  void stop() throws IOException {
    socket.close();
    claude.close();
  }

  @Test
  void chunkedBodiesAndKeepAliveWithUpgradeIgnored() throws Exception {
    String half = BODY.substring(0, 20);
    String rest = BODY.substring(20);
    write(
        "POST /v1/messages HTTP/1.1\r\n"
            + HEADERS
            + "Connection: Upgrade, HTTP2-Settings\r\n"
            + "Upgrade: h2c\r\n"
            + "HTTP2-Settings: AAMAAABkAAQAoAAAAAIAAAAA\r\n"
            + "Transfer-Encoding: chunked\r\n\r\n"
            + Integer.toHexString(half.length())
            + ";ext=1\r\n"
            + half
            + "\r\n"
            + Integer.toHexString(rest.length())
            + "\r\n"
            + rest
            + "\r\n0\r\nx-trailer: t\r\n\r\n");
    Response first = read();

    write(
        "POST /v1/messages HTTP/1.1\r\n"
            + HEADERS
            + "Content-Length: "
            + BODY.length()
            + "\r\n\r\n"
            + BODY);
    Response second = read();

    assertEquals("HTTP/1.1 200 OK", first.statusLine);
    assertEquals("claude-raw", MAPPER.readTree(first.body).get("model").asText());
    assertEquals("HTTP/1.1 200 OK", second.statusLine);
    assertEquals("req_fake_000002", second.headers.get("request-id"));
    assertEquals(BODY, claude.takeRequest().body());
    assertEquals(BODY, claude.takeRequest().body());
  }

  @Test
  void connectionCloseIsHonoured() throws Exception {
    write(
        "POST /v1/messages HTTP/1.1\r\n"
            + HEADERS
            + "Connection: close\r\nContent-Length: "
            + BODY.length()
            + "\r\n\r\n"
            + BODY);

    Response response = read();

    assertEquals("close", response.headers.get("connection"));
    assertEquals(-1, socket.getInputStream().read());
  }

  @Test
  void disconnectClosesWithoutWritingAnything() throws Exception {
    claude.enqueue(FakeResponse.disconnect());
    write(
        "POST /v1/messages HTTP/1.1\r\n"
            + HEADERS
            + "Content-Length: "
            + BODY.length()
            + "\r\n\r\n"
            + BODY);

    assertEquals(-1, socket.getInputStream().read());
    assertEquals(BODY, claude.takeRequest().body());
  }

  @Test
  void tooLargeBodyIsRejectedBeforeContinue() throws Exception {
    write(
        "POST /v1/messages HTTP/1.1\r\n"
            + HEADERS
            + "Expect: 100-continue\r\nContent-Length: "
            + (HttpRequestReader.MAX_BODY_BYTES + 1)
            + "\r\n\r\n");

    Response response = read();

    assertEquals("HTTP/1.1 413 Content Too Large", response.statusLine);
    assertEquals(
        "request_too_large", MAPPER.readTree(response.body).get("error").get("type").asText());
    assertEquals(0, claude.requestCount());
  }

  @Test
  void tooLargeHeaderSectionIsRejected() throws Exception {
    write(
        "GET /v1/messages HTTP/1.1\r\nx-big: "
            + "a".repeat(HttpRequestReader.MAX_HEADER_BYTES)
            + "\r\n\r\n");

    Response response = read();

    assertTrue(response.statusLine.startsWith("HTTP/1.1 431 "), response.statusLine);
  }

  @Test
  void malformedRequestGetsBadRequestAndClose() throws Exception {
    write("NONSENSE\r\n\r\n");

    Response response = read();

    assertEquals("HTTP/1.1 400 Bad Request", response.statusLine);
    assertEquals("close", response.headers.get("connection"));
    assertFalse(MAPPER.readTree(response.body).get("request_id").asText().isEmpty());
  }

  @Test
  void headRequestGetsHeadersOnly() throws Exception {
    claude.enqueue(FakeResponse.text("x"));
    write("HEAD /v1/messages HTTP/1.1\r\n" + HEADERS + "\r\n");
    String head = readHead(socket.getInputStream());
    assertTrue(head.startsWith("HTTP/1.1 200 OK"), head);

    // The connection is still usable, proving no body bytes followed the head.
    write(
        "POST /v1/messages HTTP/1.1\r\n"
            + HEADERS
            + "Content-Length: "
            + BODY.length()
            + "\r\n\r\n"
            + BODY);
    assertEquals("HTTP/1.1 200 OK", read().statusLine);
  }

  private void write(String text) throws IOException {
    OutputStream out = socket.getOutputStream();
    out.write(text.getBytes(StandardCharsets.UTF_8));
    out.flush();
  }

  private static final class Response {
    final String statusLine;
    final Map<String, String> headers;
    final String body;

    Response(String statusLine, Map<String, String> headers, String body) {
      this.statusLine = statusLine;
      this.headers = headers;
      this.body = body;
    }
  }

  /** Reads one response framed by Content-Length, which FakeClaude always sends. */
  private Response read() throws IOException {
    InputStream in = socket.getInputStream();
    String[] lines = readHead(in).split("\r\n");
    Map<String, String> headers = new TreeMap<>();
    for (int i = 1; i < lines.length; i++) {
      int colon = lines[i].indexOf(':');
      headers.put(
          lines[i].substring(0, colon).toLowerCase(Locale.ROOT),
          lines[i].substring(colon + 1).trim());
    }
    int length = Integer.parseInt(headers.get("content-length"));
    byte[] body = in.readNBytes(length);
    assertEquals(length, body.length);
    return new Response(lines[0], headers, new String(body, StandardCharsets.UTF_8));
  }

  private static String readHead(InputStream in) throws IOException {
    ByteArrayOutputStream head = new ByteArrayOutputStream();
    int matched = 0;
    while (matched < 4) {
      int b = in.read();
      if (b == -1) {
        throw new IOException("EOF in response head: " + head);
      }
      head.write(b);
      matched = (b == "\r\n\r\n".charAt(matched)) ? matched + 1 : (b == '\r' ? 1 : 0);
    }
    String text = head.toString(StandardCharsets.UTF_8);
    return text.substring(0, text.length() - 4);
  }
}
