package dev.claudegen.processor;

import com.google.auto.service.AutoService;
import com.palantir.javapoet.JavaFile;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Clock;
import java.time.LocalDate;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import javax.annotation.processing.AbstractProcessor;
import javax.annotation.processing.FilerException;
import javax.annotation.processing.Messager;
import javax.annotation.processing.Processor;
import javax.annotation.processing.RoundEnvironment;
import javax.lang.model.SourceVersion;
import javax.lang.model.element.Element;
import javax.lang.model.element.ElementKind;
import javax.lang.model.element.TypeElement;
import javax.tools.Diagnostic;

/**
 * Generates {@code Claude<Name>} for every interface annotated {@code @ClaudeEndpoint}.
 *
 * <p>Each interface goes through three steps kept apart: {@link InterfaceReader} reads what was
 * declared, {@link Validator} reports every problem on the element and attribute at fault, and
 * {@link ClientGenerator} writes the class from the checked {@link ClientPlan}.
 *
 * <p>Models are checked against the catalog {@link CatalogLoader} reads (the built-in {@code
 * models.json}, plus the file of {@code -Aclaudegen.models}), judged at the build date of {@code
 * -Aclaudegen.today} (else the machine's date, from the clock it was made with); {@code
 * -Aclaudegen.unknownModels=warning} lets unknown names through. See {@link ProcessorOptions}.
 *
 * <p>Interfaces that use types not generated yet (by another processor, say) are put off to the
 * next round. Nothing this processor does may throw into javac: any failure becomes a diagnostic on
 * the interface. It never claims the annotations, so other processors still see them. Gradle may
 * treat it as isolating: each generated file depends on its interface alone.
 */
@AutoService(Processor.class)
public final class ClaudeProcessor extends AbstractProcessor {

  /**
   * The machine's clock, read only when {@code -Aclaudegen.today} is not given: the one place the
   * processor looks at the time, so that tests can move it.
   */
  private final Clock clock;

  /** Interfaces put off for missing types: qualified name to the names missing. */
  private final Map<String, Set<String>> deferred = new LinkedHashMap<>();

  /**
   * The options and model catalog, read when the first interface needs them: once per
   * compilation, since each compilation gets a new processor (no static state, which would go
   * stale in an IDE).
   */
  private ModelLookup models;

  /** The processor javac and ServiceLoader make, on the system clock. */
  public ClaudeProcessor() {
    this(Clock.systemDefaultZone());
  }

  /** A processor whose machine date comes from {@code clock}, for tests. */
  ClaudeProcessor(Clock clock) {
    this.clock = clock;
  }

  @Override
  public Set<String> getSupportedAnnotationTypes() {
    return Set.of(Names.CLAUDE_ENDPOINT);
  }

  @Override
  public Set<String> getSupportedOptions() {
    return ProcessorOptions.NAMES;
  }

  @Override
  public SourceVersion getSupportedSourceVersion() {
    return SourceVersion.latestSupported();
  }

  @Override
  public boolean process(Set<? extends TypeElement> annotations, RoundEnvironment round) {
    if (round.processingOver()) {
      reportStillMissing(round);
      return false;
    }
    Map<String, TypeElement> interfaces = new LinkedHashMap<>();
    for (String name : deferred.keySet()) {
      TypeElement type = processingEnv.getElementUtils().getTypeElement(name);
      if (type != null) {
        interfaces.put(name, type);
      }
    }
    deferred.clear();
    TypeElement endpoint = processingEnv.getElementUtils().getTypeElement(Names.CLAUDE_ENDPOINT);
    if (endpoint != null) {
      for (Element element : round.getElementsAnnotatedWith(endpoint)) {
        if (element.getKind() == ElementKind.INTERFACE) {
          TypeElement type = (TypeElement) element;
          interfaces.put(type.getQualifiedName().toString(), type);
        } else {
          guarded(element, () -> reportMisplaced(element));
        }
      }
    }
    interfaces.values().forEach(type -> guarded(type, () -> processInterface(type)));
    return false;
  }

  private void processInterface(TypeElement type) {
    Declaration.Interface declared;
    try {
      declared =
          new InterfaceReader(processingEnv.getElementUtils(), processingEnv.getTypeUtils())
              .read(type);
    } catch (InterfaceReader.MissingTypesException e) {
      deferred.put(type.getQualifiedName().toString(), e.missing());
      return;
    } catch (AnnotationView.ErroneousValueException e) {
      return; // javac has reported the value that does not compile; more would be noise.
    }
    Report report = new Report();
    ClientPlan plan;
    try {
      plan =
          new Validator(processingEnv.getElementUtils(), processingEnv.getTypeUtils(), models())
              .validate(declared, report);
    } catch (AnnotationView.ErroneousValueException e) {
      return;
    }
    report.printTo(processingEnv.getMessager(), !isEclipse());
    if (plan != null) {
      write(plan);
    }
  }

