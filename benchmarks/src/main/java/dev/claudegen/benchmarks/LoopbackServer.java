package dev.claudegen.benchmarks;

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
  private final AtomicLong answered = new AtomicLong();
  private final AtomicInteger inFlight = new AtomicInteger();
  private final AtomicInteger peakInFlight = new AtomicInteger();

  private LoopbackServer(Duration delay, int handlerThreads) throws IOException {
    this.delayNanos = delay.toNanos();
    // A backlog as deep as the kernel allows: a fan-out opens thousands of connections at once.
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 16_384);
    handlers = Executors.newFixedThreadPool(handlerThreads, daemon("loopback-handler"));
    timer = delayNanos > 0 ? Executors.newSingleThreadScheduledExecutor(daemon("loopback-timer")) : null;
    server.setExecutor(handlers);
    server.createContext("/", this::handle);
    server.start();
  }

  /** A server that answers at once, on {@code handlerThreads} threads. */
  public static LoopbackServer start(int handlerThreads) {
    return start(Duration.ZERO, handlerThreads);
  }

  /** A server that answers each request {@code delay} after its body arrived. */
  public static LoopbackServer start(Duration delay, int handlerThreads) {
    try {
      return new LoopbackServer(delay, handlerThreads);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** {@code http://127.0.0.1:port}, the base URL every client is given. */
  public URI baseUrl() {
    InetSocketAddress address = server.getAddress();
    return URI.create("http://" + address.getAddress().getHostAddress() + ":" + address.getPort());
  }

  /** How many replies were written. */
  public long answered() {
    return answered.get();
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
    try (InputStream body = exchange.getRequestBody()) {
      // Read to the end: the connection is reused only once the request is consumed.
      body.transferTo(OutputStream.nullOutputStream());
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
