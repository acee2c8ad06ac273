package dev.claudegen.processor;

import static com.google.testing.compile.CompilationSubject.assertThat;
import static dev.claudegen.processor.Compiler.compile;
import static dev.claudegen.processor.Compiler.compileWith;
import static dev.claudegen.processor.Compiler.compileWithOneError;
import static dev.claudegen.processor.Compiler.compileWithOneWarning;
import static dev.claudegen.processor.Compiler.source;

import com.google.testing.compile.Compilation;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import javax.tools.JavaFileObject;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code @CacheControl} checks: a ttl the API refuses is an error; a marker that marks nothing, or
 * a static prefix certainly below the model's minimum (the catalog's {@code minCacheableTokens}),
 * is a warning.
 */
class CacheControlChecksTest {

  @TempDir Path dir;

  /** A system prompt of {@code bytes} ASCII bytes. */
  private static String longText(int bytes) {
    return "x".repeat(bytes);
  }

  @Test
  void aTtlOtherThanFiveMinutesOrAnHourIsAnErrorReportedOnce() {
    JavaFileObject source =
        Compiler.assistant(
            "@ClaudeEndpoint(model = \"claude-sonnet-4-6\", maxTokens = 100)",
            "@SystemPrompt(\"" + longText(5000) + "\")",
            "@CacheControl(ttl = \"10m\")",
            "interface Assistant {",
            "  String ask(String q);",
            "  String tell(String q);",
            "}");
    compileWithOneError(source,
        "[ClaudegenCacheControl] @CacheControl(ttl = \"10m\") is not a ttl the API accepts; it"
            + " takes \"5m\" (the default) or \"1h\".",
        "ttl = \"10m\"");
  }

  @Test
  void anHourAndFiveMinutesAreFine() {
    JavaFileObject source =
        Compiler.assistant(
            "@ClaudeEndpoint(model = \"claude-sonnet-4-6\", maxTokens = 100)",
            "@SystemPrompt(\"" + longText(5000) + "\")",
            "@CacheControl(ttl = \"1h\")",
            "interface Assistant {",
            "  String ask(String q);",
            "  @CacheControl",
            "  String tell(String q);",
            "}");
    assertThat(compile(source)).succeededWithoutWarnings();
  }

  @Test
  void aMarkerWithNothingToMarkIsAWarning() {
    JavaFileObject source =
        Compiler.assistant(
            "@ClaudeEndpoint(model = \"claude-sonnet-4-6\", maxTokens = 100)",
            "interface Assistant {",
            "  @CacheControl",
            "  String ask(String q);",
            "}");
    compileWithOneWarning(source,
        "[ClaudegenCacheControl] @CacheControl on Assistant.ask(String) marks nothing: it has no"
            + " system prompt, no tools and no conversation parameter, and the final user turn is"
            + " never cached.",
        "@CacheControl");
  }

  @Test
  void aStaticPrefixCertainlyBelowTheMinimumIsAWarningWithTheEstimate() {
    JavaFileObject source =
        Compiler.assistant(
            "@ClaudeEndpoint(model = \"claude-sonnet-4-6\", maxTokens = 100)",
            "interface Assistant {",
            "  @SystemPrompt(\"Be brief.\")",
            "  @CacheControl",
            "  String ask(String q);",
            "}");
    compileWithOneWarning(source,
        "[ClaudegenCacheControl] @CacheControl on Assistant.ask(String) marks a prefix of at most"
            + " 73 tokens (an estimate from its static text: system prompt 9 bytes, 64 tokens"
            + " allowed for the API's own text), below the 1024 tokens claude-sonnet-4-6 caches at"
            + " least; the API ignores the marker silently and caches nothing.",
        "@CacheControl");
  }

