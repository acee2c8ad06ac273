package dev.claudegen.runtime;

import dev.claudegen.annotations.ErrorKind;
import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.Function;
import java.util.regex.Pattern;

/**
 * One interface method bound to a {@link ClaudeClient} for Message Batches: what {@link
 * ClaudeClient#batch} returns, once per batchable method, when a generated client's {@code Batches}
 * is built. It writes each batch entry's {@code params} with the same request writer a call uses,
 * and decodes each result with the method's own {@link ReplyDecoder}.
 *
 * <p>Every batch endpoint is the method's Messages URL with {@code /batches} after it ({@code
 * https://api.anthropic.com/v1/messages/batches}, {@code .../batches/{id}}, {@code
 * .../batches/{id}/results}, {@code .../batches/{id}/cancel}), sent the method's headers (its key
 * and {@code anthropic-version}); a batch's {@code results_url} is not followed, so the key only
 * goes where the method's calls go. Every text the server sent passes the key's redactor.
 *
 * @param <T> the method's payload
 */
public final class BatchMethod<T> {

  /** What {@link MessageBatch#id()} joins: the API's ids, as far as this client checks them. */
  private static final Pattern BATCH_ID = Pattern.compile("[A-Za-z0-9_-]{1,128}");

  final ClaudeCall<T> call;
  final CallSpec spec;
  final ReplyDecoder<T> decoder;
  final ClaudeClient client;
  final Exchange exchange;
  final URI batchesUri;

  /** The limits a draft splits at; the API's unless a test sets smaller ones. */
  final int maxRequests;

  final long maxBytes;

  BatchMethod(ClaudeClient client, ClaudeCall<T> call, CallSpec spec, ReplyDecoder<T> decoder) {
    this(client, call, spec, decoder, BatchDraft.MAX_REQUESTS, BatchDraft.MAX_BYTES);
  }

  private BatchMethod(
      ClaudeClient client,
      ClaudeCall<T> call,
      CallSpec spec,
      ReplyDecoder<T> decoder,
      int maxRequests,
      long maxBytes) {
    this.client = client;
    this.call = call;
    this.spec = spec;
    this.decoder = decoder;
    this.exchange = call.exchange();
    this.batchesUri = URI.create(exchange.uri + "/batches");
    this.maxRequests = maxRequests;
    this.maxBytes = maxBytes;
  }

  /** The same method with smaller split limits; for tests, which cannot add 100,000 requests. */
  BatchMethod<T> withLimits(int requests, long bytes) {
    return new BatchMethod<>(client, call, spec, decoder, requests, bytes);
  }

  /**
   * The batch (or batches, after a split) submitted earlier as {@code batchId}, the value {@link
   * MessageBatch#id()} returned, in this process or another. Nothing is sent until the returned
   * batch is asked for its status or results.
   *
   * @throws IllegalArgumentException when {@code batchId} is not an id {@link MessageBatch#id()}
   *     could have returned
   */
  public MessageBatch<T> resume(String batchId) {
    Objects.requireNonNull(batchId, "batchId");
    List<String> ids = new ArrayList<>();
    for (String id : batchId.split(",", -1)) {
      if (!BATCH_ID.matcher(id).matches()) {
        throw new IllegalArgumentException(
            spec.method()
                + ": '"
                + exchange.redactor.redact(batchId)
                + "' is not a batch id MessageBatch.id() returns: one API batch id (like"
                + " msgbatch_013Zva2CMHLNnXjNJJKqJ2EF), or several joined with commas, each of"
                + " letters, digits, '_' and '-'");
      }
      ids.add(id);
    }
    return new MessageBatch<>(this, ids);
  }

  /** The method this binds, as the spec names it. */
  public String method() {
    return spec.method();
  }

  URI batchUri(String id) {
    return URI.create(batchesUri + "/" + id);
  }

  URI resultsUri(String id) {
    return URI.create(batchesUri + "/" + id + "/results");
  }

  URI cancelUri(String id) {
    return URI.create(batchesUri + "/" + id + "/cancel");
  }

