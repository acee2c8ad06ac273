package dev.claudegen.runtime;

import java.time.Duration;
import java.util.List;

/**
 * A submitted Message Batch of one method's calls (several API batches when a draft was split):
 * its status, a wait for its end, its results decoded to the method's payload, and cancel. Get
 * one from {@link BatchDraft#submit} or, with a persisted {@link #id()}, {@link
 * BatchMethod#resume}. Thread safe; nothing is cached but the ids.
 *
 * @param <T> the method's payload
 */
public final class MessageBatch<T> {

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

  /** The batch's status now: one {@code GET} per part, summed. */
  public BatchStatus status() {
    throw new UnsupportedOperationException("status");
  }

  /**
   * Polls until every part has ended, backing off between polls, honouring {@code retry-after},
   * and polling on through transient failures; returns the final status.
   *
   * @throws ClaudeTimeoutException when {@code timeout} passed first (the batch goes on; resume
   *     and wait again later)
   * @throws ClaudeException when a poll failed in a way another poll cannot fix (401, 403, 404)
   */
  public BatchStatus await(Duration timeout) {
    throw new UnsupportedOperationException("await");
  }

  /**
   * Asks the API to cancel every part that has not ended: requests not yet run end {@code
   * canceled}; those done keep their results. Returns the status right after.
   */
  public BatchStatus cancel() {
    throw new UnsupportedOperationException("cancel");
  }

  /**
   * The results of an ended batch, read as they arrive (JSONL), never all in memory. Close it.
   *
   * @throws IllegalStateException when a part has not ended
   */
  public BatchResults<T> results() {
    throw new UnsupportedOperationException("results");
  }

  @Override
  public String toString() {
    return "MessageBatch " + id() + " of " + method.method();
  }
}
