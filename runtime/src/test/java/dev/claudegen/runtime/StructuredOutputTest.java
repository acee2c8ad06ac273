package dev.claudegen.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.claudegen.annotations.ErrorKind;
import dev.claudegen.runtime.Tickets.Priority;
import dev.claudegen.runtime.Tickets.Ticket;
import dev.claudegen.runtime.Tickets.Triage;
import dev.claudegen.testing.FakeClaude;
import dev.claudegen.testing.FakeClaudeExtension;
import dev.claudegen.testing.FakeResponse;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletionException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Structured payloads over loopback: the schema sent as {@code output_config}, the reply read by a
 * generated-style reader, and every reply that cannot become the type thrown once, never retried.
 */
@ExtendWith(FakeClaudeExtension.class)
class StructuredOutputTest {

  static final String SCHEMA =
      "{\"type\":\"object\",\"properties\":{\"summary\":{\"type\":\"string\"}},"
          + "\"required\":[\"summary\"],\"additionalProperties\":false}";

  private static final String TICKET = Tickets.ticket("Login fails", "high", 2);
  private static final Prompt PROMPT = Prompt.of(null, "triage this");

  private final EventRecorder events = new EventRecorder();

  /** The default {@code @Retry()}: a retried failure would show as a second request. */
  private <T> ClaudeCall<T> bind(FakeClaude fake, ReplyDecoder<T> decoder) {
    return TestBuilder.against(fake)
        .listener(events)
        .client()
        .bind(TestBuilder.spec().outputSchema(SCHEMA).build(), decoder);
  }

  private static ReplyDecoder<Ticket> ticket() {
    return StructuredDecoder.of("Ticket", Tickets::readTicket);
  }

  // ---- the request ----

  @Test
  void theSchemaIsSentAsOutputConfigExactly() {
    CallSpec spec = TestBuilder.spec().outputSchema(SCHEMA).build();
    assertEquals(
        "{\"model\":\"claude-sonnet-4-6\",\"max_tokens\":1024,"
            + "\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}],"
            + "\"output_config\":{\"format\":{\"type\":\"json_schema\",\"schema\":"
            + SCHEMA
            + "}}}",
        new String(
            MessagesJson.request(spec, "claude-sonnet-4-6", Prompt.of(null, "hi")),
            StandardCharsets.UTF_8));
    assertEquals(
        "{\"model\":\"claude-sonnet-4-6\",\"max_tokens\":1024,"
            + "\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}],"
            + "\"output_config\":{\"format\":{\"type\":\"json_schema\",\"schema\":"
            + SCHEMA
            + "}},\"stream\":true}",
        new String(
            MessagesJson.request(spec, "claude-sonnet-4-6", Prompt.of(null, "hi"), true),
            StandardCharsets.UTF_8));
  }

  @Test
  void aSpecWithoutASchemaSendsNoOutputConfig() {
    assertEquals(
        "{\"model\":\"claude-sonnet-4-6\",\"max_tokens\":1024,"
            + "\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}",
        new String(
            MessagesJson.request(
                TestBuilder.spec().build(), "claude-sonnet-4-6", Prompt.of(null, "hi")),
            StandardCharsets.UTF_8));
  }

  @Test
  void theServerReceivesTheSchema(FakeClaude fake) {
    fake.enqueue(FakeResponse.text(TICKET));
    bind(fake, ticket()).call(PROMPT);
    assertEquals(
        SCHEMA,
        fake.takeRequest().json().get("output_config").get("format").get("schema").toString());
  }

