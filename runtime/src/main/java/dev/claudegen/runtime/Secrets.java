package dev.claudegen.runtime;

import java.util.Locale;
import java.util.Map;
import java.util.StringJoiner;

/** Keeps API keys out of strings that may end up in logs. */
final class Secrets {

  private Secrets() {}

  /** Whether a header's value is a credential. */
  static boolean isSecretHeader(String name) {
    String lower = name.toLowerCase(Locale.ROOT);
    return lower.equals("x-api-key") || lower.equals("authorization");
  }

  /** Header names and values, with credentials shown as {@code ***}. */
  static String redactHeaders(Map<String, String> headers) {
    StringJoiner joined = new StringJoiner(", ", "{", "}");
    headers.forEach(
        (name, value) -> joined.add(name + ": " + (isSecretHeader(name) ? "***" : value)));
    return joined.toString();
  }

  /** A key as it may be shown: its family prefix only, like {@code sk-ant-***}. */
  static String redactKey(String key) {
    if (key == null) {
      return "null";
    }
    return key.startsWith("sk-ant-") ? "sk-ant-***" : "***";
  }
}
