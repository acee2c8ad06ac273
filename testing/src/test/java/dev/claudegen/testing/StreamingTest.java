package dev.claudegen.testing;

import static dev.claudegen.testing.SseClient.names;
import static dev.claudegen.testing.SseClient.texts;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Streamed replies and their faults, read over loopback as a client reads them. */
class StreamingTest {
  // Long enough that a test which waits for it has failed; close() ends it at once.
  private static final Duration FOREVER = Duration.ofHours(1);
  private static final Duration GUARD = Duration.ofSeconds(10);

  private static final List<String> HELLO_THERE =
      List.of(
          "message_start",
          "content_block_start",
          "ping",
          "content_block_delta",
          "content_block_delta",
          "content_block_stop",
          "message_delta",
          "message_stop");

  private FakeClaude claude;

  @BeforeEach
  void start() {
    claude = FakeClaude.start();
  }

  @AfterEach
  void stop() {
    claude.close();
  }

  @Test
  void scriptedTextIsTheApisExactEventSequence() throws Exception {
    claude.enqueue(FakeResponse.text("Hello there").withUsage(10, 2));

    HttpResponse<String> response = SseClient.send(claude.baseUrl(), SseClient.body("Hi"));

    assertEquals(200, response.statusCode());
    assertEquals(
        "text/event-stream; charset=utf-8", response.headers().firstValue("content-type").get());
    assertEquals("req_fake_000001", response.headers().firstValue("request-id").get());
    assertFalse(response.headers().firstValue("content-length").isPresent());
    assertEquals(
        "event: message_start\n"
            + "data: {\"type\":\"message_start\",\"message\":{\"id\":\"msg_fake_000001\","
            + "\"type\":\"message\",\"role\":\"assistant\",\"model\":\"claude-sonnet-4-6\","
            + "\"content\":[],\"stop_reason\":null,\"stop_sequence\":null,"
            + "\"usage\":{\"input_tokens\":10,\"output_tokens\":1}}}\n"
            + "\n"
            + "event: content_block_start\n"
            + "data: {\"type\":\"content_block_start\",\"index\":0,"
            + "\"content_block\":{\"type\":\"text\",\"text\":\"\"}}\n"
            + "\n"
            + "event: ping\n"
            + "data: {\"type\":\"ping\"}\n"
            + "\n"
            + "event: content_block_delta\n"
            + "data: {\"type\":\"content_block_delta\",\"index\":0,"
            + "\"delta\":{\"type\":\"text_delta\",\"text\":\"Hello\"}}\n"
            + "\n"
            + "event: content_block_delta\n"
            + "data: {\"type\":\"content_block_delta\",\"index\":0,"
            + "\"delta\":{\"type\":\"text_delta\",\"text\":\" there\"}}\n"
            + "\n"
            + "event: content_block_stop\n"
            + "data: {\"type\":\"content_block_stop\",\"index\":0}\n"
            + "\n"
            + "event: message_delta\n"
            + "data: {\"type\":\"message_delta\","
            + "\"delta\":{\"stop_reason\":\"end_turn\",\"stop_sequence\":null},"
            + "\"usage\":{\"output_tokens\":2}}\n"
            + "\n"
            + "event: message_stop\n"
            + "data: {\"type\":\"message_stop\"}\n"
            + "\n",
        response.body());
  }

  @Test
  void defaultReplyStreamsWhenTheRequestAsks() throws Exception {
    List<SseClient.Event> events = readAll(SseClient.body("Hi"));

    assertEquals(List.of("Hello", " from", " FakeClaude."), texts(events));
    assertEquals(FakeClaude.DEFAULT_TEXT, String.join("", texts(events)));
    JsonNode message = events.get(0).json().get("message");
    assertEquals("claude-sonnet-4-6", message.get("model").asText());
    assertEquals(0, message.get("content").size());
    assertEquals("message_stop", events.get(events.size() - 1).name());
    assertTrue(claude.takeRequest().stream());
  }

