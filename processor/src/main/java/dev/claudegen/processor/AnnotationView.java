package dev.claudegen.processor;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import javax.lang.model.element.AnnotationMirror;
import javax.lang.model.element.AnnotationValue;
import javax.lang.model.element.Element;
import javax.lang.model.element.ExecutableElement;
import javax.lang.model.element.TypeElement;
import javax.lang.model.element.VariableElement;
import javax.lang.model.type.TypeMirror;
import javax.lang.model.util.Elements;
import javax.lang.model.util.SimpleAnnotationValueVisitor9;

/**
 * One annotation as written on one element, read from its mirror rather than by reflection: values
 * that do not compile never throw here, and every attribute keeps the {@link AnnotationValue}
 * that diagnostics point at.
 */
final class AnnotationView {

  /** An attribute whose value javac could not compile; javac has already reported it. */
  static final class ErroneousValueException extends Exception {
    private static final long serialVersionUID = 1L;

    ErroneousValueException(String attribute) {
      super(attribute);
    }
  }

  private final Element element;
  private final AnnotationMirror mirror;
  private final Map<? extends ExecutableElement, ? extends AnnotationValue> values;

  private AnnotationView(Element element, AnnotationMirror mirror, Elements elements) {
    this.element = element;
    this.mirror = mirror;
    this.values = elements.getElementValuesWithDefaults(mirror);
  }

  /** The annotation of the given type directly on the element, or null. */
  static AnnotationView find(Element element, String annotationType, Elements elements) {
    for (AnnotationMirror mirror : element.getAnnotationMirrors()) {
      if (isOfType(mirror, annotationType)) {
        return new AnnotationView(element, mirror, elements);
      }
    }
    return null;
  }

  /**
   * All annotations of a repeatable type on the element: written once, or several times (then
   * javac wraps them in the container).
   */
  static List<AnnotationView> findRepeated(
      Element element, String annotationType, String containerType, Elements elements)
      throws ErroneousValueException {
    List<AnnotationView> found = new ArrayList<>();
    for (AnnotationMirror mirror : element.getAnnotationMirrors()) {
      if (isOfType(mirror, annotationType)) {
        found.add(new AnnotationView(element, mirror, elements));
      } else if (isOfType(mirror, containerType)) {
        AnnotationView container = new AnnotationView(element, mirror, elements);
        for (AnnotationValue inner : container.list("value")) {
          if (!(inner.getValue() instanceof AnnotationMirror innerMirror)) {
            throw new ErroneousValueException("value");
          }
          found.add(new AnnotationView(element, innerMirror, elements));
        }
      }
    }
    return found;
  }

  private static boolean isOfType(AnnotationMirror mirror, String annotationType) {
    Element type = mirror.getAnnotationType().asElement();
    return type instanceof TypeElement typeElement
        && typeElement.getQualifiedName().contentEquals(annotationType);
  }

  Element element() {
    return element;
  }

  AnnotationMirror mirror() {
    return mirror;
  }

  /**
   * The value as written, for pointing diagnostics at it; null if the attribute was left at its
   * default (diagnostics then point at the whole annotation).
   */
  AnnotationValue written(String attribute) {
    for (Map.Entry<? extends ExecutableElement, ? extends AnnotationValue> entry :
        mirror.getElementValues().entrySet()) {
      if (entry.getKey().getSimpleName().contentEquals(attribute)) {
        return entry.getValue();
      }
    }
    return null;
  }

  /**
   * Element {@code index} of an array attribute as written, for pointing at one name in a list;
   * the whole value when it is not a list as expected, null when the attribute was left at its
   * default.
   */
  AnnotationValue writtenElement(String attribute, int index) {
    AnnotationValue written = written(attribute);
    if (written != null
        && written.getValue() instanceof List<?> items
        && index < items.size()
        && items.get(index) instanceof AnnotationValue item) {
      return item;
    }
    return written;
  }

  /** Whether the attribute was written rather than left at its default. */
  boolean isWritten(String attribute) {
    return written(attribute) != null;
  }

