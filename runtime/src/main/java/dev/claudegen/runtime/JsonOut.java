package dev.claudegen.runtime;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.net.URI;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * A JSON writer for the writers claudegen generates for tool results (records, enums and lists
 * of them, as {@link JsonIn} reads them): each generated writer is a few calls here, with no
 * reflection. Values are written as {@link JsonIn} reads them back: an enum as its name, a date as
 * ISO-8601 text, an empty {@code Optional} property as absent.
 *
 * <pre>{@code
 * static void writeOrder(JsonOut out, Order order) {
 *   out.beginObject();
 *   out.field("id").writeString(order.id());
 *   out.field("items").writeList(order.items(), JsonOut::writeString);
 *   out.optionalField("note", order.note(), JsonOut::writeString);
 *   out.endObject();
 * }
 * }</pre>
 *
 * <p>A {@code null} where a value is written (a record component that is null) is written as JSON
 * {@code null}. One instance writes one text, on one thread.
 */
public final class JsonOut {

  /** Writes one Java value as a JSON value. */
  @FunctionalInterface
  public interface Writer<T> {
    void write(JsonOut out, T value);
  }

  private static final JsonFactory JSON = new JsonFactory();

  private final JsonGenerator generator;

  private JsonOut(JsonGenerator generator) {
    this.generator = generator;
  }

  /** The JSON text of {@code value}, as {@code writer} writes it. */
  public static <T> String write(T value, Writer<T> writer) {
    StringWriter text = new StringWriter();
    try (JsonGenerator generator = JSON.createGenerator(text)) {
      JsonOut out = new JsonOut(generator);
      if (value == null) {
        generator.writeNull();
      } else {
        writer.write(out, value);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e); // writing to memory cannot fail
    }
    return text.toString();
  }

  /** Starts an object. */
  public JsonOut beginObject() {
    return io(() -> generator.writeStartObject());
  }

  /** Ends the object. */
  public JsonOut endObject() {
    return io(() -> generator.writeEndObject());
  }

  /** Writes a property's name; its value follows. */
  public JsonOut field(String name) {
    return io(() -> generator.writeFieldName(name));
  }

  /** Writes the property of an {@code Optional} value: nothing when it is empty. */
  public <T> JsonOut optionalField(String name, Optional<T> value, Writer<T> writer) {
    if (value != null && value.isPresent()) {
      field(name);
      writer.write(this, value.get());
    }
    return this;
  }

  /** Writes a string, or null. */
  public void writeString(String value) {
    io(() -> generator.writeString(value));
  }

  /** Writes a boolean. */
  public void writeBoolean(boolean value) {
    io(() -> generator.writeBoolean(value));
  }

  /** Writes a boolean, or null. */
  public void writeBoolean(Boolean value) {
    if (value == null) {
      writeNull();
    } else {
      writeBoolean(value.booleanValue());
    }
  }

  /** Writes an int. */
  public void writeInt(int value) {
    io(() -> generator.writeNumber(value));
  }

  /** Writes an int, or null. */
  public void writeInt(Integer value) {
    if (value == null) {
      writeNull();
    } else {
      writeInt(value.intValue());
    }
  }

  /** Writes a long. */
  public void writeLong(long value) {
    io(() -> generator.writeNumber(value));
  }

  /** Writes a long, or null. */
  public void writeLong(Long value) {
    if (value == null) {
      writeNull();
    } else {
      writeLong(value.longValue());
    }
  }

  /** Writes a double; NaN and the infinities, which JSON has no number for, as strings. */
  public void writeDouble(double value) {
    if (Double.isNaN(value) || Double.isInfinite(value)) {
      writeString(Double.toString(value));
    } else {
      io(() -> generator.writeNumber(value));
    }
  }

  /** Writes a double, or null. */
  public void writeDouble(Double value) {
    if (value == null) {
      writeNull();
    } else {
      writeDouble(value.doubleValue());
    }
  }

  /** Writes an enum constant's name, or null. */
  public void writeEnum(Enum<?> value) {
    writeString(value == null ? null : value.name());
  }

  /** Writes a date as {@code 2026-12-01}, or null. */
  public void writeLocalDate(LocalDate value) {
    writeString(value == null ? null : value.toString());
  }

  /** Writes a date-time with its offset, ISO-8601, or null. */
  public void writeOffsetDateTime(OffsetDateTime value) {
    writeString(value == null ? null : value.toString());
  }

  /** Writes an instant, ISO-8601 in UTC, or null. */
  public void writeInstant(Instant value) {
    writeString(value == null ? null : value.toString());
  }

  /** Writes a UUID, or null. */
  public void writeUuid(UUID value) {
    writeString(value == null ? null : value.toString());
  }

  /** Writes a URI, or null. */
  public void writeUri(URI value) {
    writeString(value == null ? null : value.toString());
  }

  /** Writes a list, each element with {@code element}; a null list as null. */
  public <T> void writeList(List<T> values, Writer<T> element) {
    if (values == null) {
      writeNull();
      return;
    }
    io(() -> generator.writeStartArray());
    for (T value : values) {
      if (value == null) {
        writeNull();
      } else {
        element.write(this, value);
      }
    }
    io(() -> generator.writeEndArray());
  }

  /** Writes JSON null. */
  public void writeNull() {
    io(() -> generator.writeNull());
  }

  private interface Io {
    void run() throws IOException;
  }

  private JsonOut io(Io write) {
    try {
      write.run();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return this;
  }
}
