package dev.claudegen.processor;

import static com.google.testing.compile.CompilationSubject.assertThat;
import static dev.claudegen.processor.Compiler.assistant;
import static dev.claudegen.processor.Compiler.compile;
import static dev.claudegen.processor.Compiler.source;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.testing.compile.Compilation;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import javax.tools.JavaFileObject;
import org.junit.jupiter.api.Test;

/** What the processor writes for valid interfaces. */
class GenerationTest {

  static final JavaFileObject ASSISTANT =
      assistant(
          "/** Answers questions about documents. */",
          "@ClaudeEndpoint(model = \"claude-sonnet-4-6\", maxTokens = 4096)",
          "@SystemPrompt(\"You are a careful editor.\")",
          "public interface Assistant {",
          "  /** One line. */",
          "  @Thinking(budgetTokens = 2048)",
          "  @UserPrompt(\"Summarize in one line: {text}\")",
          "  String summarize(String text);",
          "",
          "  @ClaudeEndpoint(model = \"claude-haiku-4-5\", maxTokens = 256, temperature = 0.2,",
          "      stopSequences = {\"</answer>\"}, timeout = \"30s\", apiVersion = \"2023-06-01\")",
          "  @UserPrompt(\"Rate {{0-{scale}}} on {count} axes: {text}\")",
          "  String rate(String text, int scale, Integer count);",
          "",
          "  String ask(String question);",
          "}");

  @Test
  void generatedSourceMatchesTheGolden() {
    Compilation compilation = compile(ASSISTANT);
    assertThat(compilation).succeededWithoutWarnings();
    assertThat(compilation)
        .generatedSourceFile("com.acme.ClaudeAssistant")
        .contentsAsUtf8String()
        .isEqualTo(golden("ClaudeAssistant.java"));
  }

  @Test
  void generatedSourceCompilesWithoutWarningsUnderEveryLint() {
    // succeededWithoutWarnings covers the generated file too: it is compiled in the same run.
    assertThat(compile(ASSISTANT)).succeededWithoutWarnings();
  }

  @Test
  void nestedInterfaceGetsOuterUnderscoreInnerAndPackagePrivateStaysPackagePrivate() {
    JavaFileObject source =
        source(
            "com.acme.Support",
            "package com.acme;",
            "import dev.claudegen.annotations.*;",
            "public final class Support {",
            "  @ClaudeEndpoint(model = \"claude-haiku-4-5\", maxTokens = 100)",
            "  interface Triage { String label(String ticket); }",
            "}");
    Compilation compilation = compile(source);
    assertThat(compilation).succeededWithoutWarnings();
    String generated = generated(compilation, "com.acme.ClaudeSupport_Triage");
    assertTrue(generated.contains("final class ClaudeSupport_Triage implements Support.Triage {"));
    assertFalse(generated.contains("public final class"), "must not widen package-private access");
  }

  @Test
  void inheritedMethodsAreImplementedAndDefaultStaticAndObjectMethodsAreLeftAlone() {
    JavaFileObject base =
        source(
            "com.acme.Base",
            "package com.acme;",
            "import dev.claudegen.annotations.*;",
            "public interface Base<T> {",
            "  @UserPrompt(\"Explain {subject}\")",
            "  String explain(T subject);",
            "}");
    JavaFileObject derived =
        source(
            "com.acme.Tutor",
            "package com.acme;",
            "import dev.claudegen.annotations.*;",
            "@ClaudeEndpoint(model = \"claude-haiku-4-5\", maxTokens = 100)",
            "public interface Tutor extends Base<String> {",
            "  String ask(String question);",
            "  default String askTwice(String q) { return ask(q) + ask(q); }",
            "  static String version() { return \"1\"; }",
            "  @Override String toString();",
            "}");
    Compilation compilation = compile(base, derived);
    assertThat(compilation).succeededWithoutWarnings();
    String generated = generated(compilation, "com.acme.ClaudeTutor");
    assertTrue(generated.contains("public String explain(String subject) {"), generated);
    assertTrue(generated.contains("\"Base.explain(String)\""), generated);
    assertTrue(generated.contains("public String ask(String question) {"), generated);
    assertFalse(generated.contains("askTwice"), generated);
    assertFalse(generated.contains("version"), generated);
    assertFalse(generated.contains("toString"), generated);
  }

