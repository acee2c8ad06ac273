package dev.claudegen.processor;

import com.palantir.javapoet.AnnotationSpec;
import com.palantir.javapoet.ClassName;
import com.palantir.javapoet.CodeBlock;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import javax.lang.model.element.Element;
import javax.lang.model.element.ElementKind;
import javax.lang.model.element.ExecutableElement;
import javax.lang.model.element.TypeElement;
import javax.lang.model.util.ElementFilter;
import javax.lang.model.util.Elements;

/**
 * Whether a generated class uses a deprecated element of the user's: a tools type or tool method,
 * or a record or enum its readers and writers name (a record's constructor and accessors too).
 * javac has already warned where the user's own source names them; the generated uses would only
 * repeat it under {@code -Xlint:all}, so the class suppresses exactly the kinds it has.
 */
final class Deprecations {

  private final Elements elements;
  private final Set<ClassName> seen = new HashSet<>();
  private boolean deprecation;
  private boolean removal;

  private Deprecations(Elements elements) {
    this.elements = elements;
  }

  /** {@code @SuppressWarnings} with "deprecation" and/or "removal", or none when none is used. */
  static Optional<AnnotationSpec> suppression(ClientPlan plan, Elements elements) {
    Deprecations found = new Deprecations(elements);
    for (ClientPlan.MethodPlan method : plan.methods()) {
      if (method.returns().payload() instanceof ClientPlan.ReturnPlan.Structured structured) {
        found.type(structured.root().type());
      }
      if (method.tools() != null) {
        for (ClientPlan.ToolType type : method.tools().types()) {
          found.tools(type);
        }
      }
    }
    List<CodeBlock> kinds = new ArrayList<>();
    if (found.deprecation) {
      kinds.add(SourceText.literal("deprecation"));
    }
    if (found.removal) {
      kinds.add(SourceText.literal("removal"));
    }
    if (kinds.isEmpty()) {
      return Optional.empty();
    }
    CodeBlock value =
        kinds.size() == 1 ? kinds.get(0) : CodeBlock.of("{$L}", CodeBlock.join(kinds, ", "));
    return Optional.of(
        AnnotationSpec.builder(SuppressWarnings.class).addMember("value", "$L", value).build());
  }

  private void tools(ClientPlan.ToolType type) {
    TypeElement element = type.element();
    if (element != null) {
      check(element);
      for (ClientPlan.ToolPlan tool : type.tools()) {
        for (ExecutableElement method : ElementFilter.methodsIn(elements.getAllMembers(element))) {
          if (method.getSimpleName().contentEquals(tool.methodName())
              && method.getParameters().size() == tool.input().properties().size()) {
            check(method);
          }
        }
      }
    }
    for (ClientPlan.ToolPlan tool : type.tools()) {
      tool.input().properties().forEach(property -> type(property.type()));
      if (tool.result() != null) {
        type(tool.result());
      }
    }
  }

  private void type(StructuredType type) {
    if (type instanceof StructuredType.ListType list) {
      type(list.element());
    } else if (type instanceof StructuredType.EnumType enumType) {
      named(enumType.javaType());
    } else if (type instanceof StructuredType.ObjectType object) {
      if (named(object.javaType())) {
        object.properties().forEach(property -> type(property.type()));
      }
    }
  }

  /** Checks the record or enum and, for a record, its constructors and accessors; once each. */
  private boolean named(ClassName name) {
    if (!seen.add(name)) {
      return false;
    }
    TypeElement element = elements.getTypeElement(name.canonicalName());
    if (element != null) {
      check(element);
      if (element.getKind() == ElementKind.RECORD) {
        ElementFilter.constructorsIn(element.getEnclosedElements()).forEach(this::check);
        ElementFilter.recordComponentsIn(element.getEnclosedElements())
            .forEach(component -> check(component.getAccessor()));
      }
    }
    return true;
  }

  private void check(Element element) {
    if (element == null || !elements.isDeprecated(element)) {
      return;
    }
    Deprecated annotation = element.getAnnotation(Deprecated.class);
    if (annotation != null && annotation.forRemoval()) {
      removal = true;
    } else {
      deprecation = true;
    }
  }
}
