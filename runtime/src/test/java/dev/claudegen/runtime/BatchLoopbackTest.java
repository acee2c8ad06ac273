package dev.claudegen.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.claudegen.testing.FakeClaude;
import dev.claudegen.testing.FakeClaudeExtension;
import dev.claudegen.testing.FakeResponse;
import dev.claudegen.testing.Match;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** Message Batches over real loopback HTTP against FakeClaude's batch endpoints. */
@ExtendWith(FakeClaudeExtension.class)
class BatchLoopbackTest {

  private static BatchMethod<String> method(FakeClaude fake) {
    return TestBuilder.against(fake).client().batch(TestBuilder.once().build(), ReplyDecoder.TEXT);
  }

  private static Map<String, BatchResult<String>> read(MessageBatch<String> batch) {
    Map<String, BatchResult<String>> byId = new HashMap<>();
    try (BatchResults<String> results = batch.results()) {
      for (BatchResult<String> result : results) {
        byId.put(result.customId(), result);
      }
    }
    return byId;
  }

  @Test
  void submitPersistResumeInAFreshClientAwaitAndReadEveryResultType(FakeClaude fake) {
    fake.batches().endAfterPolls(3);
    fake.batches().expireWhen(request -> request.userText().contains("late"));
    fake.when(Match.userTextContains("refund")).reply(FakeResponse.text("BILLING"));
    fake.when(Match.userTextContains("bogus"))
        .reply(FakeResponse.error(400, "invalid_request_error", "bad ticket"));
    TextDraft<String> draft = new TextDraft<>(method(fake));
    draft.add("t-1", "I want a refund").add("t-2", "bogus ticket").add("t-3", "a late one");

    String persisted = draft.submit().id();

    BatchMethod<String> fresh = method(fake); // a new ClaudeClient, as in another process
    MessageBatch<String> batch = fresh.resume(persisted);
    BatchStatus status = batch.await(Duration.ofMinutes(5));
    assertTrue(status.ended());
    assertEquals(3, status.total());
    Map<String, BatchResult<String>> results = read(batch);
    assertEquals(3, results.size());
    assertEquals("BILLING", results.get("t-1").payload());
    assertEquals(BatchResult.Status.SUCCEEDED, results.get("t-1").status());
    BatchResult<String> errored = results.get("t-2");
    assertEquals(BatchResult.Status.ERRORED, errored.status());
    BadRequestException bad = assertThrows(BadRequestException.class, errored::payload);
    assertEquals(400, bad.statusCode());
    assertEquals("invalid_request_error", bad.errorType());
    assertTrue(bad.getMessage().contains("bad ticket"), bad.getMessage());
    assertTrue(bad.getMessage().contains("t-2"), bad.getMessage());
    assertEquals(BatchResult.Status.EXPIRED, results.get("t-3").status());
    assertThrows(BatchExpiredException.class, results.get("t-3")::payload);
  }

  @Test
  void canceledBatchReadsCanceledResults(FakeClaude fake) {
    fake.batches().endAfterPolls(100);
    MessageBatch<String> batch =
        new TextDraft<>(method(fake)).add("a", "one").add("b", "two").submit();

    BatchStatus canceling = batch.cancel();
    assertFalse(canceling.ended());
    BatchStatus ended = batch.await(Duration.ofMinutes(1));

    assertEquals(2, ended.canceled());
    Map<String, BatchResult<String>> results = read(batch);
    assertEquals(BatchResult.Status.CANCELED, results.get("a").status());
    BatchCanceledException e = assertThrows(BatchCanceledException.class, results.get("b")::payload);
    assertEquals("b", e.customId());
  }

  @Test
  void droppedCreateResponseIsNotSentAgainAndNamesTheBatchAsCandidate(FakeClaude fake) {
    fake.batches().dropCreateResponse();
    fake.enqueue(FakeResponse.text("hello"));
    BatchMethod<String> method = method(fake);
    TextDraft<String> draft = new TextDraft<>(method);
    draft.add("only", "hi");

    BatchSubmitException e = assertThrows(BatchSubmitException.class, draft::submit);

    assertEquals(1, fake.batches().created().size());
    String created = fake.batches().created().get(0).id();
    assertTrue(e.uncertain());
    assertEquals(1, e.candidates().size(), e.getMessage());
    assertEquals(created, e.candidates().get(0).id());
    assertTrue(e.getMessage().contains("resume(\"" + created + "\")"), e.getMessage());
    assertEquals(1, e.unsubmittedRequests());
    assertEquals("only", e.firstUnsubmittedCustomId());
    MessageBatch<String> resumed = method.resume(e.candidates().get(0).id());
    resumed.await(Duration.ofMinutes(1));
    assertEquals("hello", read(resumed).get("only").payload());
    assertEquals(1, fake.batches().created().size());
  }

  @Test
  void resultsBeforeTheEndAreRefused(FakeClaude fake) {
    fake.batches().endAfterPolls(100);
    MessageBatch<String> batch = new TextDraft<>(method(fake)).add("a", "one").submit();

    IllegalStateException e = assertThrows(IllegalStateException.class, batch::results);

    assertTrue(e.getMessage().contains(batch.id()), e.getMessage());
    assertTrue(e.getMessage().contains("1 processing"), e.getMessage());
  }

  @Test
  void unknownBatchIsNotFoundAtOnceWhileAwaiting(FakeClaude fake) {
    NotFoundException e =
        assertThrows(
            NotFoundException.class,
            () -> method(fake).resume("msgbatch_nope").await(Duration.ofMinutes(1)));
    assertInstanceOf(ClaudeApiException.class, e);
    assertTrue(e.getMessage().contains("msgbatch_nope"), e.getMessage());
  }
}
