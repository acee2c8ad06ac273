package dev.claudegen.processor;

import static com.google.testing.compile.CompilationSubject.assertThat;
import static dev.claudegen.processor.Compiler.assistant;
import static dev.claudegen.processor.Compiler.compile;
import static dev.claudegen.processor.Compiler.compileWithOneError;

import com.google.testing.compile.Compilation;
import javax.tools.JavaFileObject;
import org.junit.jupiter.api.Test;

/** temperature, topP and topK; apiVersion; and @Thinking, alone and with the endpoint. */
class SamplingAndThinkingTest {

  @Test
  void samplingOutOfRangeIsAnErrorOnEachValue() {
    JavaFileObject source =
        assistant(
            "@ClaudeEndpoint(model = \"claude-haiku-4-5\", maxTokens = 100,",
            "    apiVersion = \"2023-06-01\",",
            "    temperature = 1.5,",
            "    topP = -0.1,",
            "    topK = -3)",
            "public interface Assistant { String ask(String q); }");
    Compilation compilation = compile(source);
    assertThat(compilation).hadErrorCount(3);
    assertThat(compilation)
        .hadErrorContaining(
            "[ClaudegenSamplingRange] temperature = 1.5 is out of range; it must be from 0.0 to"
                + " 1.0, or left out.")
        .inFile(source)
        .onLineContaining("temperature = 1.5");
    assertThat(compilation)
        .hadErrorContaining("[ClaudegenSamplingRange] topP = -0.1 is out of range")
        .inFile(source)
        .onLineContaining("topP = -0.1");
    assertThat(compilation)
        .hadErrorContaining(
            "[ClaudegenSamplingRange] topK = -3 is out of range; it must be at least 0, or left"
                + " out.")
        .inFile(source)
        .onLineContaining("topK = -3");
  }

  @Test
  void samplingUnderTheDefaultApiVersionSaysToSet20230601() {
    JavaFileObject source =
        assistant(
            "@ClaudeEndpoint(model = \"claude-sonnet-4-6\", maxTokens = 100,",
            "    temperature = 0.2)",
            "public interface Assistant { String ask(String q); }");
    compileWithOneError(
        source,
        "[ClaudegenSamplingVersion] temperature = 0.2 cannot be sent under apiVersion"
            + " \"2026-10-21\" (the default), which removed temperature, top_p and top_k (the"
            + " API answers 400); set apiVersion = \"2023-06-01\" to send it, or remove"
            + " temperature.",
        "temperature = 0.2");
  }

  @Test
  void samplingUnderAnExplicit20261021IsAnErrorToo() {
    JavaFileObject source =
        assistant(
            "@ClaudeEndpoint(model = \"claude-sonnet-4-6\", maxTokens = 100,",
            "    apiVersion = \"2026-10-21\", topK = 40)",
            "public interface Assistant { String ask(String q); }");
    compileWithOneError(
        source,
        "topK = 40 cannot be sent under apiVersion \"2026-10-21\", which removed",
        "topK = 40");
  }

  @Test
  void unknownApiVersionIsAnError() {
    JavaFileObject source =
        assistant(
            "@ClaudeEndpoint(model = \"claude-sonnet-4-6\", maxTokens = 100,",
            "    apiVersion = \"2024-01-01\")",
            "public interface Assistant { String ask(String q); }");
    compileWithOneError(
        source,
        "[ClaudegenApiVersion] apiVersion = \"2024-01-01\" is not a version of the Claude API;"
            + " use \"2026-10-21\" (the default) or \"2023-06-01\"",
        "2024-01-01");
  }

  @Test
  void everyKnownApiVersionIsAccepted() {
    JavaFileObject source =
        assistant(
            "@ClaudeEndpoint(model = \"claude-sonnet-4-6\", maxTokens = 100,",
            "    apiVersion = \"2023-01-01\")",
            "public interface Assistant {",
            "  @ClaudeEndpoint(model = \"claude-sonnet-4-6\", maxTokens = 100,",
            "      apiVersion = \"2023-06-01\", temperature = 0)",
            "  String one(String q);",
            "  @ClaudeEndpoint(model = \"claude-sonnet-4-6\", maxTokens = 100,",
            "      apiVersion = \"2026-10-21\")",
            "  String two(String q);",
            "  String three(String q);",
            "}");
    assertThat(compile(source)).succeededWithoutWarnings();
  }

  @Test
  void modelThatRejectsNonDefaultSamplingIsAnErrorOnEveryApiVersion() {
    JavaFileObject source =
        assistant(
            "@ClaudeEndpoint(model = \"claude-opus-4-7\", maxTokens = 100,",
            "    apiVersion = \"2023-06-01\",",
            "    temperature = 0.7,",
            "    topK = 10)",
            "public interface Assistant { String ask(String q); }");
    Compilation compilation = compile(source);
    assertThat(compilation).hadErrorCount(2);
    assertThat(compilation)
        .hadErrorContaining(
            "[ClaudegenSamplingModel] temperature = 0.7 is rejected by claude-opus-4-7, which"
                + " accepts no sampling but the default (the API answers 400 on every API"
                + " version); remove temperature.")
        .inFile(source)
        .onLineContaining("temperature = 0.7");
    assertThat(compilation)
        .hadErrorContaining("[ClaudegenSamplingModel] topK = 10 is rejected by claude-opus-4-7")
        .inFile(source)
        .onLineContaining("topK = 10");
  }

