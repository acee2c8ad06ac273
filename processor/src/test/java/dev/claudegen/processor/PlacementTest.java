package dev.claudegen.processor;

import static com.google.testing.compile.CompilationSubject.assertThat;
import static com.google.testing.compile.Compiler.javac;
import static dev.claudegen.processor.Compiler.compile;
import static dev.claudegen.processor.Compiler.source;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.testing.compile.Compilation;
import java.util.Set;
import java.util.TreeSet;
import javax.annotation.processing.AbstractProcessor;
import javax.annotation.processing.RoundEnvironment;
import javax.lang.model.SourceVersion;
import javax.lang.model.element.Element;
import javax.lang.model.element.ElementKind;
import javax.lang.model.element.PackageElement;
import javax.lang.model.element.TypeElement;
import javax.tools.JavaFileObject;
import org.junit.jupiter.api.Test;

/**
 * The processor claims every claudegen annotation (so a correct build is clean under {@code
 * -Xlint:all -Werror}) and reports those that can have no effect where they are.
 */
class PlacementTest {

  private static final String IMPORTS = "import dev.claudegen.annotations.*;";

  // ---- Claiming ----

  @Test
  void theProcessorSupportsEveryAnnotationTypeOfTheAnnotationsPackage() {
    Set<String> inPackage = new TreeSet<>();
    Compilation compilation =
        javac()
            .withProcessors(new PackageLister("dev.claudegen.annotations", inPackage))
            .compile(source("com.acme.Empty", "package com.acme;", "class Empty {}"));
    assertThat(compilation).succeeded();
    // Guards the comparison below against an empty listing (say, a package not found).
    assertTrue(inPackage.contains(Names.CLAUDE_ENDPOINT), inPackage.toString());
    assertEquals(inPackage, new TreeSet<>(Names.ALL));

    Set<String> expected = new TreeSet<>(inPackage);
    expected.add(Names.GENERATED);
    assertEquals(expected, new TreeSet<>(new ClaudeProcessor().getSupportedAnnotationTypes()));
  }

  /** Uses every annotation, and the repeated @Retry container, where each belongs. */
  private static final JavaFileObject EVERY_ANNOTATION =
      source(
          "com.acme.Assistant",
          "package com.acme;",
          IMPORTS,
          "@ClaudeEndpoint(model = \"claude-sonnet-4-6\", maxTokens = 4096)",
          "@SystemPrompt(\"You are terse.\")",
          "@Thinking(budgetTokens = 2048)",
          "@Retry(maxAttempts = 4)",
          "public interface Assistant {",
          "  @UserPrompt(\"Summarize {text}\")",
          "  String summarize(String text);",
          "  @ClaudeEndpoint(model = \"claude-haiku-4-5\", maxTokens = 4096)",
          "  @SystemPrompt(\"You are a translator.\")",
          "  @Retry(on = ErrorKind.OVERLOADED, initialDelay = \"5s\")",
          "  @Retry(on = ErrorKind.RATE_LIMIT)",
          "  String translate(String text);",
          "}");

  @Test
  void aCorrectInterfaceCompilesWithoutWarningsUnderEveryLintAndWerror() {
    Compilation compilation =
        javac()
            .withProcessors(Compiler.processor())
            .withOptions("-Xlint:all", "-Werror", "-Aclaudegen.today=" + Compiler.TODAY)
            .compile(EVERY_ANNOTATION);
    assertThat(compilation).succeededWithoutWarnings();
    assertThat(compilation).generatedSourceFile("com.acme.ClaudeAssistant");
  }

  @Test
  void theLintThatTestCatchesFailsTheBuildWhenTheAnnotationsAreNotClaimed() {
    // The same compilation with a processor that supports the annotations but does not claim
    // them, as claudegen did: so the test above would fail if claudegen stopped claiming.
    Compilation compilation =
        javac()
            .withProcessors(new NotClaiming())
            .withOptions("-Xlint:all", "-Werror")
            .compile(EVERY_ANNOTATION);
    assertThat(compilation).failed();
    assertThat(compilation).hadWarningContaining("No processor claimed any of these annotations");
  }

