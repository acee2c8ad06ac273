package dev.claudegen.runtime;

import dev.claudegen.annotations.ErrorKind;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;

/**
 * The results of an ended batch, one {@link BatchResult} per request, read from the API's JSONL as
 * the iteration goes: memory holds one result at a time, whatever the batch's size. Results come in
 * no particular order (the API does not keep the order requests were added in); match them by
 * {@link BatchResult#customId()}. One pass only; close it (try-with-resources) to release the
 * connection when stopping early.
 *
 * <p>A split batch's parts are read one after another, in order. When a connection fails mid-stream
 * (or a transient error answers), the part is asked for again and the results already delivered are
 * skipped, up to the method's {@code CONNECTION} retry attempts (at least 3) in a row; then
 * iterating throws {@link ClaudeConnectionException}, saying how many were delivered.
 *
 * @param <T> the method's payload
 */
public final class BatchResults<T> implements Iterable<BatchResult<T>>, AutoCloseable {

  private final BatchMethod<T> method;
  private final List<String> batchIds;
  private final int maxReopens;
  private final RetrySchedule reopenSchedule;
  private boolean iterated;
  private volatile boolean closed;
  private volatile Transport.StreamedResponse open;

  BatchResults(BatchMethod<T> method, List<String> batchIds) {
    this.method = method;
    this.batchIds = batchIds;
    RetrySchedule connection = RetrySchedule.DEFAULT;
    for (RetrySchedule schedule : method.spec.retrySchedules()) {
      if (schedule.retries(ErrorKind.CONNECTION)) {
        connection = schedule;
        break;
      }
    }
    this.reopenSchedule = connection;
    this.maxReopens = Math.max(3, connection.maxAttempts());
  }

  /**
   * The results, read as they are iterated.
   *
   * @throws IllegalStateException on a second call
   */
  @Override
  public synchronized Iterator<BatchResult<T>> iterator() {
    if (iterated) {
      throw new IllegalStateException(
          method.spec.method() + ": the results of a batch are read once; call results() again");
    }
    iterated = true;
    return new Reader();
  }

  /** Stops reading and releases the connection. Idempotent. */
  @Override
  public void close() {
    closed = true;
    Transport.StreamedResponse stream = open;
    if (stream != null) {
      stream.close();
    }
  }

  private final class Reader implements Iterator<BatchResult<T>> {
    private int part;
    private int deliveredInPart;
    private long delivered;
    private int skip;
    private int reopens;
    private Transport.StreamedResponse stream;
    private ByteBuffer chunk;
    private byte[] line = new byte[8192];
    private int length;
    private BatchResult<T> next;

    @Override
    public boolean hasNext() {
      while (next == null) {
        if (closed) {
          return false;
        }
        if (stream == null) {
          if (part >= batchIds.size()) {
            return false;
          }
          if (!openPart()) {
            continue;
          }
        }
        int read;
        try {
          read = readLine();
        } catch (IOException e) {
          if (closed) {
            return false;
          }
          cut(method.ioFailure(context(), e, method.spec.timeout(), kind -> AttemptNumber.ONLY));
          continue;
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          closeStream();
          throw method.interrupted(context(), e);
        }
        if (read < 0) {
          closeStream();
          part++;
          deliveredInPart = 0;
          skip = 0;
          continue;
        }
        if (isBlank(read)) {
          continue;
        }
        if (skip > 0) {
          skip--;
          continue;
        }
        next = result(read);
        deliveredInPart++;
        delivered++;
        reopens = 0;
      }
      return true;
    }

    @Override
    public BatchResult<T> next() {
      if (!hasNext()) {
        throw new NoSuchElementException(method.spec.method() + ": no more batch results");
      }
      BatchResult<T> result = next;
      next = null;
      return result;
    }

    private String context() {
      return "results of batch " + batchIds.get(part);
    }

    /** Opens the current part, skipping what was delivered; false when it must be tried again. */
    private boolean openPart() {
      String id = batchIds.get(part);
      Transport.Request request = method.get(method.resultsUri(id));
      Transport.StreamedResponse opened;
      try {
        opened = method.client.transport().openStream(request);
      } catch (IOException e) {
        cut(method.ioFailure(context(), e, request.timeout(), kind -> AttemptNumber.ONLY));
        return false;
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw method.interrupted(context(), e);
      }
      if (opened.statusCode() < 200 || opened.statusCode() > 299) {
        ClaudeApiException failure = errorOf(opened);
        ErrorKind kind = failure.kind();
        if (kind == ErrorKind.RATE_LIMIT
            || kind == ErrorKind.OVERLOADED
            || kind == ErrorKind.SERVER_ERROR) {
          cut(failure);
          return false;
        }
        throw failure;
      }
      stream = opened;
      open = opened;
      if (closed) {
        opened.close();
      }
      chunk = null;
      length = 0;
      skip = deliveredInPart;
      return true;
    }

