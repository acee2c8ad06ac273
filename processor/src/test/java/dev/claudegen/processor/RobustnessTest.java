package dev.claudegen.processor;

import static com.google.testing.compile.CompilationSubject.assertThat;
import static com.google.testing.compile.Compiler.javac;
import static dev.claudegen.processor.Compiler.assistant;
import static dev.claudegen.processor.Compiler.compile;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.testing.compile.Compilation;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import javax.tools.Diagnostic;
import javax.tools.JavaFileObject;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
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
        // Erroneous values in @Retry, alone and repeated.
        "@ClaudeEndpoint(model = \"claude-haiku-4-5\", maxTokens = 10)"
            + " @Retry(maxAttempts = \"3\") interface A { String ask(String q); }",
        "@ClaudeEndpoint(model = \"claude-haiku-4-5\", maxTokens = 10)"
            + " @Retry(initialDelay = 5) @Retry(on = ErrorKind.TIMEOUT) interface A {"
            + " String ask(String q); }",
        "@ClaudeEndpoint(model = \"claude-haiku-4-5\", maxTokens = 10) interface A {"
            + " @Retry(on = {ErrorKind.TIMEOUT, MISSING}) String ask(String q); }",
        "@ClaudeEndpoint(model = \"claude-haiku-4-5\", maxTokens = 10) interface A {"
            + " @Retry(jitter = UNDEFINED) @Retry(multiplier = 2) String ask(String q); }",
        // Erroneous values in @Thinking.
        "@ClaudeEndpoint(model = \"claude-sonnet-4-6\", maxTokens = 4096)"
            + " @Thinking(budgetTokens = 2048L) interface A { String ask(String q); }",
        "@ClaudeEndpoint(model = \"claude-sonnet-4-6\", maxTokens = 4096) interface A {"
            + " @Thinking String ask(String q); }",
        "@ClaudeEndpoint(model = \"claude-sonnet-4-6\", maxTokens = 4096) interface A {"
            + " @Thinking(budgetTokens = NOPE) String ask(String q); }",
        // Erroneous values in the attributes the catalog checks.
        "@ClaudeEndpoint(model = \"claude-sonnet-4-6\", maxTokens = 4096,"
            + " fallbackModels = {\"claude-haiku-4-5\", NOPE}) interface A {"
            + " String ask(String q); }",
        "@ClaudeEndpoint(model = MODEL, maxTokens = 4096, temperature = \"hot\") interface A {"
            + " String ask(String q); }",
        "@ClaudeEndpoint(model = \"claude-sonnet-4-6\", maxTokens = 4096, apiVersion = null)"
            + " interface A { String ask(String q); }",
        // A generic interface with mistakes of every kind, and a missing type among them.
        "@ClaudeEndpoint(model = \"claude-sonet\", maxTokens = -1, topK = -9) interface A<T> {"
            + " @Retry(on = ErrorKind.BAD_REQUEST, maxAttempts = 99) <E> E ask(T q, Missing m); }",
        // A syntax error elsewhere, with a retired model here.
        "@ClaudeEndpoint(model = \"claude-2.1\", maxTokens = 10) interface A {"
            + " String ask(String q); } class B { int x = ; }",
        // An empty interface with every annotation broken.
        "@ClaudeEndpoint(model = \"\", maxTokens = 0, timeout = \"\u00e9\")"
            + " @Thinking(budgetTokens = 0) @Retry(on = {}, maxAttempts = -1, jitter = Double.NaN) interface A {}",
      })
  void brokenSourcesEndInDiagnosticsNotCrashes(String code) {
    JavaFileObject source = Compiler.source("com.acme.A", "package com.acme;",
        "import dev.claudegen.annotations.*;", code);
    Compilation compilation = compile(source);
    assertThat(compilation).failed();
    assertNoCrash(compilation);
  }

  private static void assertNoCrash(Compilation compilation) {
    for (Diagnostic<? extends JavaFileObject> diagnostic : compilation.diagnostics()) {
      String message = diagnostic.getMessage(Locale.ROOT);
      assertTrue(
          !message.contains("ClaudegenInternal") && !message.contains("Exception"),
          "processor crashed: " + message);
    }
  }

  @Test
  void aMalformedUserCatalogEndsInDiagnosticsNotCrashes(@TempDir Path dir) throws IOException {
    JavaFileObject source =
        assistant(
            "@ClaudeEndpoint(model = \"relay-fast\", maxTokens = 100)",
            "public interface Assistant { String ask(String q); }");
    List<String> broken =
        List.of(
            "",
            "null",
            "{\"models\": null}",
            "{\"models\": [null, 1, \"x\", [], {}]}",
            "{\"models\": [{\"id\": 7, \"aliases\": {}, \"maxOutputTokens\": 1e99,"
                + " \"thinking\": \"enabled\", \"sampling\": [], \"deprecated\": 20261130,"
                + " \"notes\": {}}]}",
            "{\"models\": [{\"id\": \"relay-fast\", \"maxOutputTokens\": 100,"
                + " \"replacement\": \"relay-fast\"}]}",
            "\u0000\u00ff garbage");
    for (int i = 0; i < broken.size(); i++) {
      Path file = dir.resolve("catalog" + i + ".json");
      Files.writeString(file, broken.get(i), StandardCharsets.UTF_8);
      Compilation compilation =
          Compiler.compileWith(List.of("claudegen.models=" + file), source);
      assertThat(compilation).failed();
      assertThat(compilation).hadErrorContaining("[ClaudegenCatalog] model catalog " + file);
      assertNoCrash(compilation);
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
            // The generator first: claudegen claims its annotations, and javac asks a later
            // "*" processor only about annotations nobody claimed. Priority still appears only
            // in round 2, so claudegen must still put the interface off.
            .withProcessors(
                new SourceWritingProcessor(
                    "com.acme.Priority", "package com.acme;\npublic enum Priority { LOW, HIGH }\n"),
                Compiler.processor())
            .withOptions(Compiler.LINT, "-Aclaudegen.today=" + Compiler.TODAY)
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

  @Test
  void aClientNameAnotherProcessorTookIsAWarningOnTheInterface() {
    JavaFileObject source =
        assistant(
            "@ClaudeEndpoint(model = \"claude-haiku-4-5\", maxTokens = 100)",
            "public interface Assistant { String ask(String q); }");
    Compilation compilation =
        javac()
            .withProcessors(
                new SourceWritingProcessor(
                    "com.acme.ClaudeAssistant", "package com.acme;\nclass ClaudeAssistant {}\n"),
                Compiler.processor())
            .withOptions(Compiler.LINT, "-Aclaudegen.today=" + Compiler.TODAY)
            .compile(source);
    // The filer refuses a second file of one name; Eclipse does so when it runs a processor
    // twice over one file, which must not fail the build, so this stays a warning.
    // javac adds a warning of its own ("Attempt to create a file ... multiple times").
    assertThat(compilation).succeeded();
    assertThat(compilation).hadWarningCount(2);
    assertThat(compilation)
        .hadWarningContaining("[ClaudegenWriteFailed] could not write com.acme.ClaudeAssistant")
        .inFile(source)
        .onLineContaining("public interface Assistant");
  }
}
