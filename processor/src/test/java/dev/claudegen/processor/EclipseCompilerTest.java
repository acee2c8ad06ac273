package dev.claudegen.processor;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.google.testing.compile.Compilation;
import com.google.testing.compile.JavaFileObjects;
import com.palantir.javapoet.JavaFile;
import dev.claudegen.annotations.ClaudeEndpoint;
import dev.claudegen.runtime.CallSpec;
import java.io.File;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import javax.annotation.processing.Processor;
import javax.tools.Diagnostic;
import javax.tools.DiagnosticCollector;
import javax.tools.JavaCompiler;
import javax.tools.JavaFileObject;
import javax.tools.StandardJavaFileManager;
import org.eclipse.jdt.internal.compiler.tool.EclipseCompiler;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The processor under Eclipse's compiler (ECJ), as Eclipse users run it: the same generated file
 * and the same diagnostics, on the same lines, as under javac.
 *
 * <p>Known differences, asserted below so they stay known: ECJ marks an attribute's name where
 * javac marks its value (same line, another column); ECJ cannot point at one element of an array
 * value, so there the processor marks the whole attribute (javac marks the element). Both mark
 * the one of several repeated {@code @Retry} at fault (javac through its tree API). A record
 * component's problem is marked on the component by javac, on the method by ECJ.
 */
class EclipseCompilerTest {

  @TempDir Path dir;

  @Test
  void eclipseGeneratesTheSameFileAsJavac() throws IOException {
    assertSameGeneratedFile(GenerationTest.ASSISTANT.getCharContent(true).toString());
  }

  @Test
  void eclipseGeneratesTheSameRetrySchedulesAsJavac() throws IOException {
    assertSameGeneratedFile(
        String.join(
            "\n",
            "package com.acme;",
            "import dev.claudegen.annotations.*;",
            "@ClaudeEndpoint(model = \"claude-haiku-4-5\", maxTokens = 256)",
            "@Retry(maxAttempts = 5)",
            "public interface Assistant {",
            "  String ask(String question);",
            "  @Retry(on = ErrorKind.OVERLOADED, maxAttempts = 4, initialDelay = \"5s\")",
            "  @Retry(on = ErrorKind.RATE_LIMIT, jitter = 0.5, maxElapsed = \"2m\")",
            "  String retried(String question);",
            "}"));
  }

  @Test
  void eclipseGeneratesTheSameReturnShapesAndConversationAsJavac() throws IOException {
    assertSameGeneratedFile(
        String.join(
            "\n",
            "package com.acme;",
            "import dev.claudegen.annotations.*;",
            "import dev.claudegen.runtime.Message;",
            "import dev.claudegen.runtime.Reply;",
            "import java.util.List;",
            "import java.util.concurrent.CompletableFuture;",
            "@ClaudeEndpoint(model = \"claude-haiku-4-5\", maxTokens = 256)",
            "public interface Assistant {",
            "  Reply ask(String question);",
            "  CompletableFuture<String> askLater(String question);",
            "  @UserPrompt(\"Next: {question}\")",
            "  CompletableFuture<Reply> chat(List<Message> history, String question);",
            "}"));
  }

  @Test
  void eclipseGeneratesTheSameLongChainsAndRenamedParametersAsJavac() throws IOException {
    assertSameGeneratedFile(
        String.join(
            "\n",
            "package com.acme;",
            "import dev.claudegen.annotations.*;",
            "import dev.claudegen.runtime.Message;",
            "import dev.claudegen.runtime.Reply;",
            "import java.util.List;",
            "import java.util.concurrent.CompletableFuture;",
            "@ClaudeEndpoint(model = \"claude-haiku-4-5\", maxTokens = 256)",
            "public interface Assistant {",
            "  @SystemPrompt(\"You teach {subject}, briefly and kindly.\")",
            "  @UserPrompt(\"{dev}\")",
            "  Reply chat(List<Message> history, String subject, String dev);",
            "  @SystemPrompt(\"{Prompt}\")",
            "  CompletableFuture<Reply> chat(List<Message> history, String Prompt);",
            "}"));
  }

  @Test
  void eclipseNamesAMissingParameterizedTypeToo() throws IOException {
    String source =
        String.join(
            "\n",
            "package com.acme;",
            "import dev.claudegen.annotations.*;",
            "@ClaudeEndpoint(model = \"claude-haiku-4-5\", maxTokens = 256)",
            "public interface Assistant {",
            "  CompletableFuture<String> ask(String question);",
            "}");
    // ECJ names the type itself, with its argument qualified; javac needs its tree API for that.
    assertEquals(
        new TreeSet<>(List.of(
            "ERROR 4 [ClaudegenMissingTypes] com.acme.Assistant was not generated because these"
                + " types it uses could not be found: CompletableFuture<java.lang.String>.",
            "ERROR 5 CompletableFuture cannot be resolved to a type")),
        new TreeSet<>(eclipse(source).problems()));
  }

