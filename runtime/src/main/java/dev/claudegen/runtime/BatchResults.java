package dev.claudegen.runtime;

import java.util.Iterator;

/**
 * The results of an ended batch, one {@link BatchResult} per request, read from the API's JSONL
 * as the iteration goes: memory holds one result at a time, whatever the batch's size. Results
 * come in no particular order (the API does not keep the order requests were added in); match
 * them by {@link BatchResult#customId()}. One pass only; close it (try-with-resources) to release
 * the connection when stopping early.
 *
 * @param <T> the method's payload
 */
public final class BatchResults<T> implements Iterable<BatchResult<T>>, AutoCloseable {

  BatchResults() {}

  /**
   * The results, read as they are iterated.
   *
   * @throws IllegalStateException on a second call
   */
  @Override
  public Iterator<BatchResult<T>> iterator() {
    throw new UnsupportedOperationException("iterator");
  }

  /** Stops reading and releases the connection. Idempotent. */
  @Override
  public void close() {}
}