  @Test
  void aPrefillIsRefusedBeforeSendingNamingTheMethod(FakeClaude fake) {
    Prompt prefill =
        Prompt.builder()
            .conversation(List.of(Message.user("triage this"), Message.assistant("{\"summary\":")))
            .build();
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> bind(fake, ticket()).call(prefill));
    assertTrue(e.getMessage().startsWith(TestBuilder.METHOD + ": "), e.getMessage());
    assertTrue(e.getMessage().contains("a prefill"), e.getMessage());
    assertTrue(e.getMessage().contains("structured output"), e.getMessage());
    assertEquals(0, fake.requestCount());
  }

  // ---- the reply ----

  @Test
  void theReplyIsReadIntoTheType(FakeClaude fake) {
    fake.enqueue(FakeResponse.text(TICKET));
    assertEquals(
        new Ticket("Login fails", Priority.HIGH, 2, Optional.empty()),
        bind(fake, ticket()).call(PROMPT));
  }

  @Test
  void parsedHasTheReplyBesideTheValue(FakeClaude fake) {
    fake.enqueue(FakeResponse.text(TICKET).withUsage(10, 20));
    Parsed<Ticket> parsed =
        bind(fake, StructuredDecoder.withReply("Ticket", Tickets::readTicket)).call(PROMPT);
    assertEquals(Priority.HIGH, parsed.value().priority());
    assertEquals(TICKET, parsed.reply().text());
    assertEquals(20, parsed.reply().usage().outputTokens());
    assertEquals("req_fake_000001", parsed.reply().requestId());
  }

  @Test
  void aReplyOfSeveralTextBlocksIsReadJoined(FakeClaude fake) {
    fake.enqueue(FakeResponse.message("{\"summary\":\"a\",", "\"priority\":\"LOW\",\"count\":1}"));
    assertEquals(
        new Ticket("a", Priority.LOW, 1, Optional.empty()), bind(fake, ticket()).call(PROMPT));
  }

  /** Thrown once, told to the listener, not retried: one request. */
  private ClaudeOutputException assertUnusable(FakeClaude fake, FakeResponse response) {
    fake.enqueue(response);
    fake.allowUnusedResponses();
    ClaudeOutputException e =
        assertThrows(ClaudeOutputException.class, () -> bind(fake, ticket()).call(PROMPT));
    assertEquals(1, fake.requestCount());
    assertEquals(ErrorKind.BAD_REQUEST, e.kind());
    assertEquals(200, e.statusCode());
    assertEquals("req_fake_000001", e.requestId());
    assertTrue(e.getMessage().startsWith("200 " + TestBuilder.METHOD + ": "), e.getMessage());
    List<ClaudeListener.CallFailed> failures = events.of(ClaudeListener.CallFailed.class);
    assertEquals(1, failures.size());
    assertSame(e, failures.get(0).error());
    return e;
  }

  @Test
  void jsonThatDoesNotFitThrowsWithItsPathAndText(FakeClaude fake) {
    String text = "{\"summary\":\"a\",\"priority\":\"urgent\",\"count\":1}";
    ClaudeOutputException e = assertUnusable(fake, FakeResponse.text(text));
    assertEquals("$.priority", e.path());
    assertEquals(text, e.text());
    assertEquals("end_turn", e.stopReason());
    assertTrue(
        e.getMessage()
            .contains(
                ": the reply's JSON does not fit Ticket: expected one of LOW, MEDIUM, HIGH, got"
                    + " \"urgent\" (at $.priority)"),
        e.getMessage());
  }

  @Test
  void anAsyncCallCompletesWithTheSameExceptionUnretried(FakeClaude fake) {
    fake.enqueue(FakeResponse.text("{\"summary\":1}"));
    fake.allowUnusedResponses();
    CompletionException e =
        assertThrows(
            CompletionException.class, () -> bind(fake, ticket()).callAsync(PROMPT).join());
    ClaudeOutputException cause = assertInstanceOf(ClaudeOutputException.class, e.getCause());
    assertEquals("$.summary", cause.path());
    assertEquals(1, fake.requestCount());
  }

  @Test
  void proseInsteadOfJsonThrowsAtTheRoot(FakeClaude fake) {
    ClaudeOutputException e =
        assertUnusable(fake, FakeResponse.text("I cannot produce JSON for this."));
    assertEquals("$", e.path());
    assertEquals("I cannot produce JSON for this.", e.text());
  }

  @Test
  void aRefusalThrowsEvenWhenItsTextIsJson(FakeClaude fake) {
    ClaudeOutputException e =
        assertUnusable(fake, FakeResponse.text(TICKET).withStopReason("refusal"));
    assertNull(e.path());
    assertEquals("refusal", e.stopReason());
    assertTrue(e.getMessage().contains("the model refused to answer"), e.getMessage());
  }

  @Test
  void aReplyCutAtMaxTokensThrowsEvenWhenItsJsonParses(FakeClaude fake) {
    ClaudeOutputException e =
        assertUnusable(fake, FakeResponse.text(TICKET).withStopReason("max_tokens"));
    assertNull(e.path());
    assertEquals(TICKET, e.text());
    assertTrue(
        e.getMessage()
            .contains(
                "the reply was cut at max_tokens (1024) before its JSON was complete; raise"
                    + " maxTokens"),
        e.getMessage());
  }

  @Test
  void aListRootIsReadFromItsWrapper(FakeClaude fake) {
    fake.enqueue(FakeResponse.text("{\"items\":[" + TICKET + "," + TICKET + "]}"));
    List<Ticket> tickets =
        bind(
                fake,
                StructuredDecoder.of(
                    "List<Ticket>",
                    in -> in.readWrapped("items", i -> i.readList(Tickets::readTicket))))
            .call(PROMPT);
    assertEquals(2, tickets.size());
  }

  @Test
  void aNestedMismatchNamesTheElement(FakeClaude fake) {
    String text =
        "{\"tickets\":["
            + TICKET
            + ","
            + TICKET
            + ",{\"summary\":7,\"priority\":\"LOW\",\"count\":1}]}";
    fake.enqueue(FakeResponse.text(text));
    ClaudeOutputException e =
        assertThrows(
            ClaudeOutputException.class,
            () -> bind(fake, StructuredDecoder.of("Triage", Tickets::readTriage)).call(PROMPT));
    assertEquals("$.tickets[2].summary", e.path());
  }

  @Test
  void decodersNameTheirType() {
    assertEquals("StructuredDecoder.of(Ticket)", ticket().toString());
    assertEquals(
        new Triage(List.of()),
        StructuredDecoder.of("Triage", Tickets::readTriage)
            .decode(
                new Reply("{\"tickets\":[]}", "end_turn", "m", "msg", null, Usage.NONE),
                TestBuilder.spec().build()));
  }
}