  // ---- Classes, enums and records: never an effect ----

  @Test
  void retryOnAClassIsAnErrorOnTheAnnotation() {
    JavaFileObject source =
        source(
            "com.acme.Helper",
            "package com.acme;",
            IMPORTS,
            "@Retry(maxAttempts = 5)",
            "public class Helper {}");
    Compilation compilation = compile(source);
    assertThat(compilation).hadErrorCount(1);
    assertThat(compilation).hadWarningCount(0);
    assertThat(compilation)
        .hadErrorContaining(
            "[ClaudegenMisplacedAnnotation] @Retry on Helper can have no effect: Helper is a class,"
                + " and claudegen reads its annotations only from interfaces. Remove it, or move"
                + " it to a @ClaudeEndpoint interface or its methods.")
        .inFile(source)
        .onLineContaining("@Retry(maxAttempts = 5)");
  }

  @Test
  void promptsOnMethodsOfAClassEnumOrRecordAreErrorsOnEachAnnotation() {
    JavaFileObject source =
        source(
            "com.acme.Helper",
            "package com.acme;",
            IMPORTS,
            "public class Helper {",
            "  @UserPrompt(\"Say {x}\")",
            "  public String say(String x) { return x; }",
            "  enum Mode {",
            "    A;",
            "    @SystemPrompt(\"Be brief.\")",
            "    String brief() { return \"\"; }",
            "  }",
            "  record Pair(String a) {",
            "    @ClaudeEndpoint(model = \"claude-sonnet-4-6\", maxTokens = 10)",
            "    @Thinking(budgetTokens = 2048)",
            "    String both() { return a; }",
            "  }",
            "}");
    Compilation compilation = compile(source);
    assertThat(compilation).hadErrorCount(4);
    assertThat(compilation)
        .hadErrorContaining("[ClaudegenMisplacedAnnotation] @UserPrompt on method say can have no"
            + " effect: Helper is a class")
        .inFile(source)
        .onLineContaining("@UserPrompt");
    assertThat(compilation)
        .hadErrorContaining("@SystemPrompt on method brief can have no effect: Helper.Mode is an"
            + " enum")
        .inFile(source)
        .onLineContaining("@SystemPrompt");
    assertThat(compilation)
        .hadErrorContaining("@ClaudeEndpoint on method both can have no effect: Helper.Pair is a"
            + " record")
        .inFile(source)
        .onLineContaining("@ClaudeEndpoint");
    assertThat(compilation)
        .hadErrorContaining("@Thinking on method both can have no effect: Helper.Pair is a record")
        .inFile(source)
        .onLineContaining("@Thinking");
  }

  @Test
  void repeatedRetryOnARecordIsOneError() {
    JavaFileObject source =
        source(
            "com.acme.Pair",
            "package com.acme;",
            IMPORTS,
            "@Retry(on = ErrorKind.OVERLOADED)",
            "@Retry(on = ErrorKind.RATE_LIMIT)",
            "record Pair(int a) {}");
    Compilation compilation = compile(source);
    assertThat(compilation).hadErrorCount(1);
    assertThat(compilation)
        .hadErrorContaining("@Retry on Pair can have no effect: Pair is a record")
        .inFile(source);
  }

  @Test
  void anEndpointClassWithRetryIsTwoErrorsEachOnItsAnnotation() {
    JavaFileObject source =
        source(
            "com.acme.Assistant",
            "package com.acme;",
            IMPORTS,
            "@ClaudeEndpoint(model = \"claude-sonnet-4-6\", maxTokens = 1024)",
            "@Retry(maxAttempts = 2)",
            "public class Assistant {}");
    Compilation compilation = compile(source);
    assertThat(compilation).hadErrorCount(2);
    assertThat(compilation)
        .hadErrorContaining("[ClaudegenNotInterface] @ClaudeEndpoint goes on an interface")
        .inFile(source)
        .onLineContaining("@ClaudeEndpoint");
    assertThat(compilation)
        .hadErrorContaining("[ClaudegenMisplacedAnnotation] @Retry on Assistant")
        .inFile(source)
        .onLineContaining("@Retry");
  }

