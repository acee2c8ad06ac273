package dev.claudegen.testing;

/**
 * How a {@link FakeResponse} deliberately misbehaves at the transport level.
 *
 * <p>Kept separate from the reply body so a new fault (truncating the body, stalling after the
 * headers, resetting the connection) is one more constant plus one more case in {@link
 * FakeClaude}'s writer, and combines with any status, headers and body.
 */
enum Fault {
  /** Well-formed HTTP/1.1 response. */
  NONE,

  /** Read the request, then close the socket without writing a single byte. */
  DISCONNECT
}
