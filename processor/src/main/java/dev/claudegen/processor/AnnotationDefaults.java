package dev.claudegen.processor;

import java.util.HashMap;
import java.util.Map;
import javax.lang.model.element.AnnotationValue;
import javax.lang.model.element.ExecutableElement;
import javax.lang.model.element.TypeElement;
import javax.lang.model.util.ElementFilter;
import javax.lang.model.util.Elements;

/**
 * The defaults the annotation types declare, read from the types being compiled against rather
 * than copied here: the generator leaves out what equals them, and the runtime's builders start
 * from the same constants of the annotation types. An attribute whose default cannot be read
 * has none, so its value is always written out: longer, never wrong.
 */
final class AnnotationDefaults {

  private final Elements elements;

  /**
   * The defaults read so far, by type and attribute (null values included): each method's call
   * spec asks for about ten, and a lookup walks the annotation type's members.
   */
  private final Map<String, Object> read = new HashMap<>();

  AnnotationDefaults(Elements elements) {
    this.elements = elements;
  }

  /** The default of the attribute, or null when the type, the attribute or its default is absent. */
  Object of(String annotationType, String attribute) {
    String key = annotationType + '#' + attribute;
    if (read.containsKey(key)) {
      return read.get(key);
    }
    Object value = lookUp(annotationType, attribute);
    read.put(key, value);
    return value;
  }

  private Object lookUp(String annotationType, String attribute) {
    TypeElement type = elements.getTypeElement(annotationType);
    if (type == null) {
      return null;
    }
    for (ExecutableElement method : ElementFilter.methodsIn(type.getEnclosedElements())) {
      if (method.getSimpleName().contentEquals(attribute)) {
        AnnotationValue value = method.getDefaultValue();
        return value == null ? null : value.getValue();
      }
    }
    return null;
  }

  /** A duration attribute's default in milliseconds; -1 when empty; null when it has none. */
  Long millis(String annotationType, String attribute) {
    if (!(of(annotationType, attribute) instanceof String text)) {
      return null;
    }
    return text.isEmpty() ? -1L : Durations.parseMillis(text);
  }
}
