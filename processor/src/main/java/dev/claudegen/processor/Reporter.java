package dev.claudegen.processor;

import javax.lang.model.element.AnnotationValue;

/**
 * Where the checks report a problem with an annotation: on a value as written, or on the whole
 * annotation when the value was left at its default. Each implementation decides which element
 * carries it (an inherited method's problems go on the annotated interface).
 *
 * <p>A check says that it failed only by reporting an error; whoever needs to know opens a
 * {@link Report.Scope} first.
 */
interface Reporter {

  /**
   * Reports on the value, or on the annotation when {@code value} is null.
   *
   * @param annotation the annotation at fault
   */
  void at(Message message, AnnotationView annotation, AnnotationValue value, Object... args);

  /** The errors reported from here on, through this reporter or any other of the same report. */
  Report.Scope scope();

  /** Reports on an attribute as written, or on the annotation when it was left at its default. */
  default void on(Message message, AnnotationView annotation, String attribute, Object... args) {
    at(message, annotation, annotation.written(attribute), args);
  }

  /** Reports on the annotation's own element. */
  static Reporter onOwnElement(Report report) {
    return new Reporter() {
      @Override
      public void at(Message message, AnnotationView annotation, AnnotationValue value,
          Object... args) {
        report.add(message, annotation.element(), annotation.mirror(), value, args);
      }

      @Override
      public Report.Scope scope() {
        return report.scope();
      }
    };
  }
}
