package dev.claudegen.benchmarks;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The Message Batches endpoints on loopback, for {@link BatchRead} and {@link BatchSubmit}: the
 * least a server can do, the same for every client, holding no batch in memory.
 *
 * <ul>
 *   <li>{@code POST /v1/messages/batches}: reads the body to its end, counting its bytes and its
 *       {@code "custom_id"}s, and answers a batch object {@code in_progress}, id {@code
 *       msgbatch_created_<count>}.
 *   <li>{@code GET /v1/messages/batches/<id>}: the batch ended, with its counts and {@code
 *       results_url}. An id {@code msgbatch_<kind>_<n>} ({@code text} or {@code triage}) names a
 *       batch of {@code n} results that exists without having been created.
 *   <li>{@code GET .../<id>/results}: {@code n} JSONL lines GENERATED AS THEY ARE WRITTEN from a
 *       few templates, custom ids {@code r-0000000}, {@code r-0000001}, ... in that order;
 *       {@link #status} says which are succeeded, errored, canceled or expired.
 *   <li>{@code POST .../<id>/cancel}: the batch object, ended; {@code GET /v1/messages/batches}:
 *       an empty list.
 * </ul>
 */
public final class BatchServer implements AutoCloseable {

  /** The results' kinds: text for {@code classify}, a {@code Triage}'s JSON for {@code triage}. */
  public static final String TEXT = "text";

  /** See {@link #TEXT}. */
  public static final String TRIAGE = "triage";

  /** Indexes of the counts {@link #counts} returns: succeeded, errored, canceled, expired. */
  public static final int SUCCEEDED = 0;

  public static final int ERRORED = 1;
  public static final int CANCELED = 2;
  public static final int EXPIRED = 3;

  static {
    // As LoopbackServer: the JDK's server waits for delayed ACKs unless told not to.
    System.setProperty("sun.net.httpserver.nodelay", "true");
  }

  private static final String PATH = "/v1/messages/batches";
  private static final byte[] CUSTOM_ID = "\"custom_id\"".getBytes(StandardCharsets.US_ASCII);

  private final HttpServer server;
  private final ExecutorService handlers;
  private final AtomicLong lastCreateBytes = new AtomicLong();
  private final AtomicInteger lastCreateRequests = new AtomicInteger();
  private final AtomicInteger creates = new AtomicInteger();

  private BatchServer() throws IOException {
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 64);
    handlers =
        Executors.newFixedThreadPool(
            2,
            runnable -> {
              Thread thread = new Thread(runnable, "batch-server");
              thread.setDaemon(true);
              return thread;
            });
    server.setExecutor(handlers);
    server.createContext(PATH, this::handle);
    server.start();
  }

  /**
   * A server on a free loopback port, its line writer warmed up (compiled) first, so that the
   * first client measured does not wait on a cold server.
   */
  public static BatchServer start() {
    long sink = 0;
    for (int i = 0; i < 200_000; i++) {
      sink += line(i, (i & 1) == 0).length;
    }
    if (sink == 0) {
      throw new AssertionError();
    }
    try {
      return new BatchServer();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** {@code http://127.0.0.1:port}. */
  public URI baseUrl() {
    InetSocketAddress address = server.getAddress();
    return URI.create("http://" + address.getAddress().getHostAddress() + ":" + address.getPort());
  }

  /** The id of a ready batch of {@code n} results of {@code kind}. */
  public static String batchId(String kind, int n) {
    return "msgbatch_" + kind + "_" + n;
  }

  /** The custom id of the {@code i}-th result. */
  public static String customId(int i) {
    String digits = Integer.toString(i);
    return "r-" + "0000000".substring(Math.min(7, digits.length())) + digits;
  }

  /**
   * How the {@code i}-th request ended: one in 20 errored, one in 50 expired, one in 100 canceled
   * (never the same request twice), the rest succeeded.
   */
  public static int status(int i) {
    if (i % 20 == 7) {
      return ERRORED;
    }
    if (i % 50 == 13) {
      return EXPIRED;
    }
    if (i % 100 == 41) {
      return CANCELED;
    }
    return SUCCEEDED;
  }

  /** The counts by status of a batch of {@code n}: succeeded, errored, canceled, expired. */
  public static int[] counts(int n) {
    int[] counts = new int[4];
    for (int i = 0; i < n; i++) {
      counts[status(i)]++;
    }
    return counts;
  }

  /** The text of the {@code i}-th succeeded result of kind {@link #TEXT}. */
  public static String text(int i) {
    return "BILLING: the customer was charged twice for order A-" + i + " and wants a refund.";
  }

  /** The urgency of the {@code i}-th {@link #TRIAGE} result (its category is BILLING). */
  public static int urgency(int i) {
    return 1 + i % 5;
  }

  /** The body bytes of the last create, as read. */
  public long lastCreateBytes() {
    return lastCreateBytes.get();
  }

  /** The requests in the last create ({@code "custom_id"}s counted in its body). */
  public int lastCreateRequests() {
    return lastCreateRequests.get();
  }

  /** How many creates were answered. */
  public int creates() {
    return creates.get();
  }

  private void handle(HttpExchange exchange) throws IOException {
    String path = exchange.getRequestURI().getPath();
    String method = exchange.getRequestMethod();
    try {
      if (path.equals(PATH) && method.equals("POST")) {
        create(exchange);
      } else if (path.equals(PATH) && method.equals("GET")) {
        json(exchange, 200, "{\"data\":[],\"has_more\":false,\"first_id\":null,\"last_id\":null}");
      } else if (path.endsWith("/results") && method.equals("GET")) {
        results(exchange, id(path.substring(0, path.length() - "/results".length())));
      } else if (path.endsWith("/cancel") && method.equals("POST")) {
        drain(exchange);
        json(exchange, 200, batch(id(path.substring(0, path.length() - "/cancel".length())), true));
      } else if (method.equals("GET")) {
        json(exchange, 200, batch(id(path), true));
      } else {
        json(exchange, 404, notFound(path));
      }
    } catch (IllegalArgumentException e) {
      json(exchange, 404, notFound(path));
    }
  }

  private static String id(String path) {
    return path.substring(path.lastIndexOf('/') + 1);
  }

  private static String notFound(String path) {
    return "{\"type\":\"error\",\"error\":{\"type\":\"not_found_error\",\"message\":\"no "
        + path
        + "\"}}";
  }

  private void create(HttpExchange exchange) throws IOException {
    long bytes = 0;
    int requests = 0;
    int matched = 0;
    byte[] buffer = new byte[65_536];
    try (InputStream in = exchange.getRequestBody()) {
      for (int read; (read = in.read(buffer)) >= 0; ) {
        bytes += read;
        for (int i = 0; i < read; i++) {
          // A match may span two reads: the state carries over.
          matched =
              buffer[i] == CUSTOM_ID[matched] ? matched + 1 : buffer[i] == CUSTOM_ID[0] ? 1 : 0;
          if (matched == CUSTOM_ID.length) {
            requests++;
            matched = 0;
          }
        }
      }
    }
    lastCreateBytes.set(bytes);
    lastCreateRequests.set(requests);
    creates.incrementAndGet();
    json(exchange, 200, batch("msgbatch_created_" + requests, false));
  }

  /** The batch object of {@code id}; {@code ended} or just created. */
  private String batch(String id, boolean ended) {
    int n = size(id);
    int[] counts = ended ? counts(n) : new int[4];
    return "{\"id\":\"" + id + "\",\"type\":\"message_batch\",\"processing_status\":\""
        + (ended ? "ended" : "in_progress")
        + "\",\"request_counts\":{\"processing\":" + (ended ? 0 : n)
        + ",\"succeeded\":" + counts[SUCCEEDED]
        + ",\"errored\":" + counts[ERRORED]
        + ",\"canceled\":" + counts[CANCELED]
        + ",\"expired\":" + counts[EXPIRED]
        + "},\"ended_at\":" + (ended ? "\"2026-12-01T11:00:00Z\"" : "null")
        + ",\"created_at\":\"2026-12-01T10:00:00Z\",\"expires_at\":\"2026-12-02T10:00:00Z\""
        + ",\"cancel_initiated_at\":null,\"archived_at\":null,\"results_url\":"
        + (ended ? "\"" + baseUrl() + PATH + "/" + id + "/results\"" : "null")
        + "}";
  }

  /** The size an id names: {@code msgbatch_<kind>_<n>}. */
  private static int size(String id) {
    int underscore = id.lastIndexOf('_');
    if (!id.startsWith("msgbatch_") || underscore < 0) {
      throw new IllegalArgumentException(id);
    }
    return Integer.parseInt(id.substring(underscore + 1));
  }

  private static String kind(String id) {
    return id.startsWith("msgbatch_" + TRIAGE + "_") ? TRIAGE : TEXT;
  }

  private void results(HttpExchange exchange, String id) throws IOException {
    int n = size(id);
    boolean triage = kind(id).equals(TRIAGE);
    drain(exchange);
    exchange.getResponseHeaders().set("content-type", "application/x-jsonl");
    exchange.getResponseHeaders().set("request-id", "req_batch_results");
    exchange.sendResponseHeaders(200, 0);
    try (OutputStream out = new BufferedOutputStream(exchange.getResponseBody(), 65_536)) {
      for (int i = 0; i < n; i++) {
        out.write(line(i, triage));
      }
    } catch (IOException e) {
      // The client stopped reading (closed early): nothing more to write.
      exchange.close();
    }
  }

  /** The {@code i}-th JSONL line, newline included. */
  static byte[] line(int i, boolean triage) {
    String head = "{\"custom_id\":\"" + customId(i) + "\",\"result\":";
    String result;
    switch (status(i)) {
      case ERRORED:
        result =
            "{\"type\":\"errored\",\"error\":{\"type\":\"error\",\"error\":{\"type\":"
                + "\"invalid_request_error\",\"message\":\"max_tokens: must be at most 64000\"}}}";
        break;
      case CANCELED:
        result = "{\"type\":\"canceled\"}";
        break;
      case EXPIRED:
        result = "{\"type\":\"expired\"}";
        break;
      default:
        String text =
            triage
                ? "{\\\"category\\\":\\\"BILLING\\\",\\\"urgency\\\":" + urgency(i)
                    + ",\\\"summary\\\":\\\"Charged twice for order A-" + i + "\\\"}"
                : text(i);
        result =
            "{\"type\":\"succeeded\",\"message\":{\"id\":\"msg_bench" + i
                + "\",\"type\":\"message\",\"role\":\"assistant\",\"model\":\""
                + BenchEndpoint.MODEL
                + "\",\"content\":[{\"type\":\"text\",\"text\":\"" + text
                + "\"}],\"stop_reason\":\"end_turn\",\"stop_sequence\":null,"
                + "\"usage\":{\"input_tokens\":31,\"output_tokens\":22}}}";
    }
    return (head + result + "}\n").getBytes(StandardCharsets.UTF_8);
  }

  private static void drain(HttpExchange exchange) throws IOException {
    try (InputStream in = exchange.getRequestBody()) {
      in.transferTo(OutputStream.nullOutputStream());
    }
  }

  private static void json(HttpExchange exchange, int status, String body) throws IOException {
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    exchange.getResponseHeaders().set("content-type", "application/json");
    exchange.getResponseHeaders().set("request-id", "req_batch");
    exchange.sendResponseHeaders(status, bytes.length);
    try (OutputStream out = exchange.getResponseBody()) {
      out.write(bytes);
    }
  }

  @Override
  public void close() {
    server.stop(0);
    handlers.shutdownNow();
  }
}
