package dev.claudegen.runtime;

import java.io.IOException;
import java.net.http.HttpClient;
import java.net.http.HttpHeaders;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Flow;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * {@link HttpClientTransport}'s streamed response: a body subscriber that asks the connection for
 * one list of buffers at a time, and only once the reader has taken the list before, so a reader
 * slower than the network holds at most two lists in memory and the rest waits in the socket (TCP's
 * own backpressure). The reader waits for each list with its own timeout, so no timer thread is
 * needed.
 */
final class ChunkedBody
    implements Transport.StreamedResponse, HttpResponse.BodySubscriber<ChunkedBody> {

  // Signals queued after the data; onComplete and onError need no demand, so the queue holds at
  // most one list and one signal.
  private static final Object END = new Object();
  private static final Object CLOSED = new Object();

  private final int statusCode;
  private final HttpHeaders headers;
  private final BlockingQueue<Object> queue = new LinkedBlockingQueue<>();
  private volatile Flow.Subscription subscription;
  private volatile boolean closed;

  // The reader's side: buffers of the list taken last, not yet handed out.
  private List<ByteBuffer> current;
  private int next;
  private boolean ended;

  private ChunkedBody(HttpResponse.ResponseInfo info) {
    this.statusCode = info.statusCode();
    this.headers = info.headers();
  }

  /**
   * Sends and returns once the status and headers arrived; {@link HttpRequest#timeout()} bounds
   * that wait.
   */
  static ChunkedBody open(HttpClient client, HttpRequest request)
      throws IOException, InterruptedException {
    return client.send(request, ChunkedBody::new).body();
  }

  @Override
  public int statusCode() {
    return statusCode;
  }

  @Override
  public HttpHeaders headers() {
    return headers;
  }

  @Override
  public ByteBuffer next(Duration timeout) throws IOException, InterruptedException {
    while (true) {
      if (current != null) {
        while (next < current.size()) {
          ByteBuffer buffer = current.get(next++);
          if (buffer.hasRemaining()) {
            return buffer;
          }
        }
        current = null;
      }
      if (ended) {
        return null;
      }
      Object item = queue.poll(timeout.toNanos(), TimeUnit.NANOSECONDS);
      if (item == null) {
        throw new HttpTimeoutException("no data within " + Durations.describe(timeout));
      }
      if (item == END) {
        ended = true;
        return null;
      }
      if (item == CLOSED) {
        ended = true;
        throw new IOException("the stream was closed");
      }
      if (item instanceof Throwable failure) {
        ended = true;
        throw failure instanceof IOException io ? io : new IOException(failure.toString(), failure);
      }
      @SuppressWarnings("unchecked")
      List<ByteBuffer> list = (List<ByteBuffer>) item;
      current = list;
      next = 0;
      // The reader took this list: the connection may deliver the next meanwhile.
      subscription.request(1);
    }
  }

  /**
   * Cancels the subscription: the JDK closes an HTTP/1.1 connection (one left mid-body cannot serve
   * another request) or resets an HTTP/2 stream; nothing more is read.
   */
  @Override
  public void close() {
    if (closed) {
      return;
    }
    closed = true;
    Flow.Subscription arrived = subscription;
    if (arrived != null) {
      arrived.cancel();
    }
    queue.offer(CLOSED);
  }

  @Override
  public CompletionStage<ChunkedBody> getBody() {
    // Complete at once, so that HttpClient.send returns with the headers, not after the body.
    return CompletableFuture.completedFuture(this);
  }

  @Override
  public void onSubscribe(Flow.Subscription subscription) {
    this.subscription = subscription;
    // close() may have run before the subscription arrived; one of the two sees the other.
    if (closed) {
      subscription.cancel();
    } else {
      subscription.request(1);
    }
  }

  @Override
  public void onNext(List<ByteBuffer> buffers) {
    queue.offer(buffers);
  }

  @Override
  public void onError(Throwable failure) {
    queue.offer(failure);
  }

  @Override
  public void onComplete() {
    queue.offer(END);
  }
}
