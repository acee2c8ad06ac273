package dev.claudegen.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.claudegen.runtime.Tickets.Priority;
import dev.claudegen.runtime.Tickets.Ticket;
import dev.claudegen.testing.FakeClaude;
import dev.claudegen.testing.FakeClaudeExtension;
import dev.claudegen.testing.FakeResponse;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * {@link ClaudeCall#streamItems} against FakeClaude over loopback: elements as soon as their JSON
 * is complete, whatever the deltas' sizes, and a typed failure after the elements delivered.
 */
@ExtendWith(FakeClaudeExtension.class)
class StreamItemsTest {

  private static final Prompt PROMPT = Prompt.of(null, "triage these");
  private static final String T0 = Tickets.ticket("Login fails", "HIGH", 1);
  private static final String T1 = Tickets.ticket("Caf\u00e9 menu \uD83D\uDE00", "low", 2);
  private static final String T2 = Tickets.ticket("Slow page", "Medium", 3);
  private static final List<Ticket> TICKETS =
      List.of(
          new Ticket("Login fails", Priority.HIGH, 1, Optional.empty()),
          new Ticket("Caf\u00e9 menu \uD83D\uDE00", Priority.LOW, 2, Optional.empty()),
          new Ticket("Slow page", Priority.MEDIUM, 3, Optional.empty()));

  private final EventRecorder events = new EventRecorder();

  private ClaudeCall<String> call(FakeClaude fake, long idleMillis) {
    return TestBuilder.against(fake)
        .listener(events)
        .client()
        .bind(
            TestBuilder.once()
                .timeoutMillis(idleMillis)
                .outputSchema(StructuredOutputTest.SCHEMA)
                .build());
  }

  private Stream<Ticket> items(FakeClaude fake) {
    return call(fake, 5_000).streamItems(PROMPT, "items", Tickets::readTicket);
  }

  private static String items(String... elements) {
    return "{\"items\":[" + String.join(",", elements) + "]}";
  }

  @Test
  void everyElementArrivesInOrderWhateverTheDeltas(FakeClaude fake) {
    String text =
        " {\"before\":{\"items\":[1]},\"items\":["
            + T0
            + " , "
            + T1
            + ","
            + T2
            + "],\"after\":[{}]}\n";
    for (int chars : new int[] {1, 2, 3, 7, 64, 10_000}) {
      fake.enqueue(FakeResponse.text(text).withDeltaChars(chars));
      try (Stream<Ticket> tickets = items(fake)) {
        assertEquals(TICKETS, tickets.collect(Collectors.toList()), "deltas of " + chars);
      }
    }
    assertTrue(fake.takeRequest().stream());
    assertEquals(0, events.of(ClaudeListener.CallCancelled.class).size());
    assertEquals(0, events.of(ClaudeListener.CallFailed.class).size());
  }

  /**
   * A surrogate pair split between two deltas, as the API may send it (each half a JSON escape):
   * FakeClaude cannot write a lone half, so a bare loopback server does.
   */
  @Test
  void aSurrogatePairSplitBetweenDeltasIsJoined() throws Exception {
    try (ServerSocket server = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      Thread serving =
          new Thread(
              () -> {
                try (Socket socket = server.accept()) {
                  StreamingTest.readRequest(socket.getInputStream());
                  OutputStream out = socket.getOutputStream();
                  out.write(
                      ("HTTP/1.1 200 OK\r\ncontent-type: text/event-stream\r\n"
                              + "transfer-encoding: chunked\r\n\r\n")
                          .getBytes(StandardCharsets.US_ASCII));
                  StreamingTest.writeChunk(
                      out,
                      StreamingTest.STREAM_HEAD
                          + StreamingTest.delta(
                              "{\\\"items\\\":[{\\\"summary\\\":\\\"Caf\u00e9 menu \\ud83d")
                          + StreamingTest.delta(
                              "\\ude00\\\",\\\"priority\\\":\\\"low\\\",\\\"count\\\":2}]}")
                          + "event: content_block_stop\n"
                          + "data: {\"type\":\"content_block_stop\",\"index\":0}\n\n"
                          + "event: message_delta\n"
                          + "data: {\"type\":\"message_delta\",\"delta\":{\"stop_reason\":"
                          + "\"end_turn\"},\"usage\":{\"output_tokens\":9}}\n\n"
                          + "event: message_stop\ndata: {\"type\":\"message_stop\"}\n\n");
                  out.write("0\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
                  out.flush();
                  socket.getInputStream().read(); // until the client goes away
                } catch (IOException e) {
                  // The client went away.
                }
              });
      serving.setDaemon(true);
      serving.start();
      ClaudeCall<String> call =
          new TestBuilder()
              .apiKey(TestBuilder.KEY)
              .baseUrl("http://127.0.0.1:" + server.getLocalPort())
              .client()
              .bind(TestBuilder.once().timeoutMillis(5_000).build());
      try (Stream<Ticket> tickets = call.streamItems(PROMPT, "items", Tickets::readTicket)) {
        assertEquals(List.of(TICKETS.get(1)), tickets.collect(Collectors.toList()));
      }
    }
  }

  @Test
  void anEmptyArrayIsAnEmptyStream(FakeClaude fake) {
    fake.enqueue(FakeResponse.text(items()).withDeltaChars(2));
    try (Stream<Ticket> tickets = items(fake)) {
      assertEquals(0, tickets.count());
    }
  }

  @Test
  void elementsArriveWhileTheRestIsNotYetWritten(FakeClaude fake) {
    String text = items(T0, T1, T2);
    int chars = 5;
    // Deltas count code points; T1's emoji is two chars.
    int secondEnds = text.codePointCount(0, text.indexOf(T2) - 1); // T1's closing brace included
    int deltas = (secondEnds + chars - 1) / chars;
    // The server sends the deltas up to the second element's end, then nothing until closed.
    fake.enqueue(FakeResponse.text(text).withDeltaChars(chars).withStreamStall(deltas));
    long started = System.nanoTime();
    try (Stream<Ticket> tickets =
        call(fake, 3_000).streamItems(PROMPT, "items", Tickets::readTicket)) {
      Iterator<Ticket> iterator = tickets.iterator();
      assertEquals(TICKETS.get(0), iterator.next());
      assertEquals(TICKETS.get(1), iterator.next());
      assertTrue(System.nanoTime() - started < 2_000_000_000L, "waited for the stalled stream");
    }
    // Closing before the end aborts the exchange.
    assertEquals(1, events.of(ClaudeListener.CallCancelled.class).size());
  }

  @Test
  void aMismatchInTheThirdElementIsThrownAfterTheFirstTwo(FakeClaude fake) {
    String bad = "{\"summary\":\"x\",\"priority\":\"urgent\",\"count\":3}";
    String text = items(T0, T1, bad, T2);
    fake.enqueue(FakeResponse.text(text).withDeltaChars(4));
    List<Ticket> received = new ArrayList<>();
    try (Stream<Ticket> tickets = items(fake)) {
      Iterator<Ticket> iterator = tickets.iterator();
      ClaudeOutputException e =
          assertThrows(
              ClaudeOutputException.class,
              () -> {
                while (iterator.hasNext()) {
                  received.add(iterator.next());
                }
              });
      assertEquals(TICKETS.subList(0, 2), received);
      assertEquals("$.items[2].priority", e.path());
      assertEquals(text, e.text());
      assertEquals("end_turn", e.stopReason());
      assertEquals("req_fake_000001", e.requestId());
      assertTrue(
          e.getMessage()
              .contains(
                  TestBuilder.METHOD
                      + ": the reply's JSON does not fit the element type: expected one of LOW,"
                      + " MEDIUM, HIGH, got \"urgent\" (at $.items[2].priority)"),
          e.getMessage());
      assertSame(e, assertThrows(ClaudeOutputException.class, iterator::hasNext));
      List<ClaudeListener.CallFailed> failures = events.of(ClaudeListener.CallFailed.class);
      assertEquals(1, failures.size());
      assertSame(e, failures.get(0).error());
    }
    assertEquals(0, events.of(ClaudeListener.CallCancelled.class).size());
    assertEquals(1, fake.requestCount());
  }

  @Test
  void invalidJsonMidArrayIsThrownWithWhereItStopped(FakeClaude fake) {
    String text = "{\"items\":[" + T0 + ",{\"summary\":\"x\",\"priority\":LOW}]}";
    fake.enqueue(FakeResponse.text(text).withDeltaChars(3));
    try (Stream<Ticket> tickets = items(fake)) {
      Iterator<Ticket> iterator = tickets.iterator();
      assertEquals(TICKETS.get(0), iterator.next());
      ClaudeOutputException e = assertThrows(ClaudeOutputException.class, iterator::next);
      assertEquals("$.items[1].priority", e.path());
      assertTrue(e.getMessage().contains("not valid JSON"), e.getMessage());
    }
  }

  @Test
  void aCutMidArrayThrowsAfterTheItemsDelivered(FakeClaude fake) {
    String text = "{\"items\":[" + T0 + "," + T1 + ",{\"summary\":\"Slo";
    fake.enqueue(FakeResponse.text(text).withDeltaChars(6).withStopReason("max_tokens"));
    List<Ticket> received = new ArrayList<>();
    try (Stream<Ticket> tickets = items(fake)) {
      ClaudeOutputException e =
          assertThrows(ClaudeOutputException.class, () -> tickets.forEach(received::add));
      assertEquals(TICKETS.subList(0, 2), received);
      assertNull(e.path());
      assertEquals("max_tokens", e.stopReason());
      assertEquals(text, e.text());
      assertTrue(
          e.getMessage().contains("the reply was cut at max_tokens after 2 items (1024)"),
          e.getMessage());
      assertTrue(e.getMessage().contains("raise maxTokens"), e.getMessage());
    }
  }

  @Test
  void aCutAfterTheArrayStillThrows(FakeClaude fake) {
    fake.enqueue(FakeResponse.text(items(T0)).withStopReason("max_tokens"));
    try (Stream<Ticket> tickets = items(fake)) {
      ClaudeOutputException e =
          assertThrows(ClaudeOutputException.class, () -> tickets.collect(Collectors.toList()));
      assertTrue(e.getMessage().contains("cut at max_tokens after 1 item ("), e.getMessage());
    }
  }

  @Test
  void aRefusalThrowsAsARefusal(FakeClaude fake) {
    fake.enqueue(FakeResponse.text("I can't help with that request.").withStopReason("refusal"));
    try (Stream<Ticket> tickets = items(fake)) {
      ClaudeOutputException e =
          assertThrows(ClaudeOutputException.class, () -> tickets.collect(Collectors.toList()));
      assertEquals("refusal", e.stopReason());
      assertNull(e.path());
      assertEquals("I can't help with that request.", e.text());
      assertTrue(e.getMessage().contains("the model refused to answer"), e.getMessage());
    }
  }

  @Test
  void aRefusalAfterSomeElementsThrowsAfterThem(FakeClaude fake) {
    fake.enqueue(FakeResponse.text(items(T0)).withDeltaChars(8).withStopReason("refusal"));
    try (Stream<Ticket> tickets = items(fake)) {
      Iterator<Ticket> iterator = tickets.iterator();
      assertEquals(TICKETS.get(0), iterator.next());
      ClaudeOutputException e = assertThrows(ClaudeOutputException.class, iterator::hasNext);
      assertEquals("refusal", e.stopReason());
    }
  }

  @Test
  void aRootThatIsNotTheExpectedObjectIsAMismatch(FakeClaude fake) {
    fake.enqueue(
        FakeResponse.text("[" + T0 + "]"),
        FakeResponse.text("{\"items\":" + T0 + "}"),
        FakeResponse.text("{\"tickets\":[]}"),
        FakeResponse.text(items(T0) + " and more"),
        FakeResponse.text("{\"items\":[" + T0).withDeltaChars(5));
    String[] paths = {"$", "$.items", "$", "$", "$.items[1]"};
    String[] problems = {
      "expected an object, got an array",
      "expected an array, got an object",
      "missing required property 'items'",
      "not valid JSON",
      "the JSON ends early"
    };
    for (int i = 0; i < paths.length; i++) {
      try (Stream<Ticket> tickets = items(fake)) {
        ClaudeOutputException e =
            assertThrows(ClaudeOutputException.class, () -> tickets.collect(Collectors.toList()));
        assertEquals(paths[i], e.path(), e.getMessage());
        assertTrue(e.getMessage().contains(problems[i]), e.getMessage());
      }
    }
  }

  @Test
  void aStreamCutByTheNetworkThrowsWhatStreamTextThrows(FakeClaude fake) {
    fake.enqueue(FakeResponse.text(items(T0, T1, T2)).withDeltaChars(10).withStreamCut(12));
    List<Ticket> received = new ArrayList<>();
    try (Stream<Ticket> tickets = items(fake)) {
      ClaudeException e = assertThrows(ClaudeException.class, () -> tickets.forEach(received::add));
      assertInstanceOf(ClaudeConnectionException.class, e);
      assertFalse(received.isEmpty());
    }
  }
}
