package dev.claudegen.processor;

import static com.google.testing.compile.Compiler.javac;

import com.google.testing.compile.Compilation;
import com.google.testing.compile.JavaFileObjects;
import javax.tools.JavaFileObject;

/** Compiles test sources with a fresh processor, as a user's build would. */
final class Compiler {

  private Compiler() {}

  /** Every lint but {@code processing} (which flags annotations no processor claims). */
  static Compilation compile(JavaFileObject... sources) {
    return javac()
        .withProcessors(new ClaudeProcessor())
        .withOptions("-Xlint:all,-processing")
        .compile(sources);
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
