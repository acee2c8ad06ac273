package dev.claudegen.runtime;

/**
 * A Message Batch being put together: entries added with their {@code custom_id}, then {@link
 * #submit}ted. A generated client has one subclass per batchable method, whose typed {@code
 * add(customId, ...)} takes the method's own parameters, builds the method's prompt and hands it
 * to {@link #addPrompt}. Not thread safe: one thread adds, then submits.
 *
 * @param <T> the method's payload, what each succeeded result decodes to
 */
public class BatchDraft<T> {

  /** The API's limit on requests per batch; more are split into several batches. */
  public static final int MAX_REQUESTS = 100_000;

  /**
   * The largest create body sent: 256 MB read as 256,000,000 bytes, the smaller of the two
   * readings of the API's "256 MB", so that no part of a split is refused for its size.
   */
  public static final long MAX_BYTES = 256_000_000L;

  private final BatchMethod<T> method;

  /** A draft of {@code method}'s calls, empty. */
  protected BatchDraft(BatchMethod<T> method) {
    this.method = method;
  }

  /**
   * Adds the request {@code customId} with the prompt a generated {@code add} built.
   *
   * @throws IllegalArgumentException when {@code customId} does not match {@code
   *     ^[a-zA-Z0-9_-]{1,64}$} or is already in this draft, or the prompt is one the API would
   *     refuse (as {@link ClaudeCall#call} checks before sending)
   * @throws IllegalStateException after {@link #submit}
   */
  protected final void addPrompt(String customId, Prompt prompt) {
    throw new UnsupportedOperationException("addPrompt");
  }

  /** The exception a generated {@code add} throws for a null argument. */
  protected final NullPointerException nullParameter(String parameter) {
    return method.call.nullParameter(parameter);
  }

  /** How many requests were added. */
  public final int size() {
    return 0;
  }

  /**
   * Creates the batch: one {@code POST /v1/messages/batches}, or several when the requests are
   * more than {@link #MAX_REQUESTS} or their body more than {@link #MAX_BYTES}.
   *
   * @throws IllegalStateException when the draft is empty, or was submitted already
   * @throws BatchSubmitException when a create may have happened but its answer was lost, or a
   *     later part of a split failed after earlier parts were created
   * @throws ClaudeException (a subclass of it) when creating failed and no batch was created
   */
  public final MessageBatch<T> submit() {
    throw new UnsupportedOperationException("submit");
  }
}
