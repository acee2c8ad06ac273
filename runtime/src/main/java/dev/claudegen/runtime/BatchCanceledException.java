package dev.claudegen.runtime;

import java.util.concurrent.CancellationException;

/** A batch request that never ran because its batch was canceled first; it is not billed. */
public final class BatchCanceledException extends CancellationException {

  private static final long serialVersionUID = 1L;

  private final String customId;

  /** Creates one for the request {@code customId} of batch {@code batchId}. */
  public BatchCanceledException(String batchId, String customId) {
    super("batch request " + customId + " of " + batchId + " was canceled before it ran");
    this.customId = customId;
  }

  /** The request's {@code custom_id}. */
  public String customId() {
    return customId;
  }
}