  @Test
  void parameterNamesCannotClashWithGeneratedNames() {
    JavaFileObject source =
        assistant(
            "@ClaudeEndpoint(model = \"claude-haiku-4-5\", maxTokens = 100)",
            "@SystemPrompt(\"{system}\")",
            "public interface Assistant {",
            "  @UserPrompt(\"{user} {client} {String} {Objects} {askCall} {ASK} {prompt}"
                + " {Prompt}\")",
            "  String ask(String system, String user, String client, String String,"
                + " String Objects, String askCall, String ASK, String prompt, String Prompt);",
            "}");
    Compilation compilation = compile(source);
    assertThat(compilation).succeededWithoutWarnings();
    String generated = generated(compilation, "com.acme.ClaudeAssistant");
    // The implementation renames Prompt, which would obscure the type in Prompt.builder().
    assertTrue(generated.contains("String askCall, String ASK, String prompt, String Prompt_) {"),
        generated);
    assertTrue(generated.contains("Prompt prompt_ = Prompt.builder()"), generated);
    assertTrue(generated.contains("throw this.askCall.nullParameter(\"Prompt\");"), generated);
    assertTrue(generated.contains("return this.askCall.call(prompt_);"), generated);
  }

  @Test
  void overloadedMethodsGetDistinctConstantsAndFields() {
    JavaFileObject source =
        assistant(
            "@ClaudeEndpoint(model = \"claude-haiku-4-5\", maxTokens = 100)",
            "public interface Assistant {",
            "  String ask(String question);",
            "  @UserPrompt(\"{question} ({times} times)\")",
            "  String ask(String question, int times);",
            "}");
    Compilation compilation = compile(source);
    assertThat(compilation).succeededWithoutWarnings();
    String generated = generated(compilation, "com.acme.ClaudeAssistant");
    assertTrue(generated.contains("CallSpec ASK = "), generated);
    assertTrue(generated.contains("CallSpec ASK_2 = "), generated);
    assertTrue(generated.contains("ClaudeCall<String> askCall2;"), generated);
    assertTrue(generated.contains("\"Assistant.ask(String, int)\""), generated);
  }

  @Test
  void leadingNonStringPlaceholdersConcatenateRatherThanAdd() {
    JavaFileObject source =
        assistant(
            "@ClaudeEndpoint(model = \"claude-haiku-4-5\", maxTokens = 100)",
            "public interface Assistant {",
            "  @UserPrompt(\"{a}{b}\")",
            "  String sum(int a, int b);",
            "}");
    Compilation compilation = compile(source);
    assertThat(compilation).succeededWithoutWarnings();
    assertTrue(
        generated(compilation, "com.acme.ClaudeAssistant").contains(".user(\"\" + a + b)"));
  }

  @Test
  void emptyInterfaceGetsAClientWithNoMethods() {
    JavaFileObject source =
        assistant(
            "@ClaudeEndpoint(model = \"claude-haiku-4-5\", maxTokens = 100)",
            "public interface Assistant {}");
    Compilation compilation = compile(source);
    assertThat(compilation).succeededWithoutWarnings();
    assertTrue(
        generated(compilation, "com.acme.ClaudeAssistant")
            .contains("public final class ClaudeAssistant implements Assistant"));
  }

  static String generated(Compilation compilation, String qualifiedName) {
    JavaFileObject file =
        compilation
            .generatedSourceFile(qualifiedName)
            .orElseThrow(() -> new AssertionError(qualifiedName + " was not generated"));
    try {
      return file.getCharContent(true).toString();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static String golden(String name) {
    String path = "/goldens/" + name;
    try (InputStream in = GenerationTest.class.getResourceAsStream(path)) {
      if (in == null) {
        throw new AssertionError("missing golden file: processor/src/test/resources" + path);
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Test
  void goldenHelperNamesTheMissingFile() {
    AssertionError error = org.junit.jupiter.api.Assertions.assertThrows(
        AssertionError.class, () -> golden("Nope.java"));
    assertEquals("missing golden file: processor/src/test/resources/goldens/Nope.java",
        error.getMessage());
  }
}