  @Test
  void defaultTextStreamsToo() throws Exception {
    claude.defaultText("One two");

    assertEquals(List.of("One", " two"), texts(readAll(SseClient.body("Hi"))));
  }

  @Test
  void aRequestThatDoesNotAskToStreamStillGetsJson() throws Exception {
    claude.enqueue(FakeResponse.text("Hello there"));
    String body = Messages.body("claude-sonnet-4-6", null, "Hi").replace("{", "{\"stream\":false,");

    HttpResponse<String> response = Messages.post(claude.baseUrl(), body);

    assertEquals("application/json", response.headers().firstValue("content-type").get());
    assertEquals("Hello there", Messages.text(response));
    assertFalse(claude.takeRequest().stream());
  }

  @Test
  void errorStatusesStayPlainHttpErrors() throws Exception {
    claude.enqueue(FakeScenarios.overloaded(1));

    HttpResponse<String> first = SseClient.send(claude.baseUrl(), SseClient.body("Hi"));
    HttpResponse<String> second = SseClient.send(claude.baseUrl(), SseClient.body("Hi"));

    assertEquals(529, first.statusCode());
    assertEquals("application/json", first.headers().firstValue("content-type").get());
    assertEquals(
        "overloaded_error", Messages.MAPPER.readTree(first.body()).at("/error/type").asText());
    assertEquals(200, second.statusCode());
    assertTrue(second.body().startsWith("event: message_start\n"));
  }

  @Test
  void validationErrorsOfTheDefaultReplyStayPlainHttpErrors() throws Exception {
    HttpResponse<String> response =
        SseClient.send(claude.baseUrl(), SseClient.body("Hi").replace("\"max_tokens\":64,", ""));

    assertEquals(400, response.statusCode());
    assertEquals("max_tokens: Field required", Messages.errorMessage(response));
  }

  @Test
  void rawRepliesAreSentAsTheyAre() throws Exception {
    claude.enqueue(FakeResponse.raw(502, "text/html", "<html>Bad gateway</html>"));

    HttpResponse<String> response = SseClient.send(claude.baseUrl(), SseClient.body("Hi"));

    assertEquals(502, response.statusCode());
    assertEquals("<html>Bad gateway</html>", response.body());
  }

  @Test
  void deltaCharsSplitsIntoFixedPiecesWithoutBreakingSurrogatePairs() throws Exception {
    claude.enqueue(
        FakeResponse.text("Hello there").withDeltaChars(4),
        FakeResponse.text("a\uD83D\uDE00b").withDeltaChars(1));

    assertEquals(List.of("Hell", "o th", "ere"), texts(readAll(SseClient.body("Hi"))));
    assertEquals(List.of("a", "\uD83D\uDE00", "b"), texts(readAll(SseClient.body("Hi"))));
  }

  @Test
  void textDeltasAreSentExactlyAndJoinedWhenNotStreamed() throws Exception {
    FakeResponse reply = FakeResponse.textDeltas("Hel", "lo", "", " wor\n", "ld");
    claude.enqueue(reply, reply);

    assertEquals(List.of("Hel", "lo", "", " wor\n", "ld"), texts(readAll(SseClient.body("Hi"))));
    HttpResponse<String> json =
        Messages.post(claude.baseUrl(), Messages.body("claude-sonnet-4-6", null, "Hi"));
    assertEquals("Hello wor\nld", Messages.text(json));
  }

  @Test
  void emptyTextAndNoBlocksStreamWithoutDeltas() throws Exception {
    claude.enqueue(FakeResponse.text(""), FakeResponse.message());

    assertEquals(
        List.of(
            "message_start",
            "content_block_start",
            "ping",
            "content_block_stop",
            "message_delta",
            "message_stop"),
        names(readAll(SseClient.body("Hi"))));
    assertEquals(
        List.of("message_start", "ping", "message_delta", "message_stop"),
        names(readAll(SseClient.body("Hi"))));
  }

