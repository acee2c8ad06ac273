package dev.claudegen.runtime;

import java.util.Objects;

/**
 * One interface method bound to a {@link ClaudeClient} for Message Batches: what {@link
 * ClaudeClient#batch} returns, once per batchable method, when a generated client's {@code
 * Batches} is built. It writes each batch entry's {@code params} with the same request writer a
 * call uses, and decodes each result with the method's own {@link ReplyDecoder}.
 *
 * @param <T> the method's payload
 */
public final class BatchMethod<T> {

  final ClaudeCall<T> call;
  final CallSpec spec;
  final ReplyDecoder<T> decoder;
  final ClaudeClient client;

  BatchMethod(ClaudeClient client, ClaudeCall<T> call, CallSpec spec, ReplyDecoder<T> decoder) {
    this.client = client;
    this.call = call;
    this.spec = spec;
    this.decoder = decoder;
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
    throw new UnsupportedOperationException("resume");
  }

  /** The method this binds, as the spec names it. */
  public String method() {
    return spec.method();
  }

  @Override
  public String toString() {
    return "batches of " + spec.method();
  }
}
