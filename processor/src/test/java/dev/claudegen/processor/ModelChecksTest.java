package dev.claudegen.processor;

import static com.google.testing.compile.CompilationSubject.assertThat;
import static dev.claudegen.processor.Compiler.assistant;
import static dev.claudegen.processor.Compiler.compile;
import static dev.claudegen.processor.Compiler.compileWithOneError;
import static dev.claudegen.processor.Compiler.compileWithOneWarning;

import com.google.testing.compile.Compilation;
import javax.tools.JavaFileObject;
import org.junit.jupiter.api.Test;

/**
 * The model and fallback models against the catalog, and the limits that depend on the model;
 * each problem on the attribute at fault. The build date is {@link Compiler#TODAY}.
 */
class ModelChecksTest {

  @Test
  void unknownModelIsAnErrorWithTheNearestNames() {
    JavaFileObject source =
        assistant(
            "@ClaudeEndpoint(maxTokens = 1024,",
            "    model = \"claude-sonet-4-6\")",
            "public interface Assistant { String ask(String q); }");
    compileWithOneError(
        source,
        "[ClaudegenUnknownModel] model = \"claude-sonet-4-6\" is not in the model catalog;"
            + " did you mean \"claude-sonnet-4-6\" or \"claude-sonnet-4-5\"? If it is a new"
            + " model or a relay's name, add it with -Aclaudegen.models=<file>",
        "claude-sonet-4-6");
  }

  @Test
  void unknownModelFarFromEveryNameHasNoSuggestion() {
    JavaFileObject source =
        assistant(
            "@ClaudeEndpoint(model = \"gpt-4o\", maxTokens = 1024)",
            "public interface Assistant { String ask(String q); }");
    Compilation compilation = compile(source);
    assertThat(compilation)
        .hadErrorContaining(
            "model = \"gpt-4o\" is not in the model catalog. If it is a new model")
        .inFile(source)
        .onLineContaining("gpt-4o");
  }

  @Test
  void aliasesAreKnownModels() {
    JavaFileObject source =
        assistant(
            "@ClaudeEndpoint(model = \"claude-haiku-4-5-20251001\", maxTokens = 1024)",
            "public interface Assistant {",
            "  @ClaudeEndpoint(model = \"claude-opus-4-5\", maxTokens = 1024)",
            "  String ask(String q);",
            "  String other(String q);",
            "}");
    assertThat(compile(source)).succeededWithoutWarnings();
  }

  @Test
  void retiredModelIsAnErrorNamingTheDateAndTheReplacement() {
    JavaFileObject source =
        assistant(
            "@ClaudeEndpoint(maxTokens = 1024,",
            "    model = \"claude-3-5-sonnet-20241022\")",
            "public interface Assistant { String ask(String q); }");
    compileWithOneError(
        source,
        "[ClaudegenRetiredModel] model = \"claude-3-5-sonnet-20241022\" was retired on"
            + " 2025-10-28: every call to it fails. Use \"claude-sonnet-5-5\" instead.",
        "claude-3-5-sonnet-20241022");
  }

  @Test
  void retiredAliasAndAncientIdsAreErrorsToo() {
    JavaFileObject source =
        assistant(
            "@ClaudeEndpoint(model = \"claude-3-opus-latest\", maxTokens = 1024)",
            "public interface Assistant {",
            "  @ClaudeEndpoint(model = \"claude-instant-1.2\", maxTokens = 100)",
            "  String ask(String q);",
            "}");
    Compilation compilation = compile(source);
    assertThat(compilation).hadErrorCount(2);
    assertThat(compilation)
        .hadErrorContaining(
            "model = \"claude-3-opus-latest\" was retired on 2026-01-05: every call to it fails."
                + " Use \"claude-opus-5-5\" instead.")
        .inFile(source)
        .onLineContaining("claude-3-opus-latest");
    assertThat(compilation)
        .hadErrorContaining(
            "model = \"claude-instant-1.2\" was retired on 2024-11-06: every call to it fails."
                + " Use \"claude-haiku-5-5\" instead.")
        .inFile(source)
        .onLineContaining("claude-instant-1.2");
  }

