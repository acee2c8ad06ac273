package dev.claudegen.runtime;

import java.io.IOException;
import java.net.URLEncoder;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Takes API keys out of what a server (or a relay or proxy on the way) sent, before that text
 * becomes part of an exception, and so of its message, {@code toString()}, stack trace, the log
 * lines and the listener events that quote it. Relays and proxies answer a bad key with {@code
 * invalid x-api-key: <the key>}; without this, the key would reach every log that records the
 * failure.
 *
 * <p>Removed: the configured key wherever it appears (also URL-encoded, inside a longer token, or
 * cut short, as a body excerpt may cut it), and anything that looks like an Anthropic key ({@code
 * sk-ant-} and key characters), ours or not. The configured key becomes {@value #REDACTED} (or
 * {@value #ANTHROPIC_REDACTED} when it is an Anthropic key: the family prefix is public and tells
 * which key the server quoted); nothing else of it is kept.
 */
final class Redactor {

  /** What the configured key becomes. */
  static final String REDACTED = "[redacted]";

  /** What an Anthropic key becomes: its public family prefix, nothing of the secret. */
  static final String ANTHROPIC_REDACTED = "sk-ant-" + REDACTED;

  /**
   * The shortest configured key that is searched for. A shorter one is no credential of any
   * family we know, and searching for it would blank ordinary words in error messages.
   */
  static final int MIN_KEY_LENGTH = 8;

  /**
   * How much of the key's start, found at the end of a cut excerpt, is removed: fewer characters
   * than the {@link #MIN_KEY_LENGTH} anchor, since the cut can fall anywhere in the key.
   */
  private static final int MIN_CUT_PREFIX = 4;

  /** The ellipsis {@link MessagesJson#excerpt} ends a cut excerpt with. */
  private static final String CUT = "…";

  private static final String ANTHROPIC_PREFIX = "sk-ant-";

  private static final Pattern ANTHROPIC_KEY =
      Pattern.compile(ANTHROPIC_PREFIX + "[A-Za-z0-9_-]+", Pattern.CASE_INSENSITIVE);

  private static final String QUOTED_ANTHROPIC_REDACTED =
      Matcher.quoteReplacement(ANTHROPIC_REDACTED);

  private static boolean mayHoldAnthropicKey(String text) {
    int last = text.length() - ANTHROPIC_PREFIX.length();
    for (int i = 0; i <= last; i++) {
      if (text.regionMatches(true, i, ANTHROPIC_PREFIX, 0, ANTHROPIC_PREFIX.length())) {
        return true;
      }
    }
    return false;
  }

  /** The forms the configured key may be quoted in; empty when there is none to search for. */
  private final List<String> forms;

  private final String replacement;

  private Redactor(String key) {
    if (key == null || key.length() < MIN_KEY_LENGTH) {
      this.forms = List.of();
      this.replacement = REDACTED;
      return;
    }
    Set<String> all = new LinkedHashSet<>();
    all.add(key);
    String encoded = URLEncoder.encode(key, StandardCharsets.UTF_8);
    all.add(encoded);
    all.add(encoded.replace("+", "%20"));
    // Percent escapes may come back in lower case (%2b); only the escapes, not the key's letters.
    all.add(lowerCaseEscapes(encoded));
    this.forms = List.copyOf(all);
    this.replacement = key.startsWith("sk-ant-") ? ANTHROPIC_REDACTED : REDACTED;
  }

  /** A redactor for the key a call sends. */
  static Redactor forKey(String key) {
    return new Redactor(key);
  }

  /** The text without any key; null stays null. */
  String redact(String text) {
    if (text == null || text.isEmpty()) {
      return text;
    }
    // Anthropic keys first, whole: the configured key's anchor could match only the start of
    // another Anthropic key and leave the rest of it behind.
    // The pattern only matches where "sk-ant-" is: most texts (every reply's request id) have
    // none, and skip the matcher.
    String result =
        mayHoldAnthropicKey(text)
            ? ANTHROPIC_KEY.matcher(text).replaceAll(QUOTED_ANTHROPIC_REDACTED)
            : text;
    for (String form : forms) {
      result = removeForm(result, form);
    }
    if (result.endsWith(CUT)) {
      for (String form : forms) {
        result = removeCutPrefix(result, form);
      }
    }
    return result;
  }

  /** The details with every server-provided text redacted: type, message, request id. */
  ErrorDetails redact(ErrorDetails details) {
    return new ErrorDetails(
        details.statusCode(),
        redact(details.errorType()),
        redact(details.errorMessage()),
        redact(details.requestId()),
        details.retryAfter(),
        details.attempt(),
        details.maxAttempts(),
        details.rateLimit());
  }

  /**
   * The transport's exception as an exception's cause: itself when no text in its chain holds a
   * key, else a copy of the chain with the texts redacted and the stack traces kept. The JDK's
   * HTTP client quotes what it could not parse ({@code Invalid status line: "..."}), so a reply
   * that garbles its status line could otherwise carry the key into a stack trace.
   */
  Throwable redact(Throwable cause) {
    if (cause == null || !holdsKey(cause, 0)) {
      return cause;
    }
    return copy(cause, 0);
  }

  private boolean holdsKey(Throwable t, int depth) {
    if (t == null || depth > 16) {
      return false;
    }
    String text = t.toString();
    return !text.equals(redact(text)) || holdsKey(t.getCause(), depth + 1);
  }

  private Throwable copy(Throwable t, int depth) {
    String message = redact(t.getMessage());
    Throwable copy;
    if (t instanceof HttpConnectTimeoutException) {
      copy = new HttpConnectTimeoutException(message);
    } else if (t instanceof HttpTimeoutException) {
      copy = new HttpTimeoutException(message);
    } else if (t.getClass() == IOException.class) {
      copy = new IOException(message);
    } else {
      // Another type cannot be rebuilt in general; its name stays in the text.
      copy = new IOException(redact(t.toString()));
    }
    copy.setStackTrace(t.getStackTrace());
    Throwable cause = t.getCause();
    if (cause != null && cause != t && depth < 16) {
      copy.initCause(copy(cause, depth + 1));
    }
    return copy;
  }

  /**
   * Replaces each run of text that starts like the key (its first {@link #MIN_KEY_LENGTH}
   * characters) and goes on matching it, so the whole key, and a quoted start of it, both go.
   */
  private String removeForm(String text, String form) {
    String anchor = form.substring(0, MIN_KEY_LENGTH);
    int at = text.indexOf(anchor);
    if (at < 0) {
      return text;
    }
    StringBuilder out = new StringBuilder(text.length());
    int from = 0;
    while (at >= 0) {
      int end = at + MIN_KEY_LENGTH;
      while (end < text.length() && end - at < form.length() && text.charAt(end) == form.charAt(end - at)) {
        end++;
      }
      out.append(text, from, at).append(replacement);
      from = end;
      at = text.indexOf(anchor, from);
    }
    return out.append(text, from, text.length()).toString();
  }

  /** A cut excerpt may end in the key's first few characters, too few for {@link #removeForm}. */
  private String removeCutPrefix(String text, String form) {
    String body = text.substring(0, text.length() - CUT.length());
    for (int length = Math.min(form.length(), MIN_KEY_LENGTH) - 1; length >= MIN_CUT_PREFIX; length--) {
      if (body.endsWith(form.substring(0, length))) {
        return body.substring(0, body.length() - length) + replacement + CUT;
      }
    }
    return text;
  }

  private static String lowerCaseEscapes(String encoded) {
    StringBuilder out = new StringBuilder(encoded.length());
    for (int i = 0; i < encoded.length(); i++) {
      char c = encoded.charAt(i);
      if (c == '%' && i + 2 < encoded.length()) {
        out.append(c).append(encoded.substring(i + 1, i + 3).toLowerCase(Locale.ROOT));
        i += 2;
      } else {
        out.append(c);
      }
    }
    return out.toString();
  }

  @Override
  public String toString() {
    return "Redactor[" + forms.size() + " forms of the key]";
  }
}
