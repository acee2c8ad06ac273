package dev.claudegen.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.claudegen.annotations.ErrorKind;
import dev.claudegen.testing.FakeClaude;
import dev.claudegen.testing.FakeClaudeExtension;
import dev.claudegen.testing.FakeResponse;
import dev.claudegen.testing.RecordedRequest;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Streaming calls against FakeClaude over loopback HTTP: text in order, the same reply as a plain
 * call, every stream fault typed, retried only while nothing reached the caller, and the idle
 * timeout. Retry waits go through a {@link RecordingSleeper}; the idle timeouts are real and short,
 * asserted with wide margins.
 */
@ExtendWith(FakeClaudeExtension.class)
class StreamingTest {

  private static final Prompt PROMPT = Prompt.of(null, "hi");
  private static final String FALLBACK = "claude-haiku-4-5";
  private static final long IDLE_MILLIS = 500;

  private final RecordingSleeper sleeper = new RecordingSleeper(new TestClock());
  private final EventRecorder events = new EventRecorder();

  private ClaudeCall<String> bind(FakeClaude fake, CallSpec spec) {
    return TestBuilder.against(fake).timed(sleeper).listener(events).client().bind(spec);
  }

  /** The default {@code @Retry()}, a fallback model, a short idle timeout. */
  private ClaudeCall<String> call(FakeClaude fake) {
    return bind(
        fake, TestBuilder.spec().timeoutMillis(IDLE_MILLIS).fallbackModels(FALLBACK).build());
  }

  private ClaudeCall<String> callOnce(FakeClaude fake) {
    return bind(fake, TestBuilder.once().timeoutMillis(IDLE_MILLIS).build());
  }

  private static List<String> models(FakeClaude fake) {
    return fake.requests().stream().map(RecordedRequest::model).collect(Collectors.toList());
  }

  @Test
  void textArrivesInOrderAndTheReplyIsThePlainCallsReply(FakeClaude fake) {
    fake.enqueue(
        FakeResponse.textDeltas("Hel", "lo", "", " world").withUsage(12, 4),
        FakeResponse.textDeltas("Hel", "lo", "", " world").withUsage(12, 4));
    ClaudeCall<String> call = callOnce(fake);

    List<String> texts = new ArrayList<>();
    Reply streamed;
    try (ReplyStream stream = call.stream(PROMPT)) {
      streamed = stream.forEachText(texts::add);
    }
    Reply plain = call.reply(null, "hi");

    // An empty delta is no text.
    assertEquals(List.of("Hel", "lo", " world"), texts);
    assertEquals(plain.text(), streamed.text());
    assertEquals(plain.content(), streamed.content());
    assertEquals(plain.usage(), streamed.usage());
    assertEquals(plain.stopReason(), streamed.stopReason());
    assertEquals(plain.model(), streamed.model());
    assertTrue(fake.takeRequest().stream());
    RecordedRequest second = fake.takeRequest();
    assertFalse(second.stream());
    assertNull(second.json().get("stream"));
  }

  @Test
  void theRequestAsksToStreamAndIsOtherwiseThePlainOne(FakeClaude fake) {
    fake.enqueue(FakeResponse.text("a"), FakeResponse.text("a"));
    ClaudeCall<String> call = callOnce(fake);
    call.stream(PROMPT).reply();
    call.call(PROMPT);

    RecordedRequest streamed = fake.takeRequest();
    RecordedRequest plain = fake.takeRequest();
    ObjectNode body = (ObjectNode) streamed.json();
    assertTrue(body.get("stream").asBoolean());
    body.remove("stream");
    assertEquals(plain.json(), body);
  }

  @Test
  void textIsLazyAndClosingItsStreamAbortsTheExchange(FakeClaude fake) {
    fake.enqueue(
        FakeResponse.text("one two three four").withStreamStall(2), FakeResponse.text("ok"));
    ClaudeCall<String> call = callOnce(fake);

    try (Stream<String> text = call.streamText(PROMPT)) {
      assertEquals(List.of("one", " two"), text.limit(2).collect(Collectors.toList()));
    }

    // Without the abort the stall would hold the idle timeout; the next call has its own
    // connection and is answered at once.
    assertEquals("ok", call.call(PROMPT));
    assertEquals(1, events.of(ClaudeListener.CallCancelled.class).size());
    assertEquals(0, events.of(ClaudeListener.CallFailed.class).size());
  }

