package dev.claudegen.processor;

import static com.google.testing.compile.CompilationSubject.assertThat;
import static com.google.testing.compile.Compiler.javac;

import com.google.testing.compile.Compilation;
import com.google.testing.compile.JavaFileObjects;
import dev.claudegen.annotations.ClaudeEndpoint;
import java.io.File;
import java.net.URISyntaxException;
import java.time.Clock;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import javax.tools.JavaFileObject;

/** Compiles test sources with a fresh processor, as a user's build would. */
final class Compiler {

  private Compiler() {}

  /** Every lint javac has: a correct interface compiles without a single warning under it. */
  static final String LINT = "-Xlint:all";

  /** The build date of every test, so that retirements do not change results as time passes. */
  static final String TODAY = "2026-11-24";

  /**
   * The system property that moves the machine's date the processors of the tests see, like
   * {@code -Dclaudegen.test.machineDate=2046-06-01}: a second Surefire run uses it to show that no
   * result depends on the day the tests run.
   */
  static final String MACHINE_DATE = "claudegen.test.machineDate";

  /** The machine's clock as the tests' processors see it: {@link #MACHINE_DATE}, else the real one. */
  static Clock machineClock() {
    String date = System.getProperty(MACHINE_DATE);
    if (date == null || date.isBlank()) {
      return Clock.systemDefaultZone();
    }
    return clockAt(date);
  }

  /** A fresh processor on {@link #machineClock()}. */
  static ClaudeProcessor processor() {
    return new ClaudeProcessor(machineClock());
  }

  /**
   * With every lint, {@code processing} included (which warns of annotations no processor claims,
   * as a user's {@code -Xlint:all} build would), on the fixed build date.
   */
  static Compilation compile(JavaFileObject... sources) {
    return compileWith(List.of(), sources);
  }

  /**
   * With extra {@code -A} options, like {@code claudegen.unknownModels=warning}; the build date is
   * {@link #TODAY} unless they set {@code claudegen.today}.
   */
  static Compilation compileWith(List<String> processorOptions, JavaFileObject... sources) {
    List<String> options = new ArrayList<>();
    options.add(LINT);
    if (processorOptions.stream().noneMatch(option -> option.startsWith("claudegen.today="))) {
      options.add("-Aclaudegen.today=" + TODAY);
    }
    processorOptions.forEach(option -> options.add("-A" + option));
    return javac().withProcessors(processor()).withOptions(options).compile(sources);
  }

  /**
   * As a user's build that forgot the runtime dependency: only the annotations on the class path,
   * on the fixed build date.
   */
  static Compilation compileWithoutRuntime(JavaFileObject... sources) {
    File annotations;
    try {
      annotations =
          new File(ClaudeEndpoint.class.getProtectionDomain().getCodeSource().getLocation().toURI());
    } catch (URISyntaxException e) {
      throw new IllegalStateException(e);
    }
    return javac()
        .withProcessors(processor())
        .withOptions("-Aclaudegen.today=" + TODAY)
        .withClasspath(List.of(annotations))
        .compile(sources);
  }

  /**
   * On a machine whose clock says {@code clock}, with exactly the given {@code -A} options: no
   * build date is added, so without {@code claudegen.today} the clock decides.
   */
  static Compilation compileOnClock(
      Clock clock, List<String> processorOptions, JavaFileObject... sources) {
    List<String> options = new ArrayList<>();
    options.add(LINT);
    processorOptions.forEach(option -> options.add("-A" + option));
    return javac().withProcessors(new ClaudeProcessor(clock)).withOptions(options).compile(sources);
  }

  /** A clock fixed at the start of {@code date} (UTC). */
  static Clock clockAt(String date) {
    return Clock.fixed(LocalDate.parse(date).atStartOfDay(ZoneOffset.UTC).toInstant(),
        ZoneOffset.UTC);
  }

  /**
   * Compiles the source and checks that it has exactly one error, containing {@code message}, on
   * the line containing {@code line}: the attribute at fault.
   */
  static Compilation compileWithOneError(JavaFileObject source, String message, String line) {
    Compilation compilation = compile(source);
    assertThat(compilation).hadErrorCount(1);
    assertThat(compilation).hadErrorContaining(message).inFile(source).onLineContaining(line);
    return compilation;
  }

  /**
   * Compiles the source and checks that it succeeds with exactly one warning, containing {@code
   * message}, on the line containing {@code line}.
   */
  static Compilation compileWithOneWarning(JavaFileObject source, String message, String line) {
    Compilation compilation = compile(source);
    assertThat(compilation).succeeded();
    assertThat(compilation).hadWarningCount(1);
    assertThat(compilation).hadWarningContaining(message).inFile(source).onLineContaining(line);
    return compilation;
  }

  /** A source file {@code com.acme.<simpleName>} from its lines, package line included. */
  static JavaFileObject source(String qualifiedName, String... lines) {
    return JavaFileObjects.forSourceLines(qualifiedName, lines);
  }

  /** An interface {@code com.acme.Assistant} with the usual imports, then the given lines. */
  static JavaFileObject assistant(String... body) {
    String[] lines = new String[body.length + 2];
    lines[0] = "package com.acme;";
    lines[1] = "import dev.claudegen.annotations.*;";
    System.arraycopy(body, 0, lines, 2, body.length);
    return source("com.acme.Assistant", lines);
  }
}
