package dev.claudegen.testing;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * A batch a {@link FakeClaude} server created, as it was when {@link FakeBatches#created()} took
 * this snapshot.
 *
 * <pre>{@code
 * FakeBatch batch = claude.batches().created().get(0);
 * assertEquals(List.of("t-1", "t-2"), batch.customIds());
 * assertEquals("claude-sonnet-4-6", batch.request("t-1").model());
 * assertEquals("ended", batch.processingStatus());
 * assertEquals("succeeded", batch.resultType("t-1"));
 * }</pre>
 *
 * <p>Instances are immutable and thread safe.
 */
public final class FakeBatch {
  /** One entry: its params, and its result type once ended ({@code null} before). */
  record Entry(byte[] params, String resultType) {}

  private final String id;
  private final Instant createdAt;
  private final List<String> customIds;
  private final Map<String, Entry> entries;
  private final Map<String, List<String>> headers;
  private final String processingStatus;
  private final boolean canceled;

  FakeBatch(
      String id,
      Instant createdAt,
      List<String> customIds,
      Map<String, Entry> entries,
      Map<String, List<String>> headers,
      String processingStatus,
      boolean canceled) {
    this.id = id;
    this.createdAt = createdAt;
    this.customIds = customIds;
    this.entries = entries;
    this.headers = headers;
    this.processingStatus = processingStatus;
    this.canceled = canceled;
  }

  /** The batch id, e.g. {@code "msgbatch_fake_000001"}. */
  public String id() {
    return id;
  }

  /** When the batch was created, on the batches' clock. */
  public Instant createdAt() {
    return createdAt;
  }

  /** The entries' {@code custom_id}s, in the order the create sent them; unmodifiable. */
  public List<String> customIds() {
    return customIds;
  }

  /**
   * The entry's {@code params} as a {@code POST /v1/messages} request with that body and the
   * create's headers, so that {@link RecordedRequest#userText()}, {@link RecordedRequest#model()},
   * {@link RecordedRequest#outputSchema()} and the others work on it.
   *
   * @throws IllegalArgumentException if the batch has no entry {@code customId}
   */
  public RecordedRequest request(String customId) {
    return new RecordedRequest("POST", "/v1/messages", headers, entry(customId).params(), createdAt);
  }

  /**
   * The entry's result type, {@code "succeeded"}, {@code "errored"}, {@code "canceled"} or {@code
   * "expired"}; {@code null} while the batch has not ended.
   *
   * @throws IllegalArgumentException if the batch has no entry {@code customId}
   */
  public String resultType(String customId) {
    return entry(customId).resultType();
  }

  /** {@code "in_progress"}, {@code "canceling"} or {@code "ended"}, as a retrieve says it. */
  public String processingStatus() {
    return processingStatus;
  }

  /** Whether a cancel arrived while the batch was in progress. */
  public boolean canceled() {
    return canceled;
  }

  private Entry entry(String customId) {
    Entry entry = entries.get(Objects.requireNonNull(customId, "customId"));
    if (entry == null) {
      throw new IllegalArgumentException(
          "Batch " + id + " has no entry " + customId + "; its custom_ids: " + customIds);
    }
    return entry;
  }

  /** E.g. {@code FakeBatch{msgbatch_fake_000001, ended, 2 requests}}. */
  @Override
  public String toString() {
    return "FakeBatch{"
        + id
        + ", "
        + processingStatus
        + (canceled ? " (canceled)" : "")
        + ", "
        + customIds.size()
        + (customIds.size() == 1 ? " request}" : " requests}");
  }
}
