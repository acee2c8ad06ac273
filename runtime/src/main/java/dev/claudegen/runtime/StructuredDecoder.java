package dev.claudegen.runtime;

/** The {@link ReplyDecoder}s of structured payloads: a generated reader over the reply's text. */
public final class StructuredDecoder {

  private StructuredDecoder() {}

  /**
   * The payload read from the reply's text by {@code reader}.
   *
   * @param typeName the payload type as the interface declares it, for messages
   */
  public static <T> ReplyDecoder<T> of(String typeName, JsonIn.Reader<T> reader) {
    throw new UnsupportedOperationException("contract stub");
  }

  /** As {@link #of}, with the reply beside the value. */
  public static <T> ReplyDecoder<Parsed<T>> withReply(String typeName, JsonIn.Reader<T> reader) {
    throw new UnsupportedOperationException("contract stub");
  }
}
