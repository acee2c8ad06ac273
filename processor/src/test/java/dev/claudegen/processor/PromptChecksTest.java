package dev.claudegen.processor;

import static com.google.testing.compile.CompilationSubject.assertThat;
import static dev.claudegen.processor.Compiler.assistant;
import static dev.claudegen.processor.Compiler.compile;
import static dev.claudegen.processor.Compiler.compileWithOneError;
import static dev.claudegen.processor.Compiler.compileWithOneWarning;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.testing.compile.Compilation;
import dev.claudegen.testing.FakeClaude;
import javax.tools.JavaFileObject;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Prompts and stop sequences that can only fail: blank ones are diagnosed on the attribute at
 * fault; a template whose text is only whitespace names its parameters for the runtime's check.
 */
class PromptChecksTest {

  @ParameterizedTest(name = "@UserPrompt({0})")
  @CsvSource(
      delimiter = '|',
      value = {"'\"\"' | empty", "'\"   \"' | only whitespace", "'\"\\n\\t\"' | only whitespace"})
  void blankUserPromptIsAnErrorOnIt(String literal, String what) {
    JavaFileObject source =
        assistant(
            "@ClaudeEndpoint(model = \"claude-sonnet-4-6\", maxTokens = 100)",
            "public interface Assistant {",
            "  @UserPrompt(" + literal + ")",
            "  String ask(String question);",
            "}");
    Compilation compilation =
        compileWithOneError(
            source,
            "[ClaudegenEmptyPrompt] @UserPrompt(" + literal + ") is " + what
                + ", so there is no user message to send (the API refuses a blank one). Write the"
                + " prompt, naming parameters as {name}, or remove @UserPrompt to send a single"
                + " String parameter as it is.",
            "@UserPrompt(");
    // The parameter the blank prompt does not use is the same mistake: not reported twice.
    assertThat(compilation).hadWarningCount(0);
  }

  @ParameterizedTest(name = "stopSequences = {0}")
  @CsvSource(
      delimiter = '|',
      value = {
        "'{\" \"}' | '\" \"' | only whitespace",
        "'{\"\"}' | '\"\"' | empty",
        "'\"\\n\"' | '\"\\n\"' | only whitespace",
      })
  void blankStopSequenceIsAnErrorOnIt(String written, String shown, String what) {
    JavaFileObject source =
        assistant(
            "@ClaudeEndpoint(model = \"claude-sonnet-4-6\", maxTokens = 100,",
            "    stopSequences = " + written + ")",
            "public interface Assistant { String ask(String q); }");
    compileWithOneError(
        source,
        "[ClaudegenStopSequence] stopSequences has " + shown + ", which is " + what
            + ": a stop sequence of only whitespace would end most replies at their first space"
            + " or line break, and an empty one can stop nothing. Remove it, or write the text"
            + " that should end the reply, like \"</answer>\".",
        "stopSequences = ");
  }

  @Test
  void blankStopSequenceIsMarkedOnItsOwnLineInAnArray() {
    JavaFileObject source =
        assistant(
            "@ClaudeEndpoint(model = \"claude-sonnet-4-6\", maxTokens = 100)",
            "public interface Assistant {",
            "  @ClaudeEndpoint(model = \"claude-sonnet-4-6\", maxTokens = 100, stopSequences = {",
            "      \"</answer>\",",
            "      \"\\t \"})",
            "  String ask(String q);",
            "}");
    compileWithOneError(
        source, "[ClaudegenStopSequence] stopSequences has \"\\t \", which is only", "\"\\t \"})");
  }

  @Test
  void blankSystemPromptIsAWarningOnIt() {
    JavaFileObject source =
        assistant(
            "@ClaudeEndpoint(model = \"claude-sonnet-4-6\", maxTokens = 100)",
            "@SystemPrompt(\"\")",
            "public interface Assistant {",
            "  String ask(String q);",
            "  @SystemPrompt(\" \")",
            "  String other(String q);",
            "}");
    compileWithOneWarning(
        source,
        "[ClaudegenEmptyPrompt] @SystemPrompt(\"\") on Assistant is empty, so no system prompt"
            + " is sent. Write the instructions, or remove it.",
        "@SystemPrompt(\"\")");
  }

  @Test
  void blankSystemPromptOnAMethodWithoutOneOnTheInterfaceIsAWarning() {
    JavaFileObject source =
        assistant(
            "@ClaudeEndpoint(model = \"claude-sonnet-4-6\", maxTokens = 100)",
            "public interface Assistant {",
            "  @SystemPrompt(\"  \")",
            "  String ask(String q);",
            "}");
    compileWithOneWarning(
        source,
        "[ClaudegenEmptyPrompt] @SystemPrompt(\"  \") on Assistant.ask(String) is only"
            + " whitespace",
        "@SystemPrompt(");
  }

  @Test
  void blankSystemPromptOnAMethodTurnsOffTheInterfacesWithoutAWarning() {
    JavaFileObject source =
        assistant(
            "@ClaudeEndpoint(model = \"claude-sonnet-4-6\", maxTokens = 100)",
            "@SystemPrompt(\"Be brief.\")",
            "public interface Assistant {",
            "  @SystemPrompt(\"\")",
            "  String ask(String q);",
            "}");
    assertThat(compile(source)).succeededWithoutWarnings();
  }

  private static final JavaFileObject TEMPLATES =
      assistant(
          "@ClaudeEndpoint(model = \"claude-sonnet-4-6\", maxTokens = 100)",
          "public interface Assistant {",
          "  String ask(String question);",
          "  @UserPrompt(\" {topic}\\n{detail} \")",
          "  String spaced(String topic, CharSequence detail);",
          "  @UserPrompt(\"About {topic}\")",
          "  String worded(String topic);",
          "}");

  @Test
  void templatesWithoutTextNameTheirParametersInTheCallSpec() {
    Compilation compilation = compile(TEMPLATES);
    assertThat(compilation).succeededWithoutWarnings();
    String generated = GenerationTest.generated(compilation, "com.acme.ClaudeAssistant");

    assertTrue(
        generated.contains(
            "CallSpec.builder(\"Assistant.ask(String)\", \"claude-sonnet-4-6\",\n"
                + "      100)\n"
                + "      .userParameters(\"question\")\n"
                + "      .build();"),
        generated);
    assertTrue(generated.contains("      .userParameters(\"topic\", \"detail\")\n"), generated);
    assertEquals(2, generated.split("\\.userParameters\\(", -1).length - 1, generated);
  }

  @Test
  void generatedClientRefusesABlankParameterBeforeSending() throws Exception {
    try (FakeClaude claude = FakeClaude.start()) {
      Object client =
          GeneratedClients.build(TEMPLATES, "com.acme.ClaudeAssistant", claude, duration -> {});

      IllegalArgumentException ask =
          assertThrows(
              IllegalArgumentException.class, () -> GeneratedClients.invoke(client, "ask", " "));
      IllegalArgumentException spaced =
          assertThrows(
              IllegalArgumentException.class,
              () -> GeneratedClients.invoke(client, "spaced", "", "\t"));

      assertTrue(
          ask.getMessage()
              .startsWith(
                  "Assistant.ask(String): parameter 'question' is blank, and so is the user"
                      + " message made of it"),
          ask.getMessage());
      assertTrue(
          spaced.getMessage().contains("parameters 'topic', 'detail' are blank"),
          spaced.getMessage());
      assertEquals(0, claude.requestCount());
    }
  }
}
