package dev.claudegen.processor;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The descriptions a schema takes from javadoc, where the source is compiled here ({@code
 * Elements.getDocComment} is null for a class from a jar): the text before the block tags, and
 * each {@code @param}'s text, as plain text with whitespace collapsed.
 */
final class Javadoc {

  private static final Pattern BLOCK_TAG = Pattern.compile("(?m)^\\s*@(\\w+)");
  private static final Pattern PARAM = Pattern.compile("(?s)^\\s*@param\\s+(\\S+)\\s*(.*)");
  /** {@code {@code x}}, {@code {@link A#b label}}: the label, else the reference or code. */
  private static final Pattern INLINE_TAG =
      Pattern.compile("\\{@(code|literal|link|linkplain|value)\\s+([^{}]*)}");
  private static final Pattern HTML_TAG = Pattern.compile("</?[a-zA-Z][^>]*>");

  private Javadoc() {}

  /** The description before the first block tag, or null when there is none. */
  static String body(String comment) {
    if (comment == null) {
      return null;
    }
    Matcher tag = BLOCK_TAG.matcher(comment);
    String text = normalize(plain(tag.find() ? comment.substring(0, tag.start()) : comment));
    return text.isEmpty() ? null : text;
  }

  /**
   * The first paragraph of the description before the first block tag: up to a blank line or a
   * {@code <p>}; null when there is none.
   */
  static String firstParagraph(String comment) {
    if (comment == null) {
      return null;
    }
    Matcher tag = BLOCK_TAG.matcher(comment);
    String description = tag.find() ? comment.substring(0, tag.start()) : comment;
    Matcher end = PARAGRAPH_END.matcher(description);
    return body(end.find() ? description.substring(0, end.start()) : description);
  }

  private static final Pattern PARAGRAPH_END =
      Pattern.compile("(?i)\\n\\s*\\n|<p\\b[^>]*>|</p>");

  /** Each {@code @param}'s text by the name it documents; for a record, its components. */
  static Map<String, String> params(String comment) {
    Map<String, String> params = new LinkedHashMap<>();
    if (comment == null) {
      return params;
    }
    Matcher tag = BLOCK_TAG.matcher(comment);
    int start = -1;
    while (true) {
      boolean found = tag.find();
      if (start >= 0) {
        int end = found ? tag.start() : comment.length();
        Matcher param = PARAM.matcher(comment.substring(start, end));
        if (param.matches()) {
          String text = normalize(plain(param.group(2)));
          if (!text.isEmpty()) {
            params.putIfAbsent(param.group(1), text);
          }
        }
      }
      if (!found) {
        return params;
      }
      start = tag.start();
    }
  }

  /** Single spaces between words, none at the ends. */
  static String normalize(String text) {
    return text.strip().replaceAll("\\s+", " ");
  }

  private static String plain(String text) {
    String inline = INLINE_TAG.matcher(text).replaceAll(match -> {
      String content = match.group(2).strip();
      if (match.group(1).startsWith("link")) {
        int space = content.indexOf(' ');
        content = space < 0 ? content.replace('#', '.') : content.substring(space + 1);
      }
      return Matcher.quoteReplacement(content);
    });
    return HTML_TAG.matcher(inline).replaceAll(" ").replace("&lt;", "<").replace("&gt;", ">")
        .replace("&amp;", "&");
  }
}
