package dev.claudegen.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.claudegen.testing.AllowUnusedResponses;
import dev.claudegen.testing.FakeClaude;
import dev.claudegen.testing.FakeClaudeExtension;
import dev.claudegen.testing.FakeResponse;
import dev.claudegen.testing.FakeScenarios;
import dev.claudegen.testing.Match;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** {@link ClaudeCall#callAsync} against FakeClaude over loopback. */
@ExtendWith(FakeClaudeExtension.class)
class AsyncCallTest {

  private static final Prompt HI = Prompt.of(null, "hi");

  /** A client that waits on its scheduler, as in production: no test sleeper. */
  private static TestBuilder scheduled(FakeClaude fake) {
    return TestBuilder.against(fake).sleeper(Sleeper.SYSTEM).jitterRandom(0);
  }

  @Test
  void returnsAtOnceAndCompletesWithThePayload(FakeClaude fake) throws Exception {
    CountDownLatch arrived = new CountDownLatch(1);
    CountDownLatch release = new CountDownLatch(1);
    fake.when(Match.any())
        .answer(
            request -> {
              arrived.countDown();
              awaitQuietly(release);
              return FakeResponse.text("later");
            });
    ClaudeCall<String> call = TestBuilder.call(fake);

    CompletableFuture<String> future = call.callAsync(HI);

    // The server holds the reply until released: had callAsync waited for it, we would not be here.
    assertTrue(arrived.await(10, TimeUnit.SECONDS));
    assertFalse(future.isDone());
    release.countDown();
    assertEquals("later", future.get(10, TimeUnit.SECONDS));
    assertEquals(1, fake.requestCount());
  }

  @Test
  void theWholeReplyAsPayload(FakeClaude fake) throws Exception {
    fake.enqueue(FakeResponse.text("whole").withUsage(12, 3));
    ClaudeCall<Reply> call =
        TestBuilder.against(fake).client().bind(TestBuilder.spec().build(), ReplyDecoder.REPLY);

    Reply reply = call.callAsync(HI).get(10, TimeUnit.SECONDS);

    assertEquals("whole", reply.text());
    assertEquals(12, reply.usage().inputTokens());
    assertEquals("req_fake_000001", reply.requestId());
  }

  @Test
  void aFailureIsTheTypedExceptionAsCause(FakeClaude fake) {
    fake.enqueue(FakeResponse.error(400, "invalid_request_error", "bad prompt"));
    EventRecorder events = new EventRecorder();
    ClaudeCall<String> call =
        TestBuilder.against(fake).listener(events).client().bind(TestBuilder.spec().build());

    CompletionException thrown =
        assertThrows(CompletionException.class, () -> call.callAsync(HI).join());

    BadRequestException e = assertInstanceOf(BadRequestException.class, thrown.getCause());
    assertEquals("req_fake_000001", e.requestId());
    assertEquals(1, events.of(ClaudeListener.CallFailed.class).size());
    assertSame(e, events.of(ClaudeListener.CallFailed.class).get(0).error());
    assertEquals(0, events.of(ClaudeListener.CallCancelled.class).size());
  }

  @Test
  void aPayloadThatCannotBeBuiltFailsTheFuture(FakeClaude fake) {
    fake.enqueue(FakeResponse.text("no").withStopReason("refusal"));

    CompletionException thrown =
        assertThrows(CompletionException.class, () -> TestBuilder.call(fake).callAsync(HI).join());

    assertInstanceOf(ClaudeOutputException.class, thrown.getCause());
    assertEquals(1, fake.requestCount());
  }

  @Test
  void checksBeforeSendingThrowAtOnce(FakeClaude fake) {
    ClaudeCall<String> call = TestBuilder.call(fake);

    assertThrows(IllegalArgumentException.class, () -> call.callAsync(Prompt.of(null, " ")));
    assertThrows(
        IllegalArgumentException.class,
        () -> call.callAsync(Prompt.builder().conversation(List.of()).build()));
    assertEquals(0, fake.requestCount());
  }

  @Test
  void a529IsRetriedOnTheSchedulerWithTheScheduleDelay(FakeClaude fake) throws Exception {
    fake.enqueue(FakeScenarios.repeated(FakeScenarios.overloadedError(), 2));
    fake.enqueue(FakeResponse.text("third time"));
    ManualScheduler scheduler = ManualScheduler.immediate();
    try {
      ClaudeCall<String> call =
          scheduled(fake).scheduler(scheduler).client().bind(TestBuilder.spec().build());

      assertEquals("third time", call.callAsync(HI).get(10, TimeUnit.SECONDS));

      assertEquals(3, fake.requestCount());
      // The default schedule's waits, asked of the scheduler; no thread slept through them.
      assertEquals(List.of(Duration.ofMillis(500), Duration.ofSeconds(1)), scheduler.delays());
    } finally {
      scheduler.shutdownNow();
    }
  }

  @Test
  void aTestSleeperTakesTheAsyncWaitsToo(FakeClaude fake) throws Exception {
    fake.enqueue(FakeScenarios.overloadedError().withRetryAfterSeconds(40));
    fake.enqueue(FakeResponse.text("ok"));
    RecordingSleeper sleeper = new RecordingSleeper(new TestClock());
    ManualScheduler scheduler = ManualScheduler.held();
    try {
      ClaudeCall<String> call =
          TestBuilder.against(fake)
              .timed(sleeper)
              .scheduler(scheduler)
              .client()
              .bind(TestBuilder.spec().build());

      assertEquals("ok", call.callAsync(HI).get(10, TimeUnit.SECONDS));

      assertEquals(List.of(Duration.ofSeconds(40)), sleeper.waits());
      assertEquals(List.of(), scheduler.delays());
    } finally {
      scheduler.shutdownNow();
    }
  }

  /** A builder as generated code has it: no sleeper set, so testServer installs its own. */
  static final class PlainBuilder extends ClaudeClientBuilder<PlainBuilder> {
    PlainBuilder() {
      super("ClaudePlain");
      environment(name -> null);
    }

    ClaudeClient client() {
      return buildClient();
    }
  }

  @Test
  void testServerMakesAsyncRetriesInstant(FakeClaude fake) throws Exception {
    // Without testServer this would wait 40 s on the client's scheduler; it is never asked to.
    fake.enqueue(FakeScenarios.overloadedError().withRetryAfterSeconds(40));
    fake.enqueue(FakeResponse.text("ok"));
    ManualScheduler scheduler = ManualScheduler.held();
    try {
      ClaudeCall<String> call =
          new PlainBuilder()
              .testServer(fake.baseUrl())
              .scheduler(scheduler)
              .client()
              .bind(TestBuilder.spec().build());

      assertEquals("ok", call.callAsync(HI).get(10, TimeUnit.SECONDS));

      assertEquals(2, fake.requestCount());
      assertEquals(List.of(), scheduler.delays());
    } finally {
      scheduler.shutdownNow();
    }
  }

  @Test
  @AllowUnusedResponses // the reply after the 529 is bait for an attempt cancel must prevent
  void cancelDuringARetryWaitSendsNoFurtherAttempt(FakeClaude fake) throws Exception {
    fake.enqueue(FakeScenarios.overloadedError(), FakeResponse.text("never sent for"));
    ManualScheduler scheduler = ManualScheduler.held();
    EventRecorder events = new EventRecorder();
    try (CountingExecutor executor = new CountingExecutor()) {
      ClaudeCall<String> call =
          scheduled(fake)
              .executor(executor)
              .scheduler(scheduler)
              .listener(events)
              .client()
              .bind(TestBuilder.spec().build());
      CompletableFuture<String> future = call.callAsync(HI);
      scheduler.awaitScheduled(1);

      assertTrue(future.cancel(true));

      executor.awaitIdle(); // the task that scheduled the wait may still be handing it over
      assertTrue(scheduler.scheduled.get(0).future().isCancelled(), "the wait was cancelled");
      // Even a timer that fires anyway (it had started before the cancel) sends nothing.
      scheduler.fire(0);
      executor.awaitIdle();
      assertEquals(1, fake.requestCount());
      assertTrue(future.isCancelled());
      assertThrows(CancellationException.class, future::join);
      assertEquals(1, events.of(ClaudeListener.RequestSent.class).size());
      assertEquals(1, events.of(ClaudeListener.RetryScheduled.class).size());
      assertCancelledAfter(1, events);
      assertEquals(0, events.of(ClaudeListener.CallFailed.class).size());
      // The builder's executor and scheduler did the work and are still the caller's to shut down.
      assertTrue(executor.tasksRun() > 0);
      assertFalse(executor.isShutdown());
      assertFalse(scheduler.isShutdown());
    } finally {
      scheduler.shutdownNow();
    }
  }

  @Test
  void cancelDuringAStalledRequestClosesTheConnection() throws Exception {
    try (ServerSocket server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
      server.setSoTimeout(10_000);
      EventRecorder events = new EventRecorder();
      ClaudeCall<String> call =
          new TestBuilder()
              .apiKey(TestBuilder.KEY)
              .baseUrl("http://127.0.0.1:" + server.getLocalPort())
              .sleeper(Sleeper.SYSTEM)
              .listener(events)
              .client()
              .bind(TestBuilder.spec().build());

      CompletableFuture<String> future = call.callAsync(HI);
      try (Socket connection = server.accept()) {
        connection.setSoTimeout(10_000);
        InputStream in = connection.getInputStream();
        readRequest(in);
        // The request arrived and no reply comes: the exchange is stalled.

        assertTrue(future.cancel(true));

        // The client closes (or resets) its end: the exchange was aborted, not left to time out.
        assertTrue(connectionEnds(in), "the client closed the connection");
      }
      assertTrue(future.isCancelled());
      assertCancelledAfter(1, events);
    }
  }

  @Test
  void cancelInterruptsABlockingTransport() throws Exception {
    CountDownLatch sending = new CountDownLatch(1);
    AtomicReference<Boolean> interrupted = new AtomicReference<>();
    CountDownLatch returned = new CountDownLatch(1);
    Transport blocking =
        request -> {
          sending.countDown();
          try {
            new CountDownLatch(1).await(10, TimeUnit.SECONDS);
            interrupted.set(false);
            throw new IOException("not interrupted");
          } catch (InterruptedException e) {
            interrupted.set(true);
            throw e;
          } finally {
            returned.countDown();
          }
        };
    ClaudeCall<String> call =
        new TestBuilder()
            .apiKey(TestBuilder.KEY)
            .transport(blocking)
            .client()
            .bind(TestBuilder.spec().build());

    CompletableFuture<String> future = call.callAsync(HI);
    assertTrue(sending.await(10, TimeUnit.SECONDS));
    future.cancel(true);

    assertTrue(returned.await(10, TimeUnit.SECONDS));
    assertEquals(Boolean.TRUE, interrupted.get());
    assertTrue(future.isCancelled());
  }

  @Test
  void aBlockingTransportServesAsyncCalls() throws Exception {
    Transport canned =
        request ->
            new Transport.Response(
                200,
                java.net.http.HttpHeaders.of(
                    java.util.Map.of("request-id", List.of("req_canned")), (a, b) -> true),
                ("{\"id\":\"msg_1\",\"type\":\"message\",\"role\":\"assistant\",\"model\":\"m\","
                        + "\"content\":[{\"type\":\"text\",\"text\":\"canned\"}],"
                        + "\"stop_reason\":\"end_turn\","
                        + "\"usage\":{\"input_tokens\":1,\"output_tokens\":1}}")
                    .getBytes(StandardCharsets.UTF_8));
    ClaudeCall<String> call =
        new TestBuilder()
            .apiKey(TestBuilder.KEY)
            .transport(canned)
            .client()
            .bind(TestBuilder.spec().build());

    assertEquals("canned", call.callAsync(HI).get(10, TimeUnit.SECONDS));
  }

  @Test
  @AllowUnusedResponses
  void aThousandCallsParkedInRetryWaitsNeedAFewThreads(FakeClaude fake) throws Exception {
    int calls = 1_000;
    // Every call is told to come back in 50 s: all of them end up parked in a retry wait.
    fake.when(Match.any()).reply(FakeScenarios.overloadedError().withRetryAfterSeconds(50));
    Semaphore parked = new Semaphore(0);
    EventRecorder events =
        new EventRecorder() {
          @Override
          public void onRetry(RetryScheduled event) {
            super.onRetry(event);
            parked.release();
          }
        };
    int before = threadsOutsideTheFake();
    ClaudeCall<String> call =
        scheduled(fake).listener(events).client().bind(TestBuilder.spec().build());
    List<CompletableFuture<String>> futures = new ArrayList<>(calls);
    for (int i = 0; i < calls; i++) {
      futures.add(call.callAsync(HI));
      // One at a time, so connections are reused and the fake needs few threads of its own.
      assertTrue(parked.tryAcquire(10, TimeUnit.SECONDS), "call " + i + " was not parked");
    }

    int grown = threadsOutsideTheFake() - before;
    // The client's executor and scheduler, HttpClient's selector and workers, the JDK's timer: a
    // handful however many calls are in flight; a thread per call would be a thousand.
    int bound = 2 * Math.max(2, Runtime.getRuntime().availableProcessors()) + 16;
    assertTrue(
        grown <= bound,
        calls + " calls in flight took " + grown + " threads, over " + bound + ": " + threadNames());
    assertTrue(futures.stream().noneMatch(CompletableFuture::isDone));
    assertEquals(calls, fake.requestCount());

    futures.forEach(future -> future.cancel(true));
    assertEquals(calls, events.of(ClaudeListener.CallCancelled.class).size());
    assertEquals(calls, fake.requestCount());
  }

  @Test
  void anExecutorThatRefusesWorkFailsTheCallInsteadOfLeavingItPending(FakeClaude fake)
      throws Exception {
    ClaudeCall<String> call =
        TestBuilder.against(fake)
            .executor(
                task -> {
                  throw new RejectedExecutionException("executor is shut down");
                })
            .client()
            .bind(TestBuilder.spec().build());

    ExecutionException thrown =
        assertThrows(ExecutionException.class, () -> call.callAsync(HI).get(10, TimeUnit.SECONDS));

    assertInstanceOf(RejectedExecutionException.class, thrown.getCause());
    assertEquals(1, fake.requestCount());
  }

  private static List<String> threadNames() {
    return Thread.getAllStackTraces().keySet().stream().map(Thread::getName).sorted().toList();
  }

  private static int threadsOutsideTheFake() {
    return (int)
        Thread.getAllStackTraces().keySet().stream()
            .filter(Thread::isAlive)
            .filter(t -> !t.getName().startsWith("FakeClaude-"))
            .count();
  }

  /** Reads one HTTP request: headers, then a body of content-length bytes. */
  /** The call's one terminal event is a cancel after {@code attempts} attempts. */
  static void assertCancelledAfter(int attempts, EventRecorder events) {
    List<Object> terminals = events.terminals();
    assertEquals(1, terminals.size(), terminals.toString());
    ClaudeListener.CallCancelled cancelled = (ClaudeListener.CallCancelled) terminals.get(0);
    assertEquals(TestBuilder.METHOD, cancelled.method());
    assertEquals(attempts, cancelled.attempts());
    assertFalse(cancelled.duration().isNegative());
  }

  private static void readRequest(InputStream in) throws IOException {
    StringBuilder head = new StringBuilder();
    while (!head.toString().endsWith("\r\n\r\n")) {
      int c = in.read();
      if (c < 0) {
        throw new IOException("connection closed inside the request head");
      }
      head.append((char) c);
    }
    int length = 0;
    for (String line : head.toString().split("\r\n")) {
      if (line.toLowerCase(java.util.Locale.ROOT).startsWith("content-length:")) {
        length = Integer.parseInt(line.substring("content-length:".length()).strip());
      }
    }
    in.readNBytes(length);
  }

  /** Whether the peer ends the connection (EOF or reset) before the socket's timeout. */
  private static boolean connectionEnds(InputStream in) throws IOException {
    try {
      return in.read() < 0;
    } catch (SocketTimeoutException e) {
      return false;
    } catch (IOException reset) {
      return true;
    }
  }

  private static <T> T assertInstanceOf(Class<T> type, Object value) {
    assertTrue(type.isInstance(value), "expected a " + type.getSimpleName() + ", got " + value);
    return type.cast(value);
  }

  private static void awaitQuietly(CountDownLatch latch) {
    try {
      latch.await(10, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

}
