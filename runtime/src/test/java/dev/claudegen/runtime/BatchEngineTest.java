package dev.claudegen.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import dev.claudegen.annotations.ErrorKind;
import java.io.IOException;
import java.net.ConnectException;
import java.net.http.HttpHeaders;
import java.net.http.HttpTimeoutException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

/** The batch engine over a scripted in-memory transport, with the test clock and sleeper. */
class BatchEngineTest {

  /** Answers from a script, in order, and records every request. */
  static final class Scripted implements Transport {
    final List<Request> requests = new CopyOnWriteArrayList<>();
    final Deque<Object> script = new ArrayDeque<>();
    StreamedResponse stream;

    Scripted then(Object answer) {
      script.add(answer);
      return this;
    }

    @Override
    public Response send(Request request) throws IOException {
      requests.add(request);
      Object next = script.poll();
      if (next == null) {
        throw new AssertionError("unscripted " + request);
      }
      if (next instanceof IOException e) {
        throw e;
      }
      return (Response) next;
    }

    @Override
    public StreamedResponse openStream(Request request) throws IOException {
      requests.add(request);
      Object next = script.poll();
      if (next instanceof IOException e) {
        throw e;
      }
      if (next instanceof StreamedResponse s) {
        return s;
      }
      return new WholeBody((Response) next);
    }

    List<String> lines() {
      List<String> shown = new ArrayList<>();
      for (Request r : requests) {
        shown.add(r.method() + " " + r.uri().getPath() + (r.uri().getQuery() == null ? "" : "?" + r.uri().getQuery()));
      }
      return shown;
    }
  }

  static Transport.Response json(int status, String body, String... headers) {
    Map<String, List<String>> map = new java.util.HashMap<>();
    for (int i = 0; i < headers.length; i += 2) {
      map.put(headers[i], List.of(headers[i + 1]));
    }
    return new Transport.Response(
        status, HttpHeaders.of(map, (a, b) -> true), body.getBytes(StandardCharsets.UTF_8));
  }

  static String batch(String id, String status, int processing, int succeeded) {
    return "{\"id\":\""
        + id
        + "\",\"type\":\"message_batch\",\"processing_status\":\""
        + status
        + "\",\"request_counts\":{\"processing\":"
        + processing
        + ",\"succeeded\":"
        + succeeded
        + ",\"errored\":0,\"canceled\":0,\"expired\":0},\"ended_at\":null,"
        + "\"created_at\":\"" + TestClock.START + "\",\"expires_at\":null}";
  }

  static String error(String type, String message) {
    return "{\"type\":\"error\",\"error\":{\"type\":\"" + type + "\",\"message\":\"" + message + "\"}}";
  }

  final TestClock clock = new TestClock();
  final RecordingSleeper sleeper = new RecordingSleeper(clock);
  final Scripted transport = new Scripted();

  <T> BatchMethod<T> method(CallSpec spec, ReplyDecoder<T> decoder) {
    return new TestBuilder()
        .apiKey(TestBuilder.KEY)
        .baseUrl("https://api.anthropic.com")
        .transport(transport)
        .timed(sleeper)
        .client()
        .batch(spec, decoder);
  }

  BatchMethod<String> method() {
    return method(TestBuilder.spec().build(), ReplyDecoder.TEXT);
  }

  @Test
  void draftRefusesBadAndRepeatedIdsBadPromptsEmptyAndSecondSubmit() {
    TextDraft<String> draft = new TextDraft<>(method());
    IllegalArgumentException bad =
        assertThrows(IllegalArgumentException.class, () -> draft.add("no spaces", "q"));
    assertTrue(bad.getMessage().contains("'no spaces'"), bad.getMessage());
    assertTrue(bad.getMessage().contains(TestBuilder.METHOD), bad.getMessage());
    assertThrows(IllegalArgumentException.class, () -> draft.add("x".repeat(65), "q"));
    assertThrows(IllegalArgumentException.class, () -> draft.add("t-1", "  "));
    assertThrows(NullPointerException.class, () -> draft.add("t-1", null));
    assertThrows(IllegalStateException.class, draft::submit);
    draft.add("t-1", "q");
    IllegalArgumentException repeated =
        assertThrows(IllegalArgumentException.class, () -> draft.add("t-1", "q"));
    assertTrue(repeated.getMessage().contains("'t-1'"), repeated.getMessage());
    assertEquals(1, draft.size());
    transport.then(json(200, batch("msgbatch_1", "in_progress", 1, 0)));
    assertEquals("msgbatch_1", draft.submit().id());
    assertThrows(IllegalStateException.class, draft::submit);
    assertThrows(IllegalStateException.class, () -> draft.add("t-2", "q"));
  }

