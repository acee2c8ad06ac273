package dev.claudegen.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.claudegen.testing.FakeClaude;
import dev.claudegen.testing.FakeClaudeExtension;
import dev.claudegen.testing.FakeResponse;
import dev.claudegen.testing.FakeScenarios;
import dev.claudegen.testing.Match;
import dev.claudegen.testing.RecordedRequest;
import java.io.IOException;
import java.net.http.HttpHeaders;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** The tool loop of {@link ClaudeCall#call} and {@link ClaudeCall#callAsync}, over loopback. */
@ExtendWith(FakeClaudeExtension.class)
class ToolLoopTest {

  private static final ObjectMapper MAPPER = new ObjectMapper();

  /** The compile-time tools JSON a generated client would hold. */
  static final String TOOLS =
      "[{\"name\":\"lookup\",\"description\":\"Finds an order.\",\"input_schema\":"
          + "{\"type\":\"object\",\"properties\":{\"id\":{\"type\":\"string\"}},"
          + "\"required\":[\"id\"],\"additionalProperties\":false}}]";

  private static final Prompt ASK = Prompt.of("You answer order questions.", "Where is A1?");

  /** A reply asking for tools: each block a {@code tool_use} JSON object, or a text block. */
  static FakeResponse asks(String... blocks) {
    return FakeResponse.blocks(blocks).withStopReason("tool_use");
  }

  static String use(String id, String name, String input) {
    return "{\"type\":\"tool_use\",\"id\":\"" + id + "\",\"name\":\"" + name + "\",\"input\":"
        + input + "}";
  }

  static String text(String text) {
    return "{\"type\":\"text\",\"text\":\"" + text + "\"}";
  }

  /** Reads {@code {"id": "..."}}, as the dispatcher claudegen generates for lookup(String id). */
  static String readId(JsonIn in) {
    String id = null;
    in.beginObject();
    for (String field = in.nextField(); field != null; field = in.nextField()) {
      if (field.equals("id")) {
        id = in.readString();
      } else {
        in.skipValue();
      }
    }
    in.required(id, "id");
    in.endObject();
    return id;
  }

  /** A lookup tool that records the ids it was asked for and the threads it ran on. */
  static final class Lookup implements ToolHandler {
    final List<String> ids = new CopyOnWriteArrayList<>();
    final List<Thread> threads = new CopyOnWriteArrayList<>();

    @Override
    public String run(JsonIn input) {
      String id = readId(input);
      ids.add(id);
      threads.add(Thread.currentThread());
      return "order " + id + ": shipped";
    }
  }

  private static CallSpec.Builder spec(int maxRounds) {
    return TestBuilder.spec().tools(TOOLS, maxRounds);
  }

  private static ToolBox box(ToolHandler lookup) {
    return ToolBox.builder().add("lookup", lookup).build();
  }

  private static <T> ClaudeCall<T> bind(
      FakeClaude fake, ClaudeListener listener, ReplyDecoder<T> decoder, ToolHandler lookup) {
    return TestBuilder.against(fake)
        .listener(listener)
        .client()
        .bind(spec(8).build(), decoder, box(lookup));
  }

  private static ClaudeCall<String> bind(FakeClaude fake, ToolHandler lookup) {
    return bind(fake, ClaudeListener.NONE, ReplyDecoder.TEXT, lookup);
  }

  private static JsonNode json(String text) throws Exception {
    return MAPPER.readTree(text);
  }

  private static JsonNode turn(RecordedRequest request, int index) {
    return request.json().get("messages").get(index);
  }

  @Test
  void oneRoundRunsTheToolAndSendsItsResultBack(FakeClaude fake) throws Exception {
    fake.enqueue(
        asks(text("Let me look."), use("toolu_1", "lookup", "{\"id\":\"A1\"}")),
        FakeResponse.text("A1 has shipped."));
    Lookup lookup = new Lookup();

    assertEquals("A1 has shipped.", bind(fake, lookup).call(ASK));

    assertEquals(List.of("A1"), lookup.ids);
    assertSame(Thread.currentThread(), lookup.threads.get(0), "a plain call runs tools itself");
    assertEquals(2, fake.requestCount());
    RecordedRequest first = fake.takeRequest();
    RecordedRequest second = fake.takeRequest();
    assertEquals(1, first.json().get("messages").size());
    JsonNode messages = second.json().get("messages");
    assertEquals(3, messages.size());
    assertEquals(first.json().get("messages").get(0), messages.get(0));
    // The reply goes back whole: its text and its tool call, as the API sent them.
    assertEquals(
        json(
            "{\"role\":\"assistant\",\"content\":[{\"type\":\"text\",\"text\":\"Let me look.\"},"
                + "{\"type\":\"tool_use\",\"id\":\"toolu_1\",\"name\":\"lookup\","
                + "\"input\":{\"id\":\"A1\"}}]}"),
        messages.get(1));
    assertEquals(
        json(
            "{\"role\":\"user\",\"content\":[{\"type\":\"tool_result\",\"tool_use_id\":\"toolu_1\","
                + "\"content\":\"order A1: shipped\"}]}"),
        messages.get(2));
    // The system prompt and the tools go with every round.
    assertEquals(first.json().get("system"), second.json().get("system"));
    assertEquals(json(TOOLS), first.json().get("tools"));
    assertEquals(json(TOOLS), second.json().get("tools"));
  }

  @Test
  void twoRoundsAppendTwoPairsOfTurns(FakeClaude fake) throws Exception {
    fake.enqueue(
        asks(use("toolu_1", "lookup", "{\"id\":\"A1\"}")),
        asks(use("toolu_2", "lookup", "{\"id\":\"B2\"}")),
        FakeResponse.text("Both shipped."));
    Lookup lookup = new Lookup();

    assertEquals("Both shipped.", bind(fake, lookup).call(ASK));

    assertEquals(List.of("A1", "B2"), lookup.ids);
    assertEquals(3, fake.requestCount());
    fake.takeRequest();
    RecordedRequest second = fake.takeRequest();
    RecordedRequest third = fake.takeRequest();
    JsonNode messages = third.json().get("messages");
    assertEquals(5, messages.size());
    // The third request is the second's turns, then the second round's pair.
    for (int i = 0; i < 3; i++) {
      assertEquals(second.json().get("messages").get(i), messages.get(i));
    }
    assertEquals("toolu_2", messages.get(3).get("content").get(0).get("id").asText());
    assertEquals(
        json(
            "{\"role\":\"user\",\"content\":[{\"type\":\"tool_result\",\"tool_use_id\":\"toolu_2\","
                + "\"content\":\"order B2: shipped\"}]}"),
        messages.get(4));
  }

  @Test
  void parallelToolCallsAreAnsweredInOneTurnInTheOrderAsked(FakeClaude fake) throws Exception {
    fake.enqueue(
        asks(
            text("Checking both."),
            use("toolu_b", "lookup", "{\"id\":\"B2\"}"),
            use("toolu_a", "lookup", "{\"id\":\"A1\"}")),
        FakeResponse.text("Done."));
    Lookup lookup = new Lookup();

    bind(fake, lookup).call(ASK);

    assertEquals(List.of("B2", "A1"), lookup.ids, "run one after another, in the order asked");
    fake.takeRequest();
    RecordedRequest second = fake.takeRequest();
    assertEquals(
        json(
            "{\"role\":\"assistant\",\"content\":[{\"type\":\"text\",\"text\":\"Checking both.\"},"
                + "{\"type\":\"tool_use\",\"id\":\"toolu_b\",\"name\":\"lookup\","
                + "\"input\":{\"id\":\"B2\"}},"
                + "{\"type\":\"tool_use\",\"id\":\"toolu_a\",\"name\":\"lookup\","
                + "\"input\":{\"id\":\"A1\"}}]}"),
        turn(second, 1));
    assertEquals(
        json(
            "{\"role\":\"user\",\"content\":["
                + "{\"type\":\"tool_result\",\"tool_use_id\":\"toolu_b\","
                + "\"content\":\"order B2: shipped\"},"
                + "{\"type\":\"tool_result\",\"tool_use_id\":\"toolu_a\","
                + "\"content\":\"order A1: shipped\"}]}"),
        turn(second, 2));
    assertEquals(3, second.json().get("messages").size());
  }

  @Test
  void aThrowingToolAnswersWithItsMessageAndTheCallGoesOn(FakeClaude fake) throws Exception {
    fake.enqueue(
        asks(
            use("toolu_1", "lookup", "{\"id\":\"Z9\"}"),
            use("toolu_2", "lookup", "{\"id\":\"Y8\"}")),
        FakeResponse.text("Z9 does not exist."));
    ToolHandler lookup =
        input -> {
          String id = readId(input);
          if (id.equals("Z9")) {
            throw new IllegalStateException("order Z9 not found");
          }
          throw new UnsupportedOperationException(); // no message: its class's simple name
        };
    EventRecorder events = new EventRecorder();

    try (LogCapture logs = new LogCapture()) {
      assertEquals(
          "Z9 does not exist.", bind(fake, events, ReplyDecoder.TEXT, lookup).call(ASK));

      String sent = fake.requests().get(1).body();
      assertFalse(sent.contains("at dev."), "no stack trace: " + sent);
      assertFalse(sent.contains("Exception:"), sent);
      assertEquals(
          json(
              "{\"role\":\"user\",\"content\":["
                  + "{\"type\":\"tool_result\",\"tool_use_id\":\"toolu_1\","
                  + "\"content\":\"order Z9 not found\",\"is_error\":true},"
                  + "{\"type\":\"tool_result\",\"tool_use_id\":\"toolu_2\","
                  + "\"content\":\"UnsupportedOperationException\",\"is_error\":true}]}"),
          turn(fake.requests().get(1), 2));
      // Logged at DEBUG only, with the method, the tool and the throwable.
      assertEquals(List.of(), logs.messagesAtLeast(Level.INFO));
      List<LogRecord> thrown =
          logs.records.stream().filter(r -> r.getThrown() != null).collect(Collectors.toList());
      assertEquals(2, thrown.size());
      String logged = thrown.get(0).getMessage();
      assertTrue(logged.contains(TestBuilder.METHOD), logged);
      assertTrue(logged.contains("tool lookup"), logged);
      assertEquals("order Z9 not found", thrown.get(0).getThrown().getMessage());
      assertEquals(Level.FINE, thrown.get(0).getLevel()); // System.Logger's DEBUG
    }
    List<ClaudeListener.ToolCalled> calls = events.of(ClaudeListener.ToolCalled.class);
    assertEquals(2, calls.size());
    assertEquals(ClaudeListener.ToolOutcome.THREW, calls.get(0).outcome());
    assertEquals("order Z9 not found", calls.get(0).error());
    assertEquals("UnsupportedOperationException", calls.get(1).error());
  }

  @Test
  void anInputThatDoesNotFitNamesTheProperty(FakeClaude fake) throws Exception {
    fake.enqueue(
        asks(use("toolu_1", "lookup", "{\"id\":7}")),
        asks(use("toolu_2", "lookup", "{}")),
        FakeResponse.text("Fixed."));
    Lookup lookup = new Lookup();
    EventRecorder events = new EventRecorder();

    bind(fake, events, ReplyDecoder.TEXT, lookup).call(ASK);

    assertEquals(List.of(), lookup.ids, "the tool's body never ran");
    JsonNode first = turn(fake.requests().get(1), 2).get("content").get(0);
    assertTrue(first.get("is_error").asBoolean());
    assertEquals(
        "the input does not fit lookup's parameters: $.id: expected a string, got a number",
        first.get("content").asText());
    JsonNode second = turn(fake.requests().get(2), 4).get("content").get(0);
    assertEquals(
        "the input does not fit lookup's parameters: $: missing required property 'id'",
        second.get("content").asText());
    List<ClaudeListener.ToolCalled> calls = events.of(ClaudeListener.ToolCalled.class);
    assertEquals(ClaudeListener.ToolOutcome.BAD_INPUT, calls.get(0).outcome());
    assertEquals(first.get("content").asText(), calls.get(0).error());
    assertEquals(2, calls.get(1).round());
  }

  @Test
  void anUnknownToolAnswersListingTheMethodsTools(FakeClaude fake) throws Exception {
    fake.enqueue(
        asks(use("toolu_1", "refund", "{\"id\":\"A1\"}")), FakeResponse.text("I cannot refund."));
    EventRecorder events = new EventRecorder();
    ToolBox tools =
        ToolBox.builder().add("lookup", new Lookup()).add("track", input -> "here").build();
    ClaudeCall<String> call =
        TestBuilder.against(fake)
            .listener(events)
            .client()
            .bind(spec(8).build(), ReplyDecoder.TEXT, tools);

    assertEquals("I cannot refund.", call.call(ASK));

    assertEquals(
        json(
            "{\"type\":\"tool_result\",\"tool_use_id\":\"toolu_1\",\"content\":\"there is no tool"
                + " named 'refund'; the tools of "
                + TestBuilder.METHOD
                + " are: lookup, track\",\"is_error\":true}"),
        turn(fake.requests().get(1), 2).get("content").get(0));
    ClaudeListener.ToolCalled call0 = events.of(ClaudeListener.ToolCalled.class).get(0);
    assertEquals(ClaudeListener.ToolOutcome.UNKNOWN_TOOL, call0.outcome());
    assertEquals(Duration.ZERO, call0.duration());
    assertEquals("refund", call0.tool());
  }

  @Test
  void aToolWithoutResultSendsNoContent(FakeClaude fake) throws Exception {
    fake.enqueue(asks(use("toolu_1", "lookup", "{\"id\":\"A1\"}")), FakeResponse.text("Noted."));

    bind(fake, input -> null).call(ASK);

    assertEquals(
        json("{\"type\":\"tool_result\",\"tool_use_id\":\"toolu_1\"}"),
        turn(fake.requests().get(1), 2).get("content").get(0));
  }

  @Test
  void moreRoundsThanMaxRoundsThrowAfterMaxRoundsPlusOneRequests(FakeClaude fake) {
    fake.enqueue(
        asks(use("toolu_1", "lookup", "{\"id\":\"A1\"}")),
        asks(use("toolu_2", "lookup", "{\"id\":\"A1\"}")),
        asks(text("Once more."), use("toolu_3", "lookup", "{\"id\":\"A1\"}")));
    Lookup lookup = new Lookup();
    EventRecorder events = new EventRecorder();
    ClaudeCall<String> call =
        TestBuilder.against(fake)
            .listener(events)
            .client()
            .bind(spec(2).build(), ReplyDecoder.TEXT, box(lookup));

    ClaudeOutputException e = assertThrows(ClaudeOutputException.class, () -> call.call(ASK));

    assertEquals(3, fake.requestCount());
    assertEquals(2, lookup.ids.size(), "the third reply's tool never ran");
    assertEquals("tool_use", e.stopReason());
    assertEquals("req_fake_000003", e.requestId());
    assertEquals("Once more.", e.text());
    assertTrue(e.getMessage().contains(TestBuilder.METHOD), e.getMessage());
    assertTrue(e.getMessage().contains("after 2 rounds"), e.getMessage());
    assertTrue(e.getMessage().contains("@Tools(maxRounds = 2)"), e.getMessage());
    assertFailedWith(e, 3, events);
  }

  @Test
  void aRoundsOverloadIsRetriedAndTheLoopGoesOn(FakeClaude fake) {
    fake.enqueue(
        asks(use("toolu_1", "lookup", "{\"id\":\"A1\"}")),
        FakeScenarios.overloadedError(),
        FakeResponse.text("Shipped."));
    RecordingSleeper sleeper = new RecordingSleeper(new TestClock());
    EventRecorder events = new EventRecorder();
    Lookup lookup = new Lookup();
    ClaudeCall<String> call =
        TestBuilder.against(fake)
            .timed(sleeper)
            .listener(events)
            .client()
            .bind(spec(8).build(), ReplyDecoder.TEXT, box(lookup));

    assertEquals("Shipped.", call.call(ASK));

    assertEquals(3, fake.requestCount());
    assertEquals(List.of(Duration.ofMillis(500)), sleeper.waits());
    assertEquals(1, lookup.ids.size(), "the tool ran once: the retry re-sent its result");
    assertEquals(fake.requests().get(1).body(), fake.requests().get(2).body());
    assertEquals(1, events.of(ClaudeListener.RetryScheduled.class).size());
    // Attempt numbers count every attempt of the call, across rounds.
    assertEquals(
        List.of(1, 2, 3),
        events.of(ClaudeListener.RequestSent.class).stream()
            .map(ClaudeListener.RequestSent::attempt)
            .collect(Collectors.toList()));
  }

  @Test
  void aRoundThatFailsFailsTheCallWithTheTypedException(FakeClaude fake) {
    fake.enqueue(
        asks(use("toolu_1", "lookup", "{\"id\":\"A1\"}")),
        FakeResponse.error(400, "invalid_request_error", "tool_result block is malformed"));
    EventRecorder events = new EventRecorder();

    BadRequestException e =
        assertThrows(
            BadRequestException.class,
            () -> bind(fake, events, ReplyDecoder.TEXT, new Lookup()).call(ASK));

    assertEquals("req_fake_000002", e.requestId());
    assertFailedWith(e, 2, events);
  }

  /** The call's one terminal event is a failure with {@code e} after {@code attempts} attempts. */
  private static void assertFailedWith(Throwable e, int attempts, EventRecorder events) {
    List<Object> terminals = events.terminals();
    assertEquals(1, terminals.size(), terminals.toString());
    ClaudeListener.CallFailed failed = (ClaudeListener.CallFailed) terminals.get(0);
    assertEquals(TestBuilder.METHOD, failed.method());
    assertSame(e, failed.error());
    assertEquals(attempts, failed.attempts());
    assertFalse(failed.duration().isNegative());
    assertSame(failed, events.events.get(events.events.size() - 1), "the terminal event is last");
  }

  @Test
  void theListenerHearsEachAttemptAndEachToolInOrder(FakeClaude fake) {
    fake.enqueue(
        asks(use("toolu_1", "lookup", "{\"id\":\"A1\"}"), use("toolu_2", "nope", "{}")),
        FakeResponse.text("Done."));
    EventRecorder events = new EventRecorder();

    bind(fake, events, ReplyDecoder.TEXT, new Lookup()).call(ASK);

    assertEquals(
        List.of(
            ClaudeListener.CallStarted.class,
            ClaudeListener.RequestSent.class,
            ClaudeListener.ResponseReceived.class,
            ClaudeListener.ToolCalled.class,
            ClaudeListener.ToolCalled.class,
            ClaudeListener.RequestSent.class,
            ClaudeListener.ResponseReceived.class,
            ClaudeListener.CallSucceeded.class),
        events.events.stream().map(Object::getClass).collect(Collectors.toList()));
    List<ClaudeListener.ToolCalled> calls = events.of(ClaudeListener.ToolCalled.class);
    ClaudeListener.ToolCalled ok = calls.get(0);
    assertEquals(TestBuilder.METHOD, ok.method());
    assertEquals("lookup", ok.tool());
    assertEquals("toolu_1", ok.toolUseId());
    assertEquals(1, ok.round());
    assertEquals(ClaudeListener.ToolOutcome.OK, ok.outcome());
    assertNull(ok.error());
    assertFalse(ok.duration().isNegative());
    assertEquals(ClaudeListener.ToolOutcome.UNKNOWN_TOOL, calls.get(1).outcome());
    assertEquals("toolu_2", calls.get(1).toolUseId());
    List<ClaudeListener.ResponseReceived> responses =
        events.of(ClaudeListener.ResponseReceived.class);
    assertEquals("tool_use", responses.get(0).reply().stopReason());
    assertEquals(2, responses.get(1).attempt());
  }

  @Test
  void theFinalReplyAsReplyIsTheLastRounds(FakeClaude fake) {
    fake.enqueue(
        asks(use("toolu_1", "lookup", "{\"id\":\"A1\"}")).withUsage(100, 20),
        FakeResponse.text("Shipped.").withUsage(150, 5));

    Reply reply = bind(fake, ClaudeListener.NONE, ReplyDecoder.REPLY, new Lookup()).call(ASK);

    assertEquals("Shipped.", reply.text());
    assertEquals("end_turn", reply.stopReason());
    assertEquals("req_fake_000002", reply.requestId());
    assertEquals(150, reply.usage().inputTokens());
    assertEquals(5, reply.usage().outputTokens());
  }

  @Test
  void theFinalReplyAsAStructuredPayload(FakeClaude fake) {
    fake.enqueue(
        asks(use("toolu_1", "lookup", "{\"id\":\"A1\"}")),
        FakeResponse.text(Tickets.ticket("A1 shipped", "low", 1)));
    ReplyDecoder<Tickets.Ticket> decoder = StructuredDecoder.of("Ticket", Tickets::readTicket);

    Tickets.Ticket ticket = bind(fake, ClaudeListener.NONE, decoder, new Lookup()).call(ASK);

    assertEquals("A1 shipped", ticket.summary());
    assertEquals(Tickets.Priority.LOW, ticket.priority());
  }

  @Test
  void aReplyStoppingForToolsWithoutAToolCallIsTheFinalReply(FakeClaude fake) {
    fake.enqueue(FakeResponse.text("No tool after all.").withStopReason("tool_use"));

    assertEquals("No tool after all.", bind(fake, new Lookup()).call(ASK));
    assertEquals(1, fake.requestCount());
  }

  @Test
  void aConversationEndingWithToolResultsIsSent(FakeClaude fake) throws Exception {
    List<Message> history =
        List.of(
            Message.user("Where is A1?"),
            new Message(
                Message.Role.ASSISTANT,
                List.of(new ContentBlock.ToolUse("toolu_0", "lookup", "{\"id\":\"A1\"}"))),
            new Message(
                Message.Role.USER,
                List.of(new ContentBlock.ToolResult("toolu_0", "shipped", false))));
    ClaudeCall<String> call =
        TestBuilder.against(fake)
            .client()
            .bind(
                spec(8).conversationParameter("history").build(),
                ReplyDecoder.TEXT,
                box(new Lookup()));

    assertEquals(
        FakeClaude.DEFAULT_TEXT, call.call(Prompt.builder().conversation(history).build()));

    assertEquals(
        json(
            "{\"role\":\"user\",\"content\":[{\"type\":\"tool_result\",\"tool_use_id\":\"toolu_0\","
                + "\"content\":\"shipped\"}]}"),
        turn(fake.takeRequest(), 2));
  }

  @Test
  void streamingACallWithToolsIsRefusedAtOnce(FakeClaude fake) {
    ClaudeCall<String> call = bind(fake, new Lookup());

    IllegalStateException e = assertThrows(IllegalStateException.class, () -> call.stream(ASK));
    assertTrue(e.getMessage().contains(TestBuilder.METHOD), e.getMessage());
    assertTrue(e.getMessage().contains("never generates"), e.getMessage());
    assertThrows(IllegalStateException.class, () -> call.streamText(ASK));
    assertThrows(
        IllegalStateException.class,
        () -> call.streamItems(ASK, "tickets", Tickets::readTicket));
    assertEquals(0, fake.requestCount());
  }

  // ---- async ----

  @Test
  void theAsyncLoopRunsToolsOnTheExecutor(FakeClaude fake) throws Exception {
    fake.enqueue(
        asks(use("toolu_1", "lookup", "{\"id\":\"A1\"}")),
        asks(use("toolu_2", "lookup", "{\"id\":\"B2\"}")),
        FakeResponse.text("Both shipped."));
    Lookup lookup = new Lookup();
    EventRecorder events = new EventRecorder();
    try (CountingExecutor executor = new CountingExecutor()) {
      ClaudeCall<String> call =
          TestBuilder.against(fake)
              .executor(executor)
              .listener(events)
              .client()
              .bind(spec(8).build(), ReplyDecoder.TEXT, box(lookup));

      assertEquals("Both shipped.", call.callAsync(ASK).get(10, TimeUnit.SECONDS));

      assertEquals(List.of("A1", "B2"), lookup.ids);
      for (Thread thread : lookup.threads) {
        assertNotSame(Thread.currentThread(), thread);
      }
      assertEquals(3, fake.requestCount());
      assertEquals(
          json(
              "{\"role\":\"user\",\"content\":[{\"type\":\"tool_result\","
                  + "\"tool_use_id\":\"toolu_2\",\"content\":\"order B2: shipped\"}]}"),
          turn(fake.requests().get(2), 4));
      assertEquals(2, events.of(ClaudeListener.ToolCalled.class).size());
      assertTrue(executor.tasksRun() > 0);
    }
  }

  @Test
  void theAsyncLoopFailsTheFutureAtMaxRounds(FakeClaude fake) {
    fake.enqueue(
        asks(use("toolu_1", "lookup", "{\"id\":\"A1\"}")),
        asks(use("toolu_2", "lookup", "{\"id\":\"A1\"}")));
    ClaudeCall<String> call =
        TestBuilder.against(fake)
            .client()
            .bind(spec(1).build(), ReplyDecoder.TEXT, box(new Lookup()));

    CompletionException thrown =
        assertThrows(CompletionException.class, () -> call.callAsync(ASK).join());

    ClaudeOutputException e = assertInstanceOf(ClaudeOutputException.class, thrown.getCause());
    assertEquals("tool_use", e.stopReason());
    assertTrue(e.getMessage().contains("@Tools(maxRounds = 1)"), e.getMessage());
    assertEquals(2, fake.requestCount());
  }

  @Test
  void cancelDuringARoundStopsItAndNoLaterRoundStarts(FakeClaude fake) throws Exception {
    CountDownLatch secondArrived = new CountDownLatch(1);
    CountDownLatch release = new CountDownLatch(1);
    AtomicInteger served = new AtomicInteger();
    fake.when(Match.any())
        .answer(
            request -> {
              int number = served.incrementAndGet();
              if (number == 1) {
                return asks(use("toolu_1", "lookup", "{\"id\":\"A1\"}"));
              }
              secondArrived.countDown();
              awaitQuietly(release);
              return asks(use("toolu_2", "lookup", "{\"id\":\"B2\"}"));
            });
    Lookup lookup = new Lookup();
    EventRecorder events = new EventRecorder();
    try (CountingExecutor executor = new CountingExecutor()) {
      ClaudeCall<String> call =
          TestBuilder.against(fake)
              .executor(executor)
              .listener(events)
              .client()
              .bind(spec(8).build(), ReplyDecoder.TEXT, box(lookup));
      CompletableFuture<String> future = call.callAsync(ASK);
      assertTrue(secondArrived.await(10, TimeUnit.SECONDS), "the second round was sent");

      assertTrue(future.cancel(true));

      release.countDown();
      executor.awaitIdle();
      assertTrue(future.isCancelled());
      assertThrows(CancellationException.class, future::join);
      assertEquals(List.of("A1"), lookup.ids, "the second round's reply never ran a tool");
      AsyncCallTest.assertCancelledAfter(2, events);
      assertEquals(0, events.of(ClaudeListener.CallFailed.class).size());
      assertEquals(2, events.of(ClaudeListener.RequestSent.class).size());
    }
    assertEquals(2, fake.requestCount(), "no third request");
  }

  @Test
  void cancelWhileAToolRunsStartsNoLaterRound(FakeClaude fake) throws Exception {
    fake.enqueue(asks(use("toolu_1", "lookup", "{\"id\":\"A1\"}")));
    CountDownLatch toolStarted = new CountDownLatch(1);
    CountDownLatch toolRelease = new CountDownLatch(1);
    CountDownLatch toolFinished = new CountDownLatch(1);
    ToolHandler slow =
        input -> {
          toolStarted.countDown();
          awaitQuietly(toolRelease);
          toolFinished.countDown();
          return "done";
        };
    EventRecorder events = new EventRecorder();
    try (CountingExecutor executor = new CountingExecutor()) {
      ClaudeCall<String> call =
          TestBuilder.against(fake)
              .executor(executor)
              .listener(events)
              .client()
              .bind(spec(8).build(), ReplyDecoder.TEXT, box(slow));
      CompletableFuture<String> future = call.callAsync(ASK);
      assertTrue(toolStarted.await(10, TimeUnit.SECONDS));

      assertTrue(future.cancel(true));
      toolRelease.countDown();

      executor.awaitIdle();
      assertTrue(future.isCancelled());
      assertEquals(0, toolFinished.getCount(), "the tool finished");
      // The cancel ended the call: the tool's end is told no more, the cancel stays the last event.
      AsyncCallTest.assertCancelledAfter(1, events);
      assertEquals(0, events.of(ClaudeListener.ToolCalled.class).size());
      assertInstanceOf(
          ClaudeListener.CallCancelled.class, events.events.get(events.events.size() - 1));
    }
    assertEquals(1, fake.requestCount(), "no round after the cancel");
  }

  @Test
  void cancelDuringARoundInterruptsItsBlockingSend() throws Exception {
    AtomicInteger sends = new AtomicInteger();
    CountDownLatch secondSending = new CountDownLatch(1);
    CountDownLatch secondReturned = new CountDownLatch(1);
    AtomicReference<Boolean> interrupted = new AtomicReference<>();
    Transport transport =
        request -> {
          if (sends.incrementAndGet() == 1) {
            return new Transport.Response(
                200,
                HttpHeaders.of(Map.of("request-id", List.of("req_1")), (a, b) -> true),
                ("{\"id\":\"msg_1\",\"type\":\"message\",\"role\":\"assistant\","
                        + "\"model\":\"m\",\"content\":["
                        + use("toolu_1", "lookup", "{\"id\":\"A1\"}")
                        + "],\"stop_reason\":\"tool_use\","
                        + "\"usage\":{\"input_tokens\":1,\"output_tokens\":1}}")
                    .getBytes(StandardCharsets.UTF_8));
          }
          secondSending.countDown();
          try {
            new CountDownLatch(1).await(10, TimeUnit.SECONDS);
            interrupted.set(false);
            throw new IOException("not interrupted");
          } catch (InterruptedException e) {
            interrupted.set(true);
            throw e;
          } finally {
            secondReturned.countDown();
          }
        };
    Lookup lookup = new Lookup();
    try (CountingExecutor executor = new CountingExecutor()) {
      ClaudeCall<String> call =
          new TestBuilder()
              .apiKey(TestBuilder.KEY)
              .transport(transport)
              .executor(executor)
              .client()
              .bind(spec(8).build(), ReplyDecoder.TEXT, box(lookup));
      CompletableFuture<String> future = call.callAsync(ASK);
      assertTrue(secondSending.await(10, TimeUnit.SECONDS));

      future.cancel(true);

      assertTrue(secondReturned.await(10, TimeUnit.SECONDS));
      executor.awaitIdle();
      assertEquals(Boolean.TRUE, interrupted.get(), "the round in flight was aborted");
      assertTrue(future.isCancelled());
      assertEquals(2, sends.get(), "no round after the cancel");
      assertEquals(List.of("A1"), lookup.ids);
    }
  }

  private static void awaitQuietly(CountDownLatch latch) {
    try {
      latch.await(10, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