  @Test
  void thinkingToolUseAndOtherBlocksStreamAsTheApiStreamsThem() throws Exception {
    claude.enqueue(
        FakeResponse.blocks(
                "{\"type\":\"thinking\",\"thinking\":\"Let me see.\",\"signature\":\"sig_1\"}",
                "{\"type\":\"redacted_thinking\",\"data\":\"opaque\"}",
                "{\"type\":\"text\",\"text\":\"Checking.\"}",
                "{\"type\":\"tool_use\",\"id\":\"toolu_1\",\"name\":\"weather\","
                    + "\"input\":{\"city\":\"Paris\",\"unit\":\"celsius\"}}")
            .withDeltaChars(8)
            .withStopReason("tool_use"));

    List<SseClient.Event> events = readAll(SseClient.body("Hi"));

    List<String> lines =
        events.subList(1, events.size() - 2).stream()
            .map(SseClient.Event::data)
            .collect(Collectors.toList());
    assertEquals(
        List.of(
            "{\"type\":\"content_block_start\",\"index\":0,"
                + "\"content_block\":{\"type\":\"thinking\",\"thinking\":\"\"}}",
            "{\"type\":\"ping\"}",
            "{\"type\":\"content_block_delta\",\"index\":0,"
                + "\"delta\":{\"type\":\"thinking_delta\",\"thinking\":\"Let me s\"}}",
            "{\"type\":\"content_block_delta\",\"index\":0,"
                + "\"delta\":{\"type\":\"thinking_delta\",\"thinking\":\"ee.\"}}",
            "{\"type\":\"content_block_delta\",\"index\":0,"
                + "\"delta\":{\"type\":\"signature_delta\",\"signature\":\"sig_1\"}}",
            "{\"type\":\"content_block_stop\",\"index\":0}",
            "{\"type\":\"content_block_start\",\"index\":1,"
                + "\"content_block\":{\"type\":\"redacted_thinking\",\"data\":\"opaque\"}}",
            "{\"type\":\"content_block_stop\",\"index\":1}",
            "{\"type\":\"content_block_start\",\"index\":2,"
                + "\"content_block\":{\"type\":\"text\",\"text\":\"\"}}",
            "{\"type\":\"content_block_delta\",\"index\":2,"
                + "\"delta\":{\"type\":\"text_delta\",\"text\":\"Checking\"}}",
            "{\"type\":\"content_block_delta\",\"index\":2,"
                + "\"delta\":{\"type\":\"text_delta\",\"text\":\".\"}}",
            "{\"type\":\"content_block_stop\",\"index\":2}",
            "{\"type\":\"content_block_start\",\"index\":3,"
                + "\"content_block\":{\"type\":\"tool_use\",\"id\":\"toolu_1\","
                + "\"name\":\"weather\",\"input\":{}}}",
            inputJsonDelta("{\"city\":"),
            inputJsonDelta("\"Paris\","),
            inputJsonDelta("\"unit\":\""),
            inputJsonDelta("celsius\""),
            inputJsonDelta("}"),
            "{\"type\":\"content_block_stop\",\"index\":3}"),
        lines);
    assertEquals(
        "tool_use", events.get(events.size() - 2).json().at("/delta/stop_reason").asText());
  }

  @Test
  void usageIsCumulativeAndCacheUsageComesInMessageStart() throws Exception {
    claude.enqueue(
        FakeResponse.text("Hello there")
            .withUsage(1200, 7)
            .withCacheUsage(1000, 5)
            .withStopReason("max_tokens"));

    List<SseClient.Event> events = readAll(SseClient.body("Hi"));

    JsonNode usage = events.get(0).json().at("/message/usage");
    assertEquals(1200, usage.get("input_tokens").intValue());
    assertEquals(1, usage.get("output_tokens").intValue());
    assertEquals(1000, usage.get("cache_creation_input_tokens").intValue());
    assertEquals(5, usage.get("cache_read_input_tokens").intValue());
    JsonNode messageDelta = events.get(events.size() - 2).json();
    assertEquals(7, messageDelta.at("/usage/output_tokens").intValue());
    assertEquals("max_tokens", messageDelta.at("/delta/stop_reason").asText());
  }