  @Test
  void eclipseGeneratesTheSameToolsDispatchAndCacheMarkersAsJavac() throws IOException {
    assertSameGeneratedFile(
        String.join(
            "\n",
            "package com.acme;",
            "import dev.claudegen.annotations.*;",
            "import java.util.List;",
            "import java.util.Optional;",
            "import java.util.concurrent.CompletableFuture;",
            "@ClaudeEndpoint(model = \"claude-sonnet-4-6\", maxTokens = 256)",
            "@SystemPrompt(\"You answer questions about orders.\")",
            "@Tools(Assistant.OrderTools.class)",
            "public interface Assistant {",
            "  record Order(String id, List<String> items, Optional<String> note) {}",
            "  class OrderTools {",
            "    @Tool(\"Looks up an order\")",
            "    public Order lookup(String id, Optional<Integer> limit) {",
            "      return new Order(id, List.of(), Optional.empty());",
            "    }",
            "    @Tool(value = \"Cancels an order\", name = \"cancel_order\")",
            "    public void cancel(String id) {}",
            "  }",
            "  String ask(String question);",
            "  @CacheControl(ttl = \"1h\")",
            "  CompletableFuture<Order> find(String question);",
            "}"));
  }

  private void assertSameGeneratedFile(String source) throws IOException {
    Eclipse eclipse = eclipse(source);
    assertEquals(List.of(), eclipse.problems(), "Eclipse reported problems");
    Compilation javac = Compiler.compile(javaFile(source));
    String javacFile = GenerationTest.generated(javac, "com.acme.ClaudeAssistant");
    assertEquals(javacFile, eclipse.generated("com/acme/ClaudeAssistant.java"));
  }

  @Test
  void eclipseReportsTheSameShapeAndConversationProblemsOnTheSameLinesAsJavac()
      throws IOException {
    String source =
        String.join(
            "\n",
            "package com.acme;",
            "import dev.claudegen.annotations.*;",
            "import dev.claudegen.runtime.Message;",
            "import java.util.List;",
            "import java.util.concurrent.CompletableFuture;",
            "@ClaudeEndpoint(model = \"claude-sonnet-4-6\",",
            "    maxTokens = 30000)",
            "public interface Assistant {",
            "  CompletableFuture<?> later(String q);",
            "  @UserPrompt(\"Go on: {history}\")",
            "  String chat(List<Message> history,",
            "      List<Message> more);",
            "  String stranded(List<Message> history,",
            "      int limit, List<String> tags);",
            "  CompletableFuture<String> capped(String q);",
            "}");
    Eclipse eclipse = eclipse(source);
    Set<String> javacProblems = describe(Compiler.compile(javaFile(source)).diagnostics().stream());

    assertEquals(javacProblems, new TreeSet<>(eclipse.problems()));
    assertEquals(6, javacProblems.size(), String.join("\n", javacProblems));
  }

  @Test
  void eclipseReportsTheSameStructuredTypeProblemsOnTheSameLinesAsJavac() throws IOException {
    String source =
        String.join(
            "\n",
            "package com.acme;",
            "import dev.claudegen.annotations.*;",
            "import java.util.List;",
            "import java.util.Map;",
            "import java.util.Optional;",
            "@ClaudeEndpoint(model = \"claude-sonnet-4-6\", maxTokens = 100)",
            "public interface Assistant {",
            "  Ticket ticket(String q);",
            "  Optional<Ticket> maybe(String q);",
            "  Empty empty(String q);",
            "}",
            "record Ticket(String summary,",
            "    Map<String, String> labels,",
            "    List<Optional<String>> notes,",
            "    Node tree) {}",
            "record Node(",
            "    List<Node> children) {}",
            "enum Empty {}");
    Eclipse eclipse = eclipse(source);
    Set<String> javacProblems = describe(Compiler.compile(javaFile(source)).diagnostics().stream());

    // ECJ can mark none of a record component, its field or its record (it prints line 0):
    // there the method that returns it is marked, and the message says so.
    Set<String> expected = new TreeSet<>();
    for (String problem : javacProblems) {
      expected.add(problem
          .replaceFirst("^ERROR (13|14) (.*?) of record Ticket",
              "ERROR 8 $2 of record Ticket (marked on the method: the compiler cannot point at it)")
          .replaceFirst("^ERROR 17 ", "ERROR 8 "));
    }
    assertEquals(expected, new TreeSet<>(eclipse.problems()));
    assertEquals(5, javacProblems.size(), String.join("\n", javacProblems));
    assertEquals(List.of("ERROR 13", "ERROR 14", "ERROR 17", "ERROR 18", "ERROR 9"),
        javacProblems.stream().map(problem -> problem.substring(0, problem.indexOf(" [")))
            .toList());
  }