  @Test
  void replyAfterPartialReadingHoldsTheWholeText(FakeClaude fake) {
    fake.enqueue(FakeResponse.text("one two three"));
    try (ReplyStream stream = callOnce(fake).stream(PROMPT)) {
      assertEquals("one", stream.nextText());
      Reply reply = stream.reply();
      assertEquals("one two three", reply.text());
      assertNull(stream.nextText());
      assertEquals(reply, stream.reply());
    }
    // Read to its end: closing it cancels nothing.
    assertEquals(0, events.of(ClaudeListener.CallCancelled.class).size());
  }

  @Test
  void aStreamOfTextKeepsTheRepliesTextForAListenerOnly(FakeClaude fake) {
    fake.enqueue(FakeResponse.text("one two"), FakeResponse.text("three four"));
    try (Stream<String> text = callOnce(fake).streamText(PROMPT)) {
      assertEquals("one two", text.collect(Collectors.joining()));
    }
    assertEquals(
        "one two", events.of(ClaudeListener.ResponseReceived.class).get(0).reply().text());

    // With no listener the reply is seen by no one: the deltas arrive just the same.
    ClaudeCall<String> unheard =
        TestBuilder.against(fake)
            .timed(sleeper)
            .client()
            .bind(TestBuilder.once().timeoutMillis(IDLE_MILLIS).build());
    try (Stream<String> text = unheard.streamText(PROMPT)) {
      assertEquals("three four", text.collect(Collectors.joining()));
    }
  }

  @Test
  void listenerHearsFirstTokenThenTheResponse(FakeClaude fake) {
    fake.enqueue(FakeResponse.text("one two"));
    try (ReplyStream stream = callOnce(fake).stream(PROMPT)) {
      assertEquals(1, events.of(ClaudeListener.FirstToken.class).size());
      assertEquals(0, events.of(ClaudeListener.ResponseReceived.class).size());
      stream.reply();
    }
    List<Class<?>> order =
        events.events.stream().map(Object::getClass).collect(Collectors.toList());
    assertEquals(
        List.of(
            ClaudeListener.CallStarted.class,
            ClaudeListener.RequestSent.class,
            ClaudeListener.FirstToken.class,
            ClaudeListener.ResponseReceived.class,
            ClaudeListener.CallSucceeded.class),
        order);
    ClaudeListener.FirstToken first = events.of(ClaudeListener.FirstToken.class).get(0);
    ClaudeListener.ResponseReceived received =
        events.of(ClaudeListener.ResponseReceived.class).get(0);
    assertEquals(TestBuilder.METHOD, first.method());
    assertEquals(1, first.attempt());
    assertEquals("one two", received.reply().text());
    assertTrue(received.latency().compareTo(first.latency()) >= 0);
  }

  @Test
  void anErrorEventBeforeAnyTextIsRetriedThenFallsBack(FakeClaude fake) {
    FakeResponse overloaded =
        FakeResponse.text("never").withStreamError(0, "overloaded_error", "Overloaded");
    fake.enqueue(overloaded, overloaded, overloaded, FakeResponse.text("from haiku"));

    Reply reply = call(fake).stream(PROMPT).reply();

    assertEquals("from haiku", reply.text());
    assertEquals(
        List.of(TestBuilder.MODEL, TestBuilder.MODEL, TestBuilder.MODEL, FALLBACK), models(fake));
    assertEquals(List.of(Duration.ofMillis(500), Duration.ofSeconds(1)), sleeper.waits());
    assertEquals(1, events.of(ClaudeListener.FallbackStarted.class).size());
    assertEquals(4, events.of(ClaudeListener.FirstToken.class).get(0).attempt());
  }