  @Test
  void streamedAndPlainRepliesReportTheSameUsage() throws Exception {
    FakeResponse reply = FakeResponse.text("A reply of a few words, long enough for tokens.");
    claude.enqueue(reply, reply);
    String body = SseClient.body("Hi");

    List<SseClient.Event> events = readAll(body);
    JsonNode plain =
        Messages.MAPPER.readTree(
            Messages.post(claude.baseUrl(), body.replace(",\"stream\":true", "")).body());

    // Input tokens are derived from the request's size, and the streamed request is longer.
    assertEquals(
        body.length() / 4, events.get(0).json().at("/message/usage/input_tokens").intValue());
    assertEquals(
        plain.at("/usage/output_tokens").intValue(),
        events.get(events.size() - 2).json().at("/usage/output_tokens").intValue());
  }

  @Test
  void errorEventAfterNDeltasThenTheBodyEnds() throws Exception {
    claude.enqueue(FakeResponse.text("One two three").withStreamError(2, "api_error", "Boom"));

    List<SseClient.Event> events = readAll(SseClient.body("Hi"));

    assertEquals(
        List.of(
            "message_start",
            "content_block_start",
            "ping",
            "content_block_delta",
            "content_block_delta",
            "error"),
        names(events));
    assertEquals(
        "{\"type\":\"error\",\"error\":{\"type\":\"api_error\",\"message\":\"Boom\"}}",
        events.get(5).data());
  }

  @Test
  void errorEventAfterNoDeltaComesRightAfterMessageStart() throws Exception {
    claude.enqueue(
        FakeResponse.text("Hello there").withStreamError(0, "overloaded_error", "Overloaded"));

    assertEquals(List.of("message_start", "error"), names(readAll(SseClient.body("Hi"))));
  }

  @Test
  void aPositionPastTheLastDeltaIsRightAfterIt() throws Exception {
    claude.enqueue(FakeResponse.text("Hello there").withStreamError(99, "api_error", "late"));

    assertEquals(
        List.of(
            "message_start",
            "content_block_start",
            "ping",
            "content_block_delta",
            "content_block_delta",
            "error"),
        names(readAll(SseClient.body("Hi"))));
  }

  @Test
  void theConnectionStaysUsableAfterAnErrorEvent() throws Exception {
    claude.enqueue(FakeResponse.text("Hello there").withStreamError(1, "api_error", "Boom"));
    try (Socket socket = rawSocket()) {
      InputStream in = socket.getInputStream();
      OutputStream out = socket.getOutputStream();

      out.write(rawPost(SseClient.body("Hi")));
      List<String> first = readChunks(in);
      out.write(rawPost(SseClient.body("Hi")));
      List<String> second = readChunks(in);

      assertTrue(first.get(first.size() - 1).startsWith("event: error\n"));
      assertTrue(second.get(second.size() - 1).startsWith("event: message_stop\n"));
    }
  }

  @Test
  void cutClosesTheConnectionInsideTheBody() throws Exception {
    claude.enqueue(FakeResponse.text("One two three").withStreamCut(1));
    HttpResponse<InputStream> response = SseClient.open(claude.baseUrl(), SseClient.body("Hi"));
    SseClient.Reader reader = new SseClient.Reader(response.body());

    List<String> seen = new ArrayList<>();
    IOException failure =
        assertThrows(
            IOException.class,
            () -> assertTimeoutPreemptively(GUARD, () -> readInto(reader, seen)));

    // An IOException, not a clean end: the client can tell a cut from a finished body.
    assertTrue(failure instanceof IOException);
    // The JDK client may drop what it had buffered when the reset reaches it before the reader
    // does, so it sees a prefix of what was sent before the cut; never anything after it. The
    // exact bytes on the wire are checked with a raw socket below.
    List<String> sent =
        List.of("message_start", "content_block_start", "ping", "content_block_delta");
    assertEquals(sent.subList(0, seen.size()), seen, "seen " + seen);
  }