  @Test
  void toolsCountInThePrefix() {
    JavaFileObject tools =
        source("com.acme.Clock", "package com.acme;", "import dev.claudegen.annotations.*;",
            "public class Clock {",
            "  @Tool(\"The time\")",
            "  public String now() { return \"\"; }",
            "}");
    JavaFileObject source =
        Compiler.assistant(
            "@ClaudeEndpoint(model = \"claude-opus-4-6\", maxTokens = 100)",
            "@Tools(Clock.class)",
            "@CacheControl",
            "interface Assistant {",
            "  String ask(String q);",
            "}");
    // "now", "The time" and {"type":"object","properties":{},"required":[],
    // "additionalProperties":false}: 3 + 8 + 76 bytes; 64 + 800 + 32 tokens allowed.
    Compilation compilation = compile(tools, source);
    assertThat(compilation).succeeded();
    assertThat(compilation).hadWarningCount(1);
    assertThat(compilation)
        .hadWarningContaining("marks a prefix of at most 983 tokens (an estimate from its static"
            + " text: 1 tool 87 bytes, 896 tokens allowed for the API's own text), below the 4096"
            + " tokens claude-opus-4-6 caches at least")
        .inFile(source).onLineContaining("@CacheControl");
  }

  @Test
  void aLongEnoughOrDynamicPrefixIsNotWarnedOf() {
    JavaFileObject source =
        Compiler.assistant(
            "@ClaudeEndpoint(model = \"claude-sonnet-4-6\", maxTokens = 100)",
            "@CacheControl",
            "interface Assistant {",
            "  @SystemPrompt(\"" + longText(1024 - 64) + "\")",
            "  String longEnough(String q);",
            "  @SystemPrompt(\"You help {name}.\")",
            "  @UserPrompt(\"{q}\")",
            "  String placeholder(String name, String q);",
            "  @SystemPrompt(\"Be brief.\")",
            "  String conversation(java.util.List<dev.claudegen.runtime.Message> history);",
            "}");
    assertThat(compile(source)).succeededWithoutWarnings();
  }

  @Test
  void aModelWithoutAKnownMinimumIsNotJudged() {
    JavaFileObject source =
        Compiler.assistant(
            "@ClaudeEndpoint(model = \"claude-sonnet-5-5\", maxTokens = 100)",
            "@SystemPrompt(\"Be brief.\")",
            "@CacheControl",
            "interface Assistant {",
            "  String ask(String q);",
            "}");
    assertThat(compile(source)).succeededWithoutWarnings();
  }

  @Test
  void aCatalogFileMayGiveTheMinimum() throws IOException {
    Path file = dir.resolve("models.json");
    Files.writeString(file, "{\"models\": [{\"id\": \"acme\", \"maxOutputTokens\": 1000,"
        + " \"minCacheableTokens\": 5000}]}", StandardCharsets.UTF_8);
    JavaFileObject source =
        Compiler.assistant(
            "@ClaudeEndpoint(model = \"acme\", maxTokens = 100)",
            "@SystemPrompt(\"" + longText(2000) + "\")",
            "@CacheControl",
            "interface Assistant {",
            "  String ask(String q);",
            "}");
    Compilation compilation = compileWith(List.of("claudegen.models=" + file), source);
    assertThat(compilation).succeeded();
    assertThat(compilation).hadWarningCount(1);
    assertThat(compilation)
        .hadWarningContaining("marks a prefix of at most 2064 tokens (an estimate from its static"
            + " text: system prompt 2000 bytes, 64 tokens allowed for the API's own text), below"
            + " the 5000 tokens acme caches at least")
        .inFile(source).onLineContaining("@CacheControl");
  }

  @Test
  void aMinimumInACatalogFileMustBePositive() throws IOException {
    Path file = dir.resolve("models.json");
    Files.writeString(file, "{\"models\": [{\"id\": \"acme\", \"maxOutputTokens\": 1000,"
        + " \"minCacheableTokens\": 0}]}", StandardCharsets.UTF_8);
    JavaFileObject source =
        Compiler.assistant(
            "@ClaudeEndpoint(model = \"claude-sonnet-4-6\", maxTokens = 100)",
            "interface Assistant {",
            "  String ask(String q);",
            "}");
    Compilation compilation = compileWith(List.of("claudegen.models=" + file), source);
    assertThat(compilation).hadErrorContaining("models[0] (\"acme\"): \"minCacheableTokens\" must"
        + " be a whole number from 1 to 2147483647, not 0");
  }
}