  String string(String attribute) throws ErroneousValueException {
    return cast(attribute, String.class);
  }

  int integer(String attribute) throws ErroneousValueException {
    return cast(attribute, Integer.class);
  }

  double decimal(String attribute) throws ErroneousValueException {
    Object value = raw(attribute);
    if (value instanceof Number number) {
      return number.doubleValue();
    }
    throw new ErroneousValueException(attribute);
  }

  boolean bool(String attribute) throws ErroneousValueException {
    return cast(attribute, Boolean.class);
  }

  List<String> strings(String attribute) throws ErroneousValueException {
    List<String> strings = new ArrayList<>();
    for (AnnotationValue value : list(attribute)) {
      if (!(value.getValue() instanceof String string)) {
        throw new ErroneousValueException(attribute);
      }
      strings.add(string);
    }
    return strings;
  }

  /** The constant names of an enum-array attribute, like {@code RATE_LIMIT}. */
  List<String> enumConstants(String attribute) throws ErroneousValueException {
    List<String> names = new ArrayList<>();
    for (AnnotationValue value : list(attribute)) {
      if (!(value.getValue() instanceof VariableElement constant)) {
        throw new ErroneousValueException(attribute);
      }
      names.add(constant.getSimpleName().toString());
    }
    return names;
  }

  /** An array attribute's elements as written (or defaulted), each its own value. */
  List<? extends AnnotationValue> values(String attribute) throws ErroneousValueException {
    return list(attribute);
  }

  /**
   * The types of a {@code Class[]} attribute, in order.
   *
   * @throws ErroneousValueException when one is not a type (a class literal that does not
   *     compile)
   */
  List<TypeMirror> types(String attribute) throws ErroneousValueException {
    List<TypeMirror> types = new ArrayList<>();
    for (AnnotationValue value : list(attribute)) {
      if (!(value.getValue() instanceof TypeMirror type)) {
        throw new ErroneousValueException(attribute);
      }
      types.add(type);
    }
    return types;
  }

  private List<? extends AnnotationValue> list(String attribute) throws ErroneousValueException {
    Object value = raw(attribute);
    if (value instanceof List<?> list) {
      List<AnnotationValue> values = new ArrayList<>();
      for (Object item : list) {
        if (!(item instanceof AnnotationValue annotationValue)) {
          throw new ErroneousValueException(attribute);
        }
        values.add(annotationValue);
      }
      return values;
    }
    throw new ErroneousValueException(attribute);
  }

  private <T> T cast(String attribute, Class<T> type) throws ErroneousValueException {
    Object value = raw(attribute);
    if (type.isInstance(value)) {
      return type.cast(value);
    }
    throw new ErroneousValueException(attribute);
  }

  private Object raw(String attribute) throws ErroneousValueException {
    for (Map.Entry<? extends ExecutableElement, ? extends AnnotationValue> entry :
        values.entrySet()) {
      if (entry.getKey().getSimpleName().contentEquals(attribute)) {
        AnnotationValue written = entry.getValue();
        // javac shows a value it could not compile as an unquoted <error>; a String constant
        // that happens to read "<error>" prints with its quotes.
        Object value =
            "<error>".equals(String.valueOf(written)) ? null : written.accept(ERRONEOUS_AS_NULL, null);
        if (value == null) {
          throw new ErroneousValueException(attribute);
        }
        return value;
      }
    }
    throw new ErroneousValueException(attribute);
  }

  /** Values that are not constants (types, possibly erroneous) become null. */
  private static final SimpleAnnotationValueVisitor9<Object, Void> ERRONEOUS_AS_NULL =
      new SimpleAnnotationValueVisitor9<>() {
        @Override
        protected Object defaultAction(Object value, Void unused) {
          return value;
        }

        @Override
        public Object visitType(javax.lang.model.type.TypeMirror type, Void unused) {
          return null;
        }

        @Override
        public Object visitUnknown(AnnotationValue value, Void unused) {
          return null;
        }
      };

  @Override
  public String toString() {
    return mirror.toString();
  }
}
