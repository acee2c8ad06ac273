package dev.claudegen.processor;

import static com.google.testing.compile.CompilationSubject.assertThat;

import com.google.testing.compile.Compilation;
import com.google.testing.compile.Compiler;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import javax.annotation.processing.AbstractProcessor;
import javax.annotation.processing.RoundEnvironment;
import javax.lang.model.SourceVersion;
import javax.lang.model.element.TypeElement;
import javax.lang.model.type.TypeMirror;
import javax.tools.JavaFileObject;
import javax.tools.StandardLocation;

/**
 * Builds the {@link StructuredType} of named types inside a real compilation, the way the
 * validator does, so that tests can look at the model itself; and compiles libraries to class
 * files, to be read back as a jar's types are.
 */
final class Probe extends AbstractProcessor {

  private final List<String> names;
  final Map<String, StructuredType.Root> roots = new LinkedHashMap<>();
  final List<String> diagnostics = new ArrayList<>();

  Probe(String... names) {
    this.names = List.of(names);
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
    if (round.processingOver()) {
      return false;
    }
    StructuredTypes types = new StructuredTypes(processingEnv.getElementUtils(), e -> e);
    for (String name : names) {
      TypeElement element = processingEnv.getElementUtils().getTypeElement(name);
      if (element == null || roots.containsKey(name)) {
        continue;
      }
      TypeMirror type = element.asType();
      Report report = new Report();
      roots.put(name, types.root(type, element, "probe", report));
      report.printTo(new DiagnosticSink(processingEnv.getMessager(), null, true));
    }
    return false;
  }

  /** Compiles the sources and writes their class files under {@code dir/classes}. */
  static Path compileToClasses(Path dir, JavaFileObject... sources) throws IOException {
    Compilation compilation = com.google.testing.compile.Compiler.javac().compile(sources);
    assertThat(compilation).succeeded();
    Path classes = dir.resolve("classes");
    for (JavaFileObject file : compilation.generatedFiles()) {
      if (file.getKind() != JavaFileObject.Kind.CLASS) {
        continue;
      }
      String path = file.toUri().getPath();
      String relative = path.substring(path.indexOf(StandardLocation.CLASS_OUTPUT.getName())
          + StandardLocation.CLASS_OUTPUT.getName().length() + 1);
      Path target = classes.resolve(relative);
      Files.createDirectories(target.getParent());
      try (InputStream in = file.openInputStream()) {
        Files.copy(in, target);
      }
    }
    return classes;
  }

  /** javac with the test's class path and {@code classes} on it. */
  static Compiler javacWithClasspath(Path classes) {
    List<File> path = new ArrayList<>();
    path.add(classes.toFile());
    for (String entry : System.getProperty("java.class.path").split(File.pathSeparator)) {
      path.add(new File(entry));
    }
    return com.google.testing.compile.Compiler.javac().withClasspath(path);
  }
}
