package dev.claudegen.processor;

import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.Set;
import javax.lang.model.element.AnnotationMirror;
import javax.lang.model.element.AnnotationValue;
import javax.lang.model.element.Element;
import javax.tools.Diagnostic;

/**
 * The diagnostics found for one interface. Validation adds to it and goes on, so that every
 * problem of an interface is reported in one compilation; generation runs only when it holds no
 * error.
 *
 * <p>This is the one way a check says that something failed: it adds an error here. Callers that
 * need to know ask a {@link Scope} opened before the check, never a null, -1 or flag returned.
 * The same diagnostic (message, text, element, annotation and value) is printed once however
 * often it is added, so settings shared by many methods can be checked for each of them.
 */
final class Report {

  private record Item(
      Message message,
      String text,
      Element element,
      AnnotationMirror annotation,
      AnnotationValue value) {}

  private final Set<Item> items = new LinkedHashSet<>();

  /** Errors added, repeats included: what scopes count. */
  private int errorsAdded;

  /**
   * The errors added from here on. A repeated error counts in every scope it is added in, so a
   * method that shares a wrong setting with another fails as well, though it is printed once.
   */
  final class Scope {
    private final int start = errorsAdded;
    private int end = -1;

    /** Whether no error was added since the scope was opened (and until it was closed). */
    boolean isClean() {
      return (end < 0 ? errorsAdded : end) == start;
    }

    /** Stops counting, so that a result can keep the scope of the checks that made it. */
    Scope close() {
      if (end < 0) {
        end = errorsAdded;
      }
      return this;
    }
  }

  Scope scope() {
    return new Scope();
  }

  /** A problem with the element as a whole. */
  void add(Message message, Element element, Object... args) {
    add(message, element, null, null, args);
  }

  /**
   * A problem with one annotation attribute; {@code value} may be null when the attribute was not
   * written (then the annotation is marked), and {@code annotation} null to mark the element.
   */
  void add(
      Message message,
      Element element,
      AnnotationMirror annotation,
      AnnotationValue value,
      Object... args) {
    if (message.kind() == Diagnostic.Kind.ERROR) {
      errorsAdded++;
    }
    items.add(new Item(message, message.format(args), element, annotation, value));
  }

  /** Prints the diagnostics, each once, in the order they were first added. */
  void printTo(DiagnosticSink sink) {
    printTo(sink, new HashSet<>());
  }

  /**
   * Prints the diagnostics not in {@code printed}, and adds them to it: a record two interfaces
   * return is checked with each, and its problems are printed once per compilation.
   */
  void printTo(DiagnosticSink sink, Set<Object> printed) {
    for (Item item : items) {
      if (printed.add(item)) {
        sink.print(item.message().kind(), item.text(), item.element(), item.annotation(),
            item.value());
      }
    }
  }
}
