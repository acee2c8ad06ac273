package dev.claudegen.testing;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Speaks HTTP by hand, to exercise what the JDK client never sends, and to watch the transport
 * faults byte by byte.
 */
class RawSocketTest {
  private static final ObjectMapper MAPPER = new ObjectMapper();
  private static final String BODY =
      "{\"model\":\"claude-raw\",\"max_tokens\":8,"
          + "\"messages\":[{\"role\":\"user\",\"content\":\"Hi\"}]}";
  private static final String HEADERS =
      "Host: 127.0.0.1\r\nx-api-key: sk-test\r\nanthropic-version: 2023-06-01\r\n";

  private static final String POST =
      "POST /v1/messages HTTP/1.1\r\n"
          + HEADERS
          + "Content-Length: "
          + BODY.length()
          + "\r\n\r\n"
          + BODY;

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

    write(POST);
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
    write(POST);

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
    String head = RawHttp.readHead(socket.getInputStream());
    assertTrue(head.startsWith("HTTP/1.1 200 OK"), head);

    // The connection is still usable, proving no body bytes followed the head.
    write(POST);
    assertEquals("HTTP/1.1 200 OK", read().statusLine);
  }

  // ---- faults ----

  @Test
  void resetSendsRstAfterReadingTheRequest() throws Exception {
    claude.enqueue(FakeResponse.reset());

    write(POST);

    assertThrows(SocketException.class, () -> readAll(socket.getInputStream()));
    assertEquals(BODY, claude.takeRequest().body());
  }

  @Test
  void truncatedBodyAnnouncesMoreThanItSendsThenCloses() throws Exception {
    claude.enqueue(FakeResponse.text("a reply long enough to cut").withTruncatedBody(10));

    write(POST);
    InputStream in = socket.getInputStream();
    Map<String, String> head = readHeadWithStatus(in);
    byte[] body = readAll(in);

    assertEquals("HTTP/1.1 200 OK", head.get(":status"));
    assertEquals("close", head.get("connection"));
    assertEquals(10, body.length);
    assertTrue(Integer.parseInt(head.get("content-length")) > 10, head.toString());
    assertEquals("{\"id\":\"msg", new String(body, StandardCharsets.UTF_8));
  }

  @Test
  void truncatingMoreThanTheBodyStillSendsLessThanAnnounced() throws Exception {
    claude.enqueue(FakeResponse.raw(500, "text/plain", "oops").withTruncatedBody(100));

    write(POST);
    InputStream in = socket.getInputStream();
    Map<String, String> head = readHeadWithStatus(in);

    assertEquals("101", head.get("content-length"));
    assertArrayEquals("oops".getBytes(StandardCharsets.UTF_8), readAll(in));
  }

  @Test
  void stallAfterHeadersSendsTheHeadThenNothingUntilClosed() throws Exception {
    claude.enqueue(FakeResponse.text("stuck").withStallAfterHeaders());
    socket.setSoTimeout(300);

    write(POST);
    InputStream in = socket.getInputStream();
    Map<String, String> head = readHeadWithStatus(in);

    assertEquals("HTTP/1.1 200 OK", head.get(":status"));
    assertThrows(SocketTimeoutException.class, in::read);
    long started = System.nanoTime();
    claude.close();
    assertTrue(System.nanoTime() - started < TimeUnit.SECONDS.toNanos(3));
    socket.setSoTimeout(5_000);
    assertEquals(0, readAllTolerant(in).length, "no body after close");
  }

  @Test
  void stallForADurationThenSendsTheBody() throws Exception {
    claude.enqueue(FakeResponse.text("late").withStallAfterHeaders(Duration.ofMillis(400)));
    socket.setSoTimeout(150);

    write(POST);
    InputStream in = socket.getInputStream();
    Map<String, String> head = readHeadWithStatus(in);
    assertThrows(SocketTimeoutException.class, in::read);
    socket.setSoTimeout(5_000);
    byte[] body = in.readNBytes(Integer.parseInt(head.get("content-length")));

    assertTrue(new String(body, StandardCharsets.UTF_8).contains("\"text\":\"late\""));
  }

  @Test
  void delayedResetResetsOnlyAfterTheDelay() throws Exception {
    claude.enqueue(FakeResponse.reset().withDelay(Duration.ofMillis(300)));
    socket.setSoTimeout(100);

    write(POST);

    assertThrows(SocketTimeoutException.class, () -> socket.getInputStream().read());
    socket.setSoTimeout(5_000);
    assertThrows(SocketException.class, () -> readAll(socket.getInputStream()));
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
    String[] lines = RawHttp.readHead(in).split("\r\n");
    Map<String, String> headers = RawHttp.headers(lines);
    int length = Integer.parseInt(headers.get("content-length"));
    byte[] body = in.readNBytes(length);
    assertEquals(length, body.length);
    return new Response(lines[0], headers, new String(body, StandardCharsets.UTF_8));
  }

  private static byte[] readAll(InputStream in) throws IOException {
    return in.readAllBytes();
  }

  /** What arrives before EOF or an error. */
  private static byte[] readAllTolerant(InputStream in) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try {
      int b;
      while ((b = in.read()) != -1) {
        out.write(b);
      }
    } catch (IOException e) {
      // A reset after close is as good as EOF here.
    }
    return out.toByteArray();
  }

  /** The head's headers, lower-cased, with the status line under {@code :status}. */
  private static Map<String, String> readHeadWithStatus(InputStream in) throws IOException {
    String[] lines = RawHttp.readHead(in).split("\r\n");
    Map<String, String> headers = RawHttp.headers(lines);
    headers.put(":status", lines[0]);
    return headers;
  }
}