  @Test
  void bodyHoldsEachEntrysCallBodyWithoutStream() throws IOException {
    CallSpec spec = TestBuilder.spec().temperature(0.5).build();
    BatchMethod<String> method = method(spec, ReplyDecoder.TEXT);
    transport.then(json(200, batch("msgbatch_1", "in_progress", 2, 0)));
    new TextDraft<>(method).add("a", "first").add("b", "second").submit();

    Transport.Request create = transport.requests.get(0);
    assertEquals("POST", create.method());
    assertEquals("/v1/messages/batches", create.uri().getPath());
    String body = new String(create.body(), StandardCharsets.UTF_8);
    String first = new String(MessagesJson.request(spec, spec.model(), Prompt.of(null, "first"), false), StandardCharsets.UTF_8);
    String second = new String(MessagesJson.request(spec, spec.model(), Prompt.of(null, "second"), false), StandardCharsets.UTF_8);
    assertEquals(
        "{\"requests\":[{\"custom_id\":\"a\",\"params\":" + first + "},{\"custom_id\":\"b\",\"params\":" + second + "}]}",
        body);
    assertFalse(body.contains("\"stream\""));
    try (JsonParser json = new JsonFactory().createParser(create.body())) {
      while (json.nextToken() != null) {} // valid JSON throughout
    }
    assertTrue(create.timeout().compareTo(Duration.ofMinutes(10)) >= 0);
  }

  @Test
  void splitsByCountAndByBytesAndResumeJoinsTheParts() {
    BatchMethod<String> byCount = method().withLimits(2, BatchDraft.MAX_BYTES);
    TextDraft<String> draft = new TextDraft<>(byCount);
    draft.add("a", "1").add("b", "2").add("c", "3");
    assertEquals(2, draft.parts());
    transport.then(json(200, batch("msgbatch_1", "in_progress", 2, 0)))
        .then(json(200, batch("msgbatch_2", "in_progress", 1, 0)));
    MessageBatch<String> batch = draft.submit();
    assertEquals("msgbatch_1,msgbatch_2", batch.id());
    assertEquals(batch.batchIds(), byCount.resume(batch.id()).batchIds());
    String second = new String(transport.requests.get(1).body(), StandardCharsets.UTF_8);
    assertTrue(second.startsWith("{\"requests\":[{\"custom_id\":\"c\""), second);

    int one = new String(MessagesJson.request(TestBuilder.spec().build(), TestBuilder.MODEL, Prompt.of(null, "1"), false), StandardCharsets.UTF_8).length();
    long entry = "{\"custom_id\":\"a\",\"params\":".length() + one + 1;
    BatchMethod<String> byBytes = method().withLimits(100, "{\"requests\":[".length() + 2 * entry + 1 + 2);
    TextDraft<String> sized = new TextDraft<>(byBytes);
    sized.add("a", "1").add("b", "2").add("c", "3");
    assertEquals(2, sized.parts());
    BatchMethod<String> tiny = method().withLimits(100, 50);
    assertThrows(IllegalArgumentException.class, () -> new TextDraft<>(tiny).add("a", "1"));
    assertThrows(IllegalArgumentException.class, () -> byCount.resume("msgbatch_1,,x"));
    assertThrows(IllegalArgumentException.class, () -> byCount.resume("a b"));
  }

