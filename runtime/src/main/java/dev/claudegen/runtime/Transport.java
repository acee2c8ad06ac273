package dev.claudegen.runtime;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpHeaders;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;

/**
 * Sends one HTTP request and returns the whole response. The default is {@link
 * HttpClientTransport}; tests and unusual networks can supply their own through the generated
 * builder's {@code transport(...)}.
 *
 * <p>An implementation must give up once {@link Request#timeout()} has passed, by throwing
 * {@link java.net.http.HttpTimeoutException}, so a stalled server can never hang a caller. Any
 * other {@link IOException} means the connection failed.
 */
@FunctionalInterface
public interface Transport {

  /**
   * Sends the request.
   *
   * @throws java.net.http.HttpTimeoutException when no complete response arrived in time
   * @throws IOException when the connection failed
   * @throws InterruptedException when the calling thread was interrupted while waiting
   */
  Response send(Request request) throws IOException, InterruptedException;

  /**
   * A POST to send.
   *
   * @param uri where to
   * @param headers the request headers; they include the API key, which {@link #toString()}
   *     hides
   * @param body the JSON body
   * @param timeout how long the whole exchange, response body included, may take
   */
  record Request(URI uri, Map<String, String> headers, byte[] body, Duration timeout) {

    /** Checks for nulls; the header map is not copied, callers pass an immutable one. */
    public Request {
      Objects.requireNonNull(uri, "uri");
      Objects.requireNonNull(headers, "headers");
      Objects.requireNonNull(body, "body");
      Objects.requireNonNull(timeout, "timeout");
    }

    /** Shows the target and header names, never the key. */
    @Override
    public String toString() {
      return "POST " + uri + " " + Secrets.redactHeaders(headers) + " (" + body.length + " bytes)";
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
      return headers.firstValue(name).orElse(null);
    }

    @Override
    public String toString() {
      return "HTTP " + statusCode + " (" + body.length + " bytes)";
    }
  }
}
