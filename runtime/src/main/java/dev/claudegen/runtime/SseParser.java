package dev.claudegen.runtime;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Reads Server-Sent Events from a response body as it arrives, by the WHATWG rules ("Interpreting
 * an event stream"), and hands each event to a {@link Listener}.
 *
 * <p>Bytes arrive in chunks cut anywhere: inside a line, a UTF-8 character or a CRLF. The parser
 * works on bytes, so a cut character is never decoded in halves; a line ends at LF, CR or CRLF.
 * Only {@code event} and {@code data} fields matter to the Messages API: {@code id} and {@code
 * retry} serve a browser's reconnection, which a POST cannot use, so they are ignored like
 * comments and unknown fields.
 *
 * <p>Cost: the bytes are copied into two buffers reused for the whole stream, and an event reaches
 * the listener as a range of them, so no object is made per byte, per line or per event; the
 * Messages API's event names are constants. Buffers grow to the longest line seen, up to a limit,
 * so a body that never ends a line fails instead of exhausting the heap.
 *
 * <p>Not thread-safe: one parser per response body, fed by one thread at a time.
 */
final class SseParser {

  /** Receives each complete event. */
  @FunctionalInterface
  interface Listener {

    /**
     * One event.
     *
     * @param name the {@code event} field, or {@code message} when the event had none
     * @param data the {@code data} lines joined with LF, as UTF-8, in {@code data[offset ..
     *     offset + length)}; the array is the parser's and is overwritten after this returns
     */
    void event(String name, byte[] data, int offset, int length) throws StreamException;
  }

  /**
   * The longest line, and the most data one event may have, unless told otherwise: the API's
   * largest events (a redacted thinking block, a long tool input) are far smaller.
   */
  static final int DEFAULT_MAX_LENGTH = 32 << 20;

  private static final byte LF = '\n';
  private static final byte CR = '\r';
  private static final byte[] BOM = {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF};
  private static final byte[] DATA = ascii("data");
  private static final byte[] EVENT = ascii("event");

  // The names the Messages API sends, so that its events cost no String each.
  private static final String[] KNOWN_NAMES = {
    "content_block_delta",
    "ping",
    "content_block_start",
    "content_block_stop",
    "message_start",
    "message_delta",
    "message_stop",
    "error"
  };
  private static final byte[][] KNOWN_NAME_BYTES = new byte[KNOWN_NAMES.length][];

  static {
    for (int i = 0; i < KNOWN_NAMES.length; i++) {
      KNOWN_NAME_BYTES[i] = ascii(KNOWN_NAMES[i]);
    }
  }

  private final Listener listener;
  private final int maxLength;

  private byte[] line = new byte[512];
  private int lineLength;
  // Each data line is appended with the LF that joins it to the next; dispatch drops the last.
  private byte[] data = new byte[512];
  private int dataLength;
  private String eventName;
  // A data or event field arrived since the last dispatch: the body is inside an event.
  private boolean inEvent;
  // A CR ended the last line; an LF right after it (maybe in the next chunk) ends nothing.
  private boolean afterCr;
  // How many bytes of a leading byte order mark were matched; -1 once past the stream's start.
  private int bomMatched;
  private boolean finished;

  /** A parser with lines and event data up to {@link #DEFAULT_MAX_LENGTH} bytes. */
  SseParser(Listener listener) {
    this(listener, DEFAULT_MAX_LENGTH);
  }

  /** A parser with lines, and the data of one event, up to {@code maxLength} bytes. */
  SseParser(Listener listener, int maxLength) {
    if (maxLength < 1) {
      throw new IllegalArgumentException("maxLength " + maxLength + " < 1");
    }
    this.listener = listener;
    this.maxLength = maxLength;
  }

  /**
   * Reads the chunk, to its end, and calls the listener for each event it completes. The buffer's
   * position ends at its limit.
   *
   * @throws StreamException.Malformed when a line or an event's data is above the limit
   * @throws StreamException what the listener throws
   * @throws IllegalStateException after {@link #finish()}
   */
  void feed(ByteBuffer chunk) throws StreamException {
    if (finished) {
      throw new IllegalStateException("the stream was finished");
    }
    if (bomMatched >= 0) {
      skipByteOrderMark(chunk);
    }
    int position = chunk.position();
    int limit = chunk.limit();
    while (position < limit) {
      if (afterCr) {
        afterCr = false;
        if (chunk.get(position) == LF) {
          position++;
          continue;
        }
      }
      int end = position;
      byte b = 0;
      while (end < limit) {
        b = chunk.get(end);
        if (b == LF || b == CR) {
          break;
        }
        end++;
      }
      appendToLine(chunk, position, end - position);
      if (end == limit) {
        position = end;
        break;
      }
      afterCr = b == CR;
      position = end + 1;
      chunk.position(position);
      endLine();
    }
    chunk.position(position);
  }

  /** {@link #feed(ByteBuffer)} of a whole array. */
  void feed(byte[] bytes) throws StreamException {
    feed(ByteBuffer.wrap(bytes));
  }

  /**
   * The body ended. An event not yet ended by a blank line is dropped, as the WHATWG rules say,
   * never dispatched half-read.
   *
   * @return true when the body ended between events; false when it ended inside one (a line not
   *     terminated, or fields with no blank line after them)
   */
  boolean finish() {
    finished = true;
    boolean clean = lineLength == 0 && !inEvent && bomMatched <= 0;
    lineLength = 0;
    dataLength = 0;
    eventName = null;
    inEvent = false;
    return clean;
  }

  private void skipByteOrderMark(ByteBuffer chunk) {
    while (chunk.hasRemaining() && bomMatched >= 0) {
      if (chunk.get(chunk.position()) != BOM[bomMatched]) {
        // A start of the mark, then something else: those bytes were content.
        System.arraycopy(BOM, 0, line, 0, bomMatched);
        lineLength = bomMatched;
        bomMatched = -1;
        return;
      }
      chunk.position(chunk.position() + 1);
      bomMatched++;
      if (bomMatched == BOM.length) {
        bomMatched = -1;
      }
    }
  }

  private void appendToLine(ByteBuffer chunk, int from, int count) throws StreamException {
    if (count == 0) {
      return;
    }
    int needed = lineLength + count;
    if (needed > line.length || needed > maxLength) {
      line = grow(line, needed, "a line");
    }
    chunk.get(from, line, lineLength, count);
    lineLength = needed;
  }

  private byte[] grow(byte[] buffer, int needed, String what) throws StreamException {
    if (needed > maxLength) {
      throw new StreamException.Malformed(
          what + " of the event stream is longer than " + maxLength + " bytes");
    }
    if (needed <= buffer.length) {
      return buffer;
    }
    int doubled = (int) Math.min(maxLength, 2L * buffer.length);
    byte[] larger = new byte[Math.max(needed, doubled)];
    System.arraycopy(buffer, 0, larger, 0, buffer.length);
    return larger;
  }

  private void endLine() throws StreamException {
    int length = lineLength;
    lineLength = 0;
    if (length == 0) {
      dispatch();
      return;
    }
    byte[] l = line;
    if (l[0] == ':') {
      return;
    }
    int nameEnd = 0;
    while (nameEnd < length && l[nameEnd] != ':') {
      nameEnd++;
    }
    int valueStart = nameEnd == length ? length : nameEnd + 1;
    if (valueStart < length && l[valueStart] == ' ') {
      valueStart++;
    }
    if (nameIs(l, nameEnd, DATA)) {
      appendData(l, valueStart, length - valueStart);
      inEvent = true;
    } else if (nameIs(l, nameEnd, EVENT)) {
      eventName = eventName(l, valueStart, length);
      inEvent = true;
    }
  }

  private void appendData(byte[] source, int from, int count) throws StreamException {
    int needed = dataLength + count + 1;
    if (needed > data.length || needed > maxLength) {
      data = grow(data, needed, "the data of an event");
    }
    System.arraycopy(source, from, data, dataLength, count);
    data[dataLength + count] = LF;
    dataLength = needed;
  }

  private void dispatch() throws StreamException {
    String name = eventName;
    int length = dataLength;
    eventName = null;
    dataLength = 0;
    inEvent = false;
    // WHATWG: an event without data is not dispatched; its name is forgotten.
    if (length == 0) {
      return;
    }
    listener.event(name == null ? "message" : name, data, 0, length - 1);
  }

  private static boolean nameIs(byte[] line, int length, byte[] name) {
    if (length != name.length) {
      return false;
    }
    for (int i = 0; i < length; i++) {
      if (line[i] != name[i]) {
        return false;
      }
    }
    return true;
  }

  private static String eventName(byte[] line, int from, int to) {
    int length = to - from;
    if (length == 0) {
      // WHATWG: an empty event type dispatches as "message".
      return null;
    }
    for (int k = 0; k < KNOWN_NAME_BYTES.length; k++) {
      byte[] known = KNOWN_NAME_BYTES[k];
      if (known.length == length && Arrays.equals(line, from, to, known, 0, length)) {
        return KNOWN_NAMES[k];
      }
    }
    return new String(line, from, length, StandardCharsets.UTF_8);
  }

  private static byte[] ascii(String text) {
    return text.getBytes(StandardCharsets.US_ASCII);
  }
}
