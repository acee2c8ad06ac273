package dev.claudegen.testing;

import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * Makes a short string for a regular expression of the structured-output subset ({@code ^…$},
 * literals, {@code []}, {@code .}, {@code \d \w \s}, groups and alternation, {@code * + ?} and
 * {@code {n,m}}): each repetition as few times as allowed, each alternation's first branch, each
 * class's first fitting character. The caller checks the result against the pattern, so a pattern
 * outside the subset costs a failed check, never a wrong reply.
 */
final class Patterns {
  // Tried in order for a character class: the usual suspects first, then printable ASCII.
  private static final String CANDIDATES;

  static {
    StringBuilder candidates = new StringBuilder("a0A_- .");
    for (char c = 33; c < 127; c++) {
      candidates.append(c);
    }
    CANDIDATES = candidates.toString();
  }

  private final String regex;
  private int at;

  private Patterns(String regex) {
    this.regex = regex;
  }

  /** An example for {@code regex}, or {@code null} if it is outside what this understands. */
  static String example(String regex) {
    Patterns parser = new Patterns(regex);
    try {
      StringBuilder out = new StringBuilder();
      parser.alternation(out);
      return parser.at == regex.length() ? out.toString() : null;
    } catch (IllegalArgumentException | IndexOutOfBoundsException e) {
      return null;
    }
  }

  /** The first branch of an alternation, the others skipped, up to a ')' or the end. */
  private void alternation(StringBuilder out) {
    sequence(out);
    while (at < regex.length() && regex.charAt(at) == '|') {
      at++;
      sequence(new StringBuilder());
    }
  }

  private void sequence(StringBuilder out) {
    while (at < regex.length() && regex.charAt(at) != '|' && regex.charAt(at) != ')') {
      StringBuilder atom = new StringBuilder();
      atom(atom);
      int times = quantifier();
      for (int i = 0; i < times; i++) {
        out.append(atom);
      }
    }
  }

  private void atom(StringBuilder out) {
    char c = regex.charAt(at++);
    switch (c) {
      case '^':
      case '$':
        return;
      case '(':
        if (regex.startsWith("?:", at)) {
          at += 2;
        } else if (regex.charAt(at) == '?') {
          throw new IllegalArgumentException("group construct");
        }
        alternation(out);
        if (regex.charAt(at++) != ')') {
          throw new IllegalArgumentException("unclosed group");
        }
        return;
      case '[':
        out.append(classMember());
        return;
      case '.':
        out.append('a');
        return;
      case '\\':
        out.append(escape(regex.charAt(at++)));
        return;
      case '*':
      case '+':
      case '?':
      case '{':
        throw new IllegalArgumentException("dangling quantifier");
      default:
        out.append(c);
    }
  }

  private static String escape(char c) {
    switch (c) {
      case 'd':
        return "0";
      case 'w':
      case 'D':
      case 'S':
        return "a";
      case 's':
      case 'W':
        return " ";
      default:
        if (Character.isLetterOrDigit(c)) {
          throw new IllegalArgumentException("escape \\" + c);
        }
        return String.valueOf(c);
    }
  }

  /** The first candidate the class at {@code at - 1} accepts; {@code at} moves past it. */
  private char classMember() {
    int start = at - 1;
    int end = at;
    if (end < regex.length() && regex.charAt(end) == '^') {
      end++;
    }
    if (end < regex.length() && regex.charAt(end) == ']') {
      end++; // a leading ']' is a member
    }
    while (regex.charAt(end) != ']') {
      end += regex.charAt(end) == '\\' ? 2 : 1;
    }
    at = end + 1;
    Pattern members;
    try {
      members = Pattern.compile(regex.substring(start, at));
    } catch (PatternSyntaxException e) {
      throw new IllegalArgumentException(e);
    }
    for (int i = 0; i < CANDIDATES.length(); i++) {
      char candidate = CANDIDATES.charAt(i);
      if (members.matcher(String.valueOf(candidate)).matches()) {
        return candidate;
      }
    }
    throw new IllegalArgumentException("no printable member");
  }

  /** How many times the atom before it is repeated: the least its quantifier allows. */
  private int quantifier() {
    if (at >= regex.length()) {
      return 1;
    }
    int times;
    char c = regex.charAt(at);
    if (c == '*' || c == '?') {
      at++;
      times = 0;
    } else if (c == '+') {
      at++;
      times = 1;
    } else if (c == '{') {
      int close = regex.indexOf('}', at);
      String bounds = regex.substring(at + 1, close);
      int comma = bounds.indexOf(',');
      times = Integer.parseInt(comma < 0 ? bounds : bounds.substring(0, comma));
      at = close + 1;
    } else {
      return 1;
    }
    if (at < regex.length() && (regex.charAt(at) == '?' || regex.charAt(at) == '+')) {
      at++; // lazy or possessive: the same least count
    }
    return times;
  }
}
