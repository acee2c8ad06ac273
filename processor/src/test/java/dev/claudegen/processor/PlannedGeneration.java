package dev.claudegen.processor;

import com.palantir.javapoet.ClassName;
import com.palantir.javapoet.JavaFile;
import com.palantir.javapoet.TypeName;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import javax.annotation.processing.AbstractProcessor;
import javax.annotation.processing.RoundEnvironment;
import javax.lang.model.SourceVersion;
import javax.lang.model.element.ElementKind;
import javax.lang.model.element.ExecutableElement;
import javax.lang.model.element.TypeElement;
import javax.lang.model.element.VariableElement;
import javax.lang.model.type.TypeKind;

/**
 * Runs {@link ClientGenerator} on a plan built by hand for an interface with no claudegen
 * annotation: each method's return plan comes from the test, the rest (one user parameter, fixed
 * settings) from the interface. It lets generation of structured payloads, tools and cache
 * markers be tested apart from the reader and validator that produce them.
 */
final class PlannedGeneration extends AbstractProcessor {

  /**
   * A method's mode and payload; the declared type is the interface's. Its tools (null for none;
   * a type's null element is looked up by its name) and cache ttl (null for none) go into the
   * method's plan as they are.
   */
  record Returns(
      ClientPlan.ReturnPlan.Mode mode,
      ClientPlan.ReturnPlan.Payload payload,
      ClientPlan.ToolsPlan tools,
      String cacheTtl) {
    Returns(ClientPlan.ReturnPlan.Mode mode, ClientPlan.ReturnPlan.Payload payload) {
      this(mode, payload, null, null);
    }
  }

  private final String iface;
  private final Map<String, Returns> returns;
  private boolean done;

  PlannedGeneration(String iface, Map<String, Returns> returns) {
    this.iface = iface;
    this.returns = returns;
  }

  @Override
  public Set<String> getSupportedAnnotationTypes() {
    return Set.of("*");
  }

  @Override
  public SourceVersion getSupportedSourceVersion() {
    return SourceVersion.latestSupported();
  }

  /** The plan with each type's element looked up by its name where the test left it null. */
  private ClientPlan.ToolsPlan withElements(ClientPlan.ToolsPlan tools) {
    if (tools == null) {
      return null;
    }
    List<ClientPlan.ToolType> types = new ArrayList<>();
    for (ClientPlan.ToolType type : tools.types()) {
      TypeElement element =
          type.element() != null
              ? type.element()
              : processingEnv.getElementUtils().getTypeElement(type.name().canonicalName());
      types.add(new ClientPlan.ToolType(element, type.name(), type.tools()));
    }
    return new ClientPlan.ToolsPlan(types, tools.maxRounds(), tools.strict());
  }

  @Override
  public boolean process(Set<? extends TypeElement> annotations, RoundEnvironment round) {
    // Claims every annotation, as claudegen does @Generated, so -Xlint:processing stays quiet.
    if (done) {
      return true;
    }
    done = true;
    TypeElement type = processingEnv.getElementUtils().getTypeElement(iface);
    ClassName name = ClassName.get(type);
    List<ClientPlan.MethodPlan> methods = new ArrayList<>();
    for (ExecutableElement method :
        javax.lang.model.util.ElementFilter.methodsIn(type.getEnclosedElements())) {
      if (method.getKind() != ElementKind.METHOD || method.isDefault()) {
        continue;
      }
      String methodName = method.getSimpleName().toString();
      Returns planned = returns.get(methodName);
      List<ClientPlan.ParameterPlan> parameters = new ArrayList<>();
      for (VariableElement parameter : method.getParameters()) {
        parameters.add(
            new ClientPlan.ParameterPlan(
                parameter.getSimpleName().toString(),
                parameter.asType(),
                parameter.asType().getKind() != TypeKind.INT,
                parameter.asType().toString().equals("java.lang.String")));
      }
      String display =
          name.simpleName()
              + "."
              + methodName
              + method.getParameters().stream()
                  .map(p -> TypeName.get(p.asType()).toString().replace("java.lang.", ""))
                  .collect(Collectors.joining(", ", "(", ")"));
      methods.add(
          new ClientPlan.MethodPlan(
              method,
              methodName,
              new ClientPlan.ReturnPlan(
                  planned.mode(), planned.payload(), TypeName.get(method.getReturnType())),
              parameters,
              display,
              new ClientPlan.Settings(
                  "claude-sonnet-4-6",
                  1024,
                  Double.NaN,
                  Double.NaN,
                  -1,
                  List.of(),
                  -1,
                  null,
                  "ANTHROPIC_API_KEY",
                  "2023-06-01",
                  List.of(),
                  0),
              null,
              null,
              PromptTemplate.ofParameter(parameters.get(0).name()),
              List.of(),
              withElements(planned.tools()),
              planned.cacheTtl()));
    }
    ClassName generated =
        ClassName.get(name.packageName(), "Claude" + String.join("_", name.simpleNames()));
    ClientPlan plan =
        new ClientPlan(
            type,
            name,
            generated,
            true,
            methods,
            new BatchPlanner(processingEnv.getElementUtils())
                .plan(type, generated.simpleName(), methods));
    JavaFile file =
        new ClientGenerator(
                processingEnv.getElementUtils(),
                processingEnv.getTypeUtils(),
                processingEnv.getSourceVersion())
            .generate(plan);
    try {
      file.writeTo(processingEnv.getFiler());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return true;
  }
}