  /** Whether this is Eclipse's compiler (batch or IDE), whose positions differ from javac's. */
  private boolean isEclipse() {
    return processingEnv.getClass().getName().startsWith("org.eclipse.");
  }

  /** Reads the options and the catalog the first time; their problems are reported then. */
  private ModelLookup models() {
    if (models == null) {
      ProcessorOptions options =
          ProcessorOptions.read(processingEnv.getOptions(), LocalDate.now(clock));
      CatalogLoader.Loaded catalog = new CatalogLoader().load(options.userCatalog());
      Messager messager = processingEnv.getMessager();
      options.problems().forEach(problem -> messager.printMessage(Diagnostic.Kind.ERROR, problem));
      catalog.problems().forEach(problem -> messager.printMessage(Diagnostic.Kind.ERROR, problem));
      models =
          new ModelLookup(catalog.catalog(), options.today(), options.unknownModelsAreErrors());
    }
    return models;
  }

  private void write(ClientPlan plan) {
    JavaFile file =
        new ClientGenerator(
                processingEnv.getElementUtils(),
                processingEnv.getTypeUtils(),
                processingEnv.getSourceVersion())
            .generate(plan);
    try {
      file.writeTo(processingEnv.getFiler());
    } catch (FilerException e) {
      // Eclipse may run a processor twice over one file (Eclipse bug 367599); the file is there.
      note(Message.WRITE_FAILED, plan.iface(), plan.generatedName(), e.getMessage());
    } catch (IOException e) {
      processingEnv
          .getMessager()
          .printMessage(
              Diagnostic.Kind.ERROR,
              Message.WRITE_FAILED.format(plan.generatedName(), e.getMessage()),
              plan.iface());
    }
  }

  private void reportMisplaced(Element element) {
    AnnotationView annotation =
        AnnotationView.find(element, Names.CLAUDE_ENDPOINT, processingEnv.getElementUtils());
    if (element.getKind() == ElementKind.METHOD) {
      Element owner = element.getEnclosingElement();
      if (owner.getKind() == ElementKind.INTERFACE
          && AnnotationView.find(owner, Names.CLAUDE_ENDPOINT, processingEnv.getElementUtils())
              != null) {
        return; // Read with its interface.
      }
      processingEnv
          .getMessager()
          .printMessage(
              Diagnostic.Kind.ERROR,
              Message.METHOD_ENDPOINT_WITHOUT_INTERFACE.format(
                  element.getSimpleName(), owner.getSimpleName()),
              element,
              annotation == null ? null : annotation.mirror());
      return;
    }
    processingEnv
        .getMessager()
        .printMessage(
            Diagnostic.Kind.ERROR,
            Message.NOT_AN_INTERFACE.format(element.getSimpleName(), describe(element.getKind())),
            element,
            annotation == null ? null : annotation.mirror());
  }

  private static String describe(ElementKind kind) {
    return switch (kind) {
      case CLASS -> "a class";
      case ENUM -> "an enum";
      case ANNOTATION_TYPE -> "an annotation type";
      default -> {
        String name = kind.name().toLowerCase(java.util.Locale.ROOT).replace('_', ' ');
        yield (name.matches("[aeiou].*") ? "an " : "a ") + name;
      }
    };
  }

  private void reportStillMissing(RoundEnvironment round) {
    // If javac already reported errors, the missing types are among them; more would be noise.
    if (!round.errorRaised()) {
      deferred.forEach(
          (name, missing) -> {
            TypeElement type = processingEnv.getElementUtils().getTypeElement(name);
            processingEnv
                .getMessager()
                .printMessage(
                    Diagnostic.Kind.ERROR,
                    Message.MISSING_TYPES.format(name, String.join(", ", missing)),
                    type);
          });
    }
    deferred.clear();
  }

  private void note(Message message, Element element, Object... args) {
    processingEnv.getMessager().printMessage(message.kind(), message.format(args), element);
  }

  /** Runs one element's work; an unexpected exception becomes an error on that element. */
  private void guarded(Element element, Runnable work) {
    try {
      work.run();
    } catch (RuntimeException | LinkageError e) {
      StringWriter trace = new StringWriter();
      e.printStackTrace(new PrintWriter(trace));
      note(Message.INTERNAL_ERROR, element, element, trace);
    }
  }
}
