package dev.claudegen.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class SseParserTest {

  /** Each event as {@code name=data}, the data decoded as UTF-8. */
  static final class Recorder implements SseParser.Listener {
    final List<String> events = new ArrayList<>();
    final List<String> names = new ArrayList<>();

    @Override
    public void event(String name, byte[] data, int offset, int length) {
      names.add(name);
      events.add(name + "=" + new String(data, offset, length, StandardCharsets.UTF_8));
    }
  }

  private static byte[] utf8(String text) {
    return text.getBytes(StandardCharsets.UTF_8);
  }

  private static List<String> parse(String stream) throws StreamException {
    Recorder recorder = new Recorder();
    SseParser parser = new SseParser(recorder);
    parser.feed(utf8(stream));
    assertTrue(parser.finish(), "ended between events");
    return recorder.events;
  }

  @Test
  void dispatchesEachEventAtItsBlankLine() throws StreamException {
    assertEquals(
        List.of("ping={\"type\": \"ping\"}", "message_stop={}"),
        parse("event: ping\ndata: {\"type\": \"ping\"}\n\nevent: message_stop\ndata: {}\n\n"));
  }

  @Test
  void joinsDataLinesWithLineFeeds() throws StreamException {
    assertEquals(List.of("message=a\n\nb"), parse("data: a\ndata:\ndata: b\n\n"));
  }

  @Test
  void anEventWithoutANameIsAMessage() throws StreamException {
    assertEquals(List.of("message=x", "message=y"), parse("data: x\n\nevent:\ndata: y\n\n"));
  }

  @Test
  void removesOnlyOneSpaceAfterTheColon() throws StreamException {
    assertEquals(List.of("e=  two", "f=none"), parse("event: e\ndata:   two\n\nevent:f\ndata:none\n\n"));
  }

  @Test
  void aFieldWithoutColonHasAnEmptyValue() throws StreamException {
    // "data" alone appends an empty line; two of them make one LF.
    assertEquals(List.of("message=\n"), parse("data\ndata\n\n"));
  }

  @Test
  void ignoresCommentsIdRetryAndUnknownFields() throws StreamException {
    assertEquals(
        List.of("e=kept"),
        parse(": a comment\nid: 7\nretry: 100\nfoo: bar\nevent: e\n:another\ndata: kept\n\n"));
  }

  @Test
  void anEventWithoutDataIsNotDispatchedAndItsNameIsForgotten() throws StreamException {
    assertEquals(List.of("message=d"), parse("event: ping\n\ndata: d\n\n"));
  }

  @Test
  void blankLinesBetweenEventsDispatchNothing() throws StreamException {
    assertEquals(List.of("message=a"), parse("\n\n\ndata: a\n\n\n\n"));
  }

  @ParameterizedTest
  @ValueSource(strings = {"\n", "\r", "\r\n"})
  void everyLineEndingEndsALine(String end) throws StreamException {
    String stream = "event: e" + end + "data: a" + end + "data: b" + end + end;

    assertEquals(List.of("e=a\nb"), parse(stream));
  }

  @Test
  void mixedLineEndingsInOneStream() throws StreamException {
    assertEquals(List.of("e=a\nb", "f=c"), parse("event: e\rdata: a\r\ndata: b\n\r\nevent: f\ndata: c\r\r"));
  }

  @Test
  void aCrLfCutBetweenChunksEndsOneLine() throws StreamException {
    Recorder recorder = new Recorder();
    SseParser parser = new SseParser(recorder);

    parser.feed(utf8("data: a\r"));
    parser.feed(utf8("\ndata: b\r"));
    parser.feed(utf8("\n\r"));
    parser.feed(utf8("\n"));

    // Taken for two line ends, the LF after "a\r" would dispatch "a" on its own.
    assertEquals(List.of("message=a\nb"), recorder.events);
    assertTrue(parser.finish());
  }

  @Test
  void aByteOrderMarkAtTheStartIsSkippedEvenWhenCut() throws StreamException {
    byte[] bom = {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF};
    Recorder recorder = new Recorder();
    SseParser parser = new SseParser(recorder);

    parser.feed(new byte[] {bom[0]});
    parser.feed(new byte[] {bom[1], bom[2], 'd'});
    parser.feed(utf8("ata: x\n\n"));

    assertEquals(List.of("message=x"), recorder.events);
  }

  @Test
  void aByteOrderMarkLaterIsContent() throws StreamException {
    assertEquals(List.of("message=\uFEFFx"), parse("data: \uFEFFx\n\n"));
  }

  @Test
  void multiByteCharactersSurviveEveryCut() throws StreamException {
    String stream = "event: é\ndata: naïve 🙂 ∑\n\n";
    byte[] bytes = utf8(stream);
    for (int cut = 0; cut <= bytes.length; cut++) {
      Recorder recorder = new Recorder();
      SseParser parser = new SseParser(recorder);
      parser.feed(ByteBuffer.wrap(bytes, 0, cut));
      parser.feed(ByteBuffer.wrap(bytes, cut, bytes.length - cut));

      assertEquals(List.of("é=naïve 🙂 ∑"), recorder.events, "cut at byte " + cut);
    }
  }

  @Test
  void anUnterminatedLastEventIsNotDispatched() throws StreamException {
    Recorder recorder = new Recorder();
    SseParser parser = new SseParser(recorder);

    parser.feed(utf8("data: complete\n\nevent: message_stop\ndata: {}\n"));

    assertFalse(parser.finish(), "ended inside an event");
    assertEquals(List.of("message=complete"), recorder.events);
  }

  @Test
  void aLineCutByTheEndIsReportedIncomplete() throws StreamException {
    SseParser parser = new SseParser(new Recorder());

    parser.feed(utf8("data: a\n\nda"));

    assertFalse(parser.finish());
  }

  @Test
  void fieldsWithoutAnEventAreNotIncomplete() throws StreamException {
    SseParser parser = new SseParser(new Recorder());

    parser.feed(utf8("data: a\n\n: keep-alive\nid: 3\n"));

    assertTrue(parser.finish());
  }

  @Test
  void anEmptyBodyEndsCleanly() {
    assertTrue(new SseParser(new Recorder()).finish());
  }

  @Test
  void feedingAfterFinishFails() {
    SseParser parser = new SseParser(new Recorder());
    parser.finish();

    assertThrows(IllegalStateException.class, () -> parser.feed(utf8("data: x\n\n")));
  }

  @Test
  void aLineAtTheLimitIsReadAndOneByteMoreFails() throws StreamException {
    Recorder recorder = new Recorder();
    SseParser parser = new SseParser(recorder, 16);
    parser.feed(utf8("data: 0123456789\n\n")); // 16 bytes before the LF
    assertEquals(List.of("message=0123456789"), recorder.events);

    SseParser over = new SseParser(new Recorder(), 16);
    over.feed(utf8("data: 012345678")); // 15: within the limit while the line is open
    StreamException.Malformed failure =
        assertThrows(StreamException.Malformed.class, () -> over.feed(utf8("9X")));
    assertEquals("a line of the event stream is longer than 16 bytes", failure.getMessage());
  }

  @Test
  void anEndlessLineFailsAtTheLimitInsteadOfGrowing() {
    SseParser parser = new SseParser(new Recorder(), 1 << 20);
    byte[] chunk = new byte[64 * 1024];
    Arrays.fill(chunk, (byte) 'x');

    StreamException.Malformed failure =
        assertThrows(
            StreamException.Malformed.class,
            () -> {
              for (int i = 0; i < 1000; i++) {
                parser.feed(chunk);
              }
            });
    assertTrue(failure.getMessage().contains("longer than 1048576 bytes"), failure.getMessage());
  }

  @Test
  void dataOfManyLinesCountsTowardsTheLimit() throws StreamException {
    SseParser parser = new SseParser(new Recorder(), 16);
    parser.feed(utf8("data: 01234\ndata: 56789\n")); // 12 data bytes with their LFs

    assertThrows(StreamException.Malformed.class, () -> parser.feed(utf8("data: abcd\n")));
  }

  @Test
  void theApisEventNamesAreConstants() throws StreamException {
    Recorder recorder = new Recorder();
    SseParser parser = new SseParser(recorder);

    parser.feed(utf8("event: content_block_delta\ndata: 1\n\nevent: content_block_delta\ndata: 2\n\n"));
    parser.feed(utf8("event: brand_new\ndata: 3\n\n"));

    assertSame("content_block_delta", recorder.names.get(0));
    assertSame(recorder.names.get(0), recorder.names.get(1));
    assertEquals("brand_new", recorder.names.get(2));
  }

  @Test
  void readsFromThePositionOfDirectAndSlicedBuffers() throws StreamException {
    byte[] bytes = utf8("XXdata: a\n\nYY");
    ByteBuffer direct = ByteBuffer.allocateDirect(bytes.length);
    direct.put(bytes).flip();
    direct.position(2).limit(bytes.length - 2);
    ByteBuffer slice = ByteBuffer.wrap(bytes).position(2).slice().limit(bytes.length - 4);

    for (ByteBuffer buffer : List.of(direct, slice)) {
      Recorder recorder = new Recorder();
      SseParser parser = new SseParser(recorder);
      parser.feed(buffer);

      assertEquals(List.of("message=a"), recorder.events);
      assertFalse(buffer.hasRemaining());
    }
  }

  @Test
  void theListenersFailureLeavesFeed() {
    SseParser parser =
        new SseParser(
            (name, data, offset, length) -> {
              throw new StreamException.Malformed("no");
            });

    assertThrows(StreamException.Malformed.class, () -> parser.feed(utf8("data: x\n\n")));
  }

  /** A stream with every line ending, comments, a multi-line event, and multi-byte text. */
  static final String MIXED_STREAM =
      ": hello\r\n"
          + "event: message_start\r\n"
          + "data: {\"a\":1}\r\n"
          + "\r\n"
          + "event: ping\n"
          + "data: {\"type\": \"ping\"}\n"
          + "\n"
          + "id: 1\r"
          + "event: content_block_delta\r"
          + "data: {\"text\":\"Grüße 🙂\"}\r"
          + "\r"
          + "data: first\n"
          + "data: second\r\n"
          + "\n"
          + "event: message_stop\n"
          + "data: {}\n"
          + "\n";

  private static List<String> parseInChunks(byte[] bytes, int[] cuts) throws StreamException {
    Recorder recorder = new Recorder();
    SseParser parser = new SseParser(recorder);
    int from = 0;
    for (int cut : cuts) {
      parser.feed(ByteBuffer.wrap(bytes, from, cut - from));
      from = cut;
    }
    parser.feed(ByteBuffer.wrap(bytes, from, bytes.length - from));
    assertTrue(parser.finish());
    return recorder.events;
  }

  @Test
  void everyChunkingGivesTheSameEvents() throws StreamException {
    byte[] bytes = utf8(MIXED_STREAM);
    List<String> whole = parseInChunks(bytes, new int[0]);
    assertEquals(
        List.of(
            "message_start={\"a\":1}",
            "ping={\"type\": \"ping\"}",
            "content_block_delta={\"text\":\"Grüße 🙂\"}",
            "message=first\nsecond",
            "message_stop={}"),
        whole);

    for (int cut = 0; cut <= bytes.length; cut++) {
      assertEquals(whole, parseInChunks(bytes, new int[] {cut}), "cut at " + cut);
    }
    int[] everyByte = new int[bytes.length];
    for (int i = 0; i < bytes.length; i++) {
      everyByte[i] = i;
    }
    assertEquals(whole, parseInChunks(bytes, everyByte), "one byte at a time");
    Random random = new Random(12);
    for (int round = 0; round < 200; round++) {
      int[] cuts = random.ints(random.nextInt(8), 0, bytes.length + 1).sorted().toArray();
      assertEquals(whole, parseInChunks(bytes, cuts), "cuts " + Arrays.toString(cuts));
    }
  }
}
