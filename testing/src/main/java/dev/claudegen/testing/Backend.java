package dev.claudegen.testing;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;

/**
 * What answers a request that neither the queue nor a rule of {@link FakeClaude} answered: the
 * API-like default reply, a set of recordings, or a real upstream.
 */
interface Backend {

  /**
   * The reply to send.
   *
   * @param json the parsed body, or {@code null} if it is not JSON
   * @param jsonError why the body is not JSON, when {@code json} is {@code null}
   */
  FakeResponse answer(RecordedRequest request, JsonNode json, String jsonError);

  /** What went wrong so far, for {@link FakeClaude#verifyAllUsed()}; empty if nothing did. */
  default List<String> problems() {
    return List.of();
  }
}