  @Test
  void createIsRetriedOn429HonouringRetryAfterOn529AndOnARefusedConnection() {
    transport
        .then(json(429, error("rate_limit_error", "slow"), "retry-after", "7"))
        .then(json(529, error("overloaded_error", "busy")))
        .then(new ConnectException("refused"))
        .then(json(200, batch("msgbatch_1", "in_progress", 1, 0)));
    CallSpec spec =
        TestBuilder.spec()
            .retry(RetrySchedule.on(ErrorKind.RATE_LIMIT, ErrorKind.OVERLOADED, ErrorKind.CONNECTION).maxAttempts(5).build())
            .build();
    MessageBatch<String> batch = new TextDraft<>(method(spec, ReplyDecoder.TEXT)).add("a", "q").submit();
    assertEquals("msgbatch_1", batch.id());
    assertEquals(4, transport.requests.size());
    assertEquals(Duration.ofSeconds(7), sleeper.waits().get(0));
    assertEquals(3, sleeper.waits().size());
  }

  @Test
  void lostCreateIsNotSentAgainAndListsCandidates() {
    transport
        .then(json(500, error("api_error", "oops")))
        .then(
            json(
                200,
                "{\"data\":["
                    + batch("msgbatch_mine", "in_progress", 1, 0)
                    + ","
                    + batch("msgbatch_other", "in_progress", 3, 0)
                    + "],\"has_more\":false}"));
    TextDraft<String> draft = new TextDraft<>(method());
    draft.add("a", "q");

    BatchSubmitException e = assertThrows(BatchSubmitException.class, draft::submit);

    assertTrue(e.uncertain());
    assertEquals(List.of("msgbatch_mine"), e.candidates().stream().map(BatchStatus::id).toList());
    assertEquals(List.of("POST /v1/messages/batches", "GET /v1/messages/batches?limit=100"), transport.lines());
    assertEquals(TestClock.START, e.sentAt());
    assertTrue(e.getMessage().contains("resume(\"msgbatch_mine\")"), e.getMessage());
    assertEquals(500, e.statusCode());
  }

  @Test
  void timeoutResetAndUnreadable2xxAreUncertainAndAFailedListingGivesNoCandidates() {
    for (Object lost :
        List.of(
            new HttpTimeoutException("late"),
            new IOException("connection reset"),
            json(200, "<html>"))) {
      transport.requests.clear();
      transport.then(lost).then(json(503, error("api_error", "down")));
      TextDraft<String> draft = new TextDraft<>(method());
      draft.add("a", "q");
      BatchSubmitException e = assertThrows(BatchSubmitException.class, draft::submit);
      assertTrue(e.uncertain(), e.getMessage());
      assertEquals(List.of(), e.candidates());
      assertEquals(2, transport.requests.size(), transport.lines().toString());
      assertEquals("POST", transport.requests.get(0).method());
      assertEquals("GET", transport.requests.get(1).method());
    }
  }

  @Test
  void laterPartFailingNamesTheCreatedOnes() {
    transport
        .then(json(200, batch("msgbatch_1", "in_progress", 1, 0)))
        .then(json(401, error("authentication_error", "bad key")));
    TextDraft<String> draft = new TextDraft<>(method().withLimits(1, BatchDraft.MAX_BYTES));
    draft.add("a", "q").add("b", "q").add("c", "q");

    BatchSubmitException e = assertThrows(BatchSubmitException.class, draft::submit);

    assertFalse(e.uncertain());
    assertEquals(List.of("msgbatch_1"), e.createdBatchIds());
    assertEquals(2, e.unsubmittedRequests());
    assertEquals("b", e.firstUnsubmittedCustomId());
    assertSame(AuthenticationException.class, e.getCause().getClass());
  }

  @Test
  void awaitBacksOffHonoursRetryAfterPollsThroughTransientErrors() {
    transport
        .then(json(200, batch("msgbatch_1", "in_progress", 1, 0)))
        .then(json(200, batch("msgbatch_1", "in_progress", 1, 0)))
        .then(json(529, error("overloaded_error", "busy")))
        .then(new IOException("reset"))
        .then(json(200, batch("msgbatch_1", "in_progress", 1, 0), "retry-after", "30"))
        .then(json(200, batch("msgbatch_1", "ended", 0, 1)));

    BatchStatus status = method().resume("msgbatch_1").await(Duration.ofHours(1));

    assertTrue(status.ended());
    assertEquals(1, status.succeeded());
    assertEquals(
        List.of(
            Duration.ofSeconds(1),
            Duration.ofSeconds(2),
            Duration.ofSeconds(4),
            Duration.ofSeconds(8),
            Duration.ofSeconds(30)),
        sleeper.waits());
    assertEquals("GET /v1/messages/batches/msgbatch_1", transport.lines().get(0));
  }