  @Test
  void anErrorEventAfterTextIsThrownTypedAndNotSentAgain(FakeClaude fake) {
    fake.enqueue(
        FakeResponse.text("Hello there friend")
            .withStreamError(1, "overloaded_error", "Overloaded")
            .withHeader("request-id", "req_mid"));
    ReplyStream stream = call(fake).stream(PROMPT);
    assertEquals("Hello", stream.nextText());

    OverloadedException e = assertThrows(OverloadedException.class, stream::nextText);

    assertEquals(529, e.statusCode());
    assertEquals(ErrorKind.OVERLOADED, e.kind());
    assertEquals("req_mid", e.requestId());
    assertTrue(e.getMessage().contains("mid-stream"), e.getMessage());
    assertTrue(e.getMessage().contains("after 1 delta"), e.getMessage());
    // The same failure again on every later read; nothing re-sent, no wait, no fallback.
    assertThrows(OverloadedException.class, stream::reply);
    assertEquals(1, fake.requestCount());
    assertEquals(List.of(), sleeper.waits());
    assertEquals(1, events.of(ClaudeListener.CallFailed.class).size());
    stream.close();
    assertEquals(0, events.of(ClaudeListener.CallCancelled.class).size());
  }

  @Test
  void aCutBeforeAnyTextIsRetried(FakeClaude fake) {
    fake.enqueue(FakeResponse.text("lost").withStreamCut(0), FakeResponse.text("kept"));

    assertEquals("kept", call(fake).stream(PROMPT).reply().text());

    assertEquals(2, fake.requestCount());
    assertEquals(1, events.of(ClaudeListener.RetryScheduled.class).size());
    assertEquals(
        ErrorKind.CONNECTION, events.of(ClaudeListener.RetryScheduled.class).get(0).kind());
  }

  @Test
  void aCutAfterTextIsAConnectionException(FakeClaude fake) {
    fake.enqueue(FakeResponse.text("Hello there friend").withStreamCut(1));
    ReplyStream stream = call(fake).stream(PROMPT);
    assertEquals("Hello", stream.nextText());

    ClaudeConnectionException e = assertThrows(ClaudeConnectionException.class, stream::reply);

    assertTrue(e.getMessage().contains("after 1 delta"), e.getMessage());
    assertEquals(1, fake.requestCount());
  }

  @Test
  void aCleanEndWithoutMessageStopIsAConnectionException(FakeClaude fake) {
    fake.enqueue(FakeResponse.text("Hello there friend").withStreamEnd(2));
    ReplyStream stream = call(fake).stream(PROMPT);

    List<String> texts = new ArrayList<>();
    ClaudeConnectionException e =
        assertThrows(ClaudeConnectionException.class, () -> stream.forEachText(texts::add));

    assertEquals(List.of("Hello", " there"), texts);
    assertTrue(e.getMessage().contains("before message_stop"), e.getMessage());
    assertEquals(1, fake.requestCount());
  }

  @Test
  void aStallAfterHeadersIsATimeoutWithinTheIdleTimeout(FakeClaude fake) {
    fake.enqueue(FakeResponse.text("never").withStallAfterHeaders());
    long start = System.nanoTime();

    ClaudeTimeoutException e =
        assertThrows(ClaudeTimeoutException.class, () -> callOnce(fake).stream(PROMPT));

    long millis = Duration.ofNanos(System.nanoTime() - start).toMillis();
    assertTrue(millis >= IDLE_MILLIS - 50 && millis < 10 * IDLE_MILLIS, millis + " ms");
    assertTrue(e.getMessage().contains("idle timeout of 500ms"), e.getMessage());
  }

  @Test
  void headersLaterThanTheIdleTimeoutAreATimeout(FakeClaude fake) {
    fake.enqueue(FakeResponse.text("late").withDelay(Duration.ofSeconds(20)));
    long start = System.nanoTime();

    ClaudeTimeoutException e =
        assertThrows(ClaudeTimeoutException.class, () -> callOnce(fake).stream(PROMPT));

    long millis = Duration.ofNanos(System.nanoTime() - start).toMillis();
    assertTrue(millis >= IDLE_MILLIS - 50 && millis < 10 * IDLE_MILLIS, millis + " ms");
    assertTrue(e.getMessage().contains("500ms"), e.getMessage());
  }

  @Test
  void closingFromAnotherThreadWakesTheReader(FakeClaude fake) throws Exception {
    fake.enqueue(FakeResponse.text("Hello there friend").withStreamStall(1));
    ReplyStream stream =
        bind(fake, TestBuilder.once().timeoutMillis(30_000).build()).stream(PROMPT);
    assertEquals("Hello", stream.nextText());
    CompletableFuture<Throwable> reader =
        CompletableFuture.supplyAsync(
            () -> {
              try {
                stream.nextText();
                return null;
              } catch (RuntimeException e) {
                return e;
              }
            });
    // The reader is blocked in the stall; the close must not wait for the idle timeout.
    Thread.sleep(200);
    assertFalse(reader.isDone());
    stream.close();

    assertInstanceOf(CancellationException.class, reader.get(5, TimeUnit.SECONDS));
    assertEquals(1, events.of(ClaudeListener.CallCancelled.class).size());
    assertEquals(0, events.of(ClaudeListener.CallFailed.class).size());
  }

