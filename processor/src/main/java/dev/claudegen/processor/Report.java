package dev.claudegen.processor;

import java.util.ArrayList;
import java.util.List;
import javax.annotation.processing.Messager;
import javax.lang.model.element.AnnotationMirror;
import javax.lang.model.element.AnnotationValue;
import javax.lang.model.element.Element;
import javax.tools.Diagnostic;

/**
 * The diagnostics found for one interface. Validation adds to it and goes on, so that every
 * problem of an interface is reported in one compilation; generation runs only when it holds no
 * error.
 */
final class Report {

  private record Item(
      Message message,
      String text,
      Element element,
      AnnotationMirror annotation,
      AnnotationValue value) {}

  private final List<Item> items = new ArrayList<>();

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
    items.add(new Item(message, message.format(args), element, annotation, value));
  }

  boolean hasErrors() {
    return items.stream().anyMatch(item -> item.message().kind() == Diagnostic.Kind.ERROR);
  }

  /**
   * Prints the diagnostics.
   *
   * @param findsArrayElements whether the compiler can point at one element of an array value;
   *     javac can, Eclipse's compiler cannot (it marks the whole annotation), so there an element
   *     is widened to its attribute, which it can point at
   */
  void printTo(Messager messager, boolean findsArrayElements) {
    for (Item item : items) {
      if (item.annotation() == null) {
        messager.printMessage(item.message().kind(), item.text(), item.element());
      } else if (item.value() == null) {
        messager.printMessage(
            item.message().kind(), item.text(), item.element(), item.annotation());
      } else {
        AnnotationValue value =
            findsArrayElements ? item.value() : attributeHolding(item.annotation(), item.value());
        messager.printMessage(
            item.message().kind(), item.text(), item.element(), item.annotation(), value);
      }
    }
  }

  /** The attribute value that is or contains {@code value}, or {@code value} itself. */
  private static AnnotationValue attributeHolding(AnnotationMirror annotation,
      AnnotationValue value) {
    for (AnnotationValue attribute : annotation.getElementValues().values()) {
      if (attribute == value
          || (attribute.getValue() instanceof List<?> items && items.contains(value))) {
        return attribute;
      }
    }
    return value;
  }
}