  @Test
  void cutOnTheWireIsAChunkedBodyWithoutItsLastChunk() throws Exception {
    claude.enqueue(FakeResponse.text("Hello there").withStreamCut(0));
    try (Socket socket = rawSocket()) {
      socket.getOutputStream().write(rawPost(SseClient.body("Hi")));
      InputStream in = socket.getInputStream();
      RawHttp.readHead(in);

      String chunk = readChunk(in);

      assertTrue(chunk.startsWith("event: message_start\n"));
      assertEquals(-1, in.read(), "closed after the chunk, without the last chunk");
    }
  }

  @Test
  void endFinishesTheBodyWithoutMessageStop() throws Exception {
    claude.enqueue(FakeResponse.text("One two three").withStreamEnd(1));

    assertEquals(
        List.of("message_start", "content_block_start", "ping", "content_block_delta"),
        names(readAll(SseClient.body("Hi"))));
  }

  @Test
  void theClientSeesTheFirstDeltaBeforeAPauseEnds() throws Exception {
    claude.enqueue(FakeResponse.text("Hello there").withStreamPause(1, FOREVER));
    HttpResponse<InputStream> response = SseClient.open(claude.baseUrl(), SseClient.body("Hi"));
    SseClient.Reader reader = new SseClient.Reader(response.body());

    List<SseClient.Event> firstFour = new ArrayList<>();
    assertTimeoutPreemptively(
        GUARD,
        () -> {
          for (int i = 0; i < 4; i++) {
            firstFour.add(reader.next());
          }
        });

    assertEquals("Hello", firstFour.get(3).text());
    claude.close();
    assertThrows(IOException.class, () -> assertTimeoutPreemptively(GUARD, reader::next));
  }

  @Test
  void aPauseHoldsTheRestBackForItsDuration() throws Exception {
    Duration pause = Duration.ofMillis(300);
    claude.enqueue(FakeResponse.text("Hello there").withStreamPause(1, pause));

    // Measured from before the request, so that the whole pause falls inside: a lower bound that
    // holds however slow the machine is.
    long before = System.nanoTime();
    HttpResponse<InputStream> response = SseClient.open(claude.baseUrl(), SseClient.body("Hi"));
    SseClient.Reader reader = new SseClient.Reader(response.body());
    for (int i = 0; i < 4; i++) {
      reader.next();
    }
    SseClient.Event second = reader.next();
    long waited = System.nanoTime() - before;

    assertEquals(" there", second.text());
    assertTrue(waited >= pause.toNanos(), "waited " + waited);
  }

  @Test
  void pausesBetweenEventsAddUp() throws Exception {
    Duration pause = Duration.ofMillis(40);
    claude.enqueue(FakeResponse.text("Hello there").withStreamPauseBetweenEvents(pause));

    long before = System.nanoTime();
    HttpResponse<InputStream> response = SseClient.open(claude.baseUrl(), SseClient.body("Hi"));
    List<SseClient.Event> events = SseClient.readAll(response.body());
    long waited = System.nanoTime() - before;

    assertEquals(HELLO_THERE, names(events));
    assertTrue(waited >= pause.toNanos() * (events.size() - 1), "waited " + waited);
  }

  @Test
  void aPauseBeforeEventKWaitsBeforeThatEvent() throws Exception {
    Duration pause = Duration.ofMillis(300);
    claude.enqueue(FakeResponse.text("Hello there").withStreamPauseBeforeEvent(0, pause));

    long before = System.nanoTime();
    HttpResponse<InputStream> response = SseClient.open(claude.baseUrl(), SseClient.body("Hi"));
    List<SseClient.Event> events = SseClient.readAll(response.body());
    long waited = System.nanoTime() - before;

    assertEquals(HELLO_THERE, names(events));
    assertTrue(waited >= pause.toNanos(), "waited " + waited);
  }

