package dev.claudegen.runtime;

import java.util.Objects;

/**
 * A structured payload with the reply it was read from: for a method that needs the value and
 * the usage, stop reason or request id, like {@code Parsed<Ticket> triage(String mail)}.
 *
 * @param <T> the value's type: a record, an enum, or a {@code List} of them
 */
public final class Parsed<T> {

  private final T value;
  private final Reply reply;

  public Parsed(T value, Reply reply) {
    this.value = Objects.requireNonNull(value, "value");
    this.reply = Objects.requireNonNull(reply, "reply");
  }

  /** The value read from the reply's JSON text. */
  public T value() {
    return value;
  }

  /** The reply, with its usage, stop reason and ids. */
  public Reply reply() {
    return reply;
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof Parsed<?> parsed
        && value.equals(parsed.value)
        && reply.equals(parsed.reply);
  }

  @Override
  public int hashCode() {
    return 31 * value.hashCode() + reply.hashCode();
  }

  @Override
  public String toString() {
    return "Parsed[value=" + value + ", reply=" + reply + "]";
  }
}
