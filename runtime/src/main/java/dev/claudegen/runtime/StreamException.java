package dev.claudegen.runtime;

/**
 * Why a streamed reply did not become a {@link Reply}: the three ways a 200 stream fails, kept
 * apart so the streaming driver can map each to the exception a user sees and decide on a retry
 * by what reached the caller. Checked, so no path can forget one; never thrown at users.
 *
 * <p>No message here holds text the server sent unredacted except {@link Malformed}'s excerpt,
 * which the driver passes through the {@link Redactor} (as {@link
 * ResponseErrors#malformedReply} does for a non-streaming body).
 */
abstract sealed class StreamException extends Exception
    permits StreamException.Malformed, StreamException.ErrorEvent, StreamException.Cut {

  private static final long serialVersionUID = 1L;

  private StreamException(String message) {
    // Control flow of one stream, thrown once: the trace would only show the parser's frames.
    super(message, null, false, false);
  }

  /**
   * The bytes are not what the API streams: a line above the length limit, an event's JSON
   * unreadable, a delta for a block never started, an event after {@code message_stop}.
   */
  static final class Malformed extends StreamException {
    private static final long serialVersionUID = 1L;

    Malformed(String problem) {
      super(problem);
    }
  }

  /**
   * The API sent an {@code error} event: after the 200 status, it gave up on the reply.
   * {@link ResponseErrors#errorEvent} makes the exception the same error would be as a status.
   */
  static final class ErrorEvent extends StreamException {
    private static final long serialVersionUID = 1L;

    private final String errorType;
    private final String errorMessage;
    private final String requestId;
    private final int deltas;

    /**
     * @param errorType the event's {@code error.type}, or null when it had none
     * @param errorMessage its {@code error.message}, or what was wrong with the event
     * @param requestId the event's {@code request_id}, or null
     * @param deltas how many {@code content_block_delta} events came before it
     */
    ErrorEvent(String errorType, String errorMessage, String requestId, int deltas) {
      // The server's text stays out of the message until the redactor has seen it.
      super("error event after " + deltas + (deltas == 1 ? " delta" : " deltas"));
      this.errorType = errorType;
      this.errorMessage = errorMessage;
      this.requestId = requestId;
      this.deltas = deltas;
    }

    String errorType() {
      return errorType;
    }

    String errorMessage() {
      return errorMessage;
    }

    String requestId() {
      return requestId;
    }

    int deltas() {
      return deltas;
    }
  }

  /**
   * The body ended before {@code message_stop}: the connection was closed mid-reply (or a proxy
   * cut it), so the reply is incomplete, whatever arrived.
   */
  static final class Cut extends StreamException {
    private static final long serialVersionUID = 1L;

    private final int deltas;

    Cut(String message, int deltas) {
      super(message);
      this.deltas = deltas;
    }

    /** How many {@code content_block_delta} events arrived before the end. */
    int deltas() {
      return deltas;
    }
  }
}