  @Test
  void stallAfterHeadersSendsTheHeadAndNoEventUntilClosed() throws Exception {
    claude.enqueue(FakeResponse.text("Hello there").withStallAfterHeaders());

    HttpResponse<InputStream> response =
        assertTimeoutPreemptively(
            GUARD, () -> SseClient.open(claude.baseUrl(), SseClient.body("Hi")));

    assertEquals(200, response.statusCode());
    assertEquals(
        "text/event-stream; charset=utf-8", response.headers().firstValue("content-type").get());
    awaitStalled();
    claude.close();
    SseClient.Reader reader = new SseClient.Reader(response.body());
    assertThrows(IOException.class, () -> assertTimeoutPreemptively(GUARD, reader::next));
  }

  @Test
  void stallAfterHeadersForAWhileThenStreams() throws Exception {
    claude.enqueue(FakeResponse.text("Hello there").withStallAfterHeaders(Duration.ofMillis(50)));

    assertEquals(HELLO_THERE, names(readAll(SseClient.body("Hi"))));
  }

  @Test
  void stallSendsNothingMoreUntilTheServerCloses() throws Exception {
    claude.enqueue(FakeResponse.text("One two three").withStreamStall(1));
    HttpResponse<InputStream> response = SseClient.open(claude.baseUrl(), SseClient.body("Hi"));
    SseClient.Reader reader = new SseClient.Reader(response.body());
    List<String> seen = new ArrayList<>();
    assertTimeoutPreemptively(
        GUARD,
        () -> {
          for (int i = 0; i < 4; i++) {
            seen.add(reader.next().name());
          }
        });
    List<Thread> stalled = awaitStalled();

    claude.close();

    assertThrows(IOException.class, () -> assertTimeoutPreemptively(GUARD, reader::next));
    assertEquals(
        List.of("message_start", "content_block_start", "ping", "content_block_delta"), seen);
    assertAllEnd(stalled);
  }

  @Test
  void aStallEndsWhenTheClientGoesAway() throws Exception {
    claude.enqueue(FakeResponse.text("One two three").withStreamStall(1));
    Socket socket = rawSocket();
    socket.getOutputStream().write(rawPost(SseClient.body("Hi")));
    RawHttp.readHead(socket.getInputStream());
    List<Thread> stalled = awaitStalled();

    socket.close();

    awaitNotServing(stalled);
  }

  @Test
  void closingTheResponseStreamOfAStalledStreamFreesTheServerThread() throws Exception {
    claude.enqueue(FakeResponse.text("One two three").withStreamStall(1));
    HttpResponse<InputStream> response = SseClient.open(claude.baseUrl(), SseClient.body("Hi"));
    new SseClient.Reader(response.body()).next();
    List<Thread> stalled = awaitStalled();

    response.body().close();

    awaitNotServing(stalled);
  }

  @Test
  void pingsInterleaved() throws Exception {
    claude.enqueue(FakeResponse.text("One two three").withStreamPingEvery(1));

    assertEquals(
        List.of(
            "message_start",
            "content_block_start",
            "ping",
            "content_block_delta",
            "ping",
            "content_block_delta",
            "ping",
            "content_block_delta",
            "ping",
            "content_block_stop",
            "message_delta",
            "message_stop"),
        names(readAll(SseClient.body("Hi"))));
  }

