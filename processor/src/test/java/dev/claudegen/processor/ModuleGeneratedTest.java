package dev.claudegen.processor;

import static com.google.testing.compile.CompilationSubject.assertThat;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.testing.compile.Compilation;
import com.google.testing.compile.JavaFileObjects;
import com.fasterxml.jackson.core.JsonFactory;
import dev.claudegen.annotations.ClaudeEndpoint;
import dev.claudegen.runtime.CallSpec;
import java.io.File;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.stream.Stream;
import javax.tools.Diagnostic;
import javax.tools.DiagnosticCollector;
import javax.tools.JavaCompiler;
import javax.tools.JavaFileObject;
import javax.tools.StandardJavaFileManager;
import javax.tools.ToolProvider;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code @Generated} is in module java.compiler: a client in a named module that does not read it
 * is generated without it, so that it compiles.
 */
class ModuleGeneratedTest {

  private static final String ASSISTANT =
      String.join(
          "\n",
          "package com.acme;",
          "import dev.claudegen.annotations.*;",
          "@ClaudeEndpoint(model = \"claude-sonnet-4-6\", maxTokens = 100)",
          "public interface Assistant { String ask(String q); }");

  /** The annotations and the runtime, as automatic modules named after their jars. */
  private static final String REQUIRES =
      "  requires claudegen.annotations;\n  requires claudegen.runtime;";

  @TempDir Path dir;

  @Test
  void aModuleThatDoesNotRequireJavaCompilerGetsNoGenerated() throws IOException {
    Result result = compileInModule(module("module com.acme {", REQUIRES, "}"));
    assertEquals(List.of(), result.problems());
    assertFalse(result.generated().contains("Generated"), result.generated());
  }

  @Test
  void aModuleThatDoesNotReadJavaCompilerInTheModuleGraphGetsNoGenerated() throws IOException {
    // jdk.jdeps requires java.compiler, not transitively: it is in the module graph, where a
    // search of all modules finds it, but com.acme does not read it.
    Result result = compileInModule(module("module com.acme {", REQUIRES, "  requires jdk.jdeps;", "}"));
    assertEquals(List.of(), result.problems());
    assertFalse(result.generated().contains("Generated"), result.generated());
  }

  @Test
  void aModuleThatRequiresJavaCompilerGetsGenerated() throws IOException {
    Result result =
        compileInModule(
            module("module com.acme {", REQUIRES, "  requires java.compiler;", "}"));
    assertEquals(List.of(), result.problems());
    assertTrue(
        result.generated().contains("@Generated(\"dev.claudegen.processor.ClaudeProcessor\")"),
        result.generated());
  }

  @Test
  void aModuleThatReadsJavaCompilerThroughAnotherGetsGenerated() throws IOException {
    // java.se requires java.compiler transitively.
    Result result =
        compileInModule(
            module("module com.acme {", REQUIRES, "  requires java.se;", "}"));
    assertEquals(List.of(), result.problems());
    assertTrue(result.generated().contains("@Generated("), result.generated());
  }

  @Test
  void theUnnamedModuleGetsGenerated() {
    Compilation compilation =
        Compiler.compile(JavaFileObjects.forSourceString("com.acme.Assistant", ASSISTANT));
    assertThat(compilation).succeededWithoutWarnings();
    assertTrue(generated(compilation).contains("@Generated("), generated(compilation));
  }

  private static String module(String... lines) {
    return String.join("\n", lines);
  }

  /** What javac reported, and the generated client, if any. */
  private record Result(List<String> problems, String generated) {}

  /**
   * Compiles {@code module-info.java} and {@code com/acme/Assistant.java} from files, as a
   * modular build does (Compile Testing's in-memory files have no module layout). The annotations
   * and the runtime are automatic modules on the module path: letting the module read the class
   * path instead ({@code --add-reads com.acme=ALL-UNNAMED}) would make javac let it see every
   * module. Requiring them draws -Xlint:requires-automatic, which is turned off.
   */
  private Result compileInModule(String moduleInfo) throws IOException {
    Path sources = Files.createDirectories(dir.resolve("src/com/acme"));
    Path info = Files.writeString(dir.resolve("src/module-info.java"), moduleInfo);
    Path assistant = Files.writeString(sources.resolve("Assistant.java"), ASSISTANT);
    Path generated = Files.createDirectories(dir.resolve("generated"));
    Path classes = Files.createDirectories(dir.resolve("classes"));
    Path modules = Files.createDirectories(dir.resolve("modules"));
    jar(location(ClaudeEndpoint.class), modules.resolve("claudegen.annotations.jar"));
    jar(location(CallSpec.class), modules.resolve("claudegen.runtime.jar"));
    JavaCompiler compiler = ToolProvider.getSystemJavaCompiler();
    DiagnosticCollector<JavaFileObject> diagnostics = new DiagnosticCollector<>();
    try (StandardJavaFileManager files =
        compiler.getStandardFileManager(diagnostics, Locale.ROOT, StandardCharsets.UTF_8)) {
      List<String> options =
          List.of(
              Compiler.LINT + ",-requires-automatic",
              "-Werror",
              "--module-path", modules.toString(),
              "-classpath", location(JsonFactory.class).toString(),
              "-s", generated.toString(),
              "-d", classes.toString(),
              "-Aclaudegen.today=" + Compiler.TODAY);
      JavaCompiler.CompilationTask task =
          compiler.getTask(null, files, diagnostics, options, null,
              files.getJavaFileObjects(info.toFile(), assistant.toFile()));
      task.setProcessors(List.of(Compiler.processor()));
      task.call();
    }
    List<String> problems =
        diagnostics.getDiagnostics().stream()
            .filter(d -> d.getKind() != Diagnostic.Kind.NOTE)
            .map(d -> d.getKind() + " " + d.getMessage(Locale.ROOT))
            .toList();
    Path client = generated.resolve("com/acme/ClaudeAssistant.java");
    return new Result(problems, Files.exists(client) ? Files.readString(client) : null);
  }

  /** A jar of the classes at {@code from}: a copy when it is one, else the directory packed. */
  private static void jar(Path from, Path to) throws IOException {
    if (Files.isRegularFile(from)) {
      Files.copy(from, to);
      return;
    }
    try (JarOutputStream out = new JarOutputStream(Files.newOutputStream(to));
        Stream<Path> walk = Files.walk(from)) {
      for (Path file : walk.filter(Files::isRegularFile).sorted().toList()) {
        String name = from.relativize(file).toString().replace(File.separatorChar, '/');
        if (name.equals("module-info.class") || name.startsWith("META-INF/")) {
          continue;
        }
        out.putNextEntry(new JarEntry(name));
        Files.copy(file, out);
        out.closeEntry();
      }
    }
  }

  private static Path location(Class<?> type) {
    try {
      return Path.of(type.getProtectionDomain().getCodeSource().getLocation().toURI());
    } catch (URISyntaxException e) {
      throw new IllegalStateException(e);
    }
  }

  private static String generated(Compilation compilation) {
    return GenerationTest.generated(compilation, "com.acme.ClaudeAssistant");
  }
}