  @Test
  void eclipseReportsTheSameProblemsOnTheSameLinesAsJavac() throws IOException {
    String source =
        String.join(
            "\n",
            "package com.acme;",
            "import dev.claudegen.annotations.*;",
            "@ClaudeEndpoint(model = \"claude-sonet-4-6\", maxTokens = 4096,",
            "    temperature = 0.4, fallbackModels = {\"claude-haiku-4-5\", \"claude-2.1\"})",
            "@Retry(on = ErrorKind.NOT_FOUND,",
            "    jitter = 3)",
            "public interface Assistant {",
            "  @Thinking(budgetTokens = 512)",
            "  String think(String q);",
            "  @ClaudeEndpoint(model = \"claude-sonnet-4-5\", maxTokens = 100, timeout = \"1 m\")",
            "  @UserPrompt(\"{question} {missing}\")",
            "  String ask(String question);",
            "  String compare(String a, String b);",
            "  int count(String text);",
            "}");
    Eclipse eclipse = eclipse(source);
    Compilation javac = Compiler.compile(javaFile(source));
    Set<String> javacProblems = describe(javac.diagnostics().stream());

    assertEquals(javacProblems, new TreeSet<>(eclipse.problems()));
    assertEquals(11, javacProblems.size(), String.join("\n", javacProblems));
  }

  @Test
  void eclipseReportsTheSameMisplacedAnnotationsAsJavac() throws IOException {
    String source =
        String.join(
            "\n",
            "package com.acme;",
            "import dev.claudegen.annotations.*;",
            "@ClaudeEndpoint(model = \"claude-sonnet-4-6\", maxTokens = 1024)",
            "public interface Assistant extends Base {",
            "  String ask(String q);",
            "}",
            "interface Base {",
            "  @UserPrompt(\"Translate {text}\")",
            "  String translate(String text);",
            "}",
            "interface Unused {",
            "  @UserPrompt(\"Use {text}\")",
            "  String unused(String text);",
            "}",
            "@SystemPrompt(\"Be brief.\")",
            "interface Plain {}",
            "class Helper {",
            "  @Retry(maxAttempts = 2)",
            "  String help() { return \"\"; }",
            "}");
    Eclipse eclipse = eclipse(source);
    Set<String> javacProblems = describe(Compiler.compile(javaFile(source)).diagnostics().stream());

    assertEquals(javacProblems, new TreeSet<>(eclipse.problems()));
    assertEquals(
        List.of("ERROR 15 [ClaudegenMisplacedAnnotation] @SystemPrompt on interface Plain",
            "ERROR 18 [ClaudegenMisplacedAnnotation] @Retry on method help",
            "WARNING 12 [ClaudegenNoEndpoint] @UserPrompt on method unused"),
        javacProblems.stream().map(p -> p.replaceFirst(" (can have|has) no effect.*", ""))
            .toList());
  }

  @Test
  void eclipseAndJavacMarkTheRepeatedRetryAtFault() throws IOException {
    String source =
        String.join(
            "\n",
            "package com.acme;",
            "import dev.claudegen.annotations.*;",
            "@ClaudeEndpoint(model = \"claude-sonnet-4-6\", maxTokens = 4096)",
            "public interface Assistant {",
            "  @Retry(on = ErrorKind.OVERLOADED)",
            "  @Retry(on = ErrorKind.OVERLOADED, maxAttempts = 2)",
            "  String ask(String q);",
            "}");
    String message =
        "[ClaudegenRetryKindTwice] @Retry #2 on OVERLOADED: OVERLOADED is already retried by an"
            + " earlier @Retry on Assistant.ask(String), and a kind has one schedule; remove it"
            + " from one of them.";
    assertEquals(List.of("ERROR 6 " + message), eclipse(source).problems());
    assertEquals(
        Set.of("ERROR 6 " + message),
        describe(Compiler.compile(javaFile(source)).diagnostics().stream()));
  }

  /** What ECJ reported and wrote. */
  private record Eclipse(List<String> problems, Path generatedSources) {
    String generated(String path) throws IOException {
      return Files.readString(generatedSources.resolve(path), StandardCharsets.UTF_8);
    }
  }