  @Test
  void theDefaultTemperatureIsAcceptedByModelsThatRejectSampling() {
    JavaFileObject source =
        assistant(
            "@ClaudeEndpoint(model = \"claude-opus-4-7\", maxTokens = 100,",
            "    apiVersion = \"2023-06-01\", temperature = 1.0)",
            "public interface Assistant { String ask(String q); }");
    assertThat(compile(source)).succeededWithoutWarnings();
  }

  @Test
  void temperatureWithTopPIsAnErrorOnModelsThatRejectBoth() {
    JavaFileObject source =
        assistant(
            "@ClaudeEndpoint(model = \"claude-sonnet-4-5-20250929\", maxTokens = 100,",
            "    apiVersion = \"2023-06-01\", temperature = 0.5,",
            "    topP = 0.9)",
            "public interface Assistant { String ask(String q); }");
    compileWithOneError(
        source,
        "[ClaudegenSamplingModel] claude-sonnet-4-5-20250929 rejects temperature and topP in"
            + " one request (the API answers 400); keep one of them.",
        "topP = 0.9");
  }

  @Test
  void thinkingBudgetBelow1024IsAnError() {
    JavaFileObject source =
        assistant(
            "@ClaudeEndpoint(model = \"claude-sonnet-4-6\", maxTokens = 4096)",
            "public interface Assistant {",
            "  @Thinking(budgetTokens = 1023)",
            "  String ask(String q);",
            "}");
    compileWithOneError(
        source,
        "[ClaudegenThinking] @Thinking budgetTokens = 1023 is below the minimum of 1024;"
            + " raise it to at least 1024.",
        "budgetTokens = 1023");
  }

  @Test
  void thinkingBudgetNotBelowMaxTokensIsAnError() {
    JavaFileObject source =
        assistant(
            "@ClaudeEndpoint(model = \"claude-sonnet-4-6\", maxTokens = 2048)",
            "public interface Assistant {",
            "  @Thinking(budgetTokens = 2048)",
            "  String ask(String q);",
            "}");
    compileWithOneError(
        source,
        "[ClaudegenThinking] @Thinking budgetTokens = 2048 is not below maxTokens = 2048 of"
            + " claude-sonnet-4-6; thinking is part of the output, so raise maxTokens above"
            + " 2048 or lower the budget.",
        "budgetTokens = 2048");
  }

  @Test
  void aMethodsSmallMaxTokensUnderTheInterfacesThinkingMarksTheMethod() {
    JavaFileObject source =
        assistant(
            "@ClaudeEndpoint(model = \"claude-sonnet-4-6\", maxTokens = 8000)",
            "@Thinking(budgetTokens = 4000)",
            "public interface Assistant {",
            "  String fine(String q);",
            "  @ClaudeEndpoint(model = \"claude-sonnet-4-6\",",
            "      maxTokens = 3000)",
            "  String small(String q);",
            "}");
    compileWithOneError(
        source,
        "budgetTokens = 4000 is not below maxTokens = 3000",
        "maxTokens = 3000");
  }

  @Test
  void thinkingOnAModelWithoutBudgetedThinkingIsAnError() {
    JavaFileObject source =
        assistant(
            "@ClaudeEndpoint(model = \"claude-opus-4-7\", maxTokens = 8000)",
            "@Thinking(budgetTokens = 2000)",
            "public interface Assistant {",
            "  String one(String q);",
            "  String two(String q);",
            "  @ClaudeEndpoint(model = \"claude-fable-5\", maxTokens = 8000)",
            "  @Thinking(budgetTokens = 3000)",
            "  String three(String q);",
            "}");
    Compilation compilation = compile(source);
    // The interface's pair is reported once, not for one() and two() each.
    assertThat(compilation).hadErrorCount(2);
    assertThat(compilation)
        .hadErrorContaining(
            "[ClaudegenThinking] claude-opus-4-7 does not accept @Thinking (extended thinking with"
                + " a budget): it thinks adaptively, without a budget. Remove @Thinking, or use a"
                + " model that accepts it, like \"claude-sonnet-4-6\".")
        .inFile(source)
        .onLineContaining("budgetTokens = 2000");
    assertThat(compilation)
        .hadErrorContaining(
            "claude-fable-5 does not accept @Thinking (extended thinking with a budget): it always"
                + " thinks, and its thinking cannot be configured.")
        .inFile(source)
        .onLineContaining("budgetTokens = 3000");
  }

  @Test
  void samplingWithThinkingIsAnError() {
    JavaFileObject source =
        assistant(
            "@ClaudeEndpoint(model = \"claude-sonnet-4-6\", maxTokens = 4096,",
            "    apiVersion = \"2023-06-01\",",
            "    topK = 5)",
            "@Thinking(budgetTokens = 2048)",
            "public interface Assistant { String ask(String q); }");
    compileWithOneError(
        source,
        "[ClaudegenThinkingSampling] topK = 5 cannot be sent with @Thinking: with extended"
            + " thinking the API accepts no temperature or topK, and topP only from 0.95 to 1;"
            + " remove topK or @Thinking.",
        "topK = 5");
  }

  @Test
  void fallbackWithoutBudgetedThinkingCannotServeAThinkingMethod() {
    JavaFileObject source =
        assistant(
            "@ClaudeEndpoint(model = \"claude-sonnet-4-6\", maxTokens = 4096,",
            "    fallbackModels = \"claude-sonnet-5-5\")",
            "@Thinking(budgetTokens = 2048)",
            "public interface Assistant { String ask(String q); }");
    compileWithOneError(
        source,
        "[ClaudegenFallbackModel] fallback model \"claude-sonnet-5-5\" cannot serve these"
            + " requests: it does not accept @Thinking (it thinks adaptively, without a"
            + " budget)",
        "fallbackModels = \"claude-sonnet-5-5\"");
  }
}
