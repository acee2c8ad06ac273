package dev.claudegen.runtime;

/**
 * The {@link ReplyDecoder}s of structured payloads: a generated reader over the reply's text.
 *
 * <p>A reply becomes the payload only when it ended on its own: a {@code refusal}, or a reply cut
 * at {@code max_tokens}, throws {@link ClaudeOutputException} even when its text happens to be JSON
 * of the right shape (a cut reply's JSON is incomplete: a list may have lost elements). JSON that
 * does not fit the type throws it with {@link ClaudeOutputException#path()} naming the value. Like
 * every decoder it runs outside the retry loop: none of these is sent again.
 */
public final class StructuredDecoder {

  private StructuredDecoder() {}

  /**
   * The payload read from the reply's text by {@code reader}.
   *
   * @param typeName the payload type as the interface declares it, for messages
   */
  public static <T> ReplyDecoder<T> of(String typeName, JsonIn.Reader<T> reader) {
    return new ReplyDecoder<>() {
      @Override
      public T decode(Reply reply, CallSpec spec) {
        return read(typeName, reader, reply, spec);
      }

      @Override
      public String toString() {
        return "StructuredDecoder.of(" + typeName + ")";
      }
    };
  }

  /** As {@link #of}, with the reply beside the value. */
  public static <T> ReplyDecoder<Parsed<T>> withReply(String typeName, JsonIn.Reader<T> reader) {
    return new ReplyDecoder<>() {
      @Override
      public Parsed<T> decode(Reply reply, CallSpec spec) {
        return new Parsed<>(read(typeName, reader, reply, spec), reply);
      }

      @Override
      public String toString() {
        return "StructuredDecoder.withReply(" + typeName + ")";
      }
    };
  }

  private static <T> T read(String typeName, JsonIn.Reader<T> reader, Reply reply, CallSpec spec) {
    checkStop(spec, reply, -1);
    try {
      return JsonIn.parse(reply.text(), reader);
    } catch (JsonIn.Mismatch mismatch) {
      throw mismatch(spec, typeName, mismatch, reply);
    }
  }

  /**
   * Throws for a reply that did not end on its own: a refusal, or a reply cut at {@code
   * max_tokens}.
   *
   * @param items for a streamed list, how many elements were delivered; -1 for a whole reply
   */
  static void checkStop(CallSpec spec, Reply reply, int items) {
    if ("refusal".equals(reply.stopReason())) {
      throw new ClaudeOutputException(
          spec.method()
              + ": the model refused to answer (stop_reason refusal, "
              + reply.text().length()
              + " characters of text)",
          reply);
    }
    if (reply.truncated()) {
      throw new ClaudeOutputException(
          spec.method()
              + ": the reply was cut at max_tokens "
              + (items < 0
                  ? "(" + spec.maxTokens() + ") before its JSON was complete"
                  : "after "
                      + items
                      + (items == 1 ? " item" : " items")
                      + " ("
                      + spec.maxTokens()
                      + "), before its JSON was complete")
              + "; raise maxTokens",
          reply);
    }
  }

  /** The exception for JSON that does not fit {@code typeName}, at the mismatch's path. */
  static ClaudeOutputException mismatch(
      CallSpec spec, String typeName, JsonIn.Mismatch mismatch, Reply reply) {
    return new ClaudeOutputException(
        spec.method() + ": the reply's JSON does not fit " + typeName + ": " + mismatch.problem(),
        reply,
        mismatch.path());
  }
}
