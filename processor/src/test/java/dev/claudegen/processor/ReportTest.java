package dev.claudegen.processor;

import static com.google.testing.compile.CompilationSubject.assertThat;
import static dev.claudegen.processor.Compiler.assistant;
import static dev.claudegen.processor.Compiler.compile;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.testing.compile.Compilation;
import java.util.ArrayList;
import java.util.List;
import javax.annotation.processing.Messager;
import javax.lang.model.element.AnnotationMirror;
import javax.lang.model.element.AnnotationValue;
import javax.lang.model.element.Element;
import javax.tools.Diagnostic;
import javax.tools.JavaFileObject;
import org.junit.jupiter.api.Test;

/** The report prints a diagnostic once, however often it is added; scopes see every addition. */
class ReportTest {

  @Test
  void theSameDiagnosticIsPrintedOnceAndFailsEveryScopeItIsAddedIn() {
    Report report = new Report();
    Report.Scope first = report.scope();
    report.add(Message.EMPTY_MODEL, null);
    Report.Scope second = report.scope();
    assertTrue(second.isClean());
    report.add(Message.EMPTY_MODEL, null);
    report.add(Message.MAX_TOKENS_TOO_SMALL, null, 0);
    assertFalse(first.isClean());
    assertFalse(second.isClean());

    List<String> printed = new ArrayList<>();
    report.printTo(new DiagnosticSink(recording(printed), null, true));
    assertEquals(
        List.of(
            "ERROR " + Message.EMPTY_MODEL.format(),
            "ERROR " + Message.MAX_TOKENS_TOO_SMALL.format(0)),
        printed);
  }

  @Test
  void aClosedScopeKeepsWhatItSaw() {
    Report report = new Report();
    Report.Scope open = report.scope();
    Report.Scope closed = report.scope().close();
    report.add(Message.EMPTY_MODEL, null);
    assertTrue(closed.isClean());
    assertFalse(open.isClean());
  }

  @Test
  void aWarningLeavesTheScopeClean() {
    Report report = new Report();
    Report.Scope scope = report.scope();
    report.add(Message.UNUSED_PARAMETER, null, "q", "Assistant.ask(String)", "q");
    assertTrue(scope.isClean());
  }

  @Test
  void theInterfacesRetryAndSystemPromptAreReportedOnceForAllItsMethods() {
    JavaFileObject source =
        assistant(
            "@ClaudeEndpoint(model = \"claude-sonnet-4-6\", maxTokens = 100)",
            "@Retry(maxAttempts = 50)",
            "@SystemPrompt(\"Answer {\")",
            "public interface Assistant {",
            "  String one(String q);",
            "  String two(String q);",
            "  String three(String q);",
            "}");
    Compilation compilation = compile(source);
    assertThat(compilation).hadErrorCount(2);
    assertThat(compilation)
        .hadErrorContaining("@Retry maxAttempts = 50 is out of range")
        .inFile(source)
        .onLineContaining("maxAttempts = 50");
    assertThat(compilation)
        .hadErrorContaining("[ClaudegenTemplateSyntax] @SystemPrompt template cannot be read")
        .inFile(source)
        .onLineContaining("@SystemPrompt");
  }

  private static Messager recording(List<String> printed) {
    return new Messager() {
      @Override
      public void printMessage(Diagnostic.Kind kind, CharSequence msg) {
        printed.add(kind + " " + msg);
      }

      @Override
      public void printMessage(Diagnostic.Kind kind, CharSequence msg, Element e) {
        printed.add(kind + " " + msg);
      }

      @Override
      public void printMessage(Diagnostic.Kind kind, CharSequence msg, Element e,
          AnnotationMirror a) {
        printed.add(kind + " " + msg);
      }

      @Override
      public void printMessage(Diagnostic.Kind kind, CharSequence msg, Element e,
          AnnotationMirror a, AnnotationValue v) {
        printed.add(kind + " " + msg);
      }
    };
  }
}