  @Test
  void anUnknownEventIsInsertedAsGivenWithOneDataLinePerLine() throws Exception {
    claude.enqueue(
        FakeResponse.text("Hello there")
            .withStreamEvent(1, "future_event", "{\"type\":\"future_event\"}")
            .withStreamEvent(1, "odd", "line one\nline two"));

    HttpResponse<String> response = SseClient.send(claude.baseUrl(), SseClient.body("Hi"));

    assertTrue(
        response
            .body()
            .contains(
                "\"text\":\"Hello\"}}\n\n"
                    + "event: future_event\ndata: {\"type\":\"future_event\"}\n\n"
                    + "event: odd\ndata: line one\ndata: line two\n\n"
                    + "event: content_block_delta\n"),
        response.body());
  }

  @Test
  void eventsOnTheWireAreOneChunkEachAndTheConnectionIsKeptAlive() throws Exception {
    try (Socket socket = rawSocket()) {
      InputStream in = socket.getInputStream();
      OutputStream out = socket.getOutputStream();

      out.write(rawPost(SseClient.body("Hi")));
      String head = RawHttp.readHead(in);
      List<String> chunks = readChunksAfterHead(in);
      out.write(rawPost(SseClient.body("Again")));
      List<String> again = readChunks(in);

      assertTrue(head.startsWith("HTTP/1.1 200 OK\r\n"), head);
      assertEquals("chunked", RawHttp.headers(head.split("\r\n")).get("transfer-encoding"));
      assertNull(RawHttp.headers(head.split("\r\n")).get("content-length"));
      assertEquals(9, chunks.size());
      for (String chunk : chunks) {
        assertTrue(chunk.startsWith("event: ") && chunk.endsWith("\n\n"), chunk);
        assertEquals(1, chunk.split("\n\n", -1).length - 1, chunk);
      }
      assertEquals(9, again.size());
    }
  }

  @Test
  void aTruncatedStreamStopsInsideAChunk() throws Exception {
    claude.enqueue(FakeResponse.text("Hello there").withTruncatedBody(10));
    try (Socket socket = rawSocket()) {
      socket.getOutputStream().write(rawPost(SseClient.body("Hi")));
      InputStream in = socket.getInputStream();
      RawHttp.readHead(in);

      String size = readLine(in);
      byte[] rest = in.readAllBytes();

      assertTrue(Integer.parseInt(size, 16) > 10);
      assertEquals("event: mes", new String(rest, StandardCharsets.UTF_8));
    }
  }

  @Test
  void streamFaultsSentToARequestThatDoesNotStreamAreReported() throws Exception {
    claude.enqueue(FakeResponse.text("Hello there").withStreamCut(1));

    HttpResponse<String> response =
        Messages.post(claude.baseUrl(), Messages.body("claude-sonnet-4-6", null, "Hi"));

    assertEquals("Hello there", Messages.text(response));
    AssertionError error = assertThrows(AssertionError.class, claude::verifyAllUsed);
    assertTrue(
        error
            .getMessage()
            .contains(
                "request req_fake_000001 (POST /v1/messages) did not ask to stream, so it got"
                    + " FakeResponse{200 message [\"Hello there\"], stop_reason=end_turn,"
                    + " stream: cut after 1 delta} as JSON, without its stream faults"),
        error.getMessage());
  }

  @Test
  void aStreamFaultOnANonStreamingRequestIsFineWhenUnfaulted() throws Exception {
    claude.enqueue(FakeResponse.text("Hello there").withDeltaChars(3));

    Messages.post(claude.baseUrl(), Messages.body("claude-sonnet-4-6", null, "Hi"));

    claude.verifyAllUsed();
  }

  private static String inputJsonDelta(String partialJson) {
    return "{\"type\":\"content_block_delta\",\"index\":3,"
        + "\"delta\":{\"type\":\"input_json_delta\",\"partial_json\":"
        + Messages.MAPPER.getNodeFactory().textNode(partialJson)
        + "}}";
  }

  private List<SseClient.Event> readAll(String body) throws Exception {
    return assertTimeoutPreemptively(
        GUARD, () -> SseClient.readAll(SseClient.open(claude.baseUrl(), body).body()));
  }

