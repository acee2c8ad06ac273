package dev.claudegen.benchmarks;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.io.SegmentedStringWriter;
import com.fasterxml.jackson.core.util.ByteArrayBuilder;
import com.fasterxml.jackson.core.util.BufferRecycler;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/**
 * The floor of one tool round: what a hand-written client with no retries, no error mapping and no
 * generality costs. It sends the prompt with the tool's definition, reads the one {@code tool_use}
 * block it expects (its id, name and {@code orderId}) with Jackson's streaming parser, runs
 * {@link OrderLookup#lookupOrder}, writes the second body by hand with Jackson's generator (the
 * first turn, the assistant's {@code tool_use} turn, the user's {@code tool_result} turn) and reads
 * the final reply's text. Any status but 200, or a first reply with no {@code tool_use}, is an
 * exception. Its {@code HttpClient} is built as {@link RawFloor}'s is.
 */
public final class RawToolFloor {

  /** The tools JSON the generated client sends (its compile-time constant), byte for byte. */
  static final String TOOLS =
      "[{\"name\":\"lookupOrder\",\"description\":\"Looks up an order by its id\","
          + "\"input_schema\":{\"type\":\"object\",\"properties\":{\"orderId\":"
          + "{\"type\":\"string\",\"description\":\"The order id\"}},"
          + "\"required\":[\"orderId\"],\"additionalProperties\":false},\"strict\":true}]";

  private static final JsonFactory JSON = new JsonFactory();

  private final HttpClient http;
  private final URI messages;
  private final String apiKey;
  private final Duration timeout;
  private final OrderLookup tools;

  public RawToolFloor(URI baseUrl, String apiKey, Duration timeout, OrderLookup tools) {
    this.http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
    this.messages = URI.create(baseUrl + "/v1/messages");
    this.apiKey = apiKey;
    this.timeout = timeout;
    this.tools = tools;
  }

  /** One call with one tool round, on the calling thread: the final reply's text. */
  public String where(String orderId) throws IOException, InterruptedException {
    String prompt = ToolEndpoint.prompt(orderId);
    ToolUse use = toolUse(send(body(prompt, null, null)));
    if (!use.name.equals("lookupOrder")) {
      throw new IllegalStateException("unknown tool " + use.name);
    }
    String result = result(tools.lookupOrder(use.orderId));
    return RawFloor.text(send(body(prompt, use, result)));
  }

  private byte[] send(byte[] body) throws IOException, InterruptedException {
    HttpRequest request =
        HttpRequest.newBuilder(messages)
            .timeout(timeout)
            .header("x-api-key", apiKey)
            .header("anthropic-version", "2023-06-01")
            .header("content-type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofByteArray(body))
            .build();
    HttpResponse<byte[]> response = http.send(request, HttpResponse.BodyHandlers.ofByteArray());
    if (response.statusCode() != 200) {
      throw new IllegalStateException("HTTP " + response.statusCode());
    }
    return response.body();
  }

  /**
   * A request body: the user's prompt, and with {@code use} the assistant's {@code tool_use} turn
   * and the user's turn of its {@code tool_result}; the tools last, as the client writes them.
   */
  static byte[] body(String prompt, ToolUse use, String result) {
    ByteArrayBuilder out = new ByteArrayBuilder(use == null ? 512 : 768);
    try (JsonGenerator json = JSON.createGenerator(out)) {
      json.writeStartObject();
      json.writeStringField("model", BenchEndpoint.MODEL);
      json.writeNumberField("max_tokens", BenchEndpoint.MAX_TOKENS);
      json.writeArrayFieldStart("messages");
      json.writeStartObject();
      json.writeStringField("role", "user");
      json.writeStringField("content", prompt);
      json.writeEndObject();
      if (use != null) {
        json.writeStartObject();
        json.writeStringField("role", "assistant");
        json.writeArrayFieldStart("content");
        json.writeStartObject();
        json.writeStringField("type", "tool_use");
        json.writeStringField("id", use.id);
        json.writeStringField("name", use.name);
        json.writeObjectFieldStart("input");
        json.writeStringField("orderId", use.orderId);
        json.writeEndObject();
        json.writeEndObject();
        json.writeEndArray();
        json.writeEndObject();
        json.writeStartObject();
        json.writeStringField("role", "user");
        json.writeArrayFieldStart("content");
        json.writeStartObject();
        json.writeStringField("type", "tool_result");
        json.writeStringField("tool_use_id", use.id);
        json.writeStringField("content", result);
        json.writeEndObject();
        json.writeEndArray();
        json.writeEndObject();
      }
      json.writeEndArray();
      json.writeFieldName("tools");
      json.writeRawValue(TOOLS);
      json.writeEndObject();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out.toByteArray();
  }

  /** The tool's result as the JSON text of the {@code tool_result}'s content. */
  static String result(OrderLookup.Order order) {
    SegmentedStringWriter out = new SegmentedStringWriter(new BufferRecycler());
    try {
      try (JsonGenerator json = JSON.createGenerator(out)) {
        json.writeStartObject();
        json.writeStringField("id", order.id());
        json.writeStringField("status", order.status().name());
        json.writeEndObject();
      }
      return out.getAndClear();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The first {@code tool_use} block of a reply: its id, name and input's {@code orderId}. */
  static ToolUse toolUse(byte[] reply) {
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
          ToolUse use = block(json);
          if (use != null) {
            return use;
          }
        }
      }
      throw new IllegalStateException("no tool_use block");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** One content block, the parser on its start: a tool use, or null for any other block. */
  private static ToolUse block(JsonParser json) throws IOException {
    String type = null;
    String id = null;
    String name = null;
    String orderId = null;
    while (json.nextToken() == JsonToken.FIELD_NAME) {
      String field = json.currentName();
      json.nextToken();
      switch (field) {
        case "type" -> type = json.getText();
        case "id" -> id = json.getText();
        case "name" -> name = json.getText();
        case "input" -> orderId = orderId(json);
        default -> json.skipChildren();
      }
    }
    return "tool_use".equals(type) ? new ToolUse(id, name, orderId) : null;
  }

  private static String orderId(JsonParser json) throws IOException {
    String orderId = null;
    while (json.nextToken() == JsonToken.FIELD_NAME) {
      String field = json.currentName();
      json.nextToken();
      if (field.equals("orderId")) {
        orderId = json.getText();
      } else {
        json.skipChildren();
      }
    }
    return orderId;
  }

  /** What the floor reads of a {@code tool_use} block. */
  record ToolUse(String id, String name, String orderId) {}
}
