package dev.claudegen.benchmarks;

import com.fasterxml.jackson.core.io.JsonStringEncoder;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A Messages API server on loopback that answers every POST with one fixed reply, shared by every
 * client measured. It is not FakeClaude on purpose: FakeClaude records each request and matches
 * scripted responses, work that grows with the run and would sit inside every figure; this server
 * does the least a server can (read the body, write fixed bytes), the same for every client.
 *
 * <p>With a delay it answers each request that long after it arrived without holding a thread:
 * the handler returns at once and a timer writes the reply, as a slow model would look to a
 * client with 10,000 calls in flight.
 *
 * <p>A request whose body has {@code "stream":true} gets the same kind of reply as the API's
 * server-sent events instead, in the bytes FakeClaude sends (docs/testing.md, "Streamed replies"),
 * one chunk per event, each flushed as it is written: {@link #TEXT} in words, or, from {@link
 * #streaming}, a given number of four-word deltas ({@link #delta}).
 *
 * <p>Under {@link #toolsUrl} ({@code /tools}) it answers a tool exchange of one round instead: a
 * request naming a {@code tool_result} block gets a final text reply, {@link #TOOL_TEXT}; any
 * other gets a reply that asks for one tool, {@code lookupOrder} with {@code {"orderId":
 * "A-1001"}}, with {@code stop_reason} {@code tool_use}.
 */
public final class LoopbackServer implements AutoCloseable {

  /** The reply's text, which every client must hand back. */
  public static final String TEXT = "Hello! How can I help you today?";

  /** A complete, ordinary Messages API reply. */
  static final byte[] REPLY =
      ("{\"id\":\"msg_01XFDUDYJgAACzvnptvVoYEL\",\"type\":\"message\",\"role\":\"assistant\","
              + "\"model\":\"" + BenchEndpoint.MODEL + "\","
              + "\"content\":[{\"type\":\"text\",\"text\":\"" + TEXT + "\"}],"
              + "\"stop_reason\":\"end_turn\",\"stop_sequence\":null,"
              + "\"usage\":{\"input_tokens\":12,\"output_tokens\":10}}")
          .getBytes(StandardCharsets.UTF_8);

  /** The tool endpoint's final text, which every client of {@link ToolRound} must hand back. */
  public static final String TOOL_TEXT = "Order A-1001 has shipped.";

  /** The tool endpoint's first reply: one {@code tool_use} block, stop reason {@code tool_use}. */
  static final byte[] TOOL_USE_REPLY =
      ("{\"id\":\"msg_01Aq9w938a90dw8qToolUse\",\"type\":\"message\",\"role\":\"assistant\","
              + "\"model\":\"" + BenchEndpoint.MODEL + "\","
              + "\"content\":[{\"type\":\"tool_use\",\"id\":\"toolu_1\","
              + "\"name\":\"lookupOrder\","
              + "\"input\":{\"orderId\":\"" + OrderLookup.ORDER_ID + "\"}}],"
              + "\"stop_reason\":\"tool_use\",\"stop_sequence\":null,"
              + "\"usage\":{\"input_tokens\":380,\"output_tokens\":40}}")
          .getBytes(StandardCharsets.UTF_8);

  /** The tool endpoint's reply to the tool's result: {@link #TOOL_TEXT}, {@code end_turn}. */
  static final byte[] TOOL_FINAL_REPLY =
      ("{\"id\":\"msg_01Aq9w938a90dw8qFinal\",\"type\":\"message\",\"role\":\"assistant\","
              + "\"model\":\"" + BenchEndpoint.MODEL + "\","
              + "\"content\":[{\"type\":\"text\",\"text\":\"" + TOOL_TEXT + "\"}],"
              + "\"stop_reason\":\"end_turn\",\"stop_sequence\":null,"
              + "\"usage\":{\"input_tokens\":440,\"output_tokens\":8}}")
          .getBytes(StandardCharsets.UTF_8);

  /** The deltas a streamed reply of {@link #TEXT} is split into: words, as FakeClaude splits. */
  static final List<String> TEXT_DELTAS =
      List.of("Hello!", " How", " can", " I", " help", " you", " today?");

  // Four words each, with the space before them as the API's tokens have it; the i-th delta of a
  // long reply is PHRASES[i % 4], so every reply is the same bytes and its text is known.
  private static final String[] PHRASES = {
    " The quick brown fox", " jumps over the", " lazy dog and runs", " into the green field."
  };

  static {
    // The JDK's server leaves Nagle's algorithm on unless told: its reply (headers, then body, two
    // writes) then waits for the client's delayed ACK, 40 ms a call on Linux, for every client.
    // Read once, when the first server starts, so it is set before that.
    System.setProperty("sun.net.httpserver.nodelay", "true");
  }

  private final HttpServer server;
  private final ExecutorService handlers;
  private final ScheduledExecutorService timer;
  private final long delayNanos;
  private final byte[][] streamed;
  // One per handler thread, reused: reading a body allocates nothing, so the server's share of a
  // call's allocation (in every client's B/op alike) is the JDK server's own.
  private final ThreadLocal<byte[]> bodies = ThreadLocal.withInitial(() -> new byte[4096]);
  private final AtomicLong answered = new AtomicLong();
  // Counted before the reply is written, so a client holding its reply finds its request counted.
  private final AtomicLong toolUseReplies = new AtomicLong();
  private final AtomicLong toolFinalReplies = new AtomicLong();
  private final AtomicInteger inFlight = new AtomicInteger();
  private final AtomicInteger peakInFlight = new AtomicInteger();

  private LoopbackServer(Duration delay, int handlerThreads, List<String> deltas)
      throws IOException {
    this.delayNanos = delay.toNanos();
    this.streamed = events(deltas);
    // A backlog as deep as the kernel allows: a fan-out opens thousands of connections at once.
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 16_384);
    handlers = Executors.newFixedThreadPool(handlerThreads, daemon("loopback-handler"));
    timer = delayNanos > 0 ? Executors.newSingleThreadScheduledExecutor(daemon("loopback-timer")) : null;
    server.setExecutor(handlers);
    server.createContext("/", this::handle);
    server.createContext(TOOLS_PATH + "/", this::handleTools);
    server.start();
  }

  /** A server that answers at once, on {@code handlerThreads} threads. */
  public static LoopbackServer start(int handlerThreads) {
    return start(Duration.ZERO, handlerThreads);
  }

  /** A server that answers each request {@code delay} after its body arrived. */
  public static LoopbackServer start(Duration delay, int handlerThreads) {
    try {
      return new LoopbackServer(delay, handlerThreads, TEXT_DELTAS);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * A server that answers at once and streams {@code deltas} text deltas of {@link #delta} to a
   * request that asks to stream (and {@link #TEXT} whole to one that does not).
   */
  public static LoopbackServer streaming(int deltas, int handlerThreads) {
    List<String> texts = new ArrayList<>(deltas);
    for (int i = 0; i < deltas; i++) {
      texts.add(delta(i));
    }
    try {
      return new LoopbackServer(Duration.ZERO, handlerThreads, texts);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The text of the {@code i}-th delta of a {@link #streaming} server's reply. */
  public static String delta(int i) {
    return PHRASES[i % PHRASES.length];
  }

  /** The whole text of a {@link #streaming} server's reply of {@code deltas} deltas. */
  public static String streamedText(int deltas) {
    StringBuilder text = new StringBuilder();
    for (int i = 0; i < deltas; i++) {
      text.append(delta(i));
    }
    return text.toString();
  }

  /** {@code http://127.0.0.1:port}, the base URL every client is given. */
  public URI baseUrl() {
    InetSocketAddress address = server.getAddress();
    return URI.create("http://" + address.getAddress().getHostAddress() + ":" + address.getPort());
  }

  /** {@code http://127.0.0.1:port/tools}, the base URL of the tool endpoint. */
  public URI toolsUrl() {
    return URI.create(baseUrl() + TOOLS_PATH);
  }

  /** How many replies were written. */
  public long answered() {
    return answered.get();
  }

  /**
   * How many requests the tool endpoint answered with its {@code tool_use} reply; counted before
   * the reply is written, so it already counts a request whose reply a client holds.
   */
  public long toolUseReplies() {
    return toolUseReplies.get();
  }

  /** How many requests the tool endpoint answered with its final reply; counted likewise. */
  public long toolFinalReplies() {
    return toolFinalReplies.get();
  }

  /** The most requests read and not yet answered at one time. */
  public int peakInFlight() {
    return peakInFlight.get();
  }

  /** Starts counting {@link #peakInFlight} and {@link #answered} afresh. */
  public void resetCounts() {
    peakInFlight.set(inFlight.get());
    answered.set(0);
  }

  private void handle(HttpExchange exchange) throws IOException {
    // Read to the end: the connection is reused only once the request is consumed.
    if (streams(exchange)) {
      stream(exchange);
      return;
    }
    if (timer == null) {
      respond(exchange);
      return;
    }
    peakInFlight.accumulateAndGet(inFlight.incrementAndGet(), Math::max);
    timer.schedule(
        () -> {
          inFlight.decrementAndGet();
          try {
            respond(exchange);
          } catch (IOException e) {
            // The client gave up (its timeout) and closed the connection: nothing to answer.
            exchange.close();
          }
        },
        delayNanos,
        TimeUnit.NANOSECONDS);
  }

  private void respond(HttpExchange exchange) throws IOException {
    exchange.getResponseHeaders().set("content-type", "application/json");
    exchange.getResponseHeaders().set("request-id", "req_loopback");
    exchange.sendResponseHeaders(200, REPLY.length);
    try (OutputStream out = exchange.getResponseBody()) {
      out.write(REPLY);
    }
    answered.incrementAndGet();
  }

  private static final String TOOLS_PATH = "/tools";

  private static final byte[] STREAM_TRUE = "\"stream\":true".getBytes(StandardCharsets.US_ASCII);

  // Pretty-printed or compact, a tool_result block's type value is these bytes.
  private static final byte[] TOOL_RESULT = "\"tool_result\"".getBytes(StandardCharsets.US_ASCII);

  /**
   * The tool endpoint: a body naming a {@code tool_result} gets the final reply, any other the
   * {@code tool_use} reply. In a conversation of one round the one place a tool_result can be is
   * the last user turn, so a byte search decides, with no JSON parse.
   */
  private void handleTools(HttpExchange exchange) throws IOException {
    int length = read(exchange);
    boolean result = contains(bodies.get(), length, TOOL_RESULT);
    (result ? toolFinalReplies : toolUseReplies).incrementAndGet();
    byte[] reply = result ? TOOL_FINAL_REPLY : TOOL_USE_REPLY;
    exchange.getResponseHeaders().set("content-type", "application/json");
    exchange.getResponseHeaders().set("request-id", "req_loopback");
    exchange.sendResponseHeaders(200, reply.length);
    try (OutputStream out = exchange.getResponseBody()) {
      out.write(reply);
    }
    answered.incrementAndGet();
  }

  /** Reads the request's body to its end; true when it asks to stream. */
  private boolean streams(HttpExchange exchange) throws IOException {
    int length = read(exchange);
    // Every client measured writes compact JSON: the field's bytes are enough to tell.
    return contains(bodies.get(), length, STREAM_TRUE);
  }

  /** Reads the request's body to its end into this thread's buffer; returns its length. */
  private int read(HttpExchange exchange) throws IOException {
    byte[] body = bodies.get();
    int length = 0;
    try (InputStream in = exchange.getRequestBody()) {
      while (true) {
        if (length == body.length) {
          body = Arrays.copyOf(body, 2 * body.length);
          bodies.set(body);
        }
        int read = in.read(body, length, body.length - length);
        if (read < 0) {
          break;
        }
        length += read;
      }
    }
    return length;
  }

  private static boolean contains(byte[] body, int length, byte[] bytes) {
    for (int i = 0; i + bytes.length <= length; i++) {
      if (Arrays.equals(body, i, i + bytes.length, bytes, 0, bytes.length)) {
        return true;
      }
    }
    return false;
  }

  /** The reply as server-sent events: one chunk per event, flushed as the API sends them. */
  private void stream(HttpExchange exchange) throws IOException {
    exchange.getResponseHeaders().set("content-type", "text/event-stream; charset=utf-8");
    exchange.getResponseHeaders().set("request-id", "req_loopback");
    exchange.sendResponseHeaders(200, 0);
    try (OutputStream out = exchange.getResponseBody()) {
      for (byte[] event : streamed) {
        out.write(event);
        out.flush();
      }
    }
    answered.incrementAndGet();
  }

  /**
   * The events of a streamed reply with these text deltas, each encoded once: {@code
   * message_start}, {@code content_block_start}, {@code ping}, the deltas, {@code
   * content_block_stop}, {@code message_delta}, {@code message_stop}, as FakeClaude writes them.
   */
  static byte[][] events(List<String> deltas) {
    List<byte[]> events = new ArrayList<>(deltas.size() + 6);
    events.add(
        event(
            "message_start",
            "{\"type\":\"message_start\",\"message\":{\"id\":\"msg_01XFDUDYJgAACzvnptvVoYEL\","
                + "\"type\":\"message\",\"role\":\"assistant\",\"model\":\"" + BenchEndpoint.MODEL
                + "\",\"content\":[],\"stop_reason\":null,\"stop_sequence\":null,"
                + "\"usage\":{\"input_tokens\":12,\"output_tokens\":1}}}"));
    events.add(
        event(
            "content_block_start",
            "{\"type\":\"content_block_start\",\"index\":0,"
                + "\"content_block\":{\"type\":\"text\",\"text\":\"\"}}"));
    events.add(event("ping", "{\"type\":\"ping\"}"));
    JsonStringEncoder quote = JsonStringEncoder.getInstance();
    for (String delta : deltas) {
      events.add(
          event(
              "content_block_delta",
              "{\"type\":\"content_block_delta\",\"index\":0,"
                  + "\"delta\":{\"type\":\"text_delta\",\"text\":\""
                  + new String(quote.quoteAsString(delta))
                  + "\"}}"));
    }
    events.add(event("content_block_stop", "{\"type\":\"content_block_stop\",\"index\":0}"));
    events.add(
        event(
            "message_delta",
            "{\"type\":\"message_delta\",\"delta\":{\"stop_reason\":\"end_turn\","
                + "\"stop_sequence\":null},\"usage\":{\"output_tokens\":"
                + Math.max(1, deltas.size())
                + "}}"));
    events.add(event("message_stop", "{\"type\":\"message_stop\"}"));
    return events.toArray(new byte[0][]);
  }

  private static byte[] event(String name, String data) {
    return ("event: " + name + "\ndata: " + data + "\n\n").getBytes(StandardCharsets.UTF_8);
  }

  @Override
  public void close() {
    server.stop(0);
    handlers.shutdownNow();
    if (timer != null) {
      timer.shutdownNow();
    }
  }

  private static java.util.concurrent.ThreadFactory daemon(String name) {
    AtomicInteger count = new AtomicInteger();
    return runnable -> {
      Thread thread = new Thread(runnable, name + "-" + count.incrementAndGet());
      thread.setDaemon(true);
      return thread;
    };
  }
}
