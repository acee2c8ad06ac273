package dev.claudegen.benchmarks;

import com.anthropic.client.AnthropicClient;
import com.anthropic.core.http.StreamResponse;
import com.anthropic.models.messages.batches.BatchCreateParams;
import com.anthropic.models.messages.batches.MessageBatchIndividualResponse;
import com.anthropic.models.messages.batches.MessageBatchResult;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.claudegen.runtime.BatchResult;
import dev.claudegen.runtime.BatchResults;
import dev.claudegen.runtime.MessageBatch;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;

/**
 * The clients of the batch benchmarks, each reading a batch's results or submitting a batch of
 * {@link BatchEndpoint#classify} requests: claudegen (the generated {@code
 * ClaudeBatchEndpoint.batches()}), the official SDK
 * ({@code messages().batches()}), and the raw floor (the JDK client and Jackson's streaming
 * parser and generator, nothing decoded).
 */
final class BatchClients {

  /** The clients, by the names the tables show. */
  static final List<String> READERS = List.of("floor", "claudegen", "sdk");

  static final String KEY = "bench-key";

  private static final JsonFactory JSON = new JsonFactory();

  private BatchClients() {}

  /** What a read saw: the counts by status and a checksum of the payloads. */
  record Tally(int[] counts, long checksum) {
    int total() {
      return counts[0] + counts[1] + counts[2] + counts[3];
    }
  }

  /**
   * The {@link #READERS} that run here: claudegen only when the runtime on the class path has its
   * batch engine (a runtime of the batch API's first shape throws {@link
   * UnsupportedOperationException}).
   */
  static List<String> available(URI baseUrl) {
    try {
      Claudegen.read(baseUrl, BatchServer.batchId(BatchServer.TEXT, 1), false);
      return READERS;
    } catch (UnsupportedOperationException e) {
      System.out.println("claudegen not measured: the runtime's batch engine is missing (" + e
          + ")");
      return List.of("floor", "sdk");
    }
  }

  /** Reads every result of {@code batchId}, a {@link BatchServer} batch of {@code kind}. */
  static Tally read(String client, String kind, URI baseUrl, String batchId) {
    switch (client) {
      case "floor":
        return Floor.read(baseUrl, batchId, kind.equals(BatchServer.TRIAGE));
      case "claudegen":
        return Claudegen.read(baseUrl, batchId, kind.equals(BatchServer.TRIAGE));
      case "sdk":
        return Sdk.read(baseUrl, batchId, kind.equals(BatchServer.TRIAGE));
      default:
        throw new IllegalArgumentException("no client " + client + "; one of " + READERS);
    }
  }

  /**
   * claudegen: the client generated from {@link BatchEndpoint}, its {@code Batches}: {@code
   * resumeClassify} and {@code resumeTriage} to read, {@code classify().add(...)} and {@code
   * submit()} to create.
   */
  static final class Claudegen {

    private Claudegen() {}

    static ClaudeBatchEndpoint.Batches batches(URI baseUrl) {
      return ClaudeBatchEndpoint.builder().apiKey(KEY).baseUrl(baseUrl.toString()).batches();
    }

    static Tally read(URI baseUrl, String batchId, boolean triage) {
      ClaudeBatchEndpoint.Batches batches = batches(baseUrl);
      return triage ? tally(batches.resumeTriage(batchId), true)
          : tally(batches.resumeClassify(batchId), false);
    }

    static <T> Tally tally(MessageBatch<T> batch, boolean triage) {
      int[] counts = new int[4];
      long checksum = 0;
      try (BatchResults<T> results = batch.results()) {
        for (BatchResult<T> result : results) {
          switch (result.status()) {
            case SUCCEEDED:
              counts[BatchServer.SUCCEEDED]++;
              T payload = result.payload();
              checksum +=
                  triage
                      ? ((BatchEndpoint.Triage) payload).urgency()
                      : ((String) payload).length();
              break;
            case ERRORED:
              counts[BatchServer.ERRORED]++;
              break;
            case CANCELED:
              counts[BatchServer.CANCELED]++;
              break;
            default:
              counts[BatchServer.EXPIRED]++;
          }
          checksum += result.customId().length();
        }
      }
      return new Tally(counts, checksum);
    }