  @Test
  void aStallBeforeAnyTextIsRetried(FakeClaude fake) {
    fake.enqueue(FakeResponse.text("never").withStreamStall(0), FakeResponse.text("kept"));

    assertEquals("kept", call(fake).stream(PROMPT).reply().text());

    assertEquals(2, fake.requestCount());
    assertEquals(ErrorKind.TIMEOUT, events.of(ClaudeListener.RetryScheduled.class).get(0).kind());
  }

  @Test
  void aStallAfterTextIsATimeoutWithinTheIdleTimeout(FakeClaude fake) {
    fake.enqueue(FakeResponse.text("Hello there friend").withStreamStall(1));
    ReplyStream stream = call(fake).stream(PROMPT);
    assertEquals("Hello", stream.nextText());
    long start = System.nanoTime();

    ClaudeTimeoutException e = assertThrows(ClaudeTimeoutException.class, stream::nextText);

    long millis = Duration.ofNanos(System.nanoTime() - start).toMillis();
    assertTrue(millis >= IDLE_MILLIS - 50 && millis < 10 * IDLE_MILLIS, millis + " ms");
    assertTrue(e.getMessage().contains("idle timeout of 500ms"), e.getMessage());
    assertEquals(1, fake.requestCount());
  }

  @Test
  void aSlowStreamThatNeverFallsSilentIsNotCut(FakeClaude fake) {
    // Each pause is well under the idle timeout (so a loaded machine cannot stretch one past it);
    // the whole stream well over it.
    long idle = 1_000;
    fake.enqueue(
        FakeResponse.text("a b c d e f g h")
            .withStreamPauseBetweenEvents(Duration.ofMillis(idle / 6)));
    long start = System.nanoTime();

    Reply reply = bind(fake, TestBuilder.once().timeoutMillis(idle).build()).stream(PROMPT).reply();

    assertEquals("a b c d e f g h", reply.text());
    assertTrue(Duration.ofNanos(System.nanoTime() - start).toMillis() > idle);
  }

  @Test
  void anErrorStatusBeforeTheStreamIsRetried(FakeClaude fake) {
    fake.enqueue(
        FakeResponse.error(529, "overloaded_error", "Overloaded"), FakeResponse.text("kept"));

    assertEquals("kept", call(fake).stream(PROMPT).reply().text());

    assertEquals(List.of(Duration.ofMillis(500)), sleeper.waits());
    assertEquals(List.of(TestBuilder.MODEL, TestBuilder.MODEL), models(fake));
  }

  @Test
  void anErrorStatusEndsTheCallWithItsTypedException(FakeClaude fake) {
    fake.enqueue(FakeResponse.error(400, "invalid_request_error", "bad"));

    BadRequestException e =
        assertThrows(BadRequestException.class, () -> call(fake).stream(PROMPT));

    assertEquals(400, e.statusCode());
    assertEquals(1, events.of(ClaudeListener.CallFailed.class).size());
  }

  @Test
  void aMalformedEventIsAnApiExceptionAndNotSentAgain(FakeClaude fake) {
    fake.enqueue(
        FakeResponse.text("Hello there").withStreamEvent(1, "content_block_delta", "{not json"));
    ReplyStream stream = call(fake).stream(PROMPT);
    assertEquals("Hello", stream.nextText());

    ClaudeApiException e = assertThrows(ClaudeApiException.class, stream::reply);

    assertEquals(ErrorKind.SERVER_ERROR, e.kind());
    assertTrue(e.getMessage().contains("{not json"), e.getMessage());
    assertEquals(1, fake.requestCount());
  }

