package dev.claudegen.runtime;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonStreamContext;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.async.ByteArrayFeeder;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Spliterator;
import java.util.Spliterators;
import java.util.concurrent.CancellationException;
import java.util.function.Consumer;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;

/**
 * {@link ClaudeCall#streamItems}: the elements of the array that is one property of a streamed
 * reply's root object, each read as soon as its closing token arrived.
 *
 * <p>The text deltas go, as UTF-8, into Jackson's non-blocking parser, which follows the structure
 * across deltas (a string or number split between two is no problem); the bytes are kept from the
 * start of the element being parsed. When an element's last token arrives, its bytes are read by
 * the element's reader with a blocking {@link JsonIn} over that slice alone, so the growing text is
 * never parsed twice. The reply is read to its end before the stream ends, so a refusal or a reply
 * cut at {@code max_tokens} is thrown after the elements already delivered; so is text that stops
 * fitting the type, after the reply's end, which says whether it was a refusal.
 */
final class ItemStream<E> extends Spliterators.AbstractSpliterator<E> {

  private enum State {
    BEFORE_ROOT, // nothing read yet
    IN_ROOT, // between the root object's properties
    SKIPPING, // in the value of another root property
    BEFORE_ARRAY, // after the property's name
    IN_ARRAY, // between the array's elements
    IN_ELEMENT, // in an object or array element
    AFTER_ROOT, // the root object ended
  }

  private final ReplyStream stream;
  private final CallSpec spec;
  private final String property;
  private final JsonIn.Reader<E> element;
  private final JsonParser parser;
  private final ByteArrayFeeder feeder;

  // The UTF-8 bytes fed, from offset base of the text on; elementStart is an offset of the text.
  private byte[] bytes = new byte[4096];
  private int size;
  private long base;
  private char highSurrogate; // a pair's first half, whose second half is the next delta's
  private final StringBuilder text = new StringBuilder(); // for an exception's text()

  private State state = State.BEFORE_ROOT;
  private int depth; // of the parser's structure: 1 in the root object
  private boolean sawArray;
  private long elementStart;
  private long afterPrevious; // the end of the array's last token: '[' or the previous element
  private int items;
  private boolean ended;
  private ClaudeException failure; // thrown again by every later read

  private ItemStream(ReplyStream stream, CallSpec spec, String property, JsonIn.Reader<E> element) {
    super(Long.MAX_VALUE, Spliterator.ORDERED | Spliterator.NONNULL);
    this.stream = stream;
    this.spec = spec;
    this.property = property;
    this.element = element;
    try {
      this.parser = JsonIn.JSON.createNonBlockingByteArrayParser();
    } catch (IOException e) {
      // Creating a parser reads nothing; Jackson declares the exception for other sources.
      throw new IllegalStateException(e);
    }
    this.feeder = (ByteArrayFeeder) parser.getNonBlockingInputFeeder();
  }

  /** The lazy stream of elements; closing it closes {@code stream}, aborting the exchange. */
  static <E> Stream<E> of(
      ReplyStream stream, CallSpec spec, String property, JsonIn.Reader<E> element) {
    stream.deferSuccess();
    return StreamSupport.stream(new ItemStream<>(stream, spec, property, element), false)
        .onClose(stream::close);
  }

  @Override
  public boolean tryAdvance(Consumer<? super E> action) {
    if (failure != null) {
      throw failure;
    }
    if (ended) {
      return false;
    }
    E next = next();
    if (next == null) {
      ended = true;
      return false;
    }
    action.accept(next);
    return true;
  }

  /** The next element, reading as much of the stream as it takes; null after the last. */
  private E next() {
    while (true) {
      JsonToken token;
      try {
        token = parser.nextToken();
      } catch (IOException e) {
        throw fail(new JsonIn.Mismatch(stoppedAt(), JsonIn.invalidJson(e)));
      }
      if (token == JsonToken.NOT_AVAILABLE) {
        String delta = stream.nextText(); // a transport failure passes through, as streamText's
        if (delta == null) {
          finish();
          return null;
        }
        feed(delta);
        continue;
      }
      if (token == null) {
        // Only after endOfInput, which finish() alone calls.
        return null;
      }
      E item = accept(token);
      if (item != null) {
        return item;
      }
    }
  }

