package dev.claudegen.processor;

import com.palantir.javapoet.CodeBlock;
import java.util.Locale;

/**
 * The one way annotation text gets into generated source: as a string literal in code, or as
 * {@code {@code ...}} text in Javadoc. Both are plain ASCII for any input, so the file compiles
 * and means the same whatever encoding the compiler writes and reads it in.
 *
 * <p>JavaPoet's {@code $S} is not enough. It leaves every char that is not an ISO control raw,
 * and its writer then splits all the text it emits at {@code \R}, which matches U+2028 and U+2029
 * too: a line separator in a prompt came out as a real line break inside the literal ("unclosed
 * string literal"). Raw non-ASCII text also depends on the Filer's encoding, the compiler's
 * {@code -encoding}, which a processor cannot see (on JDK 17 it defaults to the platform's, where
 * a Chinese prompt would turn into question marks); and a lone surrogate cannot be encoded at all.
 */
final class SourceText {

  private SourceText() {}

  /**
   * {@code value} as a Java string literal. Printable ASCII stays as it is; newlines split the
   * literal into one concatenated operand per line, as JavaPoet's {@code $S} does, so an ordinary
   * prompt reads exactly as it did.
   *
   * <p>Everything else is an escape. A {@code \}{@code u} escape (four hex digits) is translated
   * before the source is read as tokens, so it is only safe for chars that mean nothing to the
   * lexer: never for LF, CR (a line break, which no literal may hold), {@code "} or {@code \}.
   * Those four, and the other chars with a short escape, get their short escape; every other char,
   * lone surrogates included, gets a {@code \}{@code u} escape of its code unit, which keeps its
   * UTF-16 value exactly.
   */
  static CodeBlock literal(String value) {
    CodeBlock.Builder code = CodeBlock.builder();
    int newline = value.indexOf('\n');
    if (newline < 0 || newline == value.length() - 1) {
      return code.add("$L", quoted(value)).build();
    }
    code.add("$L", quoted(value.substring(0, newline + 1))).indent().indent();
    int start = newline + 1;
    while (start < value.length()) {
      newline = value.indexOf('\n', start);
      int end = newline < 0 ? value.length() : newline + 1;
      code.add("\n+ $L", quoted(value.substring(start, end)));
      start = end;
    }
    return code.unindent().unindent().build();
  }

  private static String quoted(String value) {
    StringBuilder out = new StringBuilder(value.length() + 2).append('"');
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      switch (c) {
        case '"' -> out.append("\\\"");
        case '\\' -> out.append("\\\\");
        case '\b' -> out.append("\\b");
        case '\t' -> out.append("\\t");
        case '\n' -> out.append("\\n");
        case '\f' -> out.append("\\f");
        case '\r' -> out.append("\\r");
        default -> {
          if (c >= ' ' && c <= '~') {
            out.append(c);
          } else {
            // Not LF, CR, '"' or '\': all handled above, so this escape cannot end the literal.
            out.append(String.format("\\u%04x", (int) c));
          }
        }
      }
    }
    return out.append('"').toString();
  }

  /**
   * {@code value} as code in Javadoc: {@code {@code value}} when that shows it as it is, as for
   * every model id and environment variable name in use; otherwise {@code <code>} with HTML
   * character references for anything Javadoc or the lexer would read as more than text.
   *
   * <p>A Javadoc comment is still source: {@code *}{@code /} ends it, a backslash may start a
   * {@code \}{@code u} escape that is translated before the comment is found (into a line break,
   * or into {@code *}{@code /}), and {@code {@code}} shows HTML references as written, which is why
   * the second form is HTML rather than {@code {@code}}.
   */
  static String javadocCode(String value) {
    if (isPlainCode(value)) {
      return "{@code " + value + "}";
    }
    StringBuilder out = new StringBuilder("<code>");
    for (int i = 0; i < value.length(); ) {
      int c = value.codePointAt(i);
      i += Character.charCount(c);
      boolean endsComment = c == '/' && i >= 2 && value.charAt(i - 2) == '*';
      if (c >= ' ' && c <= '~' && "&<>@\\{}".indexOf(c) < 0 && !endsComment) {
        out.append((char) c);
      } else if (isHtmlChar(c)) {
        out.append("&#x").append(Integer.toHexString(c).toUpperCase(Locale.ROOT))
            .append(';');
      } else {
        // No HTML reference may name a control char or a surrogate; the code has the exact value.
        out.append("&#xFFFD;");
      }
    }
    return out.append("</code>").toString();
  }

  private static boolean isPlainCode(String value) {
    if (value.contains("*/")) {
      return false;
    }
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      if (c < ' ' || c > '~' || c == '\\' || c == '{' || c == '}') {
        return false;
      }
    }
    return true;
  }

  /**
   * {@code text} for a Javadoc {@code <pre>} block, lines kept: what Javadoc or the lexer would
   * read as more than text ({@code *}{@code /}, {@code @}, a backslash, HTML) as HTML character
   * references, as {@link #javadocCode} does.
   */
  static String javadocPre(String text) {
    StringBuilder out = new StringBuilder();
    for (int i = 0; i < text.length(); ) {
      int c = text.codePointAt(i);
      i += Character.charCount(c);
      boolean endsComment = c == '/' && i >= 2 && text.charAt(i - 2) == '*';
      if (c == '\n' || (c >= ' ' && c <= '~' && "&<>@\\".indexOf(c) < 0 && !endsComment)) {
        out.append((char) c);
      } else if (isHtmlChar(c)) {
        out.append("&#x").append(Integer.toHexString(c).toUpperCase(Locale.ROOT)).append(';');
      } else {
        out.append("&#xFFFD;");
      }
    }
    return out.toString();
  }

  /** Whether an HTML character reference may name {@code c}. */
  private static boolean isHtmlChar(int c) {
    boolean control = c < ' ' || (c >= 0x7f && c <= 0x9f);
    boolean surrogate = c >= Character.MIN_SURROGATE && c <= Character.MAX_SURROGATE;
    return !control && !surrogate;
  }
}