    /** Adds {@code requests} tickets to a new draft: the body is built as they are added. */
    static ClaudeBatchEndpoint.ClassifyBatch build(
        ClaudeBatchEndpoint.Batches batches, int requests) {
      ClaudeBatchEndpoint.ClassifyBatch draft = batches.classify();
      for (int i = 0; i < requests; i++) {
        draft.add(BatchServer.customId(i), BatchEndpoint.ticket(i));
      }
      return draft;
    }

    static String submit(ClaudeBatchEndpoint.ClassifyBatch draft) {
      return draft.submit().id();
    }
  }

  /** The official SDK, {@code com.anthropic:anthropic-java}, default settings but the base URL. */
  static final class Sdk {

    private Sdk() {}

    /** The SDK's users parse a structured text themselves: databind, on its class path. */
    private static final ObjectMapper MAPPER = new ObjectMapper();

    static Tally read(URI baseUrl, String batchId, boolean triage) {
      AnthropicClient sdk = Peers.Sdk.client(baseUrl, KEY);
      int[] counts = new int[4];
      long checksum = 0;
      try (StreamResponse<MessageBatchIndividualResponse> results =
          sdk.messages().batches().resultsStreaming(batchId)) {
        for (MessageBatchIndividualResponse response :
            (Iterable<MessageBatchIndividualResponse>) results.stream()::iterator) {
          MessageBatchResult result = response.result();
          if (result.isSucceeded()) {
            counts[BatchServer.SUCCEEDED]++;
            String text =
                result.asSucceeded().message().content().get(0).text().orElseThrow().text();
            checksum +=
                triage ? MAPPER.readValue(text, BatchEndpoint.Triage.class).urgency()
                    : text.length();
          } else if (result.isErrored()) {
            counts[BatchServer.ERRORED]++;
          } else if (result.isCanceled()) {
            counts[BatchServer.CANCELED]++;
          } else {
            counts[BatchServer.EXPIRED]++;
          }
          checksum += response.customId().length();
        }
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      } finally {
        sdk.close();
      }
      return new Tally(counts, checksum);
    }

    /** The same tickets as {@link BatchCreateParams}: the SDK serialises them when it sends. */
    static BatchCreateParams build(int requests) {
      BatchCreateParams.Builder params = BatchCreateParams.builder();
      for (int i = 0; i < requests; i++) {
        params.addRequest(
            BatchCreateParams.Request.builder()
                .customId(BatchServer.customId(i))
                .params(
                    BatchCreateParams.Request.Params.builder()
                        .model(BenchEndpoint.MODEL)
                        .maxTokens(BatchEndpoint.MAX_TOKENS)
                        .addUserMessage(BatchEndpoint.classifyPrompt(BatchEndpoint.ticket(i)))
                        .build())
                .build());
      }
      return params.build();
    }

    static String submit(AnthropicClient sdk, BatchCreateParams params) {
      return sdk.messages().batches().create(params).id();
    }
  }

  /**
   * The floor: {@code HttpClient.send} and Jackson's streaming parser over the JSONL, reading each
   * line's custom id, result type and (for a success) its text, nothing decoded further; for a
   * submit, the body written by Jackson's generator and one POST. No retries, no error mapping.
   */
  static final class Floor {

    private Floor() {}

    private static final HttpClient HTTP = HttpClient.newHttpClient();

