package dev.claudegen.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.claudegen.annotations.ErrorKind;
import dev.claudegen.runtime.Tickets.Ticket;
import dev.claudegen.testing.AllowUnusedResponses;
import dev.claudegen.testing.FakeClaude;
import dev.claudegen.testing.FakeClaudeExtension;
import dev.claudegen.testing.FakeResponse;
import dev.claudegen.testing.FakeScenarios;
import dev.claudegen.testing.Match;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The listener contract over loopback: {@link ClaudeListener#onStart} first, its per-call listener
 * hearing the rest, and exactly one terminal event, last, in every call mode; listeners that throw
 * never break a call; {@link ClaudeListener#of} tells each listener everything.
 */
@ExtendWith(FakeClaudeExtension.class)
class ListenerContractTest {

  private static final Prompt HI = Prompt.of(null, "hi");
  private static final RetrySchedule THREE_ON_OVERLOAD =
      RetrySchedule.on(ErrorKind.OVERLOADED).maxAttempts(3).build();

  /**
   * Asserts the call's events open with its start and end with its one terminal event, of {@code
   * type}, which is returned.
   */
  private static <T> T assertOneTerminalLast(EventRecorder events, Class<T> type) {
    List<Object> all = events.events;
    assertFalse(all.isEmpty(), "no events");
    assertInstanceOf(ClaudeListener.CallStarted.class, all.get(0), all.toString());
    assertEquals(1, events.of(ClaudeListener.CallStarted.class).size(), all.toString());
    assertEquals(1, events.terminals().size(), all.toString());
    return assertInstanceOf(type, all.get(all.size() - 1), all.toString());
  }

  private static TestBuilder builder(FakeClaude fake, ClaudeListener listener) {
    return TestBuilder.against(fake).listener(listener);
  }

  private static ClaudeCall<String> bind(FakeClaude fake, ClaudeListener listener, CallSpec spec) {
    return builder(fake, listener).client().bind(spec);
  }

  // ---- 1. one terminal event, last, in every mode ----

  @Test
  void plainSuccess(FakeClaude fake) {
    EventRecorder events = new EventRecorder();
    fake.enqueue(FakeResponse.text("answer").withUsage(5, 7));

    Reply reply = bind(fake, events, TestBuilder.once().build()).reply(null, "hi");

    assertEquals(
        List.of(
            ClaudeListener.CallStarted.class,
            ClaudeListener.RequestSent.class,
            ClaudeListener.ResponseReceived.class,
            ClaudeListener.CallSucceeded.class),
        events.types());
    ClaudeListener.CallStarted started = events.of(ClaudeListener.CallStarted.class).get(0);
    assertEquals(TestBuilder.METHOD, started.method());
    assertEquals(TestBuilder.MODEL, started.model());
    assertEquals(1024, started.maxTokens());
    assertEquals(ClaudeListener.Mode.PLAIN, started.mode());
    assertFalse(started.tools());
    assertFalse(started.structured());
    assertEquals(fake.port(), started.endpoint().getPort());
    assertEquals("/v1/messages", started.endpoint().getPath());
    assertEquals(HI.messages(), started.prompt().messages());
    ClaudeListener.CallSucceeded succeeded =
        assertOneTerminalLast(events, ClaudeListener.CallSucceeded.class);
    assertEquals(TestBuilder.METHOD, succeeded.method());
    assertSame(reply, succeeded.reply());
    assertEquals(new Usage(5, 7, 0, 0), succeeded.usage());
    assertEquals(1, succeeded.attempts());
    assertEquals(0, succeeded.toolRounds());
    assertFalse(succeeded.duration().isNegative());
  }

  @Test
  void plainFailureAfterRetries(FakeClaude fake) {
    EventRecorder events = new EventRecorder();
    fake.enqueue(FakeScenarios.repeated(FakeScenarios.overloadedError(), 3));

    OverloadedException e =
        assertThrows(
            OverloadedException.class,
            () ->
                bind(fake, events, TestBuilder.spec().retry(THREE_ON_OVERLOAD).build())
                    .text(null, "hi"));

    ClaudeListener.CallFailed failed =
        assertOneTerminalLast(events, ClaudeListener.CallFailed.class);
    assertSame(e, failed.error());
    assertEquals(3, failed.attempts());
    assertEquals("overloaded_error", failed.errorType());
    assertEquals(ErrorKind.OVERLOADED, failed.kind());
    assertFalse(failed.duration().isNegative());
    assertEquals(2, events.of(ClaudeListener.RetryScheduled.class).size());
    assertEquals(3, events.of(ClaudeListener.RequestSent.class).size());
  }

  @Test
  void decodeFailureComesAfterTheResponse(FakeClaude fake) {
    EventRecorder events = new EventRecorder();
    fake.enqueue(FakeResponse.text("I can't help with that.").withStopReason("refusal"));

    ClaudeOutputException e =
        assertThrows(
            ClaudeOutputException.class,
            () -> bind(fake, events, TestBuilder.once().build()).text(null, "hi"));

    assertEquals(
        List.of(
            ClaudeListener.CallStarted.class,
            ClaudeListener.RequestSent.class,
            ClaudeListener.ResponseReceived.class,
            ClaudeListener.CallFailed.class),
        events.types());
    ClaudeListener.CallFailed failed =
        assertOneTerminalLast(events, ClaudeListener.CallFailed.class);
    assertSame(e, failed.error());
    assertEquals(1, failed.attempts());
  }

  @Test
  void asyncSuccess(FakeClaude fake) throws Exception {
    EventRecorder events = new EventRecorder();
    fake.enqueue(FakeScenarios.overloaded(2));

    String text =
        bind(fake, events, TestBuilder.spec().retry(THREE_ON_OVERLOAD).build())
            .callAsync(HI)
            .get(10, TimeUnit.SECONDS);

    assertEquals(FakeClaude.DEFAULT_TEXT, text);
    assertEquals(
        ClaudeListener.Mode.ASYNC, events.of(ClaudeListener.CallStarted.class).get(0).mode());
    ClaudeListener.CallSucceeded succeeded =
        assertOneTerminalLast(events, ClaudeListener.CallSucceeded.class);
    assertEquals(3, succeeded.attempts());
    assertEquals(text, succeeded.reply().text());
    assertFalse(succeeded.duration().isNegative());
  }

  @Test
  void asyncFailure(FakeClaude fake) {
    EventRecorder events = new EventRecorder();
    fake.enqueue(FakeResponse.error(400, "invalid_request_error", "bad"));

    CompletableFuture<String> future = bind(fake, events, TestBuilder.spec().build()).callAsync(HI);

    ExecutionException e =
        assertThrows(ExecutionException.class, () -> future.get(10, TimeUnit.SECONDS));
    ClaudeListener.CallFailed failed =
        assertOneTerminalLast(events, ClaudeListener.CallFailed.class);
    assertSame(e.getCause(), failed.error());
    assertEquals("invalid_request_error", failed.errorType());
    assertEquals(ErrorKind.BAD_REQUEST, failed.kind());
    assertEquals(1, failed.attempts());
  }

  @Test
  @AllowUnusedResponses // the reply after the 529 is for an attempt the cancel prevents
  void asyncCancelDuringARetryWait(FakeClaude fake) throws Exception {
    fake.enqueue(FakeScenarios.overloadedError(), FakeResponse.text("never sent for"));
    ManualScheduler scheduler = ManualScheduler.held();
    EventRecorder events = new EventRecorder();
    try (CountingExecutor executor = new CountingExecutor()) {
      ClaudeCall<String> call =
          builder(fake, events)
              .sleeper(Sleeper.SYSTEM)
              .executor(executor)
              .scheduler(scheduler)
              .client()
              .bind(TestBuilder.spec().build());
      CompletableFuture<String> future = call.callAsync(HI);
      scheduler.awaitScheduled(1);

      assertTrue(future.cancel(true));
      executor.awaitIdle();
      scheduler.fire(0); // a timer that fired anyway sends nothing and tells nothing
      executor.awaitIdle();

      ClaudeListener.CallCancelled cancelled =
          assertOneTerminalLast(events, ClaudeListener.CallCancelled.class);
      assertEquals(1, cancelled.attempts());
      assertFalse(cancelled.duration().isNegative());
      assertEquals(1, fake.requestCount());
    } finally {
      scheduler.shutdownNow();
    }
  }

  @Test
  void asyncCancelWhileARequestIsInFlight(FakeClaude fake) throws Exception {
    CountDownLatch arrived = new CountDownLatch(1);
    CountDownLatch release = new CountDownLatch(1);
    fake.when(Match.any())
        .answer(
            request -> {
              arrived.countDown();
              awaitQuietly(release);
              return FakeResponse.text("too late");
            });
    EventRecorder events = new EventRecorder();
    try (CountingExecutor executor = new CountingExecutor()) {
      CompletableFuture<String> future =
          builder(fake, events)
              .executor(executor)
              .client()
              .bind(TestBuilder.spec().build())
              .callAsync(HI);
      assertTrue(arrived.await(10, TimeUnit.SECONDS));

      assertTrue(future.cancel(true));
      release.countDown();
      executor.awaitIdle();

      assertThrows(CancellationException.class, future::join);
      ClaudeListener.CallCancelled cancelled =
          assertOneTerminalLast(events, ClaudeListener.CallCancelled.class);
      assertEquals(1, cancelled.attempts());
      assertEquals(0, events.of(ClaudeListener.ResponseReceived.class).size());
    } finally {
      release.countDown();
    }
  }

  /** Hands each call its own recorder, so that many calls on one client are told apart. */
  private static final class PerCallRecorders implements ClaudeListener {
    final List<EventRecorder> calls = new CopyOnWriteArrayList<>();
    final List<Object> heardByRoot = new CopyOnWriteArrayList<>();

    @Override
    public ClaudeListener onStart(CallStarted event) {
      EventRecorder perCall = new EventRecorder();
      perCall.events.add(event);
      calls.add(perCall);
      return perCall;
    }

    @Override
    public void onRequest(RequestSent event) {
      heardByRoot.add(event);
    }

    @Override
    public void onResponse(ResponseReceived event) {
      heardByRoot.add(event);
    }

    @Override
    public void onSuccess(CallSucceeded event) {
      heardByRoot.add(event);
    }

    @Override
    public void onFailure(CallFailed event) {
      heardByRoot.add(event);
    }

    @Override
    public void onCancel(CallCancelled event) {
      heardByRoot.add(event);
    }
  }

  @Test
  void aCancelRacingTheEndOfTheCallNeverGivesTwoTerminalEvents(FakeClaude fake) throws Exception {
    PerCallRecorders listener = new PerCallRecorders();
    int runs = 300;
    List<CompletableFuture<String>> futures = new ArrayList<>();
    List<List<Object>> eventsAfterTheEnd = new ArrayList<>();
    try (CountingExecutor executor = new CountingExecutor()) {
      ClaudeCall<String> call =
          builder(fake, listener).executor(executor).client().bind(TestBuilder.spec().build());
      for (int i = 0; i < runs; i++) {
        CompletableFuture<String> future = call.callAsync(HI);
        // Cancels from just after the send to well after the reply, to hit every moment between.
        long until = System.nanoTime() + TimeUnit.MICROSECONDS.toNanos((i % 30) * 50L);
        while (System.nanoTime() < until) {
          Thread.onSpinWait();
        }
        future.cancel(true);
        futures.add(future);
      }
      executor.awaitIdle();
    }

    assertEquals(runs, listener.calls.size());
    assertEquals(List.of(), listener.heardByRoot);
    int cancelled = 0;
    for (int i = 0; i < runs; i++) {
      EventRecorder events = listener.calls.get(i);
      List<Object> terminals = events.terminals();
      assertEquals(1, terminals.size(), "call " + i + ": " + events.events);
      Object terminal = terminals.get(0);
      CompletableFuture<String> future = futures.get(i);
      if (!future.isCancelled()) {
        // The call won: the cancel came after the future completed, so it was no cancel.
        assertInstanceOf(ClaudeListener.CallSucceeded.class, terminal, events.events.toString());
      } else if (terminal instanceof ClaudeListener.CallCancelled) {
        cancelled++;
      }
      if (events.events.get(events.events.size() - 1) != terminal) {
        eventsAfterTheEnd.add(events.events);
      }
    }
    assertTrue(cancelled > 0, "no run was cancelled in time: the test raced nothing");
    assertEquals(List.of(), eventsAfterTheEnd, "calls with an event after their terminal one");
  }

  @Test
  void replyStreamReadToItsEndSucceedsWithTheWholeReply(FakeClaude fake) {
    EventRecorder events = new EventRecorder();
    fake.enqueue(FakeResponse.textDeltas("one ", "two ", "three").withUsage(4, 3));

    Reply reply;
    try (ReplyStream stream = bind(fake, events, TestBuilder.once().build()).stream(HI)) {
      assertEquals(List.of(), events.terminals(), "no end before the stream's end");
      reply = stream.reply();
    }

    assertEquals(
        ClaudeListener.Mode.STREAM, events.of(ClaudeListener.CallStarted.class).get(0).mode());
    ClaudeListener.CallSucceeded succeeded =
        assertOneTerminalLast(events, ClaudeListener.CallSucceeded.class);
    assertEquals("one two three", succeeded.reply().text());
    assertSame(reply, succeeded.reply());
    assertEquals(new Usage(4, 3, 0, 0), succeeded.usage());
    assertEquals(1, succeeded.attempts());
  }

  @Test
  void streamOfTextReadToItsEndSucceeds(FakeClaude fake) {
    EventRecorder events = new EventRecorder();
    fake.enqueue(FakeResponse.textDeltas("one ", "two"));

    try (Stream<String> text = bind(fake, events, TestBuilder.once().build()).streamText(HI)) {
      assertEquals("one two", text.collect(Collectors.joining()));
    }

    ClaudeListener.CallSucceeded succeeded =
        assertOneTerminalLast(events, ClaudeListener.CallSucceeded.class);
    assertEquals("one two", succeeded.reply().text());
  }

  @Test
  void streamClosedEarlyIsCancelled(FakeClaude fake) {
    EventRecorder events = new EventRecorder();
    fake.enqueue(FakeResponse.textDeltas("one ", "two ", "three").withStreamStall(1));

    try (ReplyStream stream = bind(fake, events, TestBuilder.once().build()).stream(HI)) {
      assertEquals("one ", stream.nextText());
    }

    ClaudeListener.CallCancelled cancelled =
        assertOneTerminalLast(events, ClaudeListener.CallCancelled.class);
    assertEquals(1, cancelled.attempts());
    assertFalse(cancelled.duration().isNegative());
  }

  @Test
  void streamFailingMidwayFails(FakeClaude fake) {
    EventRecorder events = new EventRecorder();
    fake.enqueue(
        FakeResponse.textDeltas("one ", "two ", "three")
            .withStreamError(1, "overloaded_error", "Overloaded"));

    try (ReplyStream stream = bind(fake, events, TestBuilder.once().build()).stream(HI)) {
      OverloadedException e = assertThrows(OverloadedException.class, stream::reply);

      ClaudeListener.CallFailed failed =
          assertOneTerminalLast(events, ClaudeListener.CallFailed.class);
      assertSame(e, failed.error());
      assertEquals("overloaded_error", failed.errorType());
    }
    assertEquals(1, events.terminals().size(), "closing a failed stream is no cancel");
  }

  private static Stream<Ticket> items(FakeClaude fake, ClaudeListener listener) {
    return bind(
            fake, listener, TestBuilder.once().outputSchema(StructuredOutputTest.SCHEMA).build())
        .streamItems(HI, "items", Tickets::readTicket);
  }

  @Test
  void streamOfItemsSucceedsOnlyOnceTheItemsAreDecoded(FakeClaude fake) {
    EventRecorder events = new EventRecorder();
    String t0 = Tickets.ticket("Login fails", "HIGH", 1);
    String t1 = Tickets.ticket("Slow page", "Medium", 3);
    fake.enqueue(FakeResponse.text("{\"items\":[" + t0 + "," + t1 + "]}").withDeltaChars(5));

    try (Stream<Ticket> items = items(fake, events)) {
      Iterator<Ticket> iterator = items.iterator();
      assertTrue(iterator.hasNext());
      assertEquals("Login fails", iterator.next().summary());
      assertTrue(iterator.hasNext());
      assertEquals("Slow page", iterator.next().summary());
      assertEquals(List.of(), events.terminals(), "no success before the end was checked");
      assertFalse(iterator.hasNext());
    }

    ClaudeListener.CallSucceeded succeeded =
        assertOneTerminalLast(events, ClaudeListener.CallSucceeded.class);
    assertTrue(succeeded.reply().text().startsWith("{\"items\":["), succeeded.reply().text());
    assertTrue(events.of(ClaudeListener.CallStarted.class).get(0).structured());
  }

  @Test
  void streamOfItemsWhoseJsonEndsEarlyFailsAndNeverSucceeds(FakeClaude fake) {
    EventRecorder events = new EventRecorder();
    String t0 = Tickets.ticket("Login fails", "HIGH", 1);
    fake.enqueue(FakeResponse.text("{\"items\":[" + t0).withDeltaChars(5));

    List<Ticket> received = new ArrayList<>();
    ClaudeOutputException e;
    try (Stream<Ticket> items = items(fake, events)) {
      Iterator<Ticket> iterator = items.iterator();
      e =
          assertThrows(
              ClaudeOutputException.class,
              () -> {
                while (iterator.hasNext()) {
                  received.add(iterator.next());
                }
              });
    }

    assertEquals(1, received.size());
    ClaudeListener.CallFailed failed =
        assertOneTerminalLast(events, ClaudeListener.CallFailed.class);
    assertSame(e, failed.error());
    assertEquals(0, events.of(ClaudeListener.CallSucceeded.class).size());
  }

  @Test
  void toolLoopOfTwoRoundsIsOneCall(FakeClaude fake) {
    EventRecorder events = new EventRecorder();
    fake.enqueue(
        ToolLoopTest.asks(ToolLoopTest.use("toolu_1", "lookup", "{\"id\":\"A1\"}"))
            .withUsage(10, 1),
        FakeScenarios.overloadedError(),
        ToolLoopTest.asks(ToolLoopTest.use("toolu_2", "lookup", "{\"id\":\"B2\"}"))
            .withUsage(20, 2),
        FakeResponse.text("Both shipped.").withUsage(30, 3));
    ClaudeCall<String> call =
        builder(fake, events)
            .client()
            .bind(
                TestBuilder.spec().retry(THREE_ON_OVERLOAD).tools(ToolLoopTest.TOOLS, 8).build(),
                ReplyDecoder.TEXT,
                ToolBox.builder().add("lookup", new ToolLoopTest.Lookup()).build());

    assertEquals("Both shipped.", call.call(HI));

    assertEquals(1, events.of(ClaudeListener.CallStarted.class).size());
    assertTrue(events.of(ClaudeListener.CallStarted.class).get(0).tools());
    assertEquals(2, events.of(ClaudeListener.ToolCalled.class).size());
    ClaudeListener.CallSucceeded succeeded =
        assertOneTerminalLast(events, ClaudeListener.CallSucceeded.class);
    assertEquals(2, succeeded.toolRounds());
    assertEquals(4, succeeded.attempts(), "the retried attempt of round 2 counts");
    assertEquals(new Usage(60, 6, 0, 0), succeeded.usage());
    assertEquals("Both shipped.", succeeded.reply().text());
    assertEquals(new Usage(30, 3, 0, 0), succeeded.reply().usage());
  }

  @Test
  void aBodyTooLargeStartsTheCallThenFailsIt(FakeClaude fake) {
    EventRecorder events = new EventRecorder();
    Prompt huge = Prompt.of(null, "x".repeat(ClaudeCall.MAX_REQUEST_BYTES + 1));

    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () -> bind(fake, events, TestBuilder.once().build()).callAsync(huge));

    assertEquals(
        List.of(ClaudeListener.CallStarted.class, ClaudeListener.CallFailed.class), events.types());
    ClaudeListener.CallFailed failed = events.of(ClaudeListener.CallFailed.class).get(0);
    assertSame(e, failed.error());
    assertEquals(0, failed.attempts());
    assertEquals(IllegalArgumentException.class.getName(), failed.errorType());
    assertEquals(null, failed.kind());
    assertEquals(0, fake.requestCount());
  }

  // ---- 2. the per-call listener ----

  @Test
  void perCallListenersOfConcurrentCallsHearOnlyTheirOwnCall(FakeClaude fake) throws Exception {
    CountDownLatch bothArrived = new CountDownLatch(2);
    fake.when(Match.any())
        .answer(
            request -> {
              bothArrived.countDown();
              awaitQuietly(bothArrived);
              return FakeResponse.text(
                  request.body().contains("first") ? "to the first" : "to the second");
            });
    PerCallRecorders listener = new PerCallRecorders();
    ClaudeCall<String> call = bind(fake, listener, TestBuilder.once().build());

    CompletableFuture<String> first = call.callAsync(Prompt.of(null, "first"));
    CompletableFuture<String> second = call.callAsync(Prompt.of(null, "second"));

    assertEquals("to the first", first.get(10, TimeUnit.SECONDS));
    assertEquals("to the second", second.get(10, TimeUnit.SECONDS));
    assertEquals(List.of(), listener.heardByRoot);
    assertEquals(2, listener.calls.size());
    for (EventRecorder events : listener.calls) {
      ClaudeListener.CallStarted started = events.of(ClaudeListener.CallStarted.class).get(0);
      ContentBlock.Text asked =
          (ContentBlock.Text) started.prompt().messages().get(0).content().get(0);
      ClaudeListener.CallSucceeded succeeded =
          assertOneTerminalLast(events, ClaudeListener.CallSucceeded.class);
      assertEquals("to the " + asked.text(), succeeded.reply().text());
      assertEquals(1, events.of(ClaudeListener.RequestSent.class).size());
      assertEquals(
          succeeded.reply(), events.of(ClaudeListener.ResponseReceived.class).get(0).reply());
    }
    assertNotSame(listener.calls.get(0), listener.calls.get(1));
  }

  @Test
  void onStartReturningNullLeavesTheRootListening(FakeClaude fake) {
    EventRecorder root =
        new EventRecorder() {
          @Override
          public ClaudeListener onStart(CallStarted event) {
            super.onStart(event);
            return null;
          }
        };

    bind(fake, root, TestBuilder.once().build()).text(null, "hi");

    assertOneTerminalLast(root, ClaudeListener.CallSucceeded.class);
  }

  // ---- 3. listeners that throw ----

  /** Throws from every method, counting the calls. */
  private static final class Thrower implements ClaudeListener {
    final List<String> heard = new CopyOnWriteArrayList<>();

    private void fail(String event) {
      heard.add(event);
      throw new IllegalStateException("listener broke in " + event);
    }

    @Override
    public ClaudeListener onStart(CallStarted event) {
      fail("onStart");
      return this;
    }

    @Override
    public void onSuccess(CallSucceeded event) {
      fail("onSuccess");
    }

    @Override
    public void onRequest(RequestSent event) {
      fail("onRequest");
    }

    @Override
    public void onResponse(ResponseReceived event) {
      fail("onResponse");
    }

    @Override
    public void onRetry(RetryScheduled event) {
      fail("onRetry");
    }

    @Override
    public void onFallback(FallbackStarted event) {
      fail("onFallback");
    }

    @Override
    public void onFailure(CallFailed event) {
      fail("onFailure");
    }

    @Override
    public void onCancel(CallCancelled event) {
      fail("onCancel");
    }

    @Override
    public void onFirstToken(FirstToken event) {
      fail("onFirstToken");
    }

    @Override
    public void onToolCall(ToolCalled event) {
      fail("onToolCall");
    }
  }

  private static List<LogRecord> listenerRecords(LogCapture logs, Level level) {
    return logs.records.stream()
        .filter(r -> r.getLevel().equals(level))
        .filter(r -> r.getMessage() != null && r.getMessage().startsWith("ClaudeListener "))
        .collect(Collectors.toList());
  }

  /** Exactly one WARNING with the stack trace, the rest of {@code thrown} at DEBUG (FINE). */
  private static void assertWarnedOnce(LogCapture logs, int thrown) {
    List<LogRecord> warnings = listenerRecords(logs, Level.WARNING);
    assertEquals(1, warnings.size(), logs.all().toString());
    LogRecord warning = warnings.get(0);
    assertInstanceOf(IllegalStateException.class, warning.getThrown());
    assertTrue(warning.getThrown().getStackTrace().length > 0);
    assertTrue(warning.getMessage().contains(" threw in "), warning.getMessage());
    assertEquals(thrown - 1, listenerRecords(logs, Level.FINE).size(), logs.all().toString());
  }

  @Test
  void aListenerThrowingEverywhereBreaksNoCallAndWarnsOnce(FakeClaude fake) throws Exception {
    Thrower thrower = new Thrower();
    fake.enqueue(
        FakeScenarios.overloadedError(),
        FakeResponse.text("plain"),
        FakeResponse.text("async"),
        FakeResponse.textDeltas("str", "eam"));
    try (LogCapture logs = new LogCapture()) {
      ClaudeCall<String> call = bind(fake, thrower, TestBuilder.spec().build());

      assertEquals("plain", call.text(null, "hi"));
      assertEquals("async", call.callAsync(HI).get(10, TimeUnit.SECONDS));
      try (ReplyStream stream = call.stream(HI)) {
        assertEquals("stream", stream.reply().text());
      }

      assertEquals(
          List.of(
              "onStart",
              "onRequest",
              "onRetry",
              "onRequest",
              "onResponse",
              "onSuccess",
              "onStart",
              "onRequest",
              "onResponse",
              "onSuccess",
              "onStart",
              "onRequest",
              "onFirstToken",
              "onResponse",
              "onSuccess"),
          thrower.heard);
      assertWarnedOnce(logs, thrower.heard.size());
    }
  }

  @Test
  void aListenerThrowingEverywhereDoesNotReplaceAFailure(FakeClaude fake) {
    Thrower thrower = new Thrower();
    fake.enqueue(FakeResponse.error(400, "invalid_request_error", "bad"));

    try (LogCapture logs = new LogCapture()) {
      BadRequestException e =
          assertThrows(
              BadRequestException.class,
              () -> bind(fake, thrower, TestBuilder.spec().build()).text(null, "hi"));

      assertEquals(0, e.getSuppressed().length);
      assertEquals(List.of("onStart", "onRequest", "onFailure"), thrower.heard);
      assertWarnedOnce(logs, 3);
    }
  }

  @Test
  void onStartThrowingLetsTheCallGoOnWithTheRootListening(FakeClaude fake) throws Exception {
    EventRecorder root =
        new EventRecorder() {
          @Override
          public ClaudeListener onStart(CallStarted event) {
            super.onStart(event);
            throw new IllegalStateException("listener broke in onStart");
          }
        };
    fake.enqueue(FakeResponse.text("one"), FakeResponse.text("two"));

    try (LogCapture logs = new LogCapture()) {
      ClaudeCall<String> call = bind(fake, root, TestBuilder.once().build());
      assertEquals("one", call.text(null, "hi"));
      assertOneTerminalLast(root, ClaudeListener.CallSucceeded.class);
      root.events.clear();
      assertEquals("two", call.callAsync(HI).get(10, TimeUnit.SECONDS));
      assertOneTerminalLast(root, ClaudeListener.CallSucceeded.class);

      List<LogRecord> warnings = listenerRecords(logs, Level.WARNING);
      assertEquals(1, warnings.size(), logs.all().toString());
      assertTrue(warnings.get(0).getMessage().contains("threw in onStart"));
      assertNotNull(warnings.get(0).getThrown());
      assertEquals(1, listenerRecords(logs, Level.FINE).size(), logs.all().toString());
    }
  }

  // ---- 4. ClaudeListener.of ----

  @Test
  void ofTellsEachListenerEveryEventInOrder(FakeClaude fake) {
    EventRecorder a = new EventRecorder();
    EventRecorder b = new EventRecorder();
    fake.enqueue(FakeScenarios.overloadedError(), FakeResponse.text("ok"));

    bind(fake, ClaudeListener.of(a, b), TestBuilder.spec().build()).text(null, "hi");

    assertEquals(
        List.of(
            ClaudeListener.CallStarted.class,
            ClaudeListener.RequestSent.class,
            ClaudeListener.RetryScheduled.class,
            ClaudeListener.RequestSent.class,
            ClaudeListener.ResponseReceived.class,
            ClaudeListener.CallSucceeded.class),
        a.types());
    assertEquals(a.events, b.events);
  }

  @Test
  void aThrowingListenerInOfDoesNotKeepTheNextFromHearing(FakeClaude fake) throws Exception {
    Thrower a = new Thrower();
    EventRecorder b = new EventRecorder();
    fake.enqueue(FakeResponse.error(400, "invalid_request_error", "bad"));

    try (LogCapture logs = new LogCapture()) {
      ClaudeCall<String> call = bind(fake, ClaudeListener.of(a, b), TestBuilder.spec().build());
      assertThrows(BadRequestException.class, () -> call.text(null, "hi"));
      assertOneTerminalLast(b, ClaudeListener.CallFailed.class);
      b.events.clear();
      assertEquals(FakeClaude.DEFAULT_TEXT, call.callAsync(HI).get(10, TimeUnit.SECONDS));
      assertOneTerminalLast(b, ClaudeListener.CallSucceeded.class);

      assertEquals(
          List.of(
              "onStart",
              "onRequest",
              "onFailure",
              "onStart",
              "onRequest",
              "onResponse",
              "onSuccess"),
          a.heard);
      assertWarnedOnce(logs, a.heard.size());
    }
  }

  @Test
  void aThrowingPerCallListenerInOfWarnsOncePerClient(FakeClaude fake) throws Exception {
    // A throws from the per-call listener it hands out, so each call has its own composite.
    ClaudeListener a =
        new ClaudeListener() {
          @Override
          public ClaudeListener onStart(CallStarted event) {
            return new Thrower();
          }
        };
    PerCallRecorders b = new PerCallRecorders();

    try (LogCapture logs = new LogCapture()) {
      ClaudeCall<String> call = bind(fake, ClaudeListener.of(a, b), TestBuilder.once().build());
      call.text(null, "hi");
      call.text(null, "hi");
      call.callAsync(HI).get(10, TimeUnit.SECONDS);

      assertEquals(3, b.calls.size());
      for (EventRecorder events : b.calls) {
        assertOneTerminalLast(events, ClaudeListener.CallSucceeded.class);
      }
      // Three events a call (request, response, success) thrown from: one warning in all.
      assertWarnedOnce(logs, 9);
    }
  }

  @Test
  void ofAsksEachListenerForItsOwnPerCallListener(FakeClaude fake) {
    PerCallRecorders a = new PerCallRecorders();
    PerCallRecorders b = new PerCallRecorders();
    EventRecorder c = new EventRecorder();

    ClaudeCall<String> call = bind(fake, ClaudeListener.of(a, b, c), TestBuilder.once().build());
    call.text(null, "hi");
    call.text(null, "hi");

    assertEquals(2, a.calls.size());
    assertEquals(2, b.calls.size());
    assertEquals(List.of(), a.heardByRoot);
    assertEquals(List.of(), b.heardByRoot);
    for (int i = 0; i < 2; i++) {
      assertNotSame(a.calls.get(i), b.calls.get(i));
      assertOneTerminalLast(a.calls.get(i), ClaudeListener.CallSucceeded.class);
      assertEquals(a.calls.get(i).events, b.calls.get(i).events);
    }
    assertEquals(
        a.calls.stream().flatMap(r -> r.events.stream()).collect(Collectors.toList()), c.events);
  }

  @Test
  void ofNothingOrOneListenerIsThatListener() {
    EventRecorder a = new EventRecorder();

    assertSame(ClaudeListener.NONE, ClaudeListener.of());
    assertSame(ClaudeListener.NONE, ClaudeListener.of(ClaudeListener.NONE));
    assertSame(ClaudeListener.NONE, ClaudeListener.of(ClaudeListener.NONE, ClaudeListener.NONE));
    assertSame(a, ClaudeListener.of(a));
    assertSame(a, ClaudeListener.of(ClaudeListener.NONE, a));
    assertThrows(NullPointerException.class, () -> ClaudeListener.of(a, null));
  }

  // ---- 5. what the terminal events carry ----

  @Test
  void successAfterTwoOverloadRetriesCountsThreeAttempts(FakeClaude fake) {
    EventRecorder events = new EventRecorder();
    fake.enqueue(FakeScenarios.overloaded(2));

    bind(fake, events, TestBuilder.spec().retry(THREE_ON_OVERLOAD).build()).text(null, "hi");

    ClaudeListener.CallSucceeded succeeded =
        assertOneTerminalLast(events, ClaudeListener.CallSucceeded.class);
    assertEquals(3, succeeded.attempts());
    assertFalse(succeeded.duration().isNegative());
  }

  @Test
  void aConnectionFailureIsNamedByItsClass(FakeClaude fake) {
    EventRecorder events = new EventRecorder();
    fake.enqueue(FakeResponse.disconnect());

    ClaudeConnectionException e =
        assertThrows(
            ClaudeConnectionException.class,
            () -> bind(fake, events, TestBuilder.once().build()).text(null, "hi"));

    ClaudeListener.CallFailed failed =
        assertOneTerminalLast(events, ClaudeListener.CallFailed.class);
    assertSame(e, failed.error());
    assertEquals(ClaudeConnectionException.class.getName(), failed.errorType());
    assertEquals(ErrorKind.CONNECTION, failed.kind());
    assertEquals(1, failed.attempts());
    assertFalse(failed.duration().isNegative());
  }

  private static void awaitQuietly(CountDownLatch latch) {
    try {
      latch.await(10, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