  @Test
  void awaitThrowsDefiniteErrorsAtOnceAndTimesOutNamingTheCounts() {
    transport.then(json(401, error("authentication_error", "no")));
    assertThrows(AuthenticationException.class, () -> method().resume("msgbatch_1").await(Duration.ofHours(1)));
    assertEquals(List.of(), sleeper.waits());

    for (int i = 0; i < 10; i++) {
      transport.then(json(200, batch("msgbatch_1", "in_progress", 4, 1)));
    }
    ClaudeTimeoutException e =
        assertThrows(
            ClaudeTimeoutException.class,
            () -> method().resume("msgbatch_1").await(Duration.ofSeconds(10)));
    assertTrue(e.getMessage().contains("msgbatch_1"), e.getMessage());
    assertTrue(e.getMessage().contains("4 processing, 1 succeeded"), e.getMessage());
    assertEquals(Duration.ofSeconds(10), clock.elapsed());
    assertEquals(List.of(Duration.ofSeconds(1), Duration.ofSeconds(2), Duration.ofSeconds(4), Duration.ofSeconds(3)), sleeper.waits());
  }

  @Test
  void cancelPostsForPartsNotEnded() {
    transport
        .then(json(200, batch("msgbatch_1", "ended", 0, 1)))
        .then(json(200, batch("msgbatch_2", "in_progress", 2, 0)))
        .then(json(200, batch("msgbatch_2", "canceling", 2, 0)));

    BatchStatus status = method().resume("msgbatch_1,msgbatch_2").cancel();

    assertEquals("canceling", status.processingStatus());
    assertEquals(3, status.total());
    assertEquals("POST /v1/messages/batches/msgbatch_2/cancel", transport.lines().get(2));
  }

  static final String MESSAGE =
      "{\"id\":\"msg_1\",\"type\":\"message\",\"role\":\"assistant\",\"model\":\"m\","
          + "\"content\":[{\"type\":\"text\",\"text\":\"%s\"}],\"stop_reason\":\"%s\","
          + "\"usage\":{\"input_tokens\":1,\"output_tokens\":2}}";

  static String succeeded(String id, String text, String stop) {
    return "{\"custom_id\":\"" + id + "\",\"result\":{\"type\":\"succeeded\",\"message\":"
        + String.format(MESSAGE, text, stop) + "}}\n";
  }

  @Test
  void everyResultTypeIsMapped() {
    String jsonl =
        succeeded("ok", "fine", "end_turn")
            + succeeded("no", "I can't", "refusal")
            + "{\"custom_id\":\"err\",\"result\":{\"type\":\"errored\",\"error\":"
            + "{\"type\":\"error\",\"error\":{\"type\":\"overloaded_error\",\"message\":\"busy\"},"
            + "\"request_id\":\"req_9\"}}}\n"
            + "{\"custom_id\":\"flat\",\"result\":{\"type\":\"errored\",\"error\":"
            + "{\"type\":\"invalid_request_error\",\"message\":\"key test-key bad\"}}}\n"
            + "{\"custom_id\":\"can\",\"result\":{\"type\":\"canceled\"}}\r\n"
            + "{\"custom_id\":\"exp\",\"result\":{\"type\":\"expired\"}}";
    transport
        .then(json(200, batch("msgbatch_1", "ended", 0, 6)))
        .then(json(200, jsonl, "content-type", "application/x-jsonl"));

    Map<String, BatchResult<String>> results = new java.util.HashMap<>();
    try (BatchResults<String> all = method().resume("msgbatch_1").results()) {
      all.forEach(r -> results.put(r.customId(), r));
    }

    assertEquals("fine", results.get("ok").payload());
    assertTrue(results.get("ok").reply().isPresent());
    assertEquals(BatchResult.Status.SUCCEEDED, results.get("no").status());
    assertThrows(ClaudeOutputException.class, results.get("no")::payload);
    OverloadedException busy = assertThrows(OverloadedException.class, results.get("err")::payload);
    assertEquals(529, busy.statusCode());
    assertEquals("req_9", busy.requestId());
    BadRequestException flat = assertThrows(BadRequestException.class, results.get("flat")::payload);
    assertFalse(flat.getMessage().contains(TestBuilder.KEY), flat.getMessage());
    assertThrows(BatchCanceledException.class, results.get("can")::payload);
    assertThrows(BatchExpiredException.class, results.get("exp")::payload);
    assertEquals("GET /v1/messages/batches/msgbatch_1/results", transport.lines().get(1));
  }

