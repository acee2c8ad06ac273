package dev.claudegen.processor;

import static com.google.testing.compile.CompilationSubject.assertThat;
import static dev.claudegen.processor.Compiler.assistant;
import static dev.claudegen.processor.Compiler.compile;
import static dev.claudegen.processor.Compiler.source;

import com.google.testing.compile.Compilation;
import javax.tools.JavaFileObject;
import org.junit.jupiter.api.Test;

/**
 * javac wraps repeated annotations in their container, which has no tree of its own; diagnostics
 * still go on the {@code @Retry} at fault, and on its attribute, line and column.
 */
class RepeatedAnnotationPositionTest {

  private static final String TOO_MANY =
      "[ClaudegenRetryValue] @Retry #2 maxAttempts = 50 is out of range; it must be from 1 (no"
          + " retry) to 20, the first attempt included.";

  @Test
  void aValueOfTheSecondRetryOnAnInterfaceIsMarkedWhereItIsWritten() {
    JavaFileObject source =
        assistant(
            "@ClaudeEndpoint(model = \"claude-sonnet-4-6\", maxTokens = 100)",
            "@Retry(on = ErrorKind.RATE_LIMIT, maxAttempts = 5)",
            "@Retry(on = ErrorKind.OVERLOADED, maxAttempts = 50)",
            "public interface Assistant {",
            "  String ask(String q);",
            "}");
    Compilation compilation = compile(source);
    assertThat(compilation).hadErrorCount(1);
    // Line 5 of the file; "50" starts at column 49.
    assertThat(compilation).hadErrorContaining(TOO_MANY).inFile(source).onLine(5).atColumn(49);
  }

  @Test
  void aValueOfTheFirstRetryOnAMethodIsMarkedWhereItIsWritten() {
    JavaFileObject source =
        assistant(
            "@ClaudeEndpoint(model = \"claude-sonnet-4-6\", maxTokens = 100)",
            "public interface Assistant {",
            "  @Retry(on = ErrorKind.OVERLOADED,",
            "      maxAttempts = 50)",
            "  @Retry(on = ErrorKind.RATE_LIMIT)",
            "  String ask(String q);",
            "}");
    Compilation compilation = compile(source);
    assertThat(compilation).hadErrorCount(1);
    assertThat(compilation)
        .hadErrorContaining(TOO_MANY.replace("#2", "#1"))
        .inFile(source)
        .onLine(6)
        .atColumn(21);
  }

  @Test
  void aSingleRetryIsMarkedInTheSameColumnAsARepeatedOne() {
    JavaFileObject source =
        assistant(
            "@ClaudeEndpoint(model = \"claude-sonnet-4-6\", maxTokens = 100)",
            "@Retry(on = ErrorKind.OVERLOADED, maxAttempts = 50)",
            "public interface Assistant {",
            "  String ask(String q);",
            "}");
    Compilation compilation = compile(source);
    assertThat(compilation)
        .hadErrorContaining(TOO_MANY.replace(" #2", ""))
        .inFile(source)
        .onLine(4)
        .atColumn(49);
  }

  @Test
  void aKindOfTheSecondRetryIsMarkedOnThatKind() {
    JavaFileObject source =
        assistant(
            "@ClaudeEndpoint(model = \"claude-sonnet-4-6\", maxTokens = 100)",
            "public interface Assistant {",
            "  @Retry(on = {ErrorKind.RATE_LIMIT, ErrorKind.OVERLOADED})",
            "  @Retry(on = {ErrorKind.TIMEOUT, ErrorKind.OVERLOADED}, initialDelay = \"5s\")",
            "  String ask(String q);",
            "}");
    Compilation compilation = compile(source);
    assertThat(compilation).hadErrorCount(1);
    // javac places a qualified name at its last dot: the second "ErrorKind.OVERLOADED".
    assertThat(compilation)
        .hadErrorContaining("[ClaudegenRetryKindTwice] @Retry #2 on OVERLOADED")
        .inFile(source)
        .onLine(6)
        .atColumn(44);
  }

  @Test
  void anAttributeLeftAtItsDefaultMarksTheRetryItself() {
    JavaFileObject source =
        assistant(
            "@ClaudeEndpoint(model = \"claude-sonnet-4-6\", maxTokens = 100)",
            "public interface Assistant {",
            "  @Retry(on = ErrorKind.RATE_LIMIT)",
            "  @Retry(on = ErrorKind.OVERLOADED, initialDelay = \"45s\")",
            "  String ask(String q);",
            "}");
    Compilation compilation = compile(source);
    assertThat(compilation).hadErrorCount(1);
    // maxDelay is left at 30s, so initialDelay, as written, is marked.
    assertThat(compilation)
        .hadErrorContaining("@Retry #2 maxDelay = \"30s\" is shorter than initialDelay = \"45s\"")
        .inFile(source)
        .onLine(6)
        .atColumn(52);
  }

  @Test
  void aContainerWrittenOutIsSeenThrough() {
    JavaFileObject source =
        assistant(
            "@ClaudeEndpoint(model = \"claude-sonnet-4-6\", maxTokens = 100)",
            "@Retry.List({@Retry(on = ErrorKind.RATE_LIMIT),",
            "    @Retry(on = ErrorKind.OVERLOADED, maxAttempts = 50)})",
            "public interface Assistant {",
            "  String ask(String q);",
            "}");
    Compilation compilation = compile(source);
    assertThat(compilation).hadErrorCount(1);
    assertThat(compilation).hadErrorContaining(TOO_MANY).inFile(source).onLine(5).atColumn(53);
  }

  @Test
  void repeatedRetryOnARecordIsMarkedOnTheFirstRetry() {
    JavaFileObject source =
        source(
            "com.acme.Pair",
            "package com.acme;",
            "import dev.claudegen.annotations.*;",
            "/** A pair. */",
            "@Retry(on = ErrorKind.OVERLOADED)",
            "@Retry(on = ErrorKind.RATE_LIMIT)",
            "record Pair(int a) {}");
    Compilation compilation = compile(source);
    assertThat(compilation).hadErrorCount(1);
    assertThat(compilation)
        .hadErrorContaining("@Retry on Pair can have no effect: Pair is a record")
        .inFile(source)
        .onLine(4)
        .atColumn(1);
  }
}
