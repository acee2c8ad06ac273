package dev.claudegen.runtime;

import java.lang.System.Logger.Level;

/** {@link ReplyDecoder#TEXT}. */
final class TextDecoder implements ReplyDecoder<String> {

  static final TextDecoder INSTANCE = new TextDecoder();

  private static final System.Logger LOG = System.getLogger("dev.claudegen");

  private TextDecoder() {}

  /**
   * An empty string is never returned: a caller would store it as if it were an answer.
   */
  @Override
  public String decode(Reply reply, CallSpec spec) {
    String text = reply.text();
    if ("refusal".equals(reply.stopReason())) {
      throw unusable(spec, "the model refused to answer", reply);
    }
    if (text.isBlank()) {
      String problem =
          !text.isEmpty()
              ? "the reply's text is only whitespace"
              : reply.truncated()
                  ? "the reply was cut at max_tokens before any text"
                  : "the reply has no text";
      throw unusable(spec, problem, reply);
    }
    if (reply.truncated()) {
      LOG.log(
          Level.WARNING,
          () ->
              spec.method()
                  + " ("
                  + reply.model()
                  + "): the reply was cut at max_tokens ("
                  + spec.maxTokens()
                  + ") (request-id "
                  + reply.requestId()
                  + "); returning its text as it is. Return Reply to check truncated().");
    }
    return text;
  }

  static ClaudeOutputException unusable(CallSpec spec, String problem, Reply reply) {
    return new ClaudeOutputException(
        spec.method()
            + ": "
            + problem
            + " (stop_reason "
            + reply.stopReason()
            + ", content "
            + reply.blockTypes()
            + ", "
            + reply.text().length()
            + " characters of text)",
        reply);
  }

  @Override
  public String toString() {
    return "ReplyDecoder.TEXT";
  }
}
