package dev.claudegen.processor;

import java.util.List;
import javax.lang.model.element.ExecutableElement;
import javax.lang.model.element.TypeElement;
import javax.lang.model.element.VariableElement;
import javax.lang.model.type.TypeMirror;

/**
 * What a {@code @ClaudeEndpoint} interface declares, read as written and not yet checked. The
 * {@link Validator} turns it into a {@link ClientPlan} or into diagnostics.
 */
final class Declaration {

  private Declaration() {}

  /**
   * The interface and its annotations; each annotation is null when absent.
   *
   * @param retries the {@code @Retry} annotations, in source order
   * @param tools {@code @Tools}, whose listed types all resolve
   */
  record Interface(
      TypeElement element,
      AnnotationView endpoint,
      AnnotationView systemPrompt,
      AnnotationView thinking,
      List<AnnotationView> retries,
      AnnotationView tools,
      AnnotationView cacheControl,
      List<Method> methods) {}

  /**
   * An abstract method to implement, declared in the interface or inherited from a
   * super-interface.
   *
   * @param declaredIn the interface that declares it
   * @param returnType the return type as seen from the annotated interface (type arguments of
   *     super-interfaces applied)
   * @param endpoint {@code @ClaudeEndpoint} on the method, or null
   * @param tools {@code @Tools} on the method (which replaces the interface's), or null
   * @param cacheControl {@code @CacheControl} on the method (which replaces the interface's), or
   *     null
   */
  record Method(
      ExecutableElement element,
      TypeElement declaredIn,
      TypeMirror returnType,
      List<Parameter> parameters,
      AnnotationView endpoint,
      AnnotationView userPrompt,
      AnnotationView systemPrompt,
      AnnotationView thinking,
      List<AnnotationView> retries,
      AnnotationView tools,
      AnnotationView cacheControl) {}

  /** A method parameter, its type as seen from the annotated interface. */
  record Parameter(VariableElement element, String name, TypeMirror type) {}
}
