package dev.claudegen.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

/**
 * Reads a streamed reply the way a client does: {@code java.net.http} over loopback, events parsed
 * as they arrive, byte by byte, so that no read waits for more than the next line.
 */
final class SseClient {
  private static final HttpClient CLIENT =
      HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

  private SseClient() {}

  /** One event as read. */
  record Event(String name, String data) {
    JsonNode json() {
      try {
        return Messages.MAPPER.readTree(data);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }

    /** The text of a {@code text_delta}, or {@code null} for another event. */
    String text() {
      return name.equals("content_block_delta")
          ? json().path("delta").path("text").asText(null)
          : null;
    }
  }

  /** A valid request body that asks to stream. */
  static String body(String user) {
    ObjectNode root = (ObjectNode) readTree(Messages.body("claude-sonnet-4-6", null, user));
    return root.put("stream", true).toString();
  }

  /** Sends {@code body} and returns as soon as the response head has arrived. */
  static HttpResponse<InputStream> open(URI baseUrl, String body)
      throws IOException, InterruptedException {
    return CLIENT.send(
        HttpRequest.newBuilder(baseUrl.resolve("/v1/messages"))
            .header("x-api-key", "test-key")
            .header("anthropic-version", "2026-10-21")
            .header("content-type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString(body))
            .build(),
        HttpResponse.BodyHandlers.ofInputStream());
  }

  /** Sends {@code body} and reads the whole reply as text. */
  static HttpResponse<String> send(URI baseUrl, String body)
      throws IOException, InterruptedException {
    return Messages.post(baseUrl, body);
  }

  /** Every event up to the end of the body. */
  static List<Event> readAll(InputStream in) throws IOException {
    Reader reader = new Reader(in);
    List<Event> events = new ArrayList<>();
    for (Event event = reader.next(); event != null; event = reader.next()) {
      events.add(event);
    }
    return events;
  }

  static List<String> names(List<Event> events) {
    return events.stream().map(Event::name).collect(Collectors.toList());
  }

  static List<String> texts(List<Event> events) {
    return events.stream().map(Event::text).filter(t -> t != null).collect(Collectors.toList());
  }

  /**
   * Parses events from a stream as the SSE format defines them, for the fields FakeClaude sends.
   */
  static final class Reader {
    private final InputStream in;

    Reader(InputStream in) {
      this.in = in;
    }

    /** The next event, or {@code null} if the body ended cleanly between events. */
    Event next() throws IOException {
      String name = null;
      List<String> data = new ArrayList<>();
      while (true) {
        String line = line(name == null && data.isEmpty());
        if (line == null) {
          return null;
        }
        if (line.isEmpty()) {
          if (name != null || !data.isEmpty()) {
            return new Event(name, String.join("\n", data));
          }
        } else if (line.startsWith("event: ")) {
          name = line.substring("event: ".length());
        } else if (line.startsWith("data: ")) {
          data.add(line.substring("data: ".length()));
        } else {
          throw new IOException("Unexpected line: " + line);
        }
      }
    }

    private String line(boolean endAllowed) throws IOException {
      ByteArrayOutputStream bytes = new ByteArrayOutputStream();
      while (true) {
        int b = in.read();
        if (b == -1) {
          if (endAllowed && bytes.size() == 0) {
            return null;
          }
          throw new EOFException("Body ended inside an event: " + bytes);
        }
        if (b == '\n') {
          return bytes.toString(StandardCharsets.UTF_8);
        }
        bytes.write(b);
      }
    }
  }

  private static JsonNode readTree(String json) {
    try {
      return Messages.MAPPER.readTree(json);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
