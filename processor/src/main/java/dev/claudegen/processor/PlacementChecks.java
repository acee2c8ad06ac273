package dev.claudegen.processor;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.BiConsumer;
import javax.annotation.processing.ProcessingEnvironment;
import javax.annotation.processing.RoundEnvironment;
import javax.lang.model.element.AnnotationMirror;
import javax.lang.model.element.Element;
import javax.lang.model.element.ElementKind;
import javax.lang.model.element.ExecutableElement;
import javax.lang.model.element.TypeElement;
import javax.lang.model.type.TypeMirror;
import javax.lang.model.util.ElementFilter;
import javax.lang.model.util.Elements;
import javax.lang.model.util.Types;

/**
 * Reports claudegen annotations placed where they can have no effect: on a class, enum or record
 * (an error), on an interface without {@code @ClaudeEndpoint} (an error: an endpoint inherits
 * methods, not a super-interface's own annotations), or on methods of an interface that no
 * endpoint interface of this compilation extends (a warning, judged once processing is over: an
 * endpoint of a later round, or of another compilation, may extend it).
 */
final class PlacementChecks {

  private final ProcessingEnvironment processingEnv;

  private final DiagnosticSink sink;

  /** Runs a piece of work so that a crash becomes a diagnostic on the element. */
  private final BiConsumer<Element, Runnable> guard;

  /** The {@code @ClaudeEndpoint} interfaces of this compilation, from every round. */
  private final Set<String> endpoints = new LinkedHashSet<>();

  /**
   * Interfaces without {@code @ClaudeEndpoint} whose methods carry claudegen annotations, judged
   * when processing is over: an endpoint interface of a later round may extend them.
   */
  private final Set<String> withoutEndpoint = new LinkedHashSet<>();

  PlacementChecks(ProcessingEnvironment processingEnv, DiagnosticSink sink,
      BiConsumer<Element, Runnable> guard) {
    this.processingEnv = processingEnv;
    this.sink = sink;
    this.guard = guard;
  }

  /** An endpoint interface, which may extend interfaces whose methods carry annotations. */
  void noteEndpoint(TypeElement endpoint) {
    endpoints.add(endpoint.getQualifiedName().toString());
  }

  /** Checks every element of the round that carries a claudegen annotation. */
  void check(RoundEnvironment round) {
    annotatedElements(round).forEach(element -> guard.accept(element, () -> check(element)));
  }

  /** The round's elements that carry any claudegen annotation, each once, in a stable order. */
  private Set<Element> annotatedElements(RoundEnvironment round) {
    Set<Element> elements = new LinkedHashSet<>();
    for (String name : new TreeSet<>(Names.PLACED)) {
      TypeElement annotation = processingEnv.getElementUtils().getTypeElement(name);
      if (annotation != null) {
        elements.addAll(round.getElementsAnnotatedWith(annotation));
      }
    }
    return elements;
  }

  /**
   * Reports the element's claudegen annotations that cannot take effect where they are; notes an
   * interface without {@code @ClaudeEndpoint} whose methods carry some, to judge once every round
   * has shown which endpoint interfaces extend it.
   */
  private void check(Element element) {
    TypeElement host = enclosingType(element);
    if (host == null) {
      return;
    }
    boolean onType = element.equals(host);
    if (host.getKind() == ElementKind.INTERFACE) {
      if (AnnotationView.find(host, Names.CLAUDE_ENDPOINT, processingEnv.getElementUtils())
          != null) {
        return; // Read with its interface.
      }
      if (onType) {
        // @ClaudeEndpoint is absent (checked above), so each is an interface-level setting that
        // nothing reads: an endpoint interface inherits methods, not its super-interfaces'
        // annotations.
        String iface = Validator.nestedName(host);
        claudegenAnnotations(element)
            .forEach((name, mirror) -> report(Message.INTERFACE_ANNOTATION_NOT_INHERITED, element,
                mirror, name, iface, iface, name, iface));
      } else {
        withoutEndpoint.add(host.getQualifiedName().toString());
      }
      return;
    }
    String hostName = Validator.nestedName(host);
    String kind = describe(host.getKind());
    claudegenAnnotations(element)
        .forEach(
            (name, mirror) -> {
              if (onType && name.equals("ClaudeEndpoint")) {
                report(Message.NOT_AN_INTERFACE, element, mirror, element.getSimpleName(), kind);
              } else {
                report(Message.MISPLACED_ANNOTATION, element, mirror, name,
                    describe(element, host), hostName, kind);
              }
            });
  }