  @Test
  void deprecatedModelIsAWarningNamingTheRetirementDateAndTheReplacement() {
    JavaFileObject source =
        assistant(
            "@ClaudeEndpoint(maxTokens = 1024,",
            "    model = \"claude-sonnet-4-5\")",
            "public interface Assistant { String ask(String q); }");
    compileWithOneWarning(
        source,
        "[ClaudegenDeprecatedModel] model = \"claude-sonnet-4-5\" is deprecated; it retires on"
            + " 2026-11-30, after which every call to it fails. Move to"
            + " \"claude-sonnet-5-5\".",
        "claude-sonnet-4-5");
  }

  @Test
  void maxTokensAboveTheModelsOutputIsAnError() {
    JavaFileObject source =
        assistant(
            "@ClaudeEndpoint(model = \"claude-sonnet-4-6\", timeout = \"30m\",",
            "    maxTokens = 128001)",
            "public interface Assistant { String ask(String q); }");
    compileWithOneError(
        source,
        "[ClaudegenMaxTokens] maxTokens = 128001 is above the 128000 output tokens"
            + " claude-sonnet-4-6 allows; lower it to at most 128000.",
        "maxTokens = 128001");
  }

  @Test
  void theModelsWholeOutputIsAllowedWithATimeout() {
    JavaFileObject source =
        assistant(
            "@ClaudeEndpoint(model = \"claude-sonnet-4-6\", maxTokens = 128000, timeout = \"30m\")",
            "public interface Assistant { String ask(String q); }");
    assertThat(compile(source)).succeededWithoutWarnings();
  }

  @Test
  void largeNonStreamingMaxTokensWithoutTimeoutIsAnError() {
    JavaFileObject source =
        assistant(
            "@ClaudeEndpoint(model = \"claude-sonnet-4-6\",",
            "    maxTokens = 21334)",
            "public interface Assistant { String ask(String q); }");
    compileWithOneError(
        source,
        "[ClaudegenNeedsStreaming] maxTokens = 21334 is above 21333, the most a non-streaming"
            + " call to claude-sonnet-4-6 may ask for without a timeout (the reply could take"
            + " longer than 10 minutes); stream it (return Stream<String> or ReplyStream), or set a"
            + " timeout",
        "maxTokens = 21334");
  }

  @Test
  void theNonStreamingLimitItselfIsAllowed() {
    JavaFileObject source =
        assistant(
            "@ClaudeEndpoint(model = \"claude-sonnet-4-6\", maxTokens = 21333)",
            "public interface Assistant { String ask(String q); }");
    assertThat(compile(source)).succeededWithoutWarnings();
  }

  @Test
  void fallbackModelsAreCheckedOneByOneOnTheirOwnName() {
    JavaFileObject source =
        assistant(
            "@ClaudeEndpoint(model = \"claude-sonnet-4-6\", maxTokens = 16000,",
            "    fallbackModels = {\"claude-sonnet-4-6\",",
            "        \"claude-3-haiku-20240307\",",
            "        \"claude-haiku-4-6\",",
            "        \"claude-opus-4-8\",",
            "        \"claude-opus-4-8\",",
            "        \"claude-haiku-4-5\"})",
            "public interface Assistant { String ask(String q); }");
    Compilation compilation = compile(source);
    assertThat(compilation).hadErrorCount(4);
    assertThat(compilation)
        .hadErrorContaining(
            "[ClaudegenFallbackModel] fallbackModels names \"claude-sonnet-4-6\", which is the"
                + " model itself")
        .inFile(source)
        .onLineContaining("fallbackModels = {\"claude-sonnet-4-6\"");
    assertThat(compilation)
        .hadErrorContaining(
            "[ClaudegenRetiredModel] fallbackModels = \"claude-3-haiku-20240307\" was retired on"
                + " 2026-04-20")
        .inFile(source)
        .onLineContaining("\"claude-3-haiku-20240307\",");
    assertThat(compilation)
        .hadErrorContaining(
            "[ClaudegenUnknownModel] fallbackModels = \"claude-haiku-4-6\" is not in the model"
                + " catalog; did you mean \"claude-haiku-4-5\"")
        .inFile(source)
        .onLineContaining("\"claude-haiku-4-6\",");
    assertThat(compilation)
        .hadErrorContaining(
            "[ClaudegenFallbackModel] fallbackModels names \"claude-opus-4-8\" twice")
        .inFile(source)
        .onLine(8);
  }

