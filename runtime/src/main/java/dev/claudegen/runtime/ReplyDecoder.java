package dev.claudegen.runtime;

/**
 * Turns a reply into a method's payload: the part of a call that depends on the declared return
 * type's payload ({@code String}, {@link Reply}, later generated readers for records), and nothing
 * else. The same decoder serves every call mode.
 *
 * <p>A decoder runs after the reply arrived, outside the retry loop: a reply that cannot become
 * the payload was produced and billed, so it is thrown as a {@link ClaudeOutputException}, never
 * sent again.
 *
 * @param <T> the payload
 */
@FunctionalInterface
public interface ReplyDecoder<T> {

  /**
   * The payload of a {@code String} method: the reply's text blocks, joined. Never an empty
   * string: a refusal, a reply without text, or one of only whitespace throws {@link
   * ClaudeOutputException}; a reply cut at {@code max_tokens} returns its text, logged at WARNING.
   */
  ReplyDecoder<String> TEXT = TextDecoder.INSTANCE;

  /** The payload of a {@link Reply} method: the reply itself, whatever its stop reason. */
  ReplyDecoder<Reply> REPLY = (reply, spec) -> reply;

  /**
   * Decodes.
   *
   * @param spec the method's settings, for messages that name it
   * @throws ClaudeOutputException when the reply cannot become the payload
   */
  T decode(Reply reply, CallSpec spec);
}
