package dev.claudegen.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import static org.junit.jupiter.api.Assertions.assertFalse;

import dev.claudegen.runtime.AuthenticationException;
import dev.claudegen.runtime.ClaudeOutputException;
import dev.claudegen.testing.FakeClaude;
import dev.claudegen.testing.FakeClaudeExtension;
import dev.claudegen.testing.FakeResponse;
import dev.claudegen.testing.FakeScenarios;
import dev.claudegen.testing.RecordedRequest;
import java.util.Iterator;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
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

  @Test
  void triageSendsTheRecordsSchemaAndReadsTheReplyIntoIt(FakeClaude claude) {
    claude.enqueue(
        FakeResponse.text(
            "{\"priority\":\"high\",\"summary\":\"Charged twice.\",\"tags\":[\"billing\"],"
                + "\"customerId\":\"C-17\"}"));

    TicketTriage.Ticket ticket = triage(claude).triage("Acme Reports", "I was charged twice.");

    // Enum values are read in any case: the API does not promise it.
    assertEquals(
        new TicketTriage.Ticket(
            TicketTriage.Priority.HIGH, "Charged twice.", List.of("billing"), Optional.of("C-17")),
        ticket);
    RecordedRequest request = claude.takeRequest();
    assertEquals("json_schema", request.json().at("/output_config/format/type").asText());
    assertEquals(
        "[\"priority\",\"summary\",\"tags\"]",
        request.json().at("/output_config/format/schema/required").toString());
    assertEquals(
        "[\"LOW\",\"NORMAL\",\"HIGH\",\"URGENT\"]",
        request.json().at("/output_config/format/schema/properties/priority/enum").toString());
    assertEquals(
        "how urgent the ticket is",
        request.json().at("/output_config/format/schema/properties/priority/description").asText());
  }

  @Test
  void withNothingScriptedFakeClaudeAnswersTheSmallestTicketTheSchemaAllows(FakeClaude claude) {
    TicketTriage.Ticket ticket = triage(claude).triage("Acme Reports", "Hello?");

    assertEquals(
        new TicketTriage.Ticket(TicketTriage.Priority.LOW, "", List.of(), Optional.empty()), ticket);
  }

  @Test
  void aReplyThatDoesNotFitTheRecordNamesWhereAndIsNotRetried(FakeClaude claude) {
    claude.enqueue(
        FakeResponse.text("{\"priority\":\"someday\",\"summary\":\"x\",\"tags\":[]}"));

    ClaudeOutputException e =
        assertThrows(
            ClaudeOutputException.class, () -> triage(claude).triage("Acme Reports", "Hi"));

    assertEquals("$.priority", e.path());
    assertEquals(1, claude.requestCount());
  }

  @Test
  void aRefusalIsAnOutputExceptionWithItsStopReason(FakeClaude claude) {
    claude.enqueue(FakeResponse.text("I can't help with that.").withStopReason("refusal"));

    ClaudeOutputException e =
        assertThrows(
            ClaudeOutputException.class, () -> triage(claude).triage("Acme Reports", "Hi"));

    assertEquals("refusal", e.stopReason());
    assertEquals("I can't help with that.", e.text());
  }

  @Test
  @Timeout(10) // a client that waited for the whole array would wait forever here
  void triageAllHandsOverTheFirstTicketBeforeTheSecondIsWritten(FakeClaude claude) {
    // The server stalls after the first ticket's JSON and never writes the second one.
    claude.enqueue(
        FakeResponse.textDeltas(
                "{\"items\":[",
                "{\"priority\":\"URGENT\",\"summary\":\"Exports fail.\",\"tags\":[]}",
                ",{\"priority\":\"LOW\",\"summary\":\"Dark theme.\",\"tags\":[]}",
                "]}")
            .withStreamStall(2));

    try (Stream<TicketTriage.Ticket> tickets =
        triage(claude).triageAll("Acme Reports", "1. Exports fail.\n2. Dark theme, please.")) {
      Iterator<TicketTriage.Ticket> it = tickets.iterator();
      assertEquals(
          new TicketTriage.Ticket(
              TicketTriage.Priority.URGENT, "Exports fail.", List.of(), Optional.empty()),
          it.next());
    }
    RecordedRequest request = claude.takeRequest();
    assertEquals(
        "array", request.json().at("/output_config/format/schema/properties/items/type").asText());
    assertFalse(request.json().at("/stream").isMissingNode());
  }
}