  @Test
  void theKeyNeverAppearsInAStreamsFailure(FakeClaude fake) {
    String key = KeyRedactionTest.ANTHROPIC_KEY;
    fake.enqueue(
        FakeResponse.text("Hello there").withStreamError(1, "api_error", "bad key " + key));
    ClaudeCall<String> call =
        TestBuilder.against(fake)
            .apiKey(key)
            .allowForeignHost(true)
            .timed(sleeper)
            .client()
            .bind(TestBuilder.once().build());
    ReplyStream stream = call.stream(PROMPT);
    stream.nextText();

    InternalServerException e = assertThrows(InternalServerException.class, stream::reply);

    assertFalse(e.getMessage().contains(key), e.getMessage());
    assertFalse(e.details().errorMessage().contains(key));
    assertTrue(e.getMessage().contains("bad key"), e.getMessage());
  }

  @Test
  void aReplyWithoutTextReturnsWhole(FakeClaude fake) {
    fake.enqueue(
        FakeResponse.blocks(
            "{\"type\":\"tool_use\",\"id\":\"toolu_1\",\"name\":\"f\",\"input\":{\"a\":1}}"));
    try (ReplyStream stream = callOnce(fake).stream(PROMPT)) {
      assertNull(stream.nextText());
      assertEquals(1, stream.reply().content().size());
    }
    assertEquals(0, events.of(ClaudeListener.FirstToken.class).size());
    assertEquals(1, events.of(ClaudeListener.ResponseReceived.class).size());
  }

  @Test
  void closedBeforeItsEndItThrowsCancellation(FakeClaude fake) {
    fake.enqueue(FakeResponse.text("one two three"));
    ReplyStream stream = callOnce(fake).stream(PROMPT);
    stream.close();
    stream.close();

    assertThrows(CancellationException.class, stream::nextText);
    assertThrows(CancellationException.class, stream::reply);
    assertEquals(1, events.of(ClaudeListener.CallCancelled.class).size());
  }

  @Test
  void aLongReplyStreamsDeltaByDelta(FakeClaude fake) {
    int deltas = 64_000;
    String[] pieces = new String[deltas];
    for (int i = 0; i < deltas; i++) {
      pieces[i] = " t" + (i % 10);
    }
    fake.enqueue(FakeResponse.textDeltas(pieces));
    ClaudeCall<String> call =
        bind(
            fake,
            CallSpec.builder(TestBuilder.METHOD, TestBuilder.MODEL, 64_000)
                .retry(TestBuilder.NO_RETRY)
                .timeoutMillis(10_000)
                .build());

    int[] seen = {0};
    boolean[] inOrder = {true};
    Reply reply;
    try (ReplyStream stream = call.stream(PROMPT)) {
      reply =
          stream.forEachText(
              text -> {
                inOrder[0] &= text.equals(pieces[seen[0]]);
                seen[0]++;
              });
    }

    assertEquals(deltas, seen[0]);
    assertTrue(inOrder[0]);
    assertEquals(String.join("", pieces), reply.text());
  }

  /**
   * A bare loopback server, so the test can see the client's side of the socket close: it sends the
   * headers and one delta, then waits for the client to go away, far longer than the test.
   */
  @Test
  void closingMidStreamClosesTheConnection() throws Exception {
    try (ServerSocket server = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      CompletableFuture<Long> clientGone = new CompletableFuture<>();
      Thread serving =
          new Thread(
              () -> {
                try (Socket socket = server.accept()) {
                  InputStream in = socket.getInputStream();
                  readRequest(in);
                  OutputStream out = socket.getOutputStream();
                  out.write(
                      ("HTTP/1.1 200 OK\r\ncontent-type: text/event-stream\r\n"
                              + "transfer-encoding: chunked\r\n\r\n")
                          .getBytes(StandardCharsets.US_ASCII));
                  writeChunk(out, STREAM_HEAD + delta("Hi"));
                  socket.setSoTimeout(30_000);
                  try {
                    while (in.read() != -1) {
                      // Nothing more is expected from the client.
                    }
                  } catch (IOException reset) {
                    // A reset is the client going away too.
                  }
                  clientGone.complete(System.nanoTime());
                } catch (IOException e) {
                  clientGone.completeExceptionally(e);
                }
              });
      serving.setDaemon(true);
      serving.start();
      ClaudeCall<String> call =
          new TestBuilder()
              .apiKey(TestBuilder.KEY)
              .baseUrl("http://127.0.0.1:" + server.getLocalPort())
              .listener(events)
              .client()
              .bind(TestBuilder.once().timeoutMillis(30_000).build());

      ReplyStream stream = call.stream(PROMPT);
      assertEquals("Hi", stream.nextText());
      assertFalse(clientGone.isDone());
      long closed = System.nanoTime();
      stream.close();

      long gone = clientGone.get(10, TimeUnit.SECONDS);
      assertTrue(gone - closed < TimeUnit.SECONDS.toNanos(5));
      assertEquals(1, events.of(ClaudeListener.CallCancelled.class).size());
    }
  }

