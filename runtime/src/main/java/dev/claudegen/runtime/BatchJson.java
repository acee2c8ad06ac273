package dev.claudegen.runtime;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads the Message Batches API's JSON with Jackson's streaming API: a batch object, a page of
 * the batch list, and one line of a batch's results. No mapper, no tree, one pass.
 */
final class BatchJson {

  static final JsonFactory JSON = new JsonFactory();

  private BatchJson() {}

  /** A page of {@code GET /v1/messages/batches}: its batches, newest first. */
  record Page(List<BatchStatus> batches, boolean hasMore, String lastId) {}

  /**
   * A batch object, as create, retrieve and cancel answer.
   *
   * @throws MessagesJson.MalformedBodyException when the body is not a batch object with an id
   */
  static BatchStatus batch(byte[] body) throws MessagesJson.MalformedBodyException {
    try (JsonParser json = JSON.createParser(body)) {
      if (json.nextToken() != JsonToken.START_OBJECT) {
        throw new MessagesJson.MalformedBodyException("not a batch object", body);
      }
      BatchStatus batch = batch(json);
      if (batch == null) {
        throw new MessagesJson.MalformedBodyException("batch object without an id", body);
      }
      return batch;
    } catch (IOException e) {
      throw new MessagesJson.MalformedBodyException("batch object is not valid JSON", body);
    }
  }

  /**
   * A page of the batch list.
   *
   * @throws MessagesJson.MalformedBodyException when the body is not a list page
   */
  static Page page(byte[] body) throws MessagesJson.MalformedBodyException {
    List<BatchStatus> batches = new ArrayList<>();
    boolean hasMore = false;
    String lastId = null;
    try (JsonParser json = JSON.createParser(body)) {
      if (json.nextToken() != JsonToken.START_OBJECT) {
        throw new MessagesJson.MalformedBodyException("not a batch list", body);
      }
      while (json.nextToken() == JsonToken.FIELD_NAME) {
        String field = json.currentName();
        JsonToken value = json.nextToken();
        switch (field) {
          case "data" -> {
            if (value != JsonToken.START_ARRAY) {
              throw new MessagesJson.MalformedBodyException("batch list data not an array", body);
            }
            while (json.nextToken() == JsonToken.START_OBJECT) {
              BatchStatus batch = batch(json);
              if (batch != null) {
                batches.add(batch);
              }
            }
          }
          case "has_more" -> hasMore = value == JsonToken.VALUE_TRUE;
          case "last_id" -> lastId = string(json, value);
          default -> json.skipChildren();
        }
      }
    } catch (IOException e) {
      throw new MessagesJson.MalformedBodyException("batch list is not valid JSON", body);
    }
    return new Page(batches, hasMore, lastId);
  }

  /** A batch object from a parser at its {@code START_OBJECT}; null when it has no id. */
  private static BatchStatus batch(JsonParser json) throws IOException {
    String id = null;
    String status = null;
    int[] counts = new int[5];
    Instant created = null;
    Instant expires = null;
    Instant ended = null;
    while (json.nextToken() == JsonToken.FIELD_NAME) {
      String field = json.currentName();
      JsonToken value = json.nextToken();
      switch (field) {
        case "id" -> id = string(json, value);
        case "processing_status" -> status = string(json, value);
        case "created_at" -> created = instant(string(json, value));
        case "expires_at" -> expires = instant(string(json, value));
        case "ended_at" -> ended = instant(string(json, value));
        case "request_counts" -> {
          if (value != JsonToken.START_OBJECT) {
            json.skipChildren();
            continue;
          }
          while (json.nextToken() == JsonToken.FIELD_NAME) {
            String count = json.currentName();
            JsonToken number = json.nextToken();
            int n = number == JsonToken.VALUE_NUMBER_INT ? json.getIntValue() : 0;
            switch (count) {
              case "processing" -> counts[0] = n;
              case "succeeded" -> counts[1] = n;
              case "errored" -> counts[2] = n;
              case "canceled" -> counts[3] = n;
              case "expired" -> counts[4] = n;
              default -> json.skipChildren();
            }
          }
        }
        default -> json.skipChildren();
      }
    }
    if (id == null) {
      return null;
    }
    return new BatchStatus(
        id,
        status == null ? "in_progress" : status,
        counts[0],
        counts[1],
        counts[2],
        counts[3],
        counts[4],
        created,
        expires,
        ended);
  }