    static Tally read(URI baseUrl, String batchId, boolean triage) {
      HttpRequest request =
          HttpRequest.newBuilder(baseUrl.resolve("/v1/messages/batches/" + batchId + "/results"))
              .header("x-api-key", KEY)
              .header("anthropic-version", "2023-06-01")
              .timeout(Duration.ofSeconds(30))
              .GET()
              .build();
      int[] counts = new int[4];
      long checksum = 0;
      try {
        HttpResponse<InputStream> response =
            HTTP.send(request, HttpResponse.BodyHandlers.ofInputStream());
        try (InputStream body = response.body();
            JsonParser json = JSON.createParser(body)) {
          // Root-level objects one after another: Jackson reads JSONL as a sequence of values.
          while (json.nextToken() == JsonToken.START_OBJECT) {
            String customId = null;
            String type = null;
            String text = null;
            while (json.nextToken() == JsonToken.FIELD_NAME) {
              String field = json.currentName();
              json.nextToken();
              if (field.equals("custom_id")) {
                customId = json.getText();
              } else if (field.equals("result")) {
                while (json.nextToken() == JsonToken.FIELD_NAME) {
                  String name = json.currentName();
                  json.nextToken();
                  if (name.equals("type")) {
                    type = json.getText();
                  } else if (name.equals("message")) {
                    text = messageText(json);
                  } else {
                    json.skipChildren();
                  }
                }
              } else {
                json.skipChildren();
              }
            }
            switch (type) {
              case "succeeded":
                counts[BatchServer.SUCCEEDED]++;
                checksum += triage ? urgency(text) : text.length();
                break;
              case "errored":
                counts[BatchServer.ERRORED]++;
                break;
              case "canceled":
                counts[BatchServer.CANCELED]++;
                break;
              default:
                counts[BatchServer.EXPIRED]++;
            }
            checksum += customId.length();
          }
        }
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException(e);
      }
      return new Tally(counts, checksum);
    }

    /** The first text block's text of the message the parser is at; leaves it at its end. */
    private static String messageText(JsonParser json) throws IOException {
      String text = null;
      while (json.nextToken() == JsonToken.FIELD_NAME) {
        String name = json.currentName();
        json.nextToken();
        if (name.equals("content")) {
          while (json.nextToken() == JsonToken.START_OBJECT) {
            while (json.nextToken() == JsonToken.FIELD_NAME) {
              String field = json.currentName();
              json.nextToken();
              if (field.equals("text") && text == null) {
                text = json.getText();
              } else {
                json.skipChildren();
              }
            }
          }
        } else {
          json.skipChildren();
        }
      }
      return text;
    }

    /** The floor reads no record: only the urgency's digit, for the checksum. */
    private static int urgency(String text) {
      int at = text.indexOf("\"urgency\":") + "\"urgency\":".length();
      return text.charAt(at) - '0';
    }

    /** The create body, as the runtime writes each entry's params: a call's body, no stream. */
    static byte[] build(int requests) {
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      try (JsonGenerator json = JSON.createGenerator(out)) {
        json.writeStartObject();
        json.writeArrayFieldStart("requests");
        for (int i = 0; i < requests; i++) {
          json.writeStartObject();
          json.writeStringField("custom_id", BatchServer.customId(i));
          json.writeObjectFieldStart("params");
          json.writeStringField("model", BenchEndpoint.MODEL);
          json.writeNumberField("max_tokens", BatchEndpoint.MAX_TOKENS);
          json.writeArrayFieldStart("messages");
          json.writeStartObject();
          json.writeStringField("role", "user");
          json.writeStringField("content", BatchEndpoint.classifyPrompt(BatchEndpoint.ticket(i)));
          json.writeEndObject();
          json.writeEndArray();
          json.writeEndObject();
          json.writeEndObject();
        }
        json.writeEndArray();
        json.writeEndObject();
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
      return out.toByteArray();
    }

    /** One POST of {@code body}; the batch's id. */
    static String submit(URI baseUrl, byte[] body) {
      HttpRequest request =
          HttpRequest.newBuilder(baseUrl.resolve("/v1/messages/batches"))
              .header("x-api-key", KEY)
              .header("anthropic-version", "2023-06-01")
              .header("content-type", "application/json")
              .timeout(Duration.ofSeconds(60))
              .POST(HttpRequest.BodyPublishers.ofByteArray(body))
              .build();
      try {
        byte[] answer = HTTP.send(request, HttpResponse.BodyHandlers.ofByteArray()).body();
        try (JsonParser json = JSON.createParser(answer)) {
          json.nextToken();
          while (json.nextToken() == JsonToken.FIELD_NAME) {
            String field = json.currentName();
            json.nextToken();
            if (field.equals("id")) {
              return json.getText();
            }
            json.skipChildren();
          }
        }
        throw new IllegalStateException("no id in " + new String(answer));
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException(e);
      }
    }
  }
}
