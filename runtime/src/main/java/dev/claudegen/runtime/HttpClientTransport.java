package dev.claudegen.runtime;

import java.io.IOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The default {@link Transport}: {@link java.net.http.HttpClient}.
 *
 * <p>{@link HttpRequest.Builder#timeout(Duration)} alone only bounds the wait for the response
 * headers; a server that sends headers and then stalls in the body would hang the caller. So the
 * whole exchange, body included, is also bounded here, and cancelled when the time is up.
 */
public final class HttpClientTransport implements Transport {

  /** How long to wait for a TCP (and TLS) connection when the builder says nothing else. */
  public static final Duration DEFAULT_CONNECT_TIMEOUT = Duration.ofSeconds(10);

  private final HttpClient httpClient;

  /** A transport over the given client, shared by all calls. */
  public HttpClientTransport(HttpClient httpClient) {
    this.httpClient = Objects.requireNonNull(httpClient, "httpClient");
  }

  /** A transport over a new client with a {@link #DEFAULT_CONNECT_TIMEOUT connect timeout}. */
  public static HttpClientTransport createDefault() {
    return createDefault(DEFAULT_CONNECT_TIMEOUT);
  }

  /** A transport over a new client with the given connect timeout. */
  public static HttpClientTransport createDefault(Duration connectTimeout) {
    return new HttpClientTransport(HttpClient.newBuilder().connectTimeout(connectTimeout).build());
  }

  @Override
  public Response send(Request request) throws IOException, InterruptedException {
    HttpRequest.Builder http =
        HttpRequest.newBuilder(request.uri())
            .timeout(request.timeout())
            .POST(HttpRequest.BodyPublishers.ofByteArray(request.body()));
    for (Map.Entry<String, String> header : request.headers().entrySet()) {
      http.header(header.getKey(), header.getValue());
    }
    CompletableFuture<HttpResponse<byte[]>> exchange =
        httpClient.sendAsync(http.build(), HttpResponse.BodyHandlers.ofByteArray());
    try {
      HttpResponse<byte[]> response =
          exchange.get(request.timeout().toNanos(), TimeUnit.NANOSECONDS);
      return new Response(response.statusCode(), response.headers(), response.body());
    } catch (TimeoutException e) {
      exchange.cancel(true);
      throw new HttpTimeoutException("no complete response within " + request.timeout());
    } catch (InterruptedException e) {
      exchange.cancel(true);
      throw e;
    } catch (ExecutionException e) {
      Throwable cause = e.getCause();
      if (cause instanceof IOException io) {
        throw io;
      }
      throw new IOException(cause == null ? e.toString() : cause.toString(), cause);
    }
  }

  /** The client requests go through. */
  HttpClient httpClient() {
    return httpClient;
  }

  @Override
  public String toString() {
    return "HttpClientTransport[" + httpClient.version() + "]";
  }
}
