package dev.claudegen.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.claudegen.runtime.AuthenticationException;
import dev.claudegen.testing.FakeClaude;
import dev.claudegen.testing.FakeClaudeExtension;
import dev.claudegen.testing.FakeResponse;
import dev.claudegen.testing.FakeScenarios;
import dev.claudegen.testing.RecordedRequest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** A user's test of their own interface, against FakeClaude: what the README's set-up runs. */
@ExtendWith(FakeClaudeExtension.class)
class TicketTriageTest {

  private static TicketTriage triage(FakeClaude claude) {
    return ClaudeTicketTriage.builder().testServer(claude.baseUrl()).build();
  }

  @Test
  void classifySendsTheTemplatedPromptAndReturnsTheText(FakeClaude claude) {
    claude.enqueue(FakeResponse.text("{\"label\": \"BILLING\", \"reason\": \"Double charge.\"}"));

    String answer = triage(claude).classify("Acme Reports", TicketTriage.Tier.FREE, "Charged twice.");

    assertEquals("{\"label\": \"BILLING\", \"reason\": \"Double charge.\"}", answer);
    RecordedRequest request = claude.takeRequest();
    assertEquals("claude-sonnet-4-6", request.model());
    assertEquals(
        "You triage support tickets for Acme Reports. Be brief and concrete; never invent account"
            + " details.",
        request.system());
    assertEquals(
        "Classify this ticket as BUG, BILLING, HOW_TO or OUTAGE. Answer as {\"label\": ...,"
            + " \"reason\": ...}.\n\nCustomer tier: FREE\nTicket:\nCharged twice.",
        request.userText());
  }

  @Test
  void anOverloadedApiIsRetriedAndThenServedByTheFallbackModel(FakeClaude claude) {
    // @Retry(on = OVERLOADED, maxAttempts = 3): three overloads spend it, then the fallback.
    claude.enqueue(FakeScenarios.repeated(FakeScenarios.overloadedError(), 3));
    claude.enqueue(FakeResponse.text("{\"label\": \"OUTAGE\", \"reason\": \"Exports down.\"}"));

    triage(claude).classify("Acme Reports", TicketTriage.Tier.ENTERPRISE, "Exports are down.");

    assertEquals(4, claude.requestCount());
    for (int attempt = 1; attempt <= 3; attempt++) {
      assertEquals("claude-sonnet-4-6", claude.takeRequest().model());
    }
    assertEquals("claude-haiku-4-5", claude.takeRequest().model());
  }

  @Test
  void aBadKeyIsNotRetried(FakeClaude claude) {
    claude.enqueue(FakeScenarios.invalidApiKey());

    assertThrows(
        AuthenticationException.class,
        () -> triage(claude).draftReply("Acme Reports", 2, "Where is my invoice?"));
    assertEquals(1, claude.requestCount());
  }
}