  private static void readInto(SseClient.Reader reader, List<String> names) throws IOException {
    for (SseClient.Event event = reader.next(); event != null; event = reader.next()) {
      names.add(event.name());
    }
  }

  private Socket rawSocket() throws IOException {
    Socket socket = new Socket("127.0.0.1", claude.port());
    socket.setSoTimeout((int) GUARD.toMillis());
    return socket;
  }

  private static byte[] rawPost(String body) {
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    String head =
        "POST /v1/messages HTTP/1.1\r\nHost: 127.0.0.1\r\nx-api-key: k\r\n"
            + "anthropic-version: 2026-10-21\r\ncontent-length: "
            + bytes.length
            + "\r\n\r\n";
    byte[] request =
        Arrays.copyOf(head.getBytes(StandardCharsets.US_ASCII), head.length() + bytes.length);
    System.arraycopy(bytes, 0, request, head.length(), bytes.length);
    return request;
  }

  /** The chunks of one chunked response, head included, up to its last chunk. */
  private static List<String> readChunks(InputStream in) throws IOException {
    RawHttp.readHead(in);
    return readChunksAfterHead(in);
  }

  private static List<String> readChunksAfterHead(InputStream in) throws IOException {
    List<String> chunks = new ArrayList<>();
    for (String chunk = readChunk(in); chunk != null; chunk = readChunk(in)) {
      chunks.add(chunk);
    }
    return chunks;
  }

  /** One chunk's payload, or {@code null} for the last chunk. */
  private static String readChunk(InputStream in) throws IOException {
    int size = Integer.parseInt(readLine(in), 16);
    byte[] payload = in.readNBytes(size);
    assertEquals("", readLine(in));
    return size == 0 ? null : new String(payload, StandardCharsets.UTF_8);
  }

  private static String readLine(InputStream in) throws IOException {
    StringBuilder line = new StringBuilder();
    for (int b = in.read(); b != '\n'; b = in.read()) {
      if (b == -1) {
        throw new IOException("EOF in line: " + line);
      }
      if (b != '\r') {
        line.append((char) b);
      }
    }
    return line.toString();
  }

  /** The server threads holding a stalled connection open, once there is one. */
  private List<Thread> awaitStalled() throws InterruptedException {
    long deadline = System.nanoTime() + GUARD.toNanos();
    while (System.nanoTime() < deadline) {
      List<Thread> stalled =
          serverThreads().stream()
              .filter(
                  t ->
                      Arrays.stream(t.getStackTrace())
                          .anyMatch(f -> f.getMethodName().equals("holdOpen")))
              .collect(Collectors.toList());
      if (!stalled.isEmpty()) {
        return stalled;
      }
      Thread.sleep(5);
    }
    throw new AssertionError("No server thread stalled within " + GUARD);
  }

  private List<Thread> serverThreads() {
    String prefix = "FakeClaude-" + claude.port() + "-";
    return Thread.getAllStackTraces().keySet().stream()
        .filter(t -> t.getName().startsWith(prefix))
        .collect(Collectors.toList());
  }

  /** Waits until none of {@code threads} serves a connection any more (pool threads stay). */
  private static void awaitNotServing(List<Thread> threads) throws InterruptedException {
    long deadline = System.nanoTime() + GUARD.toNanos();
    while (threads.stream().anyMatch(StreamingTest::serving)) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("Still serving after " + GUARD + ": " + threads);
      }
      Thread.sleep(5);
    }
  }

  private static boolean serving(Thread thread) {
    return Arrays.stream(thread.getStackTrace())
        .anyMatch(
            f ->
                f.getClassName().equals(FakeClaude.class.getName())
                    && f.getMethodName().equals("serve"));
  }

  private static void assertAllEnd(List<Thread> threads) throws InterruptedException {
    for (Thread thread : threads) {
      thread.join(GUARD.toMillis());
      assertFalse(thread.isAlive(), thread + " still running");
    }
  }
}