  /** An RFC 3339 time as the API writes it; null when absent or unreadable. */
  static Instant instant(String text) {
    if (text == null) {
      return null;
    }
    try {
      return Instant.parse(text);
    } catch (DateTimeParseException e) {
      return null;
    }
  }

  static String string(JsonParser json, JsonToken value) throws IOException {
    if (value == JsonToken.VALUE_STRING) {
      return json.getText();
    }
    json.skipChildren();
    return null;
  }

  /**
   * The parts of a result line: its {@code custom_id}, the result's type, and its message (read
   * as a reply) or error.
   */
  record Line(
      String customId,
      String type,
      Reply message,
      String errorType,
      String errorMessage,
      String requestId) {}

  /**
   * One line of a batch's results.
   *
   * @throws MessagesJson.MalformedBodyException when it is not a result line
   */
  static Line line(byte[] buffer, int length) throws MessagesJson.MalformedBodyException {
    String customId = null;
    String type = null;
    Reply message = null;
    String[] error = new String[3]; // type, message, request id
    try (JsonParser json = JSON.createParser(buffer, 0, length)) {
      if (json.nextToken() != JsonToken.START_OBJECT) {
        throw malformed("not a JSON object", buffer, length);
      }
      while (json.nextToken() == JsonToken.FIELD_NAME) {
        String field = json.currentName();
        JsonToken value = json.nextToken();
        if (field.equals("custom_id")) {
          customId = string(json, value);
        } else if (field.equals("result") && value == JsonToken.START_OBJECT) {
          while (json.nextToken() == JsonToken.FIELD_NAME) {
            String inner = json.currentName();
            JsonToken innerValue = json.nextToken();
            switch (inner) {
              case "type" -> type = string(json, innerValue);
              case "message" -> {
                if (innerValue == JsonToken.START_OBJECT) {
                  message =
                      MessagesJson.reply(
                          json, null, RateLimitInfo.NONE, () -> slice(buffer, length));
                } else {
                  json.skipChildren();
                }
              }
              case "error" -> readError(json, innerValue, error);
              case "request_id" -> error[2] = string(json, innerValue);
              default -> json.skipChildren();
            }
          }
        } else {
          json.skipChildren();
        }
      }
    } catch (IOException e) {
      throw malformed("not valid JSON", buffer, length);
    }
    if (customId == null || type == null) {
      throw malformed("no custom_id or result type", buffer, length);
    }
    if (type.equals("succeeded") && message == null) {
      throw malformed("a succeeded result without its message", buffer, length);
    }
    return new Line(customId, type, message, error[0], error[1], error[2]);
  }

  /**
   * An {@code error}: the API's error body ({@code {"type":"error","error":{"type":...,
   * "message":...}}}) or its inner object alone, either with an optional {@code request_id}.
   */
  private static void readError(JsonParser json, JsonToken value, String[] error)
      throws IOException {
    if (value != JsonToken.START_OBJECT) {
      json.skipChildren();
      return;
    }
    String outerType = null;
    String outerMessage = null;
    boolean nested = false;
    while (json.nextToken() == JsonToken.FIELD_NAME) {
      String field = json.currentName();
      JsonToken inner = json.nextToken();
      switch (field) {
        case "type" -> outerType = string(json, inner);
        case "message" -> outerMessage = string(json, inner);
        case "request_id" -> error[2] = string(json, inner);
        case "error" -> {
          if (inner == JsonToken.START_OBJECT) {
            nested = true;
            while (json.nextToken() == JsonToken.FIELD_NAME) {
              String name = json.currentName();
              JsonToken v = json.nextToken();
              switch (name) {
                case "type" -> error[0] = string(json, v);
                case "message" -> error[1] = string(json, v);
                case "request_id" -> error[2] = string(json, v);
                default -> json.skipChildren();
              }
            }
          } else {
            json.skipChildren();
          }
        }
        default -> json.skipChildren();
      }
    }
    if (!nested) {
      error[0] = outerType;
      error[1] = outerMessage;
    }
  }

  private static MessagesJson.MalformedBodyException malformed(
      String problem, byte[] buffer, int length) {
    return new MessagesJson.MalformedBodyException(problem, slice(buffer, length));
  }

  private static byte[] slice(byte[] buffer, int length) {
    return buffer.length == length ? buffer : java.util.Arrays.copyOf(buffer, length);
  }
}