    private ClaudeApiException errorOf(Transport.StreamedResponse opened) {
      Transport.Response response;
      try {
        response = StreamCall.readWhole(opened, method.spec.timeout());
      } catch (IOException | InterruptedException e) {
        if (e instanceof InterruptedException) {
          Thread.currentThread().interrupt();
        }
        // The status still says what failed; the body that did not arrive adds nothing.
        response = new Transport.Response(opened.statusCode(), opened.headers(), new byte[0]);
      } finally {
        opened.close();
      }
      return method.errorStatus(response, context(), kind -> AttemptNumber.ONLY);
    }

    /** The part's stream failed: asked for again after a wait, or given up. */
    private void cut(ClaudeException failure) {
      closeStream();
      reopens++;
      if (reopens > maxReopens) {
        throw new ClaudeConnectionException(
            ErrorDetails.withoutResponse(
                method.spec.method()
                    + ": "
                    + context()
                    + " failed "
                    + reopens
                    + " times in a row after "
                    + delivered
                    + (delivered == 1 ? " result" : " results")
                    + " were delivered ("
                    + deliveredInPart
                    + " of this part); call results() again to read them anew (the API keeps"
                    + " results 29 days): "
                    + failure.getMessage(),
                1,
                1),
            failure);
      }
      Duration wait =
          failure
              .retryAfter()
              .orElse(reopenSchedule.delay(reopens - 1, method.client.random().getAsDouble()));
      try {
        method.client.sleeper().sleep(wait);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw method.interrupted(context(), e);
      }
    }

    private void closeStream() {
      if (stream != null) {
        stream.close();
        stream = null;
        open = null;
      }
    }

    /** The next line's length in {@link #line}, without its end; -1 at the end of the body. */
    private int readLine() throws IOException, InterruptedException {
      length = 0;
      while (true) {
        if (chunk == null || !chunk.hasRemaining()) {
          chunk = stream.next(method.spec.timeout());
          if (chunk == null) {
            return length > 0 ? length : -1;
          }
        }
        while (chunk.hasRemaining()) {
          byte b = chunk.get();
          if (b == '\n') {
            if (length > 0 && line[length - 1] == '\r') {
              length--;
            }
            return length;
          }
          if (length == line.length) {
            line = Arrays.copyOf(line, line.length * 2);
          }
          line[length++] = b;
        }
      }
    }

    private boolean isBlank(int read) {
      for (int i = 0; i < read; i++) {
        byte b = line[i];
        if (b != ' ' && b != '\t' && b != '\r') {
          return false;
        }
      }
      return true;
    }

    private BatchResult<T> result(int read) {
      String batchId = batchIds.get(part);
      BatchJson.Line parsed;
      try {
        parsed = BatchJson.line(line, read);
      } catch (MessagesJson.MalformedBodyException e) {
        closeStream();
        throw new ClaudeApiException(
            ErrorKind.SERVER_ERROR,
            method.exchange.redactor.redact(
                new ErrorDetails(
                    200,
                    null,
                    method.spec.method()
                        + ": "
                        + context()
                        + ": line "
                        + (deliveredInPart + 1)
                        + " is not a batch result: "
                        + e.getMessage(),
                    null,
                    null,
                    1,
                    1)));
      }
      String customId = parsed.customId();
      switch (parsed.type()) {
        case "succeeded" -> {
          Reply reply = parsed.message();
          try {
            return new BatchResult<>(
                customId,
                BatchResult.Status.SUCCEEDED,
                method.decoder.decode(reply, method.spec),
                reply,
                null);
          } catch (ClaudeOutputException e) {
            return new BatchResult<>(customId, BatchResult.Status.SUCCEEDED, null, reply, e);
          }
        }
        case "canceled" -> {
          return new BatchResult<>(
              customId,
              BatchResult.Status.CANCELED,
              null,
              null,
              new BatchCanceledException(batchId, customId));
        }
        case "expired" -> {
          return new BatchResult<>(
              customId,
              BatchResult.Status.EXPIRED,
              null,
              null,
              new BatchExpiredException(batchId, customId));
        }
        default -> {
          String type = parsed.type().equals("errored") ? parsed.errorType() : "api_error";
          String message =
              parsed.type().equals("errored")
                  ? (parsed.errorMessage() == null ? "(no message)" : parsed.errorMessage())
                  : "a result of unknown type " + parsed.type();
          return new BatchResult<>(
              customId,
              BatchResult.Status.ERRORED,
              null,
              null,
              ResponseErrors.ofErrorType(
                  type,
                  method.spec.method()
                      + ": batch request "
                      + customId
                      + " of "
                      + batchId
                      + " errored: "
                      + message,
                  parsed.requestId(),
                  method.exchange.redactor));
        }
      }
    }
  }
}
