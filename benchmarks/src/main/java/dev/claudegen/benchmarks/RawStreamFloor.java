package dev.claudegen.benchmarks;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;

/**
 * The floor of a streamed call: what a hand-written reader of the API's server-sent events costs,
 * with nothing of claudegen's (no retries, no idle timeout, no listener, no whole reply kept). It
 * sends the request {@link RawFloor} sends with {@code "stream":true}, reads the body with {@link
 * HttpResponse.BodyHandlers#ofInputStream()}, splits it into lines in a buffer of its own, and
 * hands each {@code text_delta}'s text, read by Jackson's streaming parser from the event's data
 * line, back as a {@code String}. Its {@code HttpClient} is built as {@link RawFloor}'s.
 */
public final class RawStreamFloor {

  private static final JsonFactory JSON = new JsonFactory();

  private final HttpClient http;
  private final URI messages;
  private final String apiKey;
  private final Duration timeout;

  public RawStreamFloor(URI baseUrl, String apiKey, Duration timeout) {
    this.http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
    this.messages = baseUrl.resolve("/v1/messages");
    this.apiKey = apiKey;
    this.timeout = timeout;
  }

  /** Sends and returns once the response's headers arrived, as a reader of its deltas. */
  public Deltas stream(String name) throws IOException, InterruptedException {
    return new Deltas(http.send(request(name), HttpResponse.BodyHandlers.ofInputStream()));
  }

  /**
   * Sends and reads the response's body to its end without looking at it: what the JDK's client
   * and the loopback server cost alone, below any reader of the events.
   *
   * @param buffer read into, reused from call to call
   * @return how many bytes the body had
   */
  public long bodyBytes(String name, byte[] buffer) throws IOException, InterruptedException {
    HttpResponse<InputStream> response =
        http.send(request(name), HttpResponse.BodyHandlers.ofInputStream());
    long total = 0;
    try (InputStream in = response.body()) {
      if (response.statusCode() != 200) {
        throw new IllegalStateException("HTTP " + response.statusCode());
      }
      for (int read = in.read(buffer); read >= 0; read = in.read(buffer)) {
        total += read;
      }
    }
    return total;
  }

  private HttpRequest request(String name) {
    return HttpRequest.newBuilder(messages)
        .timeout(timeout)
        .header("x-api-key", apiKey)
        .header("anthropic-version", "2023-06-01")
        .header("content-type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofByteArray(RawFloor.body(BenchEndpoint.prompt(name), true)))
        .build();
  }

  /** One streamed reply's text deltas, read as they are asked for; single use, one thread. */
  public static final class Deltas implements AutoCloseable {

    private static final byte[] EVENT = ascii("event: ");
    private static final byte[] DATA = ascii("data: ");
    private static final byte[] DELTA_EVENT = ascii("event: content_block_delta");
    private static final byte[] STOP_EVENT = ascii("event: message_stop");

    private final InputStream in;
    private final byte[] buffer = new byte[8192];
    private int position;
    private int limit;
    private byte[] line = new byte[512];
    private boolean inDelta;
    private boolean stopped;

    private Deltas(HttpResponse<InputStream> response) throws IOException {
      this.in = response.body();
      if (response.statusCode() != 200) {
        in.close();
        throw new IllegalStateException("HTTP " + response.statusCode());
      }
    }

    /**
     * The next delta's text; null once {@code message_stop} came, after the body was read to its
     * end so the connection can serve the next call.
     */
    public String next() throws IOException {
      while (!stopped) {
        int length = readLine();
        if (length < 0) {
          throw new IOException("the stream ended before message_stop");
        }
        if (startsWith(length, EVENT)) {
          inDelta = is(length, DELTA_EVENT);
          if (is(length, STOP_EVENT)) {
            stopped = true;
          }
        } else if (inDelta && startsWith(length, DATA)) {
          String text = text(line, DATA.length, length - DATA.length);
          if (text != null) {
            return text;
          }
        }
      }
      while (in.read(buffer) >= 0) {
        // Nothing follows message_stop; reading to the end returns the connection to the pool.
      }
      return null;
    }

    /** Closes the body; before its end, that aborts the exchange. */
    @Override
    public void close() throws IOException {
      in.close();
    }

    /** The next line, without its LF, into {@link #line}: its length, or -1 at the body's end. */
    private int readLine() throws IOException {
      int length = 0;
      while (true) {
        if (position == limit) {
          limit = in.read(buffer);
          position = 0;
          if (limit < 0) {
            limit = 0;
            return length == 0 ? -1 : length;
          }
        }
        int end = position;
        while (end < limit && buffer[end] != '\n') {
          end++;
        }
        int count = end - position;
        if (length + count > line.length) {
          line = Arrays.copyOf(line, Math.max(length + count, 2 * line.length));
        }
        System.arraycopy(buffer, position, line, length, count);
        length += count;
        if (end < limit) {
          position = end + 1;
          return length;
        }
        position = limit;
      }
    }

    private boolean startsWith(int length, byte[] prefix) {
      return length >= prefix.length && Arrays.equals(line, 0, prefix.length, prefix, 0, prefix.length);
    }

    private boolean is(int length, byte[] whole) {
      return length == whole.length && startsWith(length, whole);
    }

    /** A {@code content_block_delta}'s text, or null when its delta is no {@code text_delta}. */
    private static String text(byte[] data, int offset, int length) throws IOException {
      try (JsonParser json = JSON.createParser(data, offset, length)) {
        json.nextToken();
        while (json.nextToken() == JsonToken.FIELD_NAME) {
          String field = json.currentName();
          JsonToken value = json.nextToken();
          if (!field.equals("delta") || value != JsonToken.START_OBJECT) {
            json.skipChildren();
            continue;
          }
          boolean textDelta = false;
          String text = null;
          while (json.nextToken() == JsonToken.FIELD_NAME) {
            String inner = json.currentName();
            json.nextToken();
            if (inner.equals("type")) {
              textDelta = isTextDelta(json);
            } else if (inner.equals("text")) {
              text = json.getText();
            } else {
              json.skipChildren();
            }
          }
          return textDelta ? text : null;
        }
        return null;
      }
    }

    private static final char[] TEXT_DELTA = "text_delta".toCharArray();

    // Compared in the parser's own buffer: a String per delta for its type would be the floor's
    // waste, not the cost of reading deltas.
    private static boolean isTextDelta(JsonParser json) throws IOException {
      int offset = json.getTextOffset();
      return json.getTextLength() == TEXT_DELTA.length
          && Arrays.equals(
              json.getTextCharacters(), offset, offset + TEXT_DELTA.length,
              TEXT_DELTA, 0, TEXT_DELTA.length);
    }

    private static byte[] ascii(String text) {
      return text.getBytes(StandardCharsets.US_ASCII);
    }
  }
}
