package dev.claudegen.runtime;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.core.io.JsonEOFException;
import java.io.IOException;
import java.math.BigDecimal;
import java.net.URI;
import java.net.URISyntaxException;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * A pull reader over one JSON value, for the readers claudegen generates for structured payloads
 * (records, enums and lists of them): each generated reader is a few calls here, with no
 * reflection. It tracks the JSON path of the value being read, so a value that does not fit the
 * type is reported as a {@link Mismatch} naming it, like {@code $.tickets[2].priority}.
 *
 * <p>Generated code reads an object as:
 *
 * <pre>{@code
 * in.beginObject();
 * for (String field = in.nextField(); field != null; field = in.nextField()) {
 *   switch (field) {
 *     case "summary" -> summary = in.readString();
 *     default -> in.skipValue();
 *   }
 * }
 * Ticket ticket = new Ticket(in.required(summary, "summary"));
 * in.endObject();
 * return ticket;
 * }</pre>
 *
 * <p>The rules: properties the type does not know are skipped; a missing required property, a JSON
 * {@code null} where a value is required, a value of another JSON type, an integer that does not
 * fit, a number with a fraction read as an integer, a string that is not one of an enum's names
 * (compared ignoring case) or not a date, UUID or URI, text that is not JSON, and anything but
 * whitespace after the value are each a {@link Mismatch}. {@link #readOptional} reads {@code null}
 * as empty; generated code starts optional properties empty, so a missing one is empty too.
 *
 * <p>The path is a small stack of property names (Jackson's, shared, not copied) and indexes; it
 * becomes a string only for an exception. One instance reads one text, on one thread.
 */
public final class JsonIn {

  /** Reads one JSON value, the one {@code in} is at, into a Java value. */
  @FunctionalInterface
  public interface Reader<T> {
    T read(JsonIn in);
  }

  /** A JSON text that is not valid JSON, or does not fit the type; {@link #path()} says where. */
  public static final class Mismatch extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final String path;
    private final String problem;

    public Mismatch(String path, String problem) {
      super(path + ": " + problem);
      this.path = path;
      this.problem = problem;
    }

    /** The JSON path of the value at fault, like {@code $.tags[2]}; {@code $} for the root. */
    public String path() {
      return path;
    }

    /** What is wrong there, like {@code expected a string, got a number}. */
    public String problem() {
      return problem;
    }
  }

  /** One factory for every reader: its buffers are recycled between parsers. */
  // The fast double parser (FastDoubleParser, in jackson-core) reads the same doubles as
  // Double.parseDouble, correctly rounded, in a fraction of its time: a structured reply's prices
  // and scores were the costliest values in it.
  static final JsonFactory JSON =
      JsonFactory.builder().enable(StreamReadFeature.USE_FAST_DOUBLE_PARSER).build();

  /** An object's index once {@link #nextField} saw its end. */
  private static final int ENDED = -2;

  private final JsonParser parser;
  // Whether the parser's current token is the next one to read: set when a look-ahead (the end of
  // an array, a null for an optional) found a value that a reader must then read.
  private boolean pushedBack;

  // The path: for each open object or array, innermost last. An object's name is its property
  // being read (null between properties); an array's index the element being read.
  private boolean[] isArray = new boolean[8];
  private String[] names = new String[8];
  private int[] indexes = new int[8];
  private int depth;

  // Where this reader's root sits in a larger text (a streamed array's element): the property of
  // the enclosing object and the index in it; null for a root of its own.
  private final String prefixProperty;
  private final int prefixIndex;

  /** A reader over {@code parser}, at the start of its text; for the runtime's streaming reads. */
  JsonIn(JsonParser parser) {
    this(parser, null, 0);
  }

  /**
   * A reader over one element of an array that is the property {@code property} of the root object,
   * the element at {@code index}: paths start {@code $.property[index]}.
   */
  JsonIn(JsonParser parser, String property, int index) {
    this.parser = parser;
    this.prefixProperty = property;
    this.prefixIndex = index;
  }

  /** Reads the whole text as one value; anything after it but whitespace is a {@link Mismatch}. */
  public static <T> T parse(String json, Reader<T> reader) {
    try (JsonParser parser = JSON.createParser(json)) {
      JsonIn in = new JsonIn(parser);
      T value = reader.read(in);
      in.end();
      return value;
    } catch (IOException e) {
      // Closing a parser over a string cannot fail.
      throw new Mismatch("$", "not valid JSON");
    }
  }

  /** Checks that nothing but whitespace follows the value read. */
  void end() {
    JsonToken token = next();
    if (token != null) {
      throw new Mismatch(
          path(), "the JSON value is followed by more text (" + describe(token) + ")");
    }
  }

  /** Enters the object that is the next value; a {@link Mismatch} for any other value. */
  public void beginObject() {
    JsonToken token = next();
    if (token != JsonToken.START_OBJECT) {
      throw expected("an object", token);
    }
    push(false);
  }

  /** The next property's name, positioned at its value; null at the object's end. */
  public String nextField() {
    int top = depth - 1;
    names[top] = null; // a failure here is at the object, not at its last property
    JsonToken token;
    if (!pushedBack) {
      // Jackson's fast path for names: the name, and the value's first token read ahead.
      String name;
      try {
        name = parser.nextFieldName();
      } catch (IOException e) {
        throw invalid(e);
      }
      if (name != null) {
        names[top] = name;
        return name;
      }
      token = parser.currentToken();
    } else {
      token = next();
    }
    if (token == JsonToken.FIELD_NAME) {
      String name = currentName();
      names[top] = name;
      return name;
    }
    if (token == JsonToken.END_OBJECT) {
      indexes[top] = ENDED;
      return null;
    }
    // The parser only yields names and the end inside an object.
    throw new Mismatch(path(), "expected a property name, got " + describe(token));
  }

  /** Ends the object {@link #nextField} finished: pops it off the path. */
  public void endObject() {
    if (indexes[depth - 1] != ENDED) {
      // Generated code reads to the end; a hand-written reader may stop early.
      while (nextField() != null) {
        skipValue();
      }
    }
    depth--;
  }

  /**
   * {@code value}, or a {@link Mismatch} at the object being read when it is null (the property was
   * not in the JSON).
   */
  public <T> T required(T value, String property) {
    if (value == null) {
      throw new Mismatch(path(), "missing required property '" + property + "'");
    }
    return value;
  }

  /** Skips the next value, whatever its type: a property the type does not know. */
  public void skipValue() {
    next();
    try {
      parser.skipChildren();
    } catch (IOException e) {
      throw invalid(e);
    }
  }

  /** The next value, a string. */
  public String readString() {
    if (!pushedBack) {
      try {
        String text = parser.nextTextValue(); // Jackson's fast path: null unless a string
        if (text != null) {
          return text;
        }
      } catch (IOException e) {
        throw invalid(e);
      }
      pushedBack = true;
    }
    JsonToken token = next();
    if (token != JsonToken.VALUE_STRING) {
      throw expected("a string", token);
    }
    try {
      return parser.getText();
    } catch (IOException e) {
      throw invalid(e);
    }
  }

  /** The next value, {@code true} or {@code false}. */
  public boolean readBoolean() {
    JsonToken token = next();
    if (token == JsonToken.VALUE_TRUE) {
      return true;
    }
    if (token == JsonToken.VALUE_FALSE) {
      return false;
    }
    throw expected("a boolean", token);
  }

  /**
   * The next value, a whole number that fits an {@code int} ({@code 2.0} is one, {@code 2.5} not).
   */
  public int readInt() {
    long value = readInteger("an int", Integer.MIN_VALUE, Integer.MAX_VALUE);
    return (int) value;
  }

  /** The next value, a whole number that fits a {@code long}. */
  public long readLong() {
    return readInteger("a long", Long.MIN_VALUE, Long.MAX_VALUE);
  }

  private long readInteger(String type, long min, long max) {
    JsonToken token = next();
    try {
      if (token == JsonToken.VALUE_NUMBER_INT) {
        JsonParser.NumberType size = parser.getNumberType();
        if (size == JsonParser.NumberType.INT) {
          int value = parser.getIntValue();
          if (value >= min && value <= max) {
            return value;
          }
        } else if (size == JsonParser.NumberType.LONG) {
          long value = parser.getLongValue();
          if (value >= min && value <= max) {
            return value;
          }
        }
        throw new Mismatch(path(), "the number " + parser.getText() + " does not fit " + type);
      }
      if (token == JsonToken.VALUE_NUMBER_FLOAT) {
        // JSON Schema's integer includes 2.0 and 1e3; 2.5 is not one.
        BigDecimal decimal;
        try {
          decimal = parser.getDecimalValue();
        } catch (NumberFormatException e) {
          decimal = null;
        }
        if (decimal == null || decimal.stripTrailingZeros().scale() > 0) {
          throw new Mismatch(
              path(), "expected an integer, got the number " + parser.getText() + " (a fraction)");
        }
        if (decimal.compareTo(BigDecimal.valueOf(min)) < 0
            || decimal.compareTo(BigDecimal.valueOf(max)) > 0) {
          throw new Mismatch(path(), "the number " + parser.getText() + " does not fit " + type);
        }
        return decimal.longValueExact();
      }
    } catch (IOException e) {
      throw invalid(e);
    }
    throw expected("an integer", token);
  }

  /** The next value, any number. */
  public double readDouble() {
    JsonToken token = next();
    if (token != JsonToken.VALUE_NUMBER_INT && token != JsonToken.VALUE_NUMBER_FLOAT) {
      throw expected("a number", token);
    }
    try {
      return parser.getDoubleValue();
    } catch (IOException e) {
      throw invalid(e);
    }
  }

  /**
   * The constant whose name matches the string, ignoring case (the API does not promise the
   * schema's case); compared in the parser's buffer, without making a string.
   */
  public <E extends Enum<E>> E readEnum(E[] constants) {
    JsonToken token = next();
    if (token != JsonToken.VALUE_STRING) {
      throw expected("one of " + names(constants), token);
    }
    try {
      char[] chars = parser.getTextCharacters();
      int offset = parser.getTextOffset();
      int length = parser.getTextLength();
      for (E constant : constants) {
        if (matches(constant.name(), chars, offset, length)) {
          return constant;
        }
      }
      throw new Mismatch(
          path(),
          "expected one of "
              + names(constants)
              + ", got "
              + quote(new String(chars, offset, length)));
    } catch (IOException e) {
      throw invalid(e);
    }
  }

  private static boolean matches(String name, char[] chars, int offset, int length) {
    if (name.length() != length) {
      return false;
    }
    for (int i = 0; i < length; i++) {
      char a = name.charAt(i);
      char b = chars[offset + i];
      if (a != b
          && Character.toUpperCase(a) != Character.toUpperCase(b)
          && Character.toLowerCase(a) != Character.toLowerCase(b)) {
        return false;
      }
    }
    return true;
  }

  private static String names(Enum<?>[] constants) {
    StringBuilder names = new StringBuilder();
    for (int i = 0; i < constants.length; i++) {
      names.append(i == 0 ? "" : ", ").append(constants[i].name());
    }
    return names.toString();
  }

  /** The next value, a string in the {@code date} format, like {@code 2025-01-31}. */
  public LocalDate readLocalDate() {
    JsonToken token = next();
    if (token != JsonToken.VALUE_STRING) {
      throw expected("a string", token);
    }
    String text;
    try {
      // The format's one common form, yyyy-mm-dd, read in the parser's buffer: LocalDate.parse
      // goes through a DateTimeFormatter, which costs more than the rest of a date's JSON.
      if (parser.getTextLength() == 10) {
        LocalDate date = isoDate(parser.getTextCharacters(), parser.getTextOffset());
        if (date != null) {
          return date;
        }
      }
      text = parser.getText();
    } catch (IOException e) {
      throw invalid(e);
    }
    try {
      return LocalDate.parse(text);
    } catch (DateTimeException e) {
      throw new Mismatch(path(), "expected a date like 2025-01-31, got " + quote(text));
    }
  }

  /**
   * The date {@code yyyy-mm-dd} at {@code offset}, or null for any other text or an invalid date
   * (which {@code LocalDate.parse} then reports or reads: {@code +10000-01-01} has a sign).
   */
  private static LocalDate isoDate(char[] chars, int offset) {
    if (chars[offset + 4] != '-' || chars[offset + 7] != '-') {
      return null;
    }
    int year = digits(chars, offset, 4);
    int month = digits(chars, offset + 5, 2);
    int day = digits(chars, offset + 8, 2);
    if (year < 0 || month < 1 || month > 12 || day < 1 || day > 31) {
      return null;
    }
    try {
      return LocalDate.of(year, month, day);
    } catch (DateTimeException e) {
      return null; // February 30th and the like
    }
  }

  /** The decimal number of {@code count} ASCII digits at {@code offset}; -1 if one is not. */
  private static int digits(char[] chars, int offset, int count) {
    int value = 0;
    for (int i = offset; i < offset + count; i++) {
      char c = chars[i];
      if (c < '0' || c > '9') {
        return -1;
      }
      value = value * 10 + (c - '0');
    }
    return value;
  }

  /** The next value, a string in the {@code date-time} format, with its offset. */
  public OffsetDateTime readOffsetDateTime() {
    String text = readString();
    try {
      return OffsetDateTime.parse(text);
    } catch (DateTimeException e) {
      throw new Mismatch(
          path(),
          "expected a date-time with an offset like 2025-01-31T09:30:00Z, got " + quote(text));
    }
  }

  /** The next value, a string in the {@code date-time} format, as an instant. */
  public Instant readInstant() {
    String text = readString();
    try {
      return Instant.parse(text);
    } catch (DateTimeException e) {
      throw new Mismatch(
          path(),
          "expected a date-time with an offset like 2025-01-31T09:30:00Z, got " + quote(text));
    }
  }

  /** The next value, a string in the {@code uuid} format. */
  public UUID readUuid() {
    String text = readString();
    // UUID.fromString accepts forms like "1-2-3-4-5"; the schema's format is the canonical one.
    if (text.length() == 36) {
      try {
        return UUID.fromString(text);
      } catch (IllegalArgumentException e) {
        // Reported below.
      }
    }
    throw new Mismatch(path(), "expected a UUID, got " + quote(text));
  }

  /** The next value, a string that is a URI. */
  public URI readUri() {
    String text = readString();
    try {
      return new URI(text);
    } catch (URISyntaxException e) {
      throw new Mismatch(path(), "expected a URI, got " + quote(text) + " (" + e.getReason() + ")");
    }
  }

  /** An array's elements, each read by {@code element}; an unmodifiable list. */
  public <T> List<T> readList(Reader<T> element) {
    JsonToken token = next();
    if (token != JsonToken.START_ARRAY) {
      throw expected("an array", token);
    }
    push(true);
    int top = depth - 1;
    List<T> list = null;
    while (true) {
      indexes[top]++; // a failure finding the next element is at it
      if (next() == JsonToken.END_ARRAY) {
        break;
      }
      pushedBack = true;
      T value = element.read(this);
      if (list == null) {
        list = new ArrayList<>();
      }
      list.add(value);
    }
    depth--;
    return list == null ? List.of() : java.util.Collections.unmodifiableList(list);
  }

  /** Empty for a JSON {@code null}, else the value {@code value} reads. */
  public <T> Optional<T> readOptional(Reader<T> value) {
    if (next() == JsonToken.VALUE_NULL) {
      return Optional.empty();
    }
    pushedBack = true;
    return Optional.of(value.read(this));
  }

  /**
   * The value of the only property the root object must have, {@code property}, as {@code value}
   * reads it: the object claudegen asks for when the payload is not an object (an enum, a list).
   */
  public <T> T readWrapped(String property, Reader<T> value) {
    beginObject();
    T result = null;
    for (String field = nextField(); field != null; field = nextField()) {
      if (field.equals(property)) {
        result = value.read(this);
      } else {
        skipValue();
      }
    }
    required(result, property);
    endObject();
    return result;
  }

  /** The next token, the one pushed back if any; a {@link Mismatch} for text that is not JSON. */
  private JsonToken next() {
    if (pushedBack) {
      pushedBack = false;
      return parser.currentToken();
    }
    try {
      return parser.nextToken();
    } catch (IOException e) {
      throw invalid(e);
    }
  }

  private String currentName() {
    try {
      return parser.currentName();
    } catch (IOException e) {
      throw invalid(e);
    }
  }

  private void push(boolean array) {
    if (depth == isArray.length) {
      isArray = Arrays.copyOf(isArray, depth * 2);
      names = Arrays.copyOf(names, depth * 2);
      indexes = Arrays.copyOf(indexes, depth * 2);
    }
    isArray[depth] = array;
    names[depth] = null;
    indexes[depth] = -1;
    depth++;
  }

  /** The path of the value being read, like {@code $.tickets[2].priority}. */
  String path() {
    StringBuilder path = new StringBuilder("$");
    if (prefixProperty != null) {
      appendName(path, prefixProperty);
      path.append('[').append(prefixIndex).append(']');
    }
    for (int i = 0; i < depth; i++) {
      if (isArray[i]) {
        if (indexes[i] >= 0) {
          path.append('[').append(indexes[i]).append(']');
        }
      } else if (names[i] != null) {
        appendName(path, names[i]);
      }
    }
    return path.toString();
  }

  /** {@code .name}, or {@code ['name']} for a name that is not an identifier. */
  static void appendName(StringBuilder path, String name) {
    boolean plain = !name.isEmpty() && Character.isJavaIdentifierStart(name.charAt(0));
    for (int i = 1; plain && i < name.length(); i++) {
      plain = Character.isJavaIdentifierPart(name.charAt(i));
    }
    if (plain) {
      path.append('.').append(name);
    } else {
      path.append("['").append(name.replace("\\", "\\\\").replace("'", "\\'")).append("']");
    }
  }

  private Mismatch expected(String what, JsonToken token) {
    return new Mismatch(path(), "expected " + what + ", got " + describe(token));
  }

  /** A token as a mismatch names it: "a string", "an object", "the end of the text". */
  static String describe(JsonToken token) {
    if (token == null) {
      return "the end of the text";
    }
    return switch (token) {
      case VALUE_STRING -> "a string";
      case VALUE_NUMBER_INT, VALUE_NUMBER_FLOAT -> "a number";
      case VALUE_TRUE, VALUE_FALSE -> "a boolean";
      case VALUE_NULL -> "null";
      case START_OBJECT -> "an object";
      case START_ARRAY -> "an array";
      default -> token.asString() == null ? token.name() : "'" + token.asString() + "'";
    };
  }

  private Mismatch invalid(IOException e) {
    return new Mismatch(path(), invalidJson(e));
  }

  /** What was wrong with text that is not JSON, without Jackson's source excerpt. */
  static String invalidJson(IOException e) {
    if (e instanceof JsonEOFException) {
      return "the JSON ends early";
    }
    String message =
        e instanceof JsonProcessingException processing
            ? processing.getOriginalMessage()
            : e.getMessage();
    if (message != null && message.startsWith("Unexpected end-of-input")) {
      return "the JSON ends early"; // Jackson's words for a text cut between tokens
    }
    if (message != null) {
      int line = message.indexOf('\n');
      if (line >= 0) {
        message = message.substring(0, line);
      }
    }
    return "not valid JSON: " + message;
  }

  private static String quote(String text) {
    String shown = text.length() > 60 ? text.substring(0, 60) + "…" : text;
    return '"' + shown.replace("\\", "\\\\").replace("\"", "\\\"") + '"';
  }
}