  @Test
  void eclipseCompilesTheStructuredShapesAsJavacDoesWithoutAProblem() throws IOException {
    // Hand-built plans (PlannedGeneration): the lambdas and method references of the decoders
    // are where the two compilers' inference could differ.
    Map<String, String> sources = new LinkedHashMap<>();
    for (JavaFileObject file :
        List.of(
            StructuredGenerationTest.TICKET,
            StructuredGenerationTest.PRIORITY,
            StructuredGenerationTest.ASSISTANT)) {
      String name = file.getName().substring(file.getName().lastIndexOf('/') + 1);
      sources.put(name, file.getCharContent(true).toString());
    }
    Eclipse eclipse =
        eclipse(
            sources,
            new PlannedGeneration("com.acme.Assistant", StructuredGenerationTest.assistantPlans()));
    assertEquals(List.of(), eclipse.problems(), "Eclipse reported problems");
    Compilation javac =
        StructuredGenerationTest.generate(
            "com.acme.Assistant",
            StructuredGenerationTest.assistantPlans(),
            StructuredGenerationTest.TICKET,
            StructuredGenerationTest.PRIORITY,
            StructuredGenerationTest.ASSISTANT);
    assertEquals(
        StructuredGenerationTest.generated(javac, "com.acme.ClaudeAssistant"),
        eclipse.generated("com/acme/ClaudeAssistant.java"));
  }

  /** Compiles {@code com/acme/Assistant.java} with ECJ and the processor, as a build would. */
  private Eclipse eclipse(String source) throws IOException {
    return eclipse(Map.of("Assistant.java", source), Compiler.processor());
  }

  /** Compiles the files of {@code com/acme} with ECJ and {@code processor}. */
  private Eclipse eclipse(Map<String, String> sourceFiles, Processor processor)
      throws IOException {
    Path sources = Files.createDirectories(dir.resolve("src/com/acme"));
    List<File> written = new ArrayList<>();
    for (Map.Entry<String, String> source : sourceFiles.entrySet()) {
      written.add(Files.writeString(sources.resolve(source.getKey()), source.getValue()).toFile());
    }
    Path generated = Files.createDirectories(dir.resolve("generated"));
    Path classes = Files.createDirectories(dir.resolve("classes"));
    String classPath = classPath();
    JavaCompiler compiler = new EclipseCompiler();
    DiagnosticCollector<JavaFileObject> diagnostics = new DiagnosticCollector<>();
    try (StandardJavaFileManager files =
        compiler.getStandardFileManager(diagnostics, Locale.ROOT, StandardCharsets.UTF_8)) {
      List<String> options =
          List.of(
              "-17",
              "-proceedOnError",
              "-classpath", classPath,
              "-s", generated.toString(),
              "-d", classes.toString(),
              "-Aclaudegen.today=" + Compiler.TODAY);
      StringWriter out = new StringWriter();
      JavaCompiler.CompilationTask task =
          compiler.getTask(out, files, diagnostics, options, null,
              files.getJavaFileObjectsFromFiles(written));
      // The processor instance, not its name, so that it runs on the tests' machine clock.
      task.setProcessors(List.of(processor));
      task.call();
    }
    return new Eclipse(List.copyOf(describe(diagnostics.getDiagnostics().stream())), generated);
  }

  /** Errors and warnings as {@code KIND line message}, sorted. */
  private static TreeSet<String> describe(Stream<? extends Diagnostic<?>> diagnostics) {
    return diagnostics
        .filter(d -> d.getKind() == Diagnostic.Kind.ERROR || d.getKind() == Diagnostic.Kind.WARNING)
        .map(d -> d.getKind() + " " + d.getLineNumber() + " " + d.getMessage(Locale.ROOT))
        .collect(Collectors.toCollection(TreeSet::new));
  }

  private static JavaFileObject javaFile(String source) {
    return JavaFileObjects.forSourceString("com.acme.Assistant", source);
  }

  /**
   * What the processor needs (JavaPoet, Jackson), and what the generated code needs (the
   * annotations and the runtime), from where this test loaded them: Surefire's own class path may
   * be a single manifest jar.
   */
  private static String classPath() {
    return Stream.of(
            ClaudeProcessor.class,
            JavaFile.class,
            ObjectMapper.class,
            JsonParser.class,
            com.fasterxml.jackson.annotation.JsonProperty.class,
            ClaudeEndpoint.class,
            CallSpec.class)
        .map(EclipseCompilerTest::location)
        .distinct()
        .collect(Collectors.joining(File.pathSeparator));
  }

  private static String location(Class<?> type) {
    try {
      return Path.of(type.getProtectionDomain().getCodeSource().getLocation().toURI()).toString();
    } catch (URISyntaxException e) {
      throw new UncheckedIOException(new IOException(e));
    }
  }
}
