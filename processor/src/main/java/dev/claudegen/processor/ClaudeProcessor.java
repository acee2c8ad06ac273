package dev.claudegen.processor;

import com.google.auto.service.AutoService;
import com.palantir.javapoet.JavaFile;
import com.sun.source.util.Trees;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.io.Writer;
import java.time.Clock;
import java.time.LocalDate;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.UnaryOperator;
import javax.annotation.processing.AbstractProcessor;
import javax.annotation.processing.FilerException;
import javax.annotation.processing.Messager;
import javax.annotation.processing.Processor;
import javax.annotation.processing.RoundEnvironment;
import javax.lang.model.SourceVersion;
import javax.lang.model.element.Element;
import javax.lang.model.element.ElementKind;
import javax.lang.model.element.TypeElement;
import javax.lang.model.element.VariableElement;
import javax.lang.model.util.ElementFilter;
import javax.tools.Diagnostic;
import javax.tools.JavaFileObject;

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
 * the interface. It claims every claudegen annotation (they mean nothing to other processors),
 * and reports those placed where they can have no effect: on a class, enum or record, or on an
 * interface without {@code @ClaudeEndpoint} that no endpoint interface extends. Gradle may treat
 * it as isolating: each generated file depends on its interface alone (the placement warnings
 * look further, but write nothing). Claiming has one cost: javac asks a processor that supports
 * {@code "*"} only about annotations nobody claimed, so such a processor should come before
 * claudegen on the processor path.
 */
@AutoService(Processor.class)
public final class ClaudeProcessor extends AbstractProcessor {

  /**
   * The machine's clock, read only when {@code -Aclaudegen.today} is not given: the one place the
   * processor looks at the time, so that tests can move it.
   */
  private final Clock clock;

  /** The classes this processor wrote, which carry {@code @Generated}. */
  private final Set<String> written = new LinkedHashSet<>();

  /** Where claudegen annotations stand that cannot take effect; judged across rounds. */
  private PlacementChecks placement;

  /** Interfaces put off for missing types: qualified name to the names missing. */
  private final Map<String, Set<String>> deferred = new LinkedHashMap<>();

  /**
   * The options and model catalog, read when the first interface needs them: once per
   * compilation, since each compilation gets a new processor (no static state, which would go
   * stale in an IDE).
   */
  private ModelLookup models;
  // Read with the models: -Aclaudegen.batches=false leaves every client's Batches out.
  private boolean batches = true;

  private DiagnosticSink sink;

  /** What the interfaces' reports have printed: one record's problem is printed once. */
  private final Set<Object> printed = new HashSet<>();

