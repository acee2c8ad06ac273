package dev.claudegen.benchmarks;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.util.ByteArrayBuilder;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;

/**
 * The floor: what a hand-written client with no retries, no error mapping and no timeout beyond
 * the JDK's own costs. It writes the same request body as the generated client with Jackson's
 * generator, sends it with {@link HttpClient}, and reads the text out of the reply with Jackson's
 * streaming parser; any status but 200 is an exception. Its {@code HttpClient} is built as
 * claudegen builds its own (defaults and a connect timeout), so the transport under both is the
 * same.
 */
public final class RawFloor {

  private static final JsonFactory JSON = new JsonFactory();

  private final HttpClient http;
  private final URI messages;
  private final String apiKey;
  private final Duration timeout;

  public RawFloor(URI baseUrl, String apiKey, Duration timeout) {
    this.http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
    this.messages = baseUrl.resolve("/v1/messages");
    this.apiKey = apiKey;
    this.timeout = timeout;
  }

  /** One call on the calling thread. */
  public String hello(String name) throws IOException, InterruptedException {
    HttpResponse<byte[]> response = http.send(request(name), HttpResponse.BodyHandlers.ofByteArray());
    return text(response);
  }

  /** One call with {@link HttpClient#sendAsync}. */
  public CompletableFuture<String> helloAsync(String name) {
    return http.sendAsync(request(name), HttpResponse.BodyHandlers.ofByteArray())
        .thenApply(RawFloor::text);
  }

  private HttpRequest request(String name) {
    return HttpRequest.newBuilder(messages)
        .timeout(timeout)
        .header("x-api-key", apiKey)
        .header("anthropic-version", "2023-06-01")
        .header("content-type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofByteArray(body(BenchEndpoint.prompt(name))))
        .build();
  }

  static byte[] body(String user) {
    return body(user, false);
  }

  /** The request body; with {@code stream}, {@code "stream":true} last, as the client writes it. */
  static byte[] body(String user, boolean stream) {
    ByteArrayBuilder out = new ByteArrayBuilder(256);
    try (JsonGenerator json = JSON.createGenerator(out)) {
      json.writeStartObject();
      json.writeStringField("model", BenchEndpoint.MODEL);
      json.writeNumberField("max_tokens", BenchEndpoint.MAX_TOKENS);
      json.writeArrayFieldStart("messages");
      json.writeStartObject();
      json.writeStringField("role", "user");
      json.writeStringField("content", user);
      json.writeEndObject();
      json.writeEndArray();
      if (stream) {
        json.writeBooleanField("stream", true);
      }
      json.writeEndObject();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out.toByteArray();
  }

  private static String text(HttpResponse<byte[]> response) {
    if (response.statusCode() != 200) {
      throw new IllegalStateException("HTTP " + response.statusCode());
    }
    return text(response.body());
  }

  /** The first text block's text: the one field of the reply this client wants. */
  static String text(byte[] reply) {
    try (JsonParser json = JSON.createParser(reply)) {
      if (json.nextToken() != JsonToken.START_OBJECT) {
        throw new IllegalStateException("not a JSON object");
      }
      while (json.nextToken() == JsonToken.FIELD_NAME) {
        String field = json.currentName();
        json.nextToken();
        if (!field.equals("content")) {
          json.skipChildren();
          continue;
        }
        while (json.nextToken() == JsonToken.START_OBJECT) {
          while (json.nextToken() == JsonToken.FIELD_NAME) {
            String blockField = json.currentName();
            json.nextToken();
            if (blockField.equals("text")) {
              return json.getText();
            }
            json.skipChildren();
          }
        }
      }
      throw new IllegalStateException("no text block");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