  /**
   * Warns of the annotations on methods of interfaces without {@code @ClaudeEndpoint} that no
   * endpoint interface of this compilation extends: they may still be extended elsewhere (another
   * module, a later build in the IDE), so this is not an error.
   */
  void reportUnextended() {
    Elements elements = processingEnv.getElementUtils();
    Types types = processingEnv.getTypeUtils();
    List<TypeMirror> endpointTypes = new ArrayList<>();
    for (String name : endpoints) {
      TypeElement type = elements.getTypeElement(name);
      if (type != null) {
        endpointTypes.add(types.erasure(type.asType()));
      }
    }
    for (String name : withoutEndpoint) {
      TypeElement iface = elements.getTypeElement(name);
      if (iface == null) {
        continue;
      }
      guard.accept(
          iface,
          () -> {
            TypeMirror erased = types.erasure(iface.asType());
            if (endpointTypes.stream().anyMatch(type -> types.isSubtype(type, erased))) {
              return;
            }
            String ifaceName = Validator.nestedName(iface);
            for (ExecutableElement method : ElementFilter.methodsIn(iface.getEnclosedElements())) {
              claudegenAnnotations(method)
                  .forEach((annotation, mirror) -> report(Message.ANNOTATION_WITHOUT_ENDPOINT,
                      method, mirror, annotation, describe(method, iface), ifaceName, ifaceName,
                      ifaceName, annotation));
            }
          });
    }
    withoutEndpoint.clear();
    endpoints.clear();
  }

  /**
   * The element's claudegen annotations by simple name; repeated {@code @Retry} (javac's
   * container) counts as one.
   */
  private static Map<String, AnnotationMirror> claudegenAnnotations(Element element) {
    Map<String, AnnotationMirror> found = new LinkedHashMap<>();
    for (AnnotationMirror mirror : element.getAnnotationMirrors()) {
      Element type = mirror.getAnnotationType().asElement();
      if (type instanceof TypeElement annotation) {
        String name = annotation.getQualifiedName().toString();
        if (Names.PLACED.contains(name)) {
          found.putIfAbsent(Names.simpleName(name), mirror);
        }
      }
    }
    return found;
  }

  /** The element itself when it is a type, else the type it is declared in. */
  private static TypeElement enclosingType(Element element) {
    for (Element e = element; e != null; e = e.getEnclosingElement()) {
      if (e instanceof TypeElement type) {
        return type;
      }
    }
    return null;
  }

  /** {@code method ask} or {@code Helper}, for messages. */
  private static String describe(Element element, TypeElement host) {
    if (element.equals(host)) {
      return Validator.nestedName(host);
    }
    return (element.getKind() == ElementKind.METHOD ? "method " : "")
        + element.getSimpleName();
  }

  private void report(Message message, Element element, AnnotationMirror mirror, Object... args) {
    // A repeated @Retry's container has no tree of its own: the sink marks the first @Retry.
    sink.print(message.kind(), message.format(args), element, mirror, null);
  }

  private static String describe(ElementKind kind) {
    return switch (kind) {
      case CLASS -> "a class";
      case ENUM -> "an enum";
      case ANNOTATION_TYPE -> "an annotation type";
      default -> {
        String name = kind.name().toLowerCase(Locale.ROOT).replace('_', ' ');
        yield (name.matches("[aeiou].*") ? "an " : "a ") + name;
      }
    };
  }
}
