package dev.claudegen.processor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.stream.Collectors;
import javax.tools.DiagnosticCollector;
import javax.tools.JavaCompiler;
import javax.tools.JavaFileObject;
import javax.tools.StandardJavaFileManager;
import javax.tools.ToolProvider;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The published processor jar, after shading: run by failsafe once {@code package} has built it.
 * A user's processor path may hold this jar and nothing else.
 */
class ShadedJarIT {

  private static final Path JAR = Path.of(System.getProperty("claudegen.processorJar"));

  @TempDir Path dir;

  @Test
  void theJarCarriesItsDependenciesRelocated() throws IOException {
    try (JarFile jar = new JarFile(JAR.toFile())) {
      List<String> foreign =
          jar.stream()
              .map(JarEntry::getName)
              .filter(name -> name.startsWith("com/") || name.startsWith("META-INF/versions/"))
              .collect(Collectors.toList());
      assertEquals(List.of(), foreign, "classes left under their own packages");
      assertTrue(
          jar.getEntry("dev/claudegen/processor/shaded/javapoet/JavaFile.class") != null,
          "JavaPoet is shaded in");
      assertTrue(
          jar.getEntry("dev/claudegen/processor/shaded/jackson/core/JsonFactory.class") != null,
          "Jackson's parser is shaded in");
      // Data binding would load hundreds of classes into every javac run; the parser is enough.
      List<String> heavy =
          jar.stream()
              .map(JarEntry::getName)
              .filter(name -> name.startsWith("dev/claudegen/processor/shaded/jackson/databind/")
                  || name.startsWith("dev/claudegen/processor/shaded/jackson/annotation/"))
              .collect(Collectors.toList());
      assertEquals(List.of(), heavy, "Jackson data binding left in the jar");
      String services =
          new String(
              jar.getInputStream(jar.getEntry("META-INF/services/javax.annotation.processing.Processor"))
                  .readAllBytes(),
              StandardCharsets.UTF_8);
      assertEquals("dev.claudegen.processor.ClaudeProcessor", services.strip());
    }
  }

  @Test
  void aProcessorPathOfTheJarAloneGeneratesTheClientWithoutAWarning() throws IOException {
    Path source = dir.resolve("src/com/acme/Assistant.java");
    Files.createDirectories(source.getParent());
    Files.writeString(
        source,
        String.join(
            "\n",
            "package com.acme;",
            "import dev.claudegen.annotations.*;",
            "@ClaudeEndpoint(model = \"claude-sonnet-4-6\", maxTokens = 1024)",
            "@SystemPrompt(\"You are a careful editor.\")",
            "@Retry(maxAttempts = 5)",
            "public interface Assistant {",
            "  @UserPrompt(\"Summarize in one line: {text}\")",
            "  String summarize(String text);",
            "}"));
    Path classes = Files.createDirectories(dir.resolve("classes"));
    Path generated = Files.createDirectories(dir.resolve("generated"));

    JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
    DiagnosticCollector<JavaFileObject> diagnostics = new DiagnosticCollector<>();
    StringWriter output = new StringWriter();
    List<String> options = new ArrayList<>();
    options.addAll(List.of("-Xlint:all", "-Werror", "--release", "17"));
    options.addAll(List.of("-Aclaudegen.today=" + Compiler.TODAY));
    // The user's class path (annotations, runtime, Jackson core) comes from this test's; the
    // processor path is the jar and nothing else.
    options.addAll(List.of("-classpath", System.getProperty("java.class.path")));
    options.addAll(List.of("-processorpath", JAR.toString()));
    options.addAll(List.of("-d", classes.toString(), "-s", generated.toString()));
    boolean ok;
    try (StandardJavaFileManager files = javac.getStandardFileManager(diagnostics, null, null)) {
      ok =
          javac
              .getTask(output, files, diagnostics, options, null, files.getJavaFileObjects(source))
              .call();
    }

    assertTrue(ok, () -> "compilation failed: " + diagnostics.getDiagnostics() + output);
    assertEquals(List.of(), diagnostics.getDiagnostics());
    assertTrue(Files.exists(generated.resolve("com/acme/ClaudeAssistant.java")));
    assertTrue(Files.exists(classes.resolve("com/acme/ClaudeAssistant.class")));
  }
}
