package dev.claudegen.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.claudegen.runtime.BadRequestException;
import dev.claudegen.runtime.BatchCanceledException;
import dev.claudegen.runtime.BatchExpiredException;
import dev.claudegen.runtime.BatchResult;
import dev.claudegen.runtime.BatchResults;
import dev.claudegen.runtime.BatchStatus;
import dev.claudegen.runtime.BatchSubmitException;
import dev.claudegen.runtime.MessageBatch;
import dev.claudegen.testing.FakeBatch;
import dev.claudegen.testing.FakeClaude;
import dev.claudegen.testing.FakeClaudeExtension;
import dev.claudegen.testing.FakeResponse;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** {@link TicketTriage}'s batch API, as a user would test it against FakeClaude. */
@ExtendWith(FakeClaudeExtension.class)
class TicketBatchTest {

  private static final String TICKET_JSON =
      "{\"priority\":\"HIGH\",\"summary\":\"Charged twice.\",\"tags\":[\"billing\"]}";

  private static ClaudeTicketTriage.Batches batches(FakeClaude claude) {
    return ClaudeTicketTriage.builder().testServer(claude.baseUrl()).batches();
  }

  private static <T> Map<String, BatchResult<T>> byCustomId(MessageBatch<T> batch) {
    Map<String, BatchResult<T>> results = new HashMap<>();
    try (BatchResults<T> all = batch.results()) {
      all.forEach(result -> results.put(result.customId(), result));
    }
    return results;
  }

  @Test
  void submittedThenResumedByAFreshClientReadsEveryResultTypeByCustomId(FakeClaude claude) {
    claude.enqueue(FakeResponse.text(TICKET_JSON));
    claude
        .when(request -> request.userText().contains("garbled"))
        .reply(FakeResponse.error(400, "invalid_request_error", "messages.0: bad content"));
    claude.batches().expireWhen(request -> request.userText().contains("late"));

    ClaudeTicketTriage.TriageBatch draft =
        batches(claude)
            .triage()
            .add("t-1", "Acme", "I was charged twice.")
            .add("t-2", "Acme", "garbled")
            .add("t-3", "Acme", "a late one");
    String id = draft.submit().id();
    assertEquals(3, draft.size());

    MessageBatch<TicketTriage.Ticket> resumed = batches(claude).resumeTriage(id);
    BatchStatus status = resumed.await(Duration.ofHours(25));
    assertTrue(status.ended());
    assertEquals(List.of(1, 1, 1), List.of(status.succeeded(), status.errored(), status.expired()));

    Map<String, BatchResult<TicketTriage.Ticket>> results = byCustomId(resumed);
    assertEquals(
        new TicketTriage.Ticket(
            TicketTriage.Priority.HIGH, "Charged twice.", List.of("billing"), java.util.Optional.empty()),
        results.get("t-1").payload());
    BadRequestException bad =
        assertThrows(BadRequestException.class, () -> results.get("t-2").payload());
    assertEquals(400, bad.statusCode());
    assertEquals(BatchResult.Status.EXPIRED, results.get("t-3").status());
    assertInstanceOf(BatchExpiredException.class, results.get("t-3").error().orElseThrow());

    // Each entry carried the method's own request: its schema and its prompt.
    FakeBatch created = claude.batches().created().get(0);
    assertEquals(List.of("t-1", "t-2", "t-3"), created.customIds());
    assertTrue(created.request("t-1").hasOutputFormat());
    assertTrue(created.request("t-1").userText().endsWith("I was charged twice."));
  }

  @Test
  void aCanceledBatchReadsTheRequestsNotRunAsCanceled(FakeClaude claude) {
    claude.batches().endAfterPolls(3);
    MessageBatch<String> batch =
        batches(claude).classify().add("c-1", "Acme", TicketTriage.Tier.FREE, "Slow.").submit();

    batch.cancel();
    batch.await(Duration.ofMinutes(5));

    BatchResult<String> result = byCustomId(batch).get("c-1");
    assertEquals(BatchResult.Status.CANCELED, result.status());
    assertFalse(result.succeeded());
    assertThrows(BatchCanceledException.class, result::payload);
  }

  @Test
  void aCreateWhoseAnswerIsLostIsNotSentAgainAndNamesTheBatchItMayHaveMade(FakeClaude claude) {
    claude.enqueue(FakeResponse.text("BUG"));
    claude.batches().dropCreateResponse();
    ClaudeTicketTriage.ClassifyBatch draft =
        batches(claude).classify().add("c-1", "Acme", TicketTriage.Tier.TEAM, "Export fails.");

    BatchSubmitException lost = assertThrows(BatchSubmitException.class, draft::submit);

    assertTrue(lost.uncertain());
    List<FakeBatch> created = claude.batches().created();
    assertEquals(1, created.size(), "the create was sent once");
    assertEquals(created.get(0).id(), lost.candidates().get(0).id());
    assertTrue(lost.getMessage().contains(created.get(0).id()), lost.getMessage());
    MessageBatch<String> found = batches(claude).resumeClassify(lost.candidates().get(0).id());
    found.await(Duration.ofMinutes(5));
    assertEquals("BUG", byCustomId(found).get("c-1").payload());
  }
}