  @Test
  void fallbackThatCannotServeMaxTokensIsAnError() {
    JavaFileObject source =
        assistant(
            "@ClaudeEndpoint(model = \"claude-sonnet-4-6\", maxTokens = 60000, timeout = \"15m\",",
            "    fallbackModels = \"claude-opus-4-5\")",
            "public interface Assistant {",
            "  @ClaudeEndpoint(model = \"claude-opus-4-7\", maxTokens = 100000, timeout = \"20m\",",
            "      fallbackModels = {\"claude-sonnet-4-6\", \"claude-haiku-4-5\"})",
            "  String ask(String q);",
            "}");
    compileWithOneError(
        source,
        "[ClaudegenFallbackModel] fallback model \"claude-haiku-4-5\" cannot serve these"
            + " requests: maxTokens = 100000 is above its 64000 output tokens; remove it or"
            + " choose a model that can.",
        "\"claude-haiku-4-5\"})");
  }

  @Test
  void fallbackNeedsTheSameNonStreamingRoomAndSamplingRules() {
    JavaFileObject source =
        assistant(
            "@ClaudeEndpoint(model = \"claude-sonnet-4-6\", maxTokens = 16000,",
            "    apiVersion = \"2023-06-01\", temperature = 0.3,",
            "    fallbackModels = \"claude-fable-5\")",
            "public interface Assistant { String ask(String q); }");
    compileWithOneError(
        source,
        "fallback model \"claude-fable-5\" cannot serve these requests: it accepts no sampling"
            + " but the default",
        "fallbackModels = \"claude-fable-5\"");
  }

  @Test
  void interfaceEndpointProblemsAreReportedOnceNotPerMethod() {
    JavaFileObject source =
        assistant(
            "@ClaudeEndpoint(model = \"claude-2.1\", maxTokens = 1024)",
            "public interface Assistant {",
            "  String one(String q);",
            "  String two(String q);",
            "  String three(String q);",
            "}");
    compileWithOneError(
        source,
        "model = \"claude-2.1\" was retired on 2025-07-21",
        "claude-2.1");
  }

  @Test
  void inheritedMethodsEndpointProblemsAreReportedOnTheAnnotatedInterface() {
    JavaFileObject base =
        Compiler.source(
            "com.acme.Base",
            "package com.acme;",
            "import dev.claudegen.annotations.*;",
            "@ClaudeEndpoint(model = \"claude-opus-4-7\", maxTokens = 1000)",
            "public interface Base {",
            "  @ClaudeEndpoint(model = \"claude-opus-4-7\", maxTokens = 999999)",
            "  String explain(String subject);",
            "}");
    JavaFileObject derived =
        Compiler.source(
            "com.acme.Tutor",
            "package com.acme;",
            "import dev.claudegen.annotations.*;",
            "@ClaudeEndpoint(model = \"claude-haiku-4-5\", maxTokens = 100)",
            "public interface Tutor extends Base {}");
    Compilation compilation = compile(base, derived);
    // Once for Base's own client, on the attribute; once for Tutor's, on Tutor.
    assertThat(compilation).hadErrorCount(2);
    assertThat(compilation)
        .hadErrorContaining("maxTokens = 999999 is above the 128000 output tokens claude-opus-4-7")
        .inFile(base)
        .onLineContaining("maxTokens = 999999");
    assertThat(compilation)
        .hadErrorContaining("maxTokens = 999999 is above the 128000 output tokens claude-opus-4-7")
        .inFile(derived)
        .onLineContaining("public interface Tutor");
  }
}