  @Test
  void aClassNestedInAnEndpointInterfaceIsStillAClass() {
    JavaFileObject source =
        source(
            "com.acme.Assistant",
            "package com.acme;",
            IMPORTS,
            "@ClaudeEndpoint(model = \"claude-sonnet-4-6\", maxTokens = 1024)",
            "public interface Assistant {",
            "  String ask(String q);",
            "  final class Helper {",
            "    @UserPrompt(\"{q}\")",
            "    String ask(String q) { return q; }",
            "  }",
            "}");
    Compilation compilation = compile(source);
    assertThat(compilation).hadErrorCount(1);
    assertThat(compilation)
        .hadErrorContaining("@UserPrompt on method ask can have no effect: Assistant.Helper is a"
            + " class")
        .inFile(source)
        .onLineContaining("@UserPrompt");
  }

  // ---- Interfaces without @ClaudeEndpoint ----

  private static final JavaFileObject BASE =
      source(
          "com.acme.Base",
          "package com.acme;",
          IMPORTS,
          "public interface Base {",
          "  @UserPrompt(\"Translate {text} into French\")",
          "  @SystemPrompt(\"You are a translator.\")",
          "  String translate(String text);",
          "}");

  @Test
  void promptsOnMethodsOfAnInterfaceAnEndpointExtendsAreFine() {
    JavaFileObject endpoint =
        source(
            "com.acme.Assistant",
            "package com.acme;",
            IMPORTS,
            "@ClaudeEndpoint(model = \"claude-sonnet-4-6\", maxTokens = 1024)",
            "public interface Assistant extends Base {}");
    Compilation compilation = compile(BASE, endpoint);
    assertThat(compilation).succeededWithoutWarnings();
    assertTrue(
        GenerationTest.generated(compilation, "com.acme.ClaudeAssistant")
            .contains("Translate "));
  }

  @Test
  void anEndpointExtendingItThroughAnotherInterfaceCountsToo() {
    JavaFileObject middle =
        source(
            "com.acme.Middle", "package com.acme;", "public interface Middle<T> extends Base {}");
    JavaFileObject endpoint =
        source(
            "com.acme.Assistant",
            "package com.acme;",
            IMPORTS,
            "@ClaudeEndpoint(model = \"claude-sonnet-4-6\", maxTokens = 1024)",
            "public interface Assistant extends Middle<String> {}");
    assertThat(compile(endpoint, middle, BASE)).succeededWithoutWarnings();
  }

  @Test
  void promptsOnMethodsOfAnInterfaceNothingHereExtendsAreAWarningEach() {
    Compilation compilation = compile(BASE);
    assertThat(compilation).succeeded();
    assertThat(compilation).hadWarningCount(2);
    assertThat(compilation)
        .hadWarningContaining(
            "[ClaudegenNoEndpoint] @UserPrompt on method translate has no effect in this"
                + " compilation: Base is not annotated @ClaudeEndpoint, and no @ClaudeEndpoint"
                + " interface compiled with it extends it. If one compiled elsewhere extends Base,"
                + " it applies there; otherwise annotate Base with @ClaudeEndpoint, or remove"
                + " @UserPrompt.")
        .inFile(BASE)
        .onLineContaining("@UserPrompt");
    assertThat(compilation)
        .hadWarningContaining("[ClaudegenNoEndpoint] @SystemPrompt on method translate")
        .inFile(BASE)
        .onLineContaining("@SystemPrompt");
  }

