package dev.claudegen.testing;

import java.time.Duration;

/**
 * How a {@link FakeResponse} deliberately misbehaves at the transport level.
 *
 * <p>Kept separate from the reply body so that each fault combines with any status, headers and
 * body; a new fault is one more {@link Type} plus one more case in {@link FakeClaude}'s writer.
 *
 * @param type what goes wrong
 * @param bodyBytes for {@link Type#TRUNCATE_BODY}: how many body bytes are written; else -1
 * @param stall for {@link Type#STALL_AFTER_HEADERS}: how long the body is held back, or null for
 *     until the server closes
 */
record Fault(Type type, int bodyBytes, Duration stall) {

  /** Well-formed HTTP/1.1 response. */
  static final Fault NONE = new Fault(Type.NONE, -1, null);

  /** Read the request, then close the socket without writing a single byte. */
  static final Fault DISCONNECT = new Fault(Type.DISCONNECT, -1, null);

  /** Read the request, then reset the connection (TCP RST) without writing a byte. */
  static final Fault RESET = new Fault(Type.RESET, -1, null);

  /** What goes wrong. */
  enum Type {
    NONE,
    DISCONNECT,
    RESET,
    TRUNCATE_BODY,
    STALL_AFTER_HEADERS
  }

  /** Send the head announcing the whole body, write only {@code bytes} of it, then close. */
  static Fault truncateBody(int bytes) {
    return new Fault(Type.TRUNCATE_BODY, bytes, null);
  }

  /** Send the head at once, hold the body back for {@code stall} (null: until closed). */
  static Fault stallAfterHeaders(Duration stall) {
    return new Fault(Type.STALL_AFTER_HEADERS, -1, stall);
  }

  /** For {@link FakeResponse#toString()}: empty for none. */
  String describe() {
    return switch (type) {
      case NONE -> "";
      case DISCONNECT -> "disconnect";
      case RESET -> "reset";
      case TRUNCATE_BODY -> "body truncated after " + bodyBytes + " bytes";
      case STALL_AFTER_HEADERS ->
          "stall after headers " + (stall == null ? "until closed" : "for " + stall);
    };
  }
}
