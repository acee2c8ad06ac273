package dev.claudegen.runtime;

import java.time.Instant;
import java.util.List;

/**
 * A {@link BatchDraft#submit} that may have left batches behind: a create whose answer never
 * arrived (a timeout or a dropped connection after the body was sent, a 5xx), which is never sent
 * again because a second batch would bill every request twice; or a split whose later part failed
 * after earlier parts were created. The message and accessors hold what is needed to check and go
 * on: the batches created, the moment the uncertain create was sent, and the batches found by
 * listing that may be it.
 */
public final class BatchSubmitException extends ClaudeException {

  private static final long serialVersionUID = 1L;

  private final List<String> createdBatchIds;
  private final boolean uncertain;
  private final Instant sentAt;
  private final List<BatchStatus> candidates;
  private final int unsubmittedRequests;
  private final String firstUnsubmittedCustomId;

  BatchSubmitException(
      ClaudeException cause,
      String hint,
      List<String> createdBatchIds,
      boolean uncertain,
      Instant sentAt,
      List<BatchStatus> candidates,
      int unsubmittedRequests,
      String firstUnsubmittedCustomId) {
    super(cause.kind(), cause.details(), cause, hint);
    this.createdBatchIds = List.copyOf(createdBatchIds);
    this.uncertain = uncertain;
    this.sentAt = sentAt;
    this.candidates = List.copyOf(candidates);
    this.unsubmittedRequests = unsubmittedRequests;
    this.firstUnsubmittedCustomId = firstUnsubmittedCustomId;
  }

  /** The ids of the parts certainly created, in order; resume them together with their join. */
  public List<String> createdBatchIds() {
    return createdBatchIds;
  }

  /** Whether the failed create may have created a batch (its answer was lost). */
  public boolean uncertain() {
    return uncertain;
  }

  /** When the failed create was sent. */
  public Instant sentAt() {
    return sentAt;
  }

  /**
   * For an {@link #uncertain()} create: batches listed after it that were created since shortly
   * before {@link #sentAt()} with its number of requests, any of which may be it; empty when
   * listing found none (or failed).
   */
  public List<BatchStatus> candidates() {
    return candidates;
  }

  /** How many requests are in no created batch (the failed part's and those after it). */
  public int unsubmittedRequests() {
    return unsubmittedRequests;
  }

  /** The {@code custom_id} of the first request in no created batch. */
  public String firstUnsubmittedCustomId() {
    return firstUnsubmittedCustomId;
  }
}