  @Test
  void anEndpointThatExtendsAnotherInterfaceDoesNotExcuseThisOne() {
    JavaFileObject other =
        source(
            "com.acme.Other",
            "package com.acme;",
            "public interface Other { String other(String q); }");
    JavaFileObject endpoint =
        source(
            "com.acme.Assistant",
            "package com.acme;",
            IMPORTS,
            "@ClaudeEndpoint(model = \"claude-sonnet-4-6\", maxTokens = 1024)",
            "public interface Assistant extends Other {}");
    Compilation compilation = compile(BASE, other, endpoint);
    assertThat(compilation).succeeded();
    assertThat(compilation).hadWarningCount(2);
  }

  @Test
  void anEndpointGeneratedInALaterRoundStillExcusesTheInterfaceItExtends() {
    Compilation compilation =
        javac()
            // First, so that it runs although claudegen claims the round's annotations.
            .withProcessors(
                new SourceWritingProcessor(
                    "com.acme.Assistant",
                    "package com.acme;\n"
                        + "@dev.claudegen.annotations.ClaudeEndpoint(model = \"claude-sonnet-4-6\","
                        + " maxTokens = 1024)\n"
                        + "public interface Assistant extends Base {}\n"),
                Compiler.processor())
            .withOptions(Compiler.LINT, "-Aclaudegen.today=" + Compiler.TODAY)
            .compile(BASE);
    assertThat(compilation).succeededWithoutWarnings();
    assertThat(compilation).generatedSourceFile("com.acme.ClaudeAssistant");
  }

  @Test
  void annotationsOfAnInterfaceWithoutEndpointItselfAreErrorsEvenWhenItIsExtended() {
    JavaFileObject base =
        source(
            "com.acme.Base",
            "package com.acme;",
            IMPORTS,
            "@SystemPrompt(\"You are a translator.\")",
            "@Retry(maxAttempts = 5)",
            "public interface Base {",
            "  String translate(String text);",
            "}");
    JavaFileObject endpoint =
        source(
            "com.acme.Assistant",
            "package com.acme;",
            IMPORTS,
            "@ClaudeEndpoint(model = \"claude-sonnet-4-6\", maxTokens = 1024)",
            "public interface Assistant extends Base {}");
    Compilation compilation = compile(base, endpoint);
    assertThat(compilation).hadErrorCount(2);
    assertThat(compilation).hadWarningCount(0);
    assertThat(compilation)
        .hadErrorContaining(
            "[ClaudegenMisplacedAnnotation] @SystemPrompt on interface Base can have no effect:"
                + " Base is not annotated @ClaudeEndpoint, and an endpoint interface that extends"
                + " it inherits its methods (with their annotations) but not its own annotations."
                + " Move @SystemPrompt to the @ClaudeEndpoint interface or onto the methods, or"
                + " annotate Base with @ClaudeEndpoint.")
        .inFile(base)
        .onLineContaining("@SystemPrompt");
    assertThat(compilation)
        .hadErrorContaining("@Retry on interface Base can have no effect")
        .inFile(base)
        .onLineContaining("@Retry");
  }

  /** Lists the annotation types of a package, nested ones included, from the class path. */
  private static final class PackageLister extends AbstractProcessor {
    private final String packageName;
    private final Set<String> found;

    PackageLister(String packageName, Set<String> found) {
      this.packageName = packageName;
      this.found = found;
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
      PackageElement pkg = processingEnv.getElementUtils().getPackageElement(packageName);
      if (pkg != null) {
        collect(pkg);
      }
      return false;
    }

    private void collect(Element element) {
      for (Element enclosed : element.getEnclosedElements()) {
        if (enclosed instanceof TypeElement type) {
          if (type.getKind() == ElementKind.ANNOTATION_TYPE) {
            found.add(type.getQualifiedName().toString());
          }
          collect(type);
        }
      }
    }
  }

  /** Supports claudegen's annotations without claiming them. */
  private static final class NotClaiming extends AbstractProcessor {
    @Override
    public Set<String> getSupportedAnnotationTypes() {
      return Names.ALL;
    }

    @Override
    public SourceVersion getSupportedSourceVersion() {
      return SourceVersion.latestSupported();
    }

    @Override
    public boolean process(Set<? extends TypeElement> annotations, RoundEnvironment round) {
      return false;
    }
  }
}
