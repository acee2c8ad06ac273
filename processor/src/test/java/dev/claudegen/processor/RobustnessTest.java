package dev.claudegen.processor;

import static com.google.testing.compile.CompilationSubject.assertThat;
import static com.google.testing.compile.Compiler.javac;
import static dev.claudegen.processor.Compiler.assistant;
import static dev.claudegen.processor.Compiler.compile;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.testing.compile.Compilation;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.util.Locale;
import java.util.Set;
import javax.annotation.processing.AbstractProcessor;
import javax.annotation.processing.RoundEnvironment;
import javax.lang.model.SourceVersion;
import javax.lang.model.element.TypeElement;
import javax.tools.Diagnostic;
import javax.tools.JavaFileObject;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** However broken the input, the processor ends in diagnostics, never in a stack trace. */
class RobustnessTest {

  @ParameterizedTest
  @ValueSource(
      strings = {
        // An attribute javac cannot compile.
        "@ClaudeEndpoint(model = \"claude-sonnet-4-6\", maxTokens = UNDEFINED) interface A {"
            + " String ask(String q); }",
        // A value of the wrong type.
        "@ClaudeEndpoint(model = \"claude-sonnet-4-6\", maxTokens = \"ten\") interface A {"
            + " String ask(String q); }",
        // A required attribute missing.
        "@ClaudeEndpoint(maxTokens = 10) interface A { String ask(String q); }",
        // A prompt that is not a constant.
        "@ClaudeEndpoint(model = \"m\", maxTokens = 10) interface A {"
            + " @UserPrompt(String.valueOf(1)) String ask(String q); }",
        // A type that does not exist, as parameter and as return type.
        "@ClaudeEndpoint(model = \"m\", maxTokens = 10) interface A {"
            + " String ask(Missing q); Absent other(String q); }",
        // A super-interface that does not exist.
        "@ClaudeEndpoint(model = \"m\", maxTokens = 10) interface A extends Missing {"
            + " String ask(String q); }",
        // A syntax error elsewhere in the file.
        "@ClaudeEndpoint(model = \"m\", maxTokens = 10) interface A { String ask(String q); }"
            + " class B { void broken( }",
        // Retry with an unknown kind.
        "@ClaudeEndpoint(model = \"m\", maxTokens = 10) @Retry(on = ErrorKind.NOPE) interface A {"
            + " String ask(String q); }",
        // On an annotation type.
        "@ClaudeEndpoint(model = \"m\", maxTokens = 10) @interface A {}",
        // Repeated where it is not repeatable.
        "@ClaudeEndpoint(model = \"m\", maxTokens = 10) @ClaudeEndpoint(model = \"n\","
            + " maxTokens = 1) interface A { String ask(String q); }",
      })
  void brokenSourcesEndInDiagnosticsNotCrashes(String code) {
    JavaFileObject source = Compiler.source("com.acme.A", "package com.acme;",
        "import dev.claudegen.annotations.*;", code);
    Compilation compilation = compile(source);
    assertThat(compilation).failed();
    for (Diagnostic<? extends JavaFileObject> diagnostic : compilation.diagnostics()) {
      String message = diagnostic.getMessage(Locale.ROOT);
      assertTrue(
          !message.contains("ClaudegenInternal") && !message.contains("Exception"),
          "processor crashed: " + message);
    }
  }

  @Test
  void interfaceUsingATypeGeneratedInALaterRoundIsDeferredThenGenerated() {
    JavaFileObject source =
        assistant(
            "@ClaudeEndpoint(model = \"claude-haiku-4-5\", maxTokens = 100)",
            "public interface Assistant {",
            "  @UserPrompt(\"Route {ticket} for priority {priority}\")",
            "  String route(String ticket, Priority priority);",
            "}");
    Compilation compilation =
        javac()
            .withProcessors(new ClaudeProcessor(), new PriorityGenerator())
            .withOptions("-Xlint:all,-processing")
            .compile(source);
    assertThat(compilation).succeededWithoutWarnings();
    assertTrue(
        GenerationTest.generated(compilation, "com.acme.ClaudeAssistant")
            .contains("public String route(String ticket, Priority priority)"));
  }

  @Test
  void typeThatNeverAppearsIsJavacsErrorPlusWhyNoClientWasGenerated() {
    JavaFileObject source =
        assistant(
            "@ClaudeEndpoint(model = \"claude-haiku-4-5\", maxTokens = 100)",
            "public interface Assistant {",
            "  @UserPrompt(\"{ticket}\")",
            "  String route(Ticket ticket);",
            "}");
    Compilation compilation = compile(source);
    assertThat(compilation).hadErrorCount(2);
    assertThat(compilation).hadErrorContaining("cannot find symbol").inFile(source)
        .onLineContaining("Ticket ticket");
    // Explains the "cannot find symbol ClaudeAssistant" that code using the client would get.
    assertThat(compilation)
        .hadErrorContaining(
            "[ClaudegenMissingTypes] com.acme.Assistant was not generated because these types it"
                + " uses could not be found: Ticket.")
        .inFile(source)
        .onLineContaining("public interface Assistant");
  }

  /** Writes enum com.acme.Priority in the first round, as another processor might. */
  private static final class PriorityGenerator extends AbstractProcessor {
    private boolean done;

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
      if (!done) {
        done = true;
        try (Writer writer =
            processingEnv.getFiler().createSourceFile("com.acme.Priority").openWriter()) {
          writer.write("package com.acme;\npublic enum Priority { LOW, HIGH }\n");
        } catch (IOException e) {
          throw new UncheckedIOException(e);
        }
      }
      return false;
    }
  }
}