  /** Follows the structure by one token; the element it completed, if any. */
  private E accept(JsonToken token) {
    switch (state) {
      case BEFORE_ROOT -> {
        if (token != JsonToken.START_OBJECT) {
          throw fail(
              new JsonIn.Mismatch("$", "expected an object, got " + JsonIn.describe(token)));
        }
        depth = 1;
        state = State.IN_ROOT;
      }
      case IN_ROOT -> {
        if (token == JsonToken.END_OBJECT) {
          depth = 0;
          if (!sawArray) {
            throw fail(new JsonIn.Mismatch("$", "missing required property '" + property + "'"));
          }
          state = State.AFTER_ROOT;
        } else if (property.equals(currentName()) && !sawArray) {
          state = State.BEFORE_ARRAY;
        } else {
          state = State.SKIPPING;
        }
      }
      case SKIPPING -> {
        if (token.isStructStart()) {
          depth++;
        } else if (token.isStructEnd()) {
          depth--;
        }
        if (depth == 1) {
          state = State.IN_ROOT;
        }
      }
      case BEFORE_ARRAY -> {
        if (token != JsonToken.START_ARRAY) {
          throw fail(
              new JsonIn.Mismatch(
                  propertyPath(), "expected an array, got " + JsonIn.describe(token)));
        }
        depth = 2;
        sawArray = true;
        state = State.IN_ARRAY;
        afterPrevious = parser.currentLocation().getByteOffset();
      }
      case IN_ARRAY -> {
        if (token == JsonToken.END_ARRAY) {
          depth = 1;
          state = State.IN_ROOT;
        } else {
          elementStart = elementStart();
          if (!token.isStructStart()) {
            return read(); // a scalar element: complete in one token
          }
          depth++;
          state = State.IN_ELEMENT;
        }
      }
      case IN_ELEMENT -> {
        if (token.isStructStart()) {
          depth++;
        } else if (token.isStructEnd() && --depth == 2) {
          state = State.IN_ARRAY;
          return read();
        }
      }
      case AFTER_ROOT ->
          throw fail(
              new JsonIn.Mismatch(
                  "$",
                  "the JSON value is followed by more text (" + JsonIn.describe(token) + ")"));
    }
    return null;
  }

  /**
   * Where the element whose first token the parser just read starts: past the separator after the
   * previous one. (The non-blocking parser's token locations are a byte late for some tokens; the
   * location after a token is exact.)
   */
  private long elementStart() {
    long offset = afterPrevious;
    while (true) {
      byte b = bytes[(int) (offset - base)];
      if (b != ' ' && b != '\n' && b != '\r' && b != '\t' && b != ',') {
        return offset;
      }
      offset++;
    }
  }

  /** Reads the element whose last token the parser just read, from its bytes alone. */
  private E read() {
    long end = parser.currentLocation().getByteOffset();
    afterPrevious = end;
    int from = (int) (elementStart - base);
    int index = items;
    try (JsonParser slice = JsonIn.JSON.createParser(bytes, from, (int) (end - elementStart))) {
      JsonIn in = new JsonIn(slice, property, index);
      E value = element.read(in);
      in.end();
      if (value == null) {
        throw new JsonIn.Mismatch(propertyPath() + "[" + index + "]", "the element read as null");
      }
      items++;
      return value;
    } catch (JsonIn.Mismatch mismatch) {
      throw fail(mismatch);
    } catch (IOException e) {
      // Closing a parser over bytes in memory cannot fail; reading them is reported above.
      throw fail(new JsonIn.Mismatch(propertyPath() + "[" + index + "]", JsonIn.invalidJson(e)));
    }
  }

  /** After the reply's end: a refusal, a cut, or JSON that ended early throws. */
  private void finish() {
    Reply reply = whole(stream.reply());
    try {
      StructuredDecoder.checkStop(spec, reply, items);
    } catch (ClaudeOutputException e) {
      failure = e;
      throw stream.abort(e);
    }
    feeder.endOfInput();
    try {
      for (JsonToken token = parser.nextToken(); token != null; token = parser.nextToken()) {
        accept(token);
      }
    } catch (IOException e) {
      throw fail(new JsonIn.Mismatch(stoppedAt(), JsonIn.invalidJson(e)), reply);
    }
    if (state != State.AFTER_ROOT) {
      throw fail(new JsonIn.Mismatch(stoppedAt(), "the JSON ends early"), reply);
    }
    stream.succeeded(reply);
  }

  /** The reply with the text this stream read (the stream keeps it only for a listener). */
  private Reply whole(Reply reply) {
    if (reply.text().length() == text.length()) {
      return reply;
    }
    return new Reply(
        text.toString(),
        reply.stopReason(),
        reply.model(),
        reply.messageId(),
        reply.requestId(),
        reply.usage(),
        reply.rateLimit(),
        reply.content());
  }

