package dev.claudegen.processor;

import java.nio.file.Path;
import java.time.LocalDate;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import javax.annotation.processing.AbstractProcessor;
import javax.annotation.processing.RoundEnvironment;
import javax.lang.model.SourceVersion;
import javax.lang.model.element.Element;
import javax.lang.model.element.TypeElement;

/**
 * Reads and validates each {@code @ClaudeEndpoint} interface as {@link ClaudeProcessor} does, on
 * the built-in catalog and {@link Compiler#TODAY}, and keeps the plans (empty after an error) for
 * the test to look at; prints nothing and generates nothing.
 */
final class PlanProbe extends AbstractProcessor {

  final Map<String, Optional<ClientPlan>> plans = new LinkedHashMap<>();

  /** A user catalog file, or null. */
  private final Path catalog;

  PlanProbe() {
    this(null);
  }

  PlanProbe(Path catalog) {
    this.catalog = catalog;
  }

  @Override
  public Set<String> getSupportedAnnotationTypes() {
    return Set.of("*");
  }

  @Override
  public SourceVersion getSupportedSourceVersion() {
    return SourceVersion.latestSupported();
  }

  @Override
  public boolean process(Set<? extends TypeElement> annotations, RoundEnvironment round) {
    TypeElement endpoint = processingEnv.getElementUtils().getTypeElement(Names.CLAUDE_ENDPOINT);
    if (endpoint == null) {
      return false;
    }
    ModelLookup models =
        new ModelLookup(new CatalogLoader().load(catalog).catalog(),
            LocalDate.parse(Compiler.TODAY), true);
    for (Element element : round.getElementsAnnotatedWith(endpoint)) {
      TypeElement type = (TypeElement) element;
      try {
        Declaration.Interface declared =
            new InterfaceReader(processingEnv.getElementUtils(), processingEnv.getTypeUtils(),
                null).read(type);
        Validator validator =
            new Validator(processingEnv.getElementUtils(), processingEnv.getTypeUtils(), models);
        plans.put(type.getQualifiedName().toString(), validator.validate(declared, new Report()));
      } catch (InterfaceReader.MissingTypesException
          | AnnotationView.ErroneousValueException e) {
        throw new AssertionError(e);
      }
    }
    return false;
  }

  /** The plan of {@code com.acme.<name>}'s method {@code method}. */
  ClientPlan.MethodPlan method(String iface, String method) {
    ClientPlan plan = plans.get(iface).orElseThrow(() -> new AssertionError("no plan: " + iface));
    return plan.methods().stream().filter(m -> m.name().equals(method)).findFirst()
        .orElseThrow(() -> new AssertionError("no method " + method));
  }
}
