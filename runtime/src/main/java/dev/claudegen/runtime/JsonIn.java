package dev.claudegen.runtime;

import java.net.URI;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
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

    public Mismatch(String path, String problem) {
      super(path + ": " + problem);
      this.path = path;
    }

    /** The JSON path of the value at fault, like {@code $.tags[2]}; {@code $} for the root. */
    public String path() {
      return path;
    }
  }

  private JsonIn() {}

  /** Reads the whole text as one value; anything after it but whitespace is a {@link Mismatch}. */
  public static <T> T parse(String json, Reader<T> reader) {
    throw new UnsupportedOperationException("contract stub");
  }

  public void beginObject() {
    throw new UnsupportedOperationException("contract stub");
  }

  public String nextField() {
    throw new UnsupportedOperationException("contract stub");
  }

  public void endObject() {
    throw new UnsupportedOperationException("contract stub");
  }

  public <T> T required(T value, String property) {
    throw new UnsupportedOperationException("contract stub");
  }

  public void skipValue() {
    throw new UnsupportedOperationException("contract stub");
  }

  public String readString() {
    throw new UnsupportedOperationException("contract stub");
  }

  public boolean readBoolean() {
    throw new UnsupportedOperationException("contract stub");
  }

  public int readInt() {
    throw new UnsupportedOperationException("contract stub");
  }

  public long readLong() {
    throw new UnsupportedOperationException("contract stub");
  }

  public double readDouble() {
    throw new UnsupportedOperationException("contract stub");
  }

  public <E extends Enum<E>> E readEnum(E[] constants) {
    throw new UnsupportedOperationException("contract stub");
  }

  public LocalDate readLocalDate() {
    throw new UnsupportedOperationException("contract stub");
  }

  public OffsetDateTime readOffsetDateTime() {
    throw new UnsupportedOperationException("contract stub");
  }

  public Instant readInstant() {
    throw new UnsupportedOperationException("contract stub");
  }

  public UUID readUuid() {
    throw new UnsupportedOperationException("contract stub");
  }

  public URI readUri() {
    throw new UnsupportedOperationException("contract stub");
  }

  public <T> List<T> readList(Reader<T> element) {
    throw new UnsupportedOperationException("contract stub");
  }

  public <T> Optional<T> readOptional(Reader<T> value) {
    throw new UnsupportedOperationException("contract stub");
  }

  public <T> T readWrapped(String property, Reader<T> value) {
    throw new UnsupportedOperationException("contract stub");
  }
}