  /**
   * Backpressure: a reader that stops reading stops the server, once the socket buffers are full;
   * nothing buffers the rest of the body on the client. The server offers 64 MiB of deltas; the
   * reader takes one and waits.
   */
  @Test
  void aReaderThatWaitsHoldsBackTheServer() throws Exception {
    try (ServerSocket server = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      AtomicLong written = new AtomicLong();
      Thread serving =
          new Thread(
              () -> {
                try (Socket socket = server.accept()) {
                  readRequest(socket.getInputStream());
                  OutputStream out = socket.getOutputStream();
                  out.write(
                      ("HTTP/1.1 200 OK\r\ncontent-type: text/event-stream\r\n"
                              + "transfer-encoding: chunked\r\n\r\n")
                          .getBytes(StandardCharsets.US_ASCII));
                  writeChunk(out, STREAM_HEAD);
                  StringBuilder deltas = new StringBuilder();
                  while (deltas.length() < 64 * 1024) {
                    deltas.append(delta(" t"));
                  }
                  String block = deltas.toString();
                  while (written.get() < 64L << 20) {
                    writeChunk(out, block);
                    written.addAndGet(block.length());
                  }
                } catch (IOException e) {
                  // The client closed the connection: the end of this test.
                }
              });
      serving.setDaemon(true);
      serving.start();
      ClaudeCall<String> call =
          new TestBuilder()
              .apiKey(TestBuilder.KEY)
              .baseUrl("http://127.0.0.1:" + server.getLocalPort())
              .client()
              .bind(TestBuilder.once().timeoutMillis(30_000).build());

      try (ReplyStream stream = call.stream(PROMPT)) {
        assertEquals(" t", stream.nextText());
        // Long enough for an unbounded reader to take in all 64 MiB over loopback.
        long before;
        long after = written.get();
        do {
          before = after;
          Thread.sleep(500);
          after = written.get();
        } while (after != before);
        assertTrue(after < 24L << 20, after + " bytes written to a reader that waits");
      }
    }
  }

  /** A stream's start, as the API sends it: the message, then an empty text block. */
  static final String STREAM_HEAD =
      "event: message_start\n"
          + "data: {\"type\":\"message_start\",\"message\":{\"id\":\"msg_1\",\"model\":\"m\","
          + "\"usage\":{\"input_tokens\":1}}}\n\n"
          + "event: content_block_start\n"
          + "data: {\"type\":\"content_block_start\",\"index\":0,"
          + "\"content_block\":{\"type\":\"text\",\"text\":\"\"}}\n\n";

  static String delta(String text) {
    return "event: content_block_delta\n"
        + "data: {\"type\":\"content_block_delta\",\"index\":0,"
        + "\"delta\":{\"type\":\"text_delta\",\"text\":\""
        + text
        + "\"}}\n\n";
  }

  static void writeChunk(OutputStream out, String data) throws IOException {
    byte[] chunk = data.getBytes(StandardCharsets.UTF_8);
    out.write((Integer.toHexString(chunk.length) + "\r\n").getBytes(StandardCharsets.US_ASCII));
    out.write(chunk);
    out.write("\r\n".getBytes(StandardCharsets.US_ASCII));
    out.flush();
  }

  /** Reads a request's head and its content-length body. */
  static void readRequest(InputStream in) throws IOException {
    StringBuilder head = new StringBuilder();
    while (!head.toString().endsWith("\r\n\r\n")) {
      int b = in.read();
      if (b == -1) {
        throw new IOException("request cut short");
      }
      head.append((char) b);
    }
    int length = 0;
    for (String line : head.toString().split("\r\n")) {
      if (line.toLowerCase(java.util.Locale.ROOT).startsWith("content-length:")) {
        length = Integer.parseInt(line.substring("content-length:".length()).trim());
      }
    }
    in.readNBytes(length);
  }
}