  /**
   * The exception for a mismatch found mid-stream, once the reply ended: with constrained decoding
   * the text stops fitting the schema mostly when the model refuses, which only the stop reason at
   * the end tells, and the exception then carries the whole text.
   */
  private ClaudeException fail(JsonIn.Mismatch mismatch) {
    Reply reply;
    try {
      for (String delta = stream.nextText(); delta != null; delta = stream.nextText()) {
        text.append(delta);
      }
      reply = whole(stream.reply());
    } catch (ClaudeException | CancellationException e) {
      // The stream failed (and was reported) after the mismatch: the mismatch is the news.
      failure =
          StructuredDecoder.mismatch(
              spec, "the element type", mismatch, stream.partial(text.toString()));
      failure.addSuppressed(e);
      return failure;
    }
    try {
      StructuredDecoder.checkStop(spec, reply, items);
    } catch (ClaudeOutputException e) {
      failure = e;
      return stream.abort(e);
    }
    return fail(mismatch, reply);
  }

  private ClaudeException fail(JsonIn.Mismatch mismatch, Reply reply) {
    failure = StructuredDecoder.mismatch(spec, "the element type", mismatch, reply);
    return stream.abort(failure);
  }

  /** Appends the delta as UTF-8 and feeds it to the parser, which has consumed all before it. */
  private void feed(String delta) {
    text.append(delta);
    long keep =
        state == State.IN_ELEMENT
            ? elementStart
            : state == State.IN_ARRAY ? afterPrevious : base + size;
    int drop = (int) (keep - base);
    if (drop > 0 && size + 4 * delta.length() + 1 > bytes.length) {
      // What is before the element being parsed is never read again.
      System.arraycopy(bytes, drop, bytes, 0, size - drop);
      size -= drop;
      base = keep;
    }
    int start = size;
    ensure(4 * delta.length() + 4);
    for (int i = 0; i < delta.length(); i++) {
      char c = delta.charAt(i);
      if (highSurrogate != 0) {
        char high = highSurrogate;
        highSurrogate = 0;
        if (Character.isLowSurrogate(c)) {
          put(Character.toCodePoint(high, c));
          continue;
        }
        put('\uFFFD');
      }
      if (Character.isHighSurrogate(c)) {
        highSurrogate = c;
      } else if (Character.isLowSurrogate(c)) {
        put('\uFFFD');
      } else {
        put(c);
      }
    }
    if (size > start) {
      try {
        feeder.feedInput(bytes, start, size);
      } catch (IOException e) {
        // Only thrown when fed before the parser consumed what it had; it always has here.
        throw new IllegalStateException(e);
      }
    }
  }

  private void ensure(int more) {
    if (size + more > bytes.length) {
      bytes = Arrays.copyOf(bytes, Math.max(size + more, 2 * bytes.length));
    }
  }

  private void put(int codePoint) {
    if (codePoint < 0x80) {
      bytes[size++] = (byte) codePoint;
    } else if (codePoint < 0x800) {
      bytes[size++] = (byte) (0xC0 | (codePoint >> 6));
      bytes[size++] = (byte) (0x80 | (codePoint & 0x3F));
    } else if (codePoint < 0x10000) {
      bytes[size++] = (byte) (0xE0 | (codePoint >> 12));
      bytes[size++] = (byte) (0x80 | ((codePoint >> 6) & 0x3F));
      bytes[size++] = (byte) (0x80 | (codePoint & 0x3F));
    } else {
      bytes[size++] = (byte) (0xF0 | (codePoint >> 18));
      bytes[size++] = (byte) (0x80 | ((codePoint >> 12) & 0x3F));
      bytes[size++] = (byte) (0x80 | ((codePoint >> 6) & 0x3F));
      bytes[size++] = (byte) (0x80 | (codePoint & 0x3F));
    }
  }

  private String currentName() {
    try {
      return parser.currentName();
    } catch (IOException e) {
      throw fail(new JsonIn.Mismatch("$", JsonIn.invalidJson(e)));
    }
  }

  private String propertyPath() {
    StringBuilder path = new StringBuilder("$");
    JsonIn.appendName(path, property);
    return path.toString();
  }

  /** Where parsing stopped: between elements, at the next one, as {@link JsonIn} says. */
  private String stoppedAt() {
    return state == State.IN_ARRAY ? propertyPath() + "[" + items + "]" : contextPath();
  }

  /** The path of where the parser is, like {@code $.items[3].priority}. */
  private String contextPath() {
    List<JsonStreamContext> chain = new ArrayList<>();
    for (JsonStreamContext context = parser.getParsingContext();
        context != null && !context.inRoot();
        context = context.getParent()) {
      chain.add(context);
    }
    StringBuilder path = new StringBuilder("$");
    for (int i = chain.size() - 1; i >= 0; i--) {
      JsonStreamContext context = chain.get(i);
      if (context.inArray()) {
        path.append('[').append(Math.max(0, context.getCurrentIndex())).append(']');
      } else if (context.getCurrentName() != null) {
        JsonIn.appendName(path, context.getCurrentName());
      }
    }
    return path.toString();
  }
}
