package dev.claudegen.processor;

import javax.lang.model.element.AnnotationValue;
import javax.tools.Diagnostic;

/**
 * Where the checks report a problem with an annotation: on a value as written, or on the whole
 * annotation when the value was left at its default. Each implementation decides which element
 * carries it (an inherited method's problems go on the annotated interface).
 */
@FunctionalInterface
interface Reporter {

  /**
   * Reports on the value, or on the annotation when {@code value} is null.
   *
   * @param annotation the annotation at fault
   */
  void at(Message message, AnnotationView annotation, AnnotationValue value, Object... args);

  /** Reports on an attribute as written, or on the annotation when it was left at its default. */
  default void on(Message message, AnnotationView annotation, String attribute, Object... args) {
    at(message, annotation, annotation.written(attribute), args);
  }

  /** Reports on the annotation's own element. */
  static Reporter onOwnElement(Report report) {
    return (message, annotation, value, args) ->
        report.add(message, annotation.element(), annotation.mirror(), value, args);
  }

  /** A reporter that passes everything on and remembers whether an error went through. */
  final class Tally implements Reporter {
    private final Reporter target;
    private boolean errors;

    Tally(Reporter target) {
      this.target = target;
    }

    @Override
    public void at(Message message, AnnotationView annotation, AnnotationValue value,
        Object... args) {
      errors |= message.kind() == Diagnostic.Kind.ERROR;
      target.at(message, annotation, value, args);
    }

    boolean hasErrors() {
      return errors;
    }
  }
}
