package dev.claudegen.processor;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import javax.lang.model.SourceVersion;

/**
 * A prompt template split into literal text and {@code {name}} placeholders. <code>{{</code> and
 * <code>}}</code> are literal braces; any other brace that does not form a placeholder is an error,
 * so a typo cannot silently reach the model.
 */
final class PromptTemplate {

  /** A piece of a template: literal text, or a placeholder when {@code parameter} is set. */
  record Segment(String text, String parameter) {
    static Segment literal(String text) {
      return new Segment(text, null);
    }

    static Segment placeholder(String parameter) {
      return new Segment(null, parameter);
    }

    boolean isPlaceholder() {
      return parameter != null;
    }
  }

  /** Why a template cannot be read. */
  static final class SyntaxException extends Exception {
    private static final long serialVersionUID = 1L;

    SyntaxException(String problem) {
      super(problem);
    }
  }

  private final List<Segment> segments;

  private PromptTemplate(List<Segment> segments) {
    this.segments = List.copyOf(segments);
  }

  /** A template that is the value of one parameter, as with a single String parameter. */
  static PromptTemplate ofParameter(String parameter) {
    return new PromptTemplate(List.of(Segment.placeholder(parameter)));
  }

  static PromptTemplate parse(String template) throws SyntaxException {
    List<Segment> segments = new ArrayList<>();
    StringBuilder literal = new StringBuilder();
    int i = 0;
    while (i < template.length()) {
      char c = template.charAt(i);
      if (c == '{' && i + 1 < template.length() && template.charAt(i + 1) == '{') {
        literal.append('{');
        i += 2;
      } else if (c == '}' && i + 1 < template.length() && template.charAt(i + 1) == '}') {
        literal.append('}');
        i += 2;
      } else if (c == '}') {
        throw new SyntaxException(
            "'}' at position " + (i + 1) + " closes no placeholder (write }} for a literal brace)");
      } else if (c == '{') {
        int close = template.indexOf('}', i + 1);
        int nextOpen = template.indexOf('{', i + 1);
        if (close < 0 || (nextOpen >= 0 && nextOpen < close)) {
          throw new SyntaxException(
              "'{' at position " + (i + 1) + " is never closed (write {{ for a literal brace)");
        }
        String name = template.substring(i + 1, close);
        if (!SourceVersion.isIdentifier(name) || SourceVersion.isKeyword(name)) {
          throw new SyntaxException(
              "'{"
                  + name
                  + "}' at position "
                  + (i + 1)
                  + " is not a placeholder; a placeholder is a parameter name like {text}");
        }
        if (literal.length() > 0) {
          segments.add(Segment.literal(literal.toString()));
          literal.setLength(0);
        }
        segments.add(Segment.placeholder(name));
        i = close + 1;
      } else {
        literal.append(c);
        i++;
      }
    }
    if (literal.length() > 0) {
      segments.add(Segment.literal(literal.toString()));
    }
    return new PromptTemplate(segments);
  }

  List<Segment> segments() {
    return segments;
  }

  /**
   * Whether the literal text holds anything but whitespace. Without it the prompt is blank
   * whenever its placeholders' values are, which only the runtime can see.
   */
  boolean hasText() {
    return segments.stream()
        .anyMatch(segment -> !segment.isPlaceholder() && !segment.text().isBlank());
  }

  /** The placeholder names, in order of first use. */
  Set<String> placeholders() {
    Set<String> names = new LinkedHashSet<>();
    for (Segment segment : segments) {
      if (segment.isPlaceholder()) {
        names.add(segment.parameter());
      }
    }
    return names;
  }
}