  @Test
  void aStructuredDecoderAndReplyDecodeResults() {
    transport
        .then(json(200, batch("msgbatch_1", "ended", 0, 1)))
        .then(json(200, succeeded("r", "hello", "end_turn")));
    BatchResult<Reply> reply =
        method(TestBuilder.spec().build(), ReplyDecoder.REPLY).resume("msgbatch_1").results().iterator().next();
    assertEquals("hello", reply.payload().text());
    assertEquals(2, reply.payload().usage().outputTokens());
  }

  @Test
  void resultsBeforeTheEndAreRefused() {
    transport.then(json(200, batch("msgbatch_1", "in_progress", 3, 0)));
    IllegalStateException e =
        assertThrows(IllegalStateException.class, () -> method().resume("msgbatch_1").results());
    assertTrue(e.getMessage().contains("3 processing"), e.getMessage());
  }

  /** A body of generated lines, cut (IOException) after {@code cutAfter} lines when set. */
  static final class Lines implements Transport.StreamedResponse {
    final int count;
    final int cutAfter;
    int served;

    Lines(int count, int cutAfter) {
      this.count = count;
      this.cutAfter = cutAfter;
    }

    @Override
    public int statusCode() {
      return 200;
    }

    @Override
    public HttpHeaders headers() {
      return HttpHeaders.of(Map.of(), (a, b) -> true);
    }

    @Override
    public ByteBuffer next(Duration timeout) throws IOException {
      if (served == cutAfter) {
        throw new IOException("connection reset");
      }
      if (served == count) {
        return null;
      }
      return ByteBuffer.wrap(succeeded("t-" + served++, "x", "end_turn").getBytes(StandardCharsets.UTF_8));
    }

    @Override
    public void close() {}
  }

  @Test
  void aCutStreamIsRequestedAgainAndDeliveredLinesSkipped() {
    transport
        .then(json(200, batch("msgbatch_1", "ended", 0, 5)))
        .then(new Lines(5, 3))
        .then(new Lines(5, -1));
    List<String> ids = new ArrayList<>();
    for (BatchResult<String> r : method().resume("msgbatch_1").results()) {
      ids.add(r.customId());
    }
    assertEquals(List.of("t-0", "t-1", "t-2", "t-3", "t-4"), ids);
    assertEquals(3, transport.requests.size());
  }

  @Test
  void aStreamCutEveryTimeEndsWithAConnectionExceptionCountingDelivered() {
    transport.then(json(200, batch("msgbatch_1", "ended", 0, 5)));
    for (int i = 0; i < 10; i++) {
      transport.then(new Lines(5, 2));
    }
    java.util.Iterator<BatchResult<String>> it = method().resume("msgbatch_1").results().iterator();
    it.next();
    it.next();
    ClaudeConnectionException e = assertThrows(ClaudeConnectionException.class, it::next);
    assertTrue(e.getMessage().contains("after 2 results"), e.getMessage());
  }

  @Test
  void twoHundredThousandResultsAreReadOneAtATime() {
    transport.then(json(200, batch("msgbatch_1", "ended", 0, 200_000))).then(new Lines(200_000, -1));
    long count = 0;
    String last = null;
    for (BatchResult<String> r : method().resume("msgbatch_1").results()) {
      count++;
      last = r.payload();
    }
    assertEquals(200_000, count);
    assertEquals("x", last);
    assertNull(transport.script.poll());
  }
}
