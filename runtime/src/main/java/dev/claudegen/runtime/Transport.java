package dev.claudegen.runtime;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpHeaders;
import java.net.http.HttpTimeoutException;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;

/**
 * Sends one HTTP request and returns the whole response. The default is {@link
 * HttpClientTransport}; tests and unusual networks can supply their own through the generated
 * builder's {@code transport(...)}.
 *
 * <p>An implementation must give up once {@link Request#timeout()} has passed, by throwing
 * {@link java.net.http.HttpTimeoutException}, so a stalled server can never hang a caller. Any
 * other {@link IOException} means the connection failed. When either happened after the status
 * line and headers arrived (a body cut short, or one still incomplete at the timeout), throw
 * {@link ResponseBodyException} with that exception as its cause, so that a 2xx whose body was
 * lost is known for one: it is billed, and never sent again. A plain {@code HttpTimeoutException}
 * is taken for a timeout before any status arrived, which is retried like any timeout; so a
 * transport that cannot tell the two apart keeps retrying a stalled 2xx.
 *
 * <p>{@link #send} serves plain calls, {@link #sendAsync} {@code CompletableFuture} ones. A
 * transport that only implements {@code send} still serves both: its blocking send then runs on
 * the client's executor, one thread per request in flight.
 *
 * <p>Message Batches ({@code Batches} of a generated client) send GET requests too: a transport
 * used for batches must honour {@link Request#method()} (a GET sent as a POST reaches the wrong
 * endpoint or is refused). {@link HttpClientTransport} does, in {@link #send}, {@link #sendAsync}
 * and {@link #openStream}.
 */
@FunctionalInterface
public interface Transport {

  /**
   * Sends the request.
   *
   * @throws java.net.http.HttpTimeoutException when no status arrived in time
   * @throws ResponseBodyException when the status and headers arrived, then the body was cut
   *     short or did not complete in time
   * @throws IOException when the connection failed
   * @throws InterruptedException when the calling thread was interrupted while waiting
   */
  Response send(Request request) throws IOException, InterruptedException;

  /**
   * Sends the request without blocking the caller. The future completes with the response, or
   * exceptionally with what {@link #send} would throw ({@link java.net.http.HttpTimeoutException}
   * once {@link Request#timeout()} has passed, {@link ResponseBodyException} when that or a
   * connection failure came after the status, another {@link IOException} when the connection
   * failed). {@code cancel(true)} on it aborts the exchange.
   *
   * <p>By default {@link #send} runs on {@code executor} and cancelling interrupts it; override
   * this to send without holding a thread per request, as {@link HttpClientTransport} does.
   *
   * @param executor where blocking work and completions may run; the client's executor
   */
  default CompletableFuture<Response> sendAsync(Request request, Executor executor) {
    BlockingSend send = new BlockingSend(this, request);
    executor.execute(send);
    return send;
  }

  /**
   * Sends the request of a streaming method and returns once the status and headers arrived,
   * leaving the body to be read chunk by chunk. {@link Request#timeout()} bounds the wait for the
   * headers (past it, {@link java.net.http.HttpTimeoutException}); the reader bounds each wait
   * for a chunk with {@link StreamedResponse#next(Duration)}.
   *
   * <p>By default the response is read whole by {@link #send}, then served as one chunk: a
   * custom transport works with streaming methods as it is, but the text arrives at the end, and
   * its timeout bounds the whole exchange. {@link HttpClientTransport} streams.
   *
   * @throws java.net.http.HttpTimeoutException when no status arrived in time
   * @throws IOException when the connection failed
   * @throws InterruptedException when the calling thread was interrupted while waiting
   */
  default StreamedResponse openStream(Request request) throws IOException, InterruptedException {
    return new WholeBody(send(request));
  }

  /**
   * A response whose status and headers arrived and whose body is read as it comes. Reading is
   * for one thread; {@link #close()} may be called from any thread, and wakes a reader waiting in
   * {@link #next}.
   */
  interface StreamedResponse extends AutoCloseable {

    /** The HTTP status. */
    int statusCode();

    /** The response headers (case-insensitive). */
    HttpHeaders headers();

