package dev.claudegen.runtime;

import dev.claudegen.annotations.ErrorKind;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * A submitted Message Batch of one method's calls (several API batches when a draft was split): its
 * status, a wait for its end, its results decoded to the method's payload, and cancel. Get one from
 * {@link BatchDraft#submit} or, with a persisted {@link #id()}, {@link BatchMethod#resume}. Thread
 * safe; nothing is cached but the ids.
 *
 * @param <T> the method's payload
 */
public final class MessageBatch<T> {

  /** The first wait between polls of {@link #await}. */
  static final Duration FIRST_POLL_WAIT = Duration.ofSeconds(1);

  /** The longest computed wait between polls of {@link #await}. */
  static final Duration MAX_POLL_WAIT = Duration.ofSeconds(60);

  /** The largest fraction taken off a computed poll wait at random. */
  static final double POLL_JITTER = 0.25;

  private final BatchMethod<T> method;
  private final List<String> batchIds;

  MessageBatch(BatchMethod<T> method, List<String> batchIds) {
    this.method = method;
    this.batchIds = List.copyOf(batchIds);
  }

  /**
   * The id to persist and {@link BatchMethod#resume} from: the API's batch id ({@code
   * msgbatch_...}), or after a split the ids of every part joined with commas.
   */
  public String id() {
    return String.join(",", batchIds);
  }

  /** The API batch ids, one per part, in the order the requests were added. */
  public List<String> batchIds() {
    return batchIds;
  }

  /**
   * The batch's status now: one {@code GET} per part, summed.
   *
   * @throws ClaudeException (a subclass of it) when a {@code GET} failed; not retried
   */
  public BatchStatus status() {
    return poll().status();
  }

  /** Every part's status, summed, and the longest wait an answer asked for (null: none). */
  private BatchMethod.Polled poll() {
    List<BatchStatus> parts = new ArrayList<>(batchIds.size());
    Duration retryAfter = null;
    for (String id : batchIds) {
      BatchMethod.Polled polled = method.retrieve(id);
      parts.add(polled.status());
      retryAfter = longer(retryAfter, polled.retryAfter());
    }
    return new BatchMethod.Polled(sum(parts), retryAfter);
  }

  private BatchStatus sum(List<BatchStatus> parts) {
    int[] counts = new int[5];
    boolean ended = true;
    boolean canceling = false;
    Instant expires = null;
    Instant endedAt = null;
    for (BatchStatus part : parts) {
      counts[0] += part.processing();
      counts[1] += part.succeeded();
      counts[2] += part.errored();
      counts[3] += part.canceled();
      counts[4] += part.expired();
      ended &= part.ended();
      canceling |= "canceling".equals(part.processingStatus());
      expires = latest(expires, part.expiresAt());
      endedAt = latest(endedAt, part.endedAt());
    }
    return new BatchStatus(
        id(),
        ended ? "ended" : canceling ? "canceling" : "in_progress",
        counts[0],
        counts[1],
        counts[2],
        counts[3],
        counts[4],
        parts.get(0).createdAt(),
        expires,
        ended ? endedAt : null);
  }

  private static Instant latest(Instant a, Instant b) {
    return a == null ? b : b == null ? a : a.isAfter(b) ? a : b;
  }

  private static Duration longer(Duration a, Duration b) {
    return a == null ? b : b == null ? a : a.compareTo(b) >= 0 ? a : b;
  }

  /**
   * Polls until every part has ended, backing off between polls, honouring {@code retry-after}, and
   * polling on through transient failures; returns the final status.
   *
   * <p>The first poll is at once; the waits after are 1 s, 2 s, 4 s and so on up to 60 s, each less
   * a random fraction of up to a quarter, and at least what an answer's {@code retry-after} asked
   * for. A rate limit, an overload, a 5xx, a timeout or a failed connection is polled through until
   * the timeout; a 400, 401, 403 or 404 is thrown at once. The time and the waits are the client's
   * clock and sleeper.
   *
   * @throws ClaudeTimeoutException when {@code timeout} passed first (the batch goes on; resume and
   *     wait again later); its message names the batch and its counts
   * @throws ClaudeException when a poll failed in a way another poll cannot fix (400, 401, 403,
   *     404)
   */
  public BatchStatus await(Duration timeout) {
    if (timeout == null || timeout.isNegative()) {
      throw new IllegalArgumentException(
          method.spec.method() + ": await needs a timeout of zero or more, was " + timeout);
    }
    ClaudeClient client = method.client;
    Instant deadline = client.clock().instant().plus(timeout);
    BatchStatus last = null;
    ClaudeException lastFailure = null;
    for (int polls = 0; ; polls++) {
      Duration retryAfter;
      try {
        BatchMethod.Polled polled = poll();
        if (polled.status().ended()) {
          return polled.status();
        }
        last = polled.status();
        lastFailure = null;
        retryAfter = polled.retryAfter();
      } catch (ClaudeException e) {
        if (!transientFailure(e) || Thread.currentThread().isInterrupted()) {
          throw e;
        }
        lastFailure = e;
        retryAfter = e.retryAfter().orElse(null);
      }
      Duration left = Duration.between(client.clock().instant(), deadline);
      if (left.isNegative() || left.isZero()) {
        throw timedOut(timeout, last, lastFailure);
      }
      Duration wait = pollWait(polls, client.random().getAsDouble());
      boolean serverWaits = retryAfter != null && retryAfter.compareTo(wait) > 0;
      if (serverWaits) {
        wait = retryAfter;
      }
      boolean cut = wait.compareTo(left) > 0;
      try {
        client.sleeper().sleep(cut ? left : wait);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw method.interrupted("await of batch " + id(), e);
      }
      if (cut && serverWaits) {
        // The server asked not to be polled before the deadline.
        throw timedOut(timeout, last, lastFailure);
      }
    }
  }

  /** The computed wait after poll {@code polls} (from 0): 1 s doubled each time, at most 60 s. */
  static Duration pollWait(int polls, double random) {
    long millis = FIRST_POLL_WAIT.toMillis() << Math.min(polls, 16);
    millis = Math.min(millis, MAX_POLL_WAIT.toMillis());
    return Duration.ofMillis(Math.round(millis * (1 - POLL_JITTER * random)));
  }

  private static boolean transientFailure(ClaudeException e) {
    ErrorKind kind = e.kind();
    return kind == ErrorKind.RATE_LIMIT
        || kind == ErrorKind.OVERLOADED
        || kind == ErrorKind.SERVER_ERROR
        || kind == ErrorKind.CONNECTION
        || kind == ErrorKind.TIMEOUT;
  }

  private ClaudeTimeoutException timedOut(
      Duration timeout, BatchStatus last, ClaudeException lastFailure) {
    String counts =
        last == null
            ? "no poll succeeded"
                + (lastFailure == null ? "" : ", the last: " + lastFailure.getMessage())
            : describe(last);
    return new ClaudeTimeoutException(
        ErrorDetails.withoutResponse(
            method.spec.method()
                + ": batch "
                + id()
                + " did not end within "
                + Durations.describe(timeout)
                + " ("
                + counts
                + "); it goes on: resume it and await again later",
            1,
            1),
        lastFailure);
  }

  private static String describe(BatchStatus status) {
    return status.processingStatus()
        + ": "
        + status.processing()
        + " processing, "
        + status.succeeded()
        + " succeeded, "
        + status.errored()
        + " errored, "
        + status.canceled()
        + " canceled, "
        + status.expired()
        + " expired";
  }

  /**
   * Asks the API to cancel every part that has not ended: requests not yet run end {@code
   * canceled}; those done keep their results. Returns the status right after.
   *
   * @throws ClaudeException (a subclass of it) when a request failed; not retried
   */
  public BatchStatus cancel() {
    List<BatchStatus> parts = new ArrayList<>(batchIds.size());
    for (String id : batchIds) {
      BatchStatus part = method.retrieve(id).status();
      if (!part.ended()) {
        part =
            method
                .sendForBatch(
                    method.post(method.cancelUri(id), new byte[0], method.spec.timeout()),
                    "cancel of batch " + id)
                .status();
      }
      parts.add(part);
    }
    return sum(parts);
  }

  /**
   * The results of an ended batch, read as they arrive (JSONL), never all in memory. Close it. Each
   * part's status is read first; the results themselves are only asked for as the iteration reaches
   * them.
   *
   * @throws IllegalStateException when a part has not ended
   * @throws ClaudeException (a subclass of it) when reading a part's status failed
   */
  public BatchResults<T> results() {
    for (String id : batchIds) {
      BatchStatus part = method.retrieve(id).status();
      if (!part.ended()) {
        throw new IllegalStateException(
            method.spec.method()
                + ": batch "
                + id
                + (batchIds.size() == 1 ? "" : " (a part of " + id() + ")")
                + " has not ended ("
                + describe(part)
                + "), so its results cannot be read yet; await it first");
      }
    }
    return new BatchResults<>(method, batchIds);
  }

  @Override
  public String toString() {
    return "MessageBatch " + id() + " of " + method.method();
  }
}
