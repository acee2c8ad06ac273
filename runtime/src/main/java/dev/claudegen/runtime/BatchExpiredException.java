package dev.claudegen.runtime;

/**
 * A batch request that did not run within its batch's 24 hours; it is not billed. A timeout: the
 * same request can succeed in a new batch.
 */
public final class BatchExpiredException extends ClaudeTimeoutException {

  private static final long serialVersionUID = 1L;

  private final String customId;

  /** Creates one for the request {@code customId} of batch {@code batchId}. */
  public BatchExpiredException(String batchId, String customId) {
    super(
        ErrorDetails.withoutResponse(
            "batch request "
                + customId
                + " of "
                + batchId
                + " expired: the batch's 24 hours passed before it ran; submit it again",
            1,
            1),
        null);
    this.customId = customId;
  }

  /** The request's {@code custom_id}. */
  public String customId() {
    return customId;
  }
}
