package dev.claudegen.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.claudegen.runtime.Message;
import dev.claudegen.runtime.OverloadedException;
import dev.claudegen.runtime.RateLimitException;
import dev.claudegen.runtime.Reply;
import dev.claudegen.testing.FakeClaude;
import dev.claudegen.testing.FakeClaudeExtension;
import dev.claudegen.testing.FakeResponse;
import dev.claudegen.testing.FakeScenarios;
import dev.claudegen.testing.RecordedRequest;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** Each method shape of {@link SupportDesk}, as a user would test it against FakeClaude. */
@ExtendWith(FakeClaudeExtension.class)
class SupportDeskTest {

  private static SupportDesk desk(FakeClaude claude) {
    return ClaudeSupportDesk.builder().testServer(claude.baseUrl()).build();
  }

  @Test
  void answerReturnsTheWholeReply(FakeClaude claude) {
    claude.enqueue(FakeResponse.text("Choose Export > CSV."));

    Reply reply = desk(claude).answer("How do I export to CSV?");

    assertEquals("Choose Export > CSV.", reply.text());
    assertEquals("end_turn", reply.stopReason());
    assertEquals(List.of("text"), reply.blockTypes());
    assertEquals("How do I export to CSV?", claude.takeRequest().userText());
  }

  @Test
  void answerLaterCompletesWithTheTextOrTheTypedFailure(FakeClaude claude) {
    claude.enqueue(FakeResponse.text("It emails you a link."));
    // @Retry(maxAttempts = 3): three rate limits spend it.
    claude.enqueue(
        FakeScenarios.repeated(FakeResponse.error(429, "rate_limit_error", "Slow down"), 3));

    assertEquals("It emails you a link.", desk(claude).answerLater("Large exports?").join());
    CompletableFuture<String> failing = desk(claude).answerLater("Large exports?");
    CompletionException thrown = assertThrows(CompletionException.class, failing::join);
    assertInstanceOf(RateLimitException.class, thrown.getCause());
    assertEquals(4, claude.requestCount());
  }

  @Test
  void followUpSendsTheHistoryThenTheQuestion(FakeClaude claude) {
    claude.enqueue(FakeResponse.text("Yes, Export > PDF."));
    List<Message> history =
        List.of(Message.user("How do I export to CSV?"), Message.assistant("Export > CSV."));

    desk(claude).followUp(history, "And to PDF?");

    RecordedRequest request = claude.takeRequest();
    List<RecordedRequest.Turn> turns = request.messages();
    assertEquals(
        List.of(
            new RecordedRequest.Turn("user", "How do I export to CSV?"),
            new RecordedRequest.Turn("assistant", "Export > CSV."),
            new RecordedRequest.Turn("user", "And to PDF?")),
        turns);
  }

  @Test
  void aConversationEndingWithTheUsersTurnIsRefusedBeforeSending(FakeClaude claude) {
    List<Message> history = List.of(Message.user("How do I export to CSV?"));

    IllegalArgumentException thrown =
        assertThrows(
            IllegalArgumentException.class, () -> desk(claude).followUp(history, "And to PDF?"));

    assertEquals(0, claude.requestCount(), thrown.getMessage());
  }

  @Test
  void explainStreamsTheTextAsItIsWritten(FakeClaude claude) {
    claude.enqueue(FakeResponse.textDeltas("Scheduled ", "exports ", "run at night."));

    try (Stream<String> text = desk(claude).explain("scheduled exports")) {
      assertEquals(List.of("Scheduled ", "exports ", "run at night."), text.toList());
    }
    RecordedRequest request = claude.takeRequest();
    assertEquals(true, request.stream());
    assertEquals(64000, request.json().get("max_tokens").asInt());
  }

  @Test
  void aStreamThatFailsBeforeItsFirstTextIsRetriedAndAfterItThrows(FakeClaude claude) {
    claude.enqueue(
        FakeResponse.text("Never mind.").withStreamError(0, "overloaded_error", "Overloaded"),
        FakeResponse.textDeltas("Scheduled ", "exports ", "run at night."));
    try (Stream<String> text = desk(claude).explain("scheduled exports")) {
      assertEquals("Scheduled exports run at night.", text.collect(Collectors.joining()));
    }

    claude.enqueue(
        FakeResponse.textDeltas("Scheduled ", "exports ", "run at night.")
            .withStreamError(1, "overloaded_error", "Overloaded"));
    try (Stream<String> text = desk(claude).explain("scheduled exports")) {
      OverloadedException e = assertThrows(OverloadedException.class, () -> text.toList());
      assertEquals(529, e.statusCode());
    }
    assertEquals(3, claude.requestCount());
  }
}