  /** Made with the first client written; it keeps the annotation defaults it has read. */
  private ClientGenerator generator;

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
    Set<String> supported = new LinkedHashSet<>(Names.ALL);
    supported.add(Names.GENERATED);
    return supported;
  }

  @Override
  public Set<String> getSupportedOptions() {
    return ProcessorOptions.NAMES;
  }

  @Override
  public SourceVersion getSupportedSourceVersion() {
    return SourceVersion.latestSupported();
  }

  /**
   * Claims the round's annotations: claudegen's are its alone, and javac's {@code
   * -Xlint:processing} warns of every annotation no processor claims, which fails a correct build
   * under {@code -Werror}. {@code @Generated} is claimed only when nothing but the classes written
   * here carries it, so that another processor's generated code is left as it would be without
   * claudegen. (javac claims all or none of a round's annotations; in a round where another
   * processor's code carries {@code @Generated}, none are claimed: that code draws the lint's
   * warning anyway.)
   */
  @Override
  public boolean process(Set<? extends TypeElement> annotations, RoundEnvironment round) {
    boolean claim = claimsGenerated(annotations, round);
    if (round.processingOver()) {
      reportStillMissing(round);
      placement().reportUnextended();
      return true;
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
          placement().noteEndpoint(type);
        }
      }
    }
    placement().check(round);
    interfaces.values().forEach(type -> guarded(type, () -> processInterface(type)));
    return claim;
  }

  /** Whether every element of the round carrying {@code @Generated} is a class written here. */
  private boolean claimsGenerated(Set<? extends TypeElement> annotations, RoundEnvironment round) {
    for (TypeElement annotation : annotations) {
      if (annotation.getQualifiedName().contentEquals(Names.GENERATED)) {
        for (Element element : round.getElementsAnnotatedWith(annotation)) {
          if (!(element instanceof TypeElement type)
              || !written.contains(type.getQualifiedName().toString())) {
            return false;
          }
        }
      }
    }
    return true;
  }

  private PlacementChecks placement() {
    if (placement == null) {
      placement = new PlacementChecks(processingEnv, sink(), this::guarded);
    }
    return placement;
  }

  private void processInterface(TypeElement type) {
    Declaration.Interface declared;
    try {
      declared =
          new InterfaceReader(
                  processingEnv.getElementUtils(),
                  processingEnv.getTypeUtils(),
                  DiagnosticSink.treesOf(processingEnv))
              .read(type);
    } catch (InterfaceReader.MissingTypesException e) {
      deferred.put(type.getQualifiedName().toString(), e.missing());
      return;
    } catch (AnnotationView.ErroneousValueException e) {
      return; // javac has reported the value that does not compile; more would be noise.
    }
    Report report = new Report();
    Optional<ClientPlan> plan;
    Validator validator =
        new Validator(processingEnv.getElementUtils(), processingEnv.getTypeUtils(), models(),
            locator());
    try {
      plan = validator.validate(declared, report);
    } catch (AnnotationView.ErroneousValueException e) {
      return;
    }
    if (!validator.missingTypes().isEmpty()) {
      // A record's component names a type another processor may generate: judge it next round,
      // as a method's missing types are; the report will be made again then.
      deferred.put(type.getQualifiedName().toString(), validator.missingTypes());
      return;
    }
    report.printTo(sink(), printed);
    if (!batches) {
      plan = plan.map(ClientPlan::withoutBatches);
    }
    plan.ifPresent(this::write);
  }

  /**
   * The element a diagnostic on an element is printed on, or null when it has no source here to
   * point at (a class from a jar). javac cannot place a diagnostic on a record component, but on
   * its field, which it declares at the component. Eclipse's compiler can place it on none of the
   * component, its field or its record (it prints line 0), so there the method is marked, the
   * message naming the component.
   */
  private UnaryOperator<Element> locator() {
    Trees trees = DiagnosticSink.treesOf(processingEnv);
    if (trees == null) {
      return element -> element.getKind() == ElementKind.RECORD_COMPONENT ? null : element;
    }
    return element -> {
      boolean component = element.getKind() == ElementKind.RECORD_COMPONENT;
      Element owner = component ? element.getEnclosingElement() : element;
      try {
        if (trees.getPath(owner) == null) {
          return null;
        }
      } catch (RuntimeException noTree) {
        return null;
      }
      if (component) {
        for (VariableElement field : ElementFilter.fieldsIn(owner.getEnclosedElements())) {
          if (field.getSimpleName().equals(element.getSimpleName())) {
            return field;
          }
        }
      }
      return element;
    };
  }

  /** Where diagnostics on annotations are printed; made once, when the first one needs it. */
  private DiagnosticSink sink() {
    if (sink == null) {
      sink = DiagnosticSink.of(processingEnv);
    }
    return sink;
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
      batches = options.batches();
    }
    return models;
  }

  private void write(ClientPlan plan) {
    if (generator == null) {
      generator =
          new ClientGenerator(
              processingEnv.getElementUtils(),
              processingEnv.getTypeUtils(),
              processingEnv.getSourceVersion());
    }
    JavaFile file = generator.generate(plan);
    try {
      writeSource(file, plan);
      written.add(plan.generatedName().canonicalName());
    } catch (FilerException e) {
      // Eclipse may run a processor twice over one file (Eclipse bug 367599); the file is there.
      note(Message.WRITE_REPEATED, plan.iface(), plan.generatedName(), e.getMessage());
    } catch (IOException e) {
      // Without the client, every use of it fails to compile: the build must stop here.
      note(Message.WRITE_FAILED, plan.iface(), plan.generatedName(), e.getMessage());
    }
  }

  /**
   * What {@code JavaFile.writeTo(Filer)} does, but the text goes to the Filer's writer in one piece:
   * JavaPoet appends char by char, and on javac's writer each append passes through a synchronized
   * encoder.
   */
  private void writeSource(JavaFile file, ClientPlan plan) throws IOException {
    String text = file.toString();
    JavaFileObject source =
        processingEnv.getFiler().createSourceFile(plan.generatedName().canonicalName(), plan.iface());
    try (Writer writer = source.openWriter()) {
      writer.write(text);
    } catch (IOException | RuntimeException e) {
      source.delete();
      throw e;
    }
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
