package dev.claudegen.runtime;

import java.time.Instant;

/**
 * Where a batch is, as the API's batch object says (summed over the parts of a split batch).
 *
 * @param id the {@link MessageBatch#id()}
 * @param processingStatus {@code in_progress}, {@code canceling} or {@code ended}; for a split
 *     batch {@code ended} once every part has, else {@code canceling} if any part is, else {@code
 *     in_progress}
 * @param processing requests not yet run
 * @param succeeded requests with a reply
 * @param errored requests that failed
 * @param canceled requests canceled before they ran
 * @param expired requests that did not run within the batch's 24 hours
 * @param createdAt when the (first part of the) batch was created
 * @param expiresAt when the batch expires (the latest of the parts)
 * @param endedAt when the batch ended (the latest of the parts), null until it has
 */
public record BatchStatus(
    String id,
    String processingStatus,
    int processing,
    int succeeded,
    int errored,
    int canceled,
    int expired,
    Instant createdAt,
    Instant expiresAt,
    Instant endedAt) {

  /** Whether the batch has ended and its results can be read. */
  public boolean ended() {
    return "ended".equals(processingStatus);
  }

  /** Every request counted, whatever its state. */
  public int total() {
    return processing + succeeded + errored + canceled + expired;
  }
}
