package dev.claudegen.runtime;

import java.io.IOException;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Executor;
import java.util.concurrent.Flow;

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
  private final DeadlineTimer deadlines;

  /** A transport over the given client, shared by all calls. */
  public HttpClientTransport(HttpClient httpClient) {
    this(httpClient, DeadlineTimer.SHARED);
  }

  /** A transport whose blocking sends' deadlines run on the given timer: tests watch their own. */
  HttpClientTransport(HttpClient httpClient, DeadlineTimer deadlines) {
    this.httpClient = Objects.requireNonNull(httpClient, "httpClient");
    this.deadlines = deadlines;
  }

  /** A transport over a new client with a {@link #DEFAULT_CONNECT_TIMEOUT connect timeout}. */
  public static HttpClientTransport createDefault() {
    return createDefault(DEFAULT_CONNECT_TIMEOUT);
  }

  /** A transport over a new client with the given connect timeout. */
  public static HttpClientTransport createDefault(Duration connectTimeout) {
    return new HttpClientTransport(HttpClient.newBuilder().connectTimeout(connectTimeout).build());
  }

  /**
   * Sends with the blocking {@link HttpClient#send}, so the response is read on the calling
   * thread's behalf without another hand-over between threads. {@link HttpRequest#timeout()}
   * bounds the wait for the status and headers; the rest of the exchange, the body, is bounded by
   * a {@link Deadline} armed on one shared daemon timer thread ({@link DeadlineTimer}), which fails
   * the body with an {@link HttpTimeoutException} and cancels its subscription when the time is
   * up. The deadline is disarmed as soon as the call returns. An interrupt ends the wait: {@code HttpClient} cancels
   * the exchange and rethrows it.
   */
  @Override
  public Response send(Request request) throws IOException, InterruptedException {
    Deadline body = new Deadline(request.timeout());
    DeadlineTimer.Entry timer = deadlines.arm(request.timeout(), body);
    try {
      HttpResponse<byte[]> response = httpClient.send(httpRequest(request), body);
      return new Response(response.statusCode(), response.headers(), response.body());
    } catch (HttpConnectTimeoutException e) {
      throw e;
    } catch (HttpTimeoutException e) {
      // The JDK's own timer (status not yet arrived) or ours (the body): the same wording either way.
      throw body.failure(timedOut(request));
    } catch (IOException e) {
      throw body.failure(e);
    } finally {
      deadlines.disarm(timer);
    }
  }

  /**
   * Sends through {@link HttpClient#sendAsync}, so no thread waits for the response. The whole
   * exchange is bounded by {@link Request#timeout()}: past it the future fails with {@link
   * HttpTimeoutException} (wrapped in a {@link ResponseBodyException} when the status had arrived)
   * and the exchange is cancelled. The deadline is the blocking sends' ({@link DeadlineTimer}, one
   * daemon thread), disarmed as soon as the response arrives; nothing here runs on the common
   * {@code ForkJoinPool}. Completions run on the thread that delivered the response (the {@code
   * HttpClient}'s executor) or the timer's; they only complete the future, so callers move on to
   * their own executor.
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
    DeadlineTimer.Entry timer =
        deadlines.arm(
            request.timeout(),
            () -> {
              if (response.completeExceptionally(body.failure(timedOut(request)))) {
                exchange.cancel(true);
              }
            });
    exchange.whenComplete(
        (http, failure) -> {
          deadlines.disarm(timer);
          if (failure == null) {
            response.complete(new Response(http.statusCode(), http.headers(), http.body()));
          } else {
            response.completeExceptionally(body.failure(unwrap(failure)));
          }
        });
    return response;
  }

  /**
   * Sends with the blocking {@link HttpClient#send} and returns with the headers; {@link
   * HttpRequest#timeout()} bounds that wait. The body is then asked for one list of buffers at a
   * time, as the reader takes them, so a slow reader leaves the rest in the socket; {@link
   * StreamedResponse#close()} cancels the subscription, which closes an HTTP/1.1 connection.
   */
  @Override
  public StreamedResponse openStream(Request request) throws IOException, InterruptedException {
    try {
      return ChunkedBody.open(httpClient, httpRequest(request));
    } catch (HttpConnectTimeoutException e) {
      throw e;
    } catch (HttpTimeoutException e) {
      throw timedOut(request);
    }
  }

  private static HttpRequest httpRequest(Request request) {
    HttpRequest.Builder http =
        HttpRequest.newBuilder(request.uri()).timeout(request.timeout());
    if (request.isGet()) {
      http.GET();
    } else {
      http.POST(HttpRequest.BodyPublishers.ofByteArray(request.body()));
    }
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
  private static class BodyHandler implements HttpResponse.BodyHandler<byte[]> {
    private volatile HttpResponse.ResponseInfo info;

    @Override
    public final HttpResponse.BodySubscriber<byte[]> apply(HttpResponse.ResponseInfo responseInfo) {
      this.info = responseInfo;
      return subscriber();
    }

    HttpResponse.BodySubscriber<byte[]> subscriber() {
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

  /**
   * The whole-exchange bound of a blocking {@link #send}: a body handler whose subscriber collects
   * the body, and the timer task that fails it. Past the deadline the body completes with an
   * {@link HttpTimeoutException}, which makes {@code HttpClient.send} return, and the subscription
   * is cancelled so the connection is not read any further. A deadline that passed before the
   * headers arrived fails the body as soon as they do (the JDK's own request timeout normally
   * comes first).
   */
  private static final class Deadline extends BodyHandler implements Runnable {

    private final Duration timeout;
    private volatile boolean expired;
    private volatile Collector collector;

    Deadline(Duration timeout) {
      this.timeout = timeout;
    }

    @Override
    HttpResponse.BodySubscriber<byte[]> subscriber() {
      Collector body = new Collector();
      collector = body;
      if (expired) {
        body.expire(timeout);
      }
      return body;
    }

    @Override
    public void run() {
      expired = true;
      Collector body = collector;
      if (body != null) {
        body.expire(timeout);
      }
    }
  }

  /**
   * Collects a body into one array, as {@link HttpResponse.BodySubscribers#ofByteArray()} does,
   * and can be failed from outside by its {@link Deadline}.
   */
  private static final class Collector implements HttpResponse.BodySubscriber<byte[]> {
    private final CompletableFuture<byte[]> body = new CompletableFuture<>();
    private final List<ByteBuffer> received = new ArrayList<>(2);
    private volatile Flow.Subscription subscription;
    private int size; // guarded by the subscriber contract: onNext calls never overlap

    @Override
    public CompletionStage<byte[]> getBody() {
      return body;
    }

    @Override
    public void onSubscribe(Flow.Subscription subscription) {
      this.subscription = subscription;
      if (body.isDone()) {
        subscription.cancel();
      } else {
        subscription.request(Long.MAX_VALUE);
      }
    }

    @Override
    public void onNext(List<ByteBuffer> buffers) {
      for (ByteBuffer buffer : buffers) {
        size += buffer.remaining();
        received.add(buffer);
      }
    }

    @Override
    public void onError(Throwable failure) {
      body.completeExceptionally(failure);
    }

    @Override
    public void onComplete() {
      byte[] whole = new byte[size];
      int at = 0;
      for (ByteBuffer buffer : received) {
        int length = buffer.remaining();
        buffer.get(whole, at, length);
        at += length;
      }
      received.clear();
      body.complete(whole);
    }

    void expire(Duration timeout) {
      if (body.completeExceptionally(
          new HttpTimeoutException("no complete response within " + timeout))) {
        Flow.Subscription arrived = subscription;
        if (arrived != null) {
          arrived.cancel();
        }
      }
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