    /**
     * The next chunk of the body, waiting at most {@code timeout} for it; null once the body
     * ended. A chunk is the reader's until the next call.
     *
     * @throws java.net.http.HttpTimeoutException when nothing arrived within {@code timeout}
     * @throws IOException when the connection failed, or the response was closed
     * @throws InterruptedException when the calling thread was interrupted while waiting
     */
    ByteBuffer next(Duration timeout) throws IOException, InterruptedException;

    /**
     * Aborts the exchange, if the body was not read to its end: nothing more is read (an
     * HTTP/1.1 connection is closed, an HTTP/2 stream reset). Idempotent.
     */
    @Override
    void close();
  }

  /**
   * The response's status and headers arrived, then reading its body failed: the connection closed
   * or reset mid-body, or (with an {@link java.net.http.HttpTimeoutException} as its cause, see
   * {@link #timedOut()}) the body was still incomplete when {@link Request#timeout()} passed. For a
   * 2xx the API has done the work and bills it (a non-streaming Messages reply is only sent once
   * it is complete), so the client throws at once instead of sending the request again.
   */
  final class ResponseBodyException extends IOException {
    private static final long serialVersionUID = 1L;

    private final int statusCode;
    private final transient HttpHeaders headers;

    /**
     * Creates one.
     *
     * @param statusCode the status that arrived
     * @param headers the headers that arrived
     * @param cause why the body could not be read
     */
    public ResponseBodyException(int statusCode, HttpHeaders headers, IOException cause) {
      super(
          "HTTP "
              + statusCode
              + (cause instanceof HttpTimeoutException
                  ? " response headers arrived, then the body timed out: "
                  : " response body cut short: ")
              + cause.getMessage(),
          cause);
      this.statusCode = statusCode;
      this.headers = Objects.requireNonNull(headers, "headers");
    }

    /**
     * Whether the body was still incomplete when the exchange's timeout passed (the cause is an
     * {@link java.net.http.HttpTimeoutException}), rather than cut short by the connection.
     */
    public boolean timedOut() {
      return getCause() instanceof HttpTimeoutException;
    }

    /** The status that arrived. */
    public int statusCode() {
      return statusCode;
    }

    /** The headers that arrived. */
    public HttpHeaders headers() {
      return headers;
    }
  }

  /**
   * A request to send: a POST with a JSON body (every Messages call), or a GET without one (the
   * Message Batches endpoints read a batch, its results and the list of batches with GET).
   *
   * @param uri where to
   * @param headers the request headers; they include the API key, which {@link #toString()}
   *     hides
   * @param body the JSON body; empty for a GET, and not sent with one
   * @param timeout how long the whole exchange, response body included, may take
   * @param method {@code "POST"} or {@code "GET"}
   */
  record Request(
      URI uri, Map<String, String> headers, byte[] body, Duration timeout, String method) {

    /** Checks for nulls; the header map is not copied, callers pass an immutable one. */
    public Request {
      Objects.requireNonNull(uri, "uri");
      Objects.requireNonNull(headers, "headers");
      Objects.requireNonNull(body, "body");
      Objects.requireNonNull(timeout, "timeout");
      Objects.requireNonNull(method, "method");
      if (!method.equals("POST") && !method.equals("GET")) {
        throw new IllegalArgumentException("method must be POST or GET, was " + method);
      }
    }

    /** A POST, as every Messages call is. */
    public Request(URI uri, Map<String, String> headers, byte[] body, Duration timeout) {
      this(uri, headers, body, timeout, "POST");
    }

    /** Whether this is a GET, sent without a body. */
    public boolean isGet() {
      return method.equals("GET");
    }

    /** Shows the method, target and header names, never the key. */
    @Override
    public String toString() {
      return method
          + " "
          + uri
          + " "
          + Secrets.redactHeaders(headers)
          + " ("
          + body.length
          + " bytes)";
    }
  }

  /**
   * A response received in full.
   *
   * @param statusCode the HTTP status
   * @param headers the response headers (case-insensitive)
   * @param body the body, empty if none
   */
  record Response(int statusCode, HttpHeaders headers, byte[] body) {

    /** Checks for nulls. */
    public Response {
      Objects.requireNonNull(headers, "headers");
      Objects.requireNonNull(body, "body");
    }

    /** The first value of a header, or null. */
    public String header(String name) {
      return RateLimitInfo.first(headers, name);
    }

    @Override
    public String toString() {
      return "HTTP " + statusCode + " (" + body.length + " bytes)";
    }
  }
}