  URI listUri(int limit, String afterId) {
    return URI.create(
        batchesUri
            + "?limit="
            + limit
            + (afterId == null
                ? ""
                : "&after_id=" + URLEncoder.encode(afterId, StandardCharsets.UTF_8)));
  }

  Transport.Request get(URI uri) {
    return new Transport.Request(uri, exchange.headers, new byte[0], spec.timeout(), "GET");
  }

  Transport.Request post(URI uri, byte[] body, Duration timeout) {
    return new Transport.Request(uri, exchange.headers, body, timeout, "POST");
  }

  /**
   * Sends a request that reads or changes a batch and returns its 2xx response.
   *
   * @param context what was asked, for messages: {@code "GET batch msgbatch_1"}
   * @throws ClaudeException (a subclass of it) for an error status, a timeout, a failed connection,
   *     or an interrupt (the thread keeps its interrupt status)
   */
  Transport.Response send(Transport.Request request, String context) {
    Transport.Response response;
    try {
      response = client.transport().send(request);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw interrupted(context, e);
    } catch (IOException e) {
      throw ioFailure(context, e, request.timeout(), kind -> AttemptNumber.ONLY);
    }
    if (response.statusCode() < 200 || response.statusCode() > 299) {
      throw errorStatus(response, context, kind -> AttemptNumber.ONLY);
    }
    return response;
  }

  /** {@link #send} of a request whose answer is a batch object, read. */
  Polled sendForBatch(Transport.Request request, String context) {
    Transport.Response response = send(request, context);
    try {
      return new Polled(
          BatchJson.batch(response.body()),
          ResponseErrors.retryAfter(response.headers(), client.clock()));
    } catch (MessagesJson.MalformedBodyException e) {
      throw malformed(response, context, e);
    }
  }

  /** {@code GET} of one batch: its object and the wait the answer asked for. */
  Polled retrieve(String id) {
    return sendForBatch(get(batchUri(id)), "GET batch " + id);
  }

  /** A batch object as an answer gave it, with the wait that answer asked for (null: none). */
  record Polled(BatchStatus status, Duration retryAfter) {}

  /** The exception for an error status, its message naming the method and what was asked. */
  ClaudeApiException errorStatus(
      Transport.Response response, String context, Function<ErrorKind, AttemptNumber> counter) {
    return ResponseErrors.toException(
        response,
        client.clock(),
        counter,
        exchange.redactor,
        exchange.authenticationHint(),
        spec.method() + ": " + context);
  }

  /** A 2xx whose body is not what the endpoint answers: the server's fault. */
  ClaudeApiException malformed(
      Transport.Response response, String context, MessagesJson.MalformedBodyException e) {
    return new ClaudeApiException(
        ErrorKind.SERVER_ERROR,
        exchange.redactor.redact(
            new ErrorDetails(
                response.statusCode(),
                null,
                spec.method() + ": " + context + ": " + e.getMessage(),
                ResponseErrors.requestId(response),
                null,
                1,
                1)));
  }

  /** What a transport's {@link IOException} means, as for a call's attempt. */
  ClaudeException ioFailure(
      String context, IOException e, Duration timeout, Function<ErrorKind, AttemptNumber> counter) {
    return exchange.transportFailure(
        e, spec.method() + ": " + context + ": ", Durations.describe(timeout), counter);
  }

  /** The thread was interrupted while waiting for an answer, or between polls. */
  ClaudeConnectionException interrupted(String context, InterruptedException e) {
    return new ClaudeConnectionException(
        ErrorDetails.withoutResponse(
            spec.method() + ": " + context + ": interrupted while waiting", 1, 1),
        e);
  }

  /**
   * Whether the request certainly never reached the server: the connection was refused or not made
   * in time.
   */
  static boolean neverConnected(IOException e) {
    if (e instanceof Transport.ResponseBodyException) {
      return false;
    }
    return e instanceof ConnectException
        || e instanceof HttpConnectTimeoutException
        || (e.getCause() instanceof ConnectException && !(e instanceof HttpTimeoutException));
  }

  @Override
  public String toString() {
    return "batches of " + spec.method();
  }
}
