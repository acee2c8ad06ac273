package dev.claudegen.runtime;

import java.io.IOException;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The default {@link Transport}: {@link java.net.http.HttpClient}.
 *
 * <p>{@link HttpRequest.Builder#timeout(Duration)} alone only bounds the wait for the response
 * headers; a server that sends headers and then stalls in the body would hang the caller. So the
 * whole exchange, body included, is also bounded here, and cancelled when the time is up. A
 * timeout after the status and headers arrived is a {@link ResponseBodyException} that {@linkplain
 * ResponseBodyException#timedOut() timed out}.
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
    BodyHandler body = new BodyHandler();
    CompletableFuture<HttpResponse<byte[]>> exchange =
        httpClient.sendAsync(httpRequest(request), body);
    try {
      HttpResponse<byte[]> response =
          exchange.get(request.timeout().toNanos(), TimeUnit.NANOSECONDS);
      return new Response(response.statusCode(), response.headers(), response.body());
    } catch (TimeoutException e) {
      exchange.cancel(true);
      throw body.failure(timedOut(request));
    } catch (InterruptedException e) {
      exchange.cancel(true);
      throw e;
    } catch (ExecutionException e) {
      throw body.failure(e.getCause());
    }
  }

  /**
   * Sends through {@link HttpClient#sendAsync}, so no thread waits for the response. The whole
   * exchange is bounded by {@link Request#timeout()}: past it the future fails with {@link
   * HttpTimeoutException} (wrapped in a {@link ResponseBodyException} when the status had arrived)
   * and the exchange is cancelled. The timer is {@link
   * CompletableFuture#orTimeout}'s, a JDK daemon thread, and it is cancelled as soon as the
   * response arrives; nothing here runs on the common {@code ForkJoinPool}. Completions run on the
   * thread that delivered the response (the {@code HttpClient}'s executor) or the timer's; they
   * only complete the future, so callers move on to their own executor.
   */
  @Override
  public CompletableFuture<Response> sendAsync(Request request, Executor executor) {
    BodyHandler body = new BodyHandler();
    CompletableFuture<HttpResponse<byte[]>> exchange =
        httpClient.sendAsync(httpRequest(request), body);
    CompletableFuture<Response> response =
        new CompletableFuture<>() {
          @Override
          public boolean cancel(boolean mayInterruptIfRunning) {
            // HttpClient aborts the exchange (closes the connection) when its future is cancelled.
            exchange.cancel(true);
            return super.cancel(mayInterruptIfRunning);
          }
        };
    CompletableFuture<Void> timer =
        new CompletableFuture<Void>().orTimeout(request.timeout().toNanos(), TimeUnit.NANOSECONDS);
    timer.whenComplete(
        (ignored, timeout) -> {
          if (timeout != null && response.completeExceptionally(body.failure(timedOut(request)))) {
            exchange.cancel(true);
          }
        });
    exchange.whenComplete(
        (http, failure) -> {
          if (failure == null) {
            response.complete(new Response(http.statusCode(), http.headers(), http.body()));
          } else {
            response.completeExceptionally(body.failure(unwrap(failure)));
          }
          timer.complete(null);
        });
    return response;
  }

  private static HttpRequest httpRequest(Request request) {
    HttpRequest.Builder http =
        HttpRequest.newBuilder(request.uri())
            .timeout(request.timeout())
            .POST(HttpRequest.BodyPublishers.ofByteArray(request.body()));
    for (Map.Entry<String, String> header : request.headers().entrySet()) {
      http.header(header.getKey(), header.getValue());
    }
    return http.build();
  }

  private static HttpTimeoutException timedOut(Request request) {
    return new HttpTimeoutException("no complete response within " + request.timeout());
  }

  private static Throwable unwrap(Throwable failure) {
    return failure instanceof CompletionException && failure.getCause() != null
        ? failure.getCause()
        : failure;
  }

  /**
   * Reads the body whole, remembering the status line and headers, so that a failure after them,
   * the whole-exchange timeout included, is reported as a {@link ResponseBodyException}: a 2xx
   * whose body was lost is billed.
   */
  private static final class BodyHandler implements HttpResponse.BodyHandler<byte[]> {
    private volatile HttpResponse.ResponseInfo info;

    @Override
    public HttpResponse.BodySubscriber<byte[]> apply(HttpResponse.ResponseInfo responseInfo) {
      this.info = responseInfo;
      return HttpResponse.BodySubscribers.ofByteArray();
    }

    IOException failure(Throwable cause) {
      IOException io =
          cause instanceof IOException e ? e : new IOException(String.valueOf(cause), cause);
      HttpResponse.ResponseInfo arrived = info;
      // A connect timeout can only come before any status, so it stays a plain timeout.
      if (arrived == null || io instanceof HttpConnectTimeoutException) {
        return io;
      }
      return new ResponseBodyException(arrived.statusCode(), arrived.headers(), io);
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
