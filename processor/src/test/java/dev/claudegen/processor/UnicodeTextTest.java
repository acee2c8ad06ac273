package dev.claudegen.processor;

import static com.google.testing.compile.CompilationSubject.assertThat;
import static com.google.testing.compile.Compiler.javac;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.google.testing.compile.Compilation;
import com.google.testing.compile.JavaFileObjects;
import dev.claudegen.testing.FakeClaude;
import dev.claudegen.testing.FakeResponse;
import dev.claudegen.testing.RecordedRequest;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.stream.Collectors;
import javax.tools.Diagnostic;
import javax.tools.JavaFileObject;
import org.junit.jupiter.api.Test;

/**
 * Annotation text of any kind, every Unicode general category, lone surrogates, NUL, comment
 * ends and backslashes, reaches generated code and Javadoc as text that compiles without a
 * warning and that the client sends unchanged.
 */
class UnicodeTextTest {

  /**
   * What Unicode text pasted from elsewhere carries, and what breaks Java source: line and
   * paragraph separators (JavaPoet's writer once broke lines at them), NEL, a comment end, text
   * that reads as a {@code \}{@code u} escape, template braces, and every kind of line break.
   */
  private static final String SPECIALS =
      "LS\u2028PS\u2029NEL\u0085 NUL\0 back\\slash \\\\ \"quoted\" it's */ /** {@code x} <b>&amp;"
          + " {braces} \\u000a \\u0022 \\u005c \\uZZZZ tab\t CRLF\r\nLF\nCR\r"
          + " \uD83D\uDE00 \uDBFF\uDFFF \uFEFF \uFFFF end\n";

  @Test
  void aLineSeparatorInASystemPromptCompiles() throws Throwable {
    // The report: text pasted from a web page, U+2028 raw in the annotation's source.
    JavaFileObject source =
        assistant(
            "@ClaudeEndpoint(model = \"claude-sonnet-4-6\", maxTokens = 1024)",
            "@SystemPrompt(\"First line.\u2028Second line.\")",
            "public interface Assistant {",
            "  /**",
            "   * Asks.",
            "   *",
            "   * @param text the text",
            "   * @return the answer",
            "   */",
            "  @UserPrompt(\"{text}\")",
            "  String ask(String text);",
            "}");

    Compilation compilation = compile(List.of(), source);

    assertThat(compilation).succeededWithoutWarnings();
    assertThat(compilation)
        .generatedSourceFile("com.acme.ClaudeAssistant")
        .contentsAsUtf8String()
        .contains(".system(\"First line.\\u2028Second line.\")");
  }

  @Test
  void promptsFromEveryGeneralCategoryCompileWithoutWarningsAndArriveExactly() throws Throwable {
    String drawn = drawnFromEveryCategory();
    String system = drawn + SPECIALS;
    String userHead = SPECIALS + "[";
    String userTail = "]" + new StringBuilder(drawn).reverse();
    String argument = "arg\u2028\0\uDC00";
    String stop = "\u2028*/\0\uD800\\";
    JavaFileObject source =
        assistant(
            "@ClaudeEndpoint(model = \"claude-sonnet-4-6\", maxTokens = 1024,",
            "    stopSequences = " + javaLiteral(stop) + ",",
            "    apiKeyEnv = " + javaLiteral("KEY\u2028*/\\u000a{@code}<&>@\0\uD800") + ",",
            "    baseUrl = " + javaLiteral("https://example.com/\u2028*/\\u000a") + ")",
            "@SystemPrompt(" + javaLiteral(template(system)) + ")",
            "public interface Assistant {",
            "  /**",
            "   * Asks.",
            "   *",
            "   * @param text the text",
            "   * @return the answer",
            "   */",
            "  @UserPrompt("
                + javaLiteral(template(userHead) + "{text}" + template(userTail))
                + ")",
            "  String ask(String text);",
            "}");

    Compilation compilation = compile(List.of(), source);

    assertThat(compilation).succeededWithoutWarnings();
    assertAscii(compilation);
    try (FakeClaude claude = FakeClaude.start()) {
      claude.enqueue(FakeResponse.message("ok"));
      Object client =
          GeneratedClients.build(compilation, "com.acme.ClaudeAssistant", claude, wait -> {});

      GeneratedClients.invoke(client, "ask", argument);

      RecordedRequest request = claude.takeRequest();
      JsonNode json = request.json();
      assertEquals(system, json.get("system").asText());
      assertEquals(
          userHead + argument + userTail, json.get("messages").get(0).get("content").asText());
      assertEquals(stop, json.get("stop_sequences").get(0).asText());
      // A lone surrogate has no UTF-8 form; Jackson writes it as a JSON \\uXXXX escape, which
      // reads back as the same char.
      assertTrue(request.body().contains("\\uD800"), "lone surrogate escaped on the wire");
    }
  }

  @Test
  void anUnknownModelIdOfAnyTextCompilesAndIsSentUnderUnknownModelsWarning() throws Throwable {
    String model = "relay/claude\u2028*/\\u000a{@link x}<b>&amp;@\0\uD800\u00e9\u4e2d\uD83D\uDE00";
    String fallback = "fallback\u2029*/\\";
    JavaFileObject source =
        assistant(
            "@ClaudeEndpoint(model = " + javaLiteral(model) + ", maxTokens = 1024,",
            "    fallbackModels = " + javaLiteral(fallback) + ")",
            "public interface Assistant {",
            "  /**",
            "   * Asks.",
            "   *",
            "   * @param text the text",
            "   * @return the answer",
            "   */",
            "  @UserPrompt(\"{text}\")",
            "  String ask(String text);",
            "}");

    // Doclint reads the generated Javadoc, which shows the model id: its syntax and HTML must
    // hold. (Not "missing": generated Javadoc does not set out to document every member.)
    Compilation compilation =
        compile(
            List.of("-Aclaudegen.unknownModels=warning", "-Xdoclint:all,-missing"), source);

    assertThat(compilation).succeeded();
    List<String> warnings =
        compilation.diagnostics().stream()
            .filter(d -> d.getKind() != Diagnostic.Kind.NOTE)
            .map(d -> d.getKind() + " " + d.getMessage(null))
            .collect(Collectors.toList());
    assertEquals(2, warnings.size(), visible(warnings.toString()));
    warnings.forEach(
        warning -> assertTrue(warning.contains("is not in the model catalog"), warning));
    assertAscii(compilation);
    String generated = generatedSource(compilation);
    assertTrue(
        generated.contains(
            "Model <code>relay/claude&#x2028;*&#x2F;&#x5C;u000a&#x7B;&#x40;link x&#x7D;"
                + "&#x3C;b&#x3E;&#x26;amp;&#x40;&#xFFFD;&#xFFFD;&#xE9;&#x4E2D;&#x1F600;</code>"),
        generated);
    try (FakeClaude claude = FakeClaude.start()) {
      claude.enqueue(FakeResponse.message("ok"));
      Object client =
          GeneratedClients.build(compilation, "com.acme.ClaudeAssistant", claude, wait -> {});

      GeneratedClients.invoke(client, "ask", "hi");

      assertEquals(model, claude.takeRequest().json().get("model").asText());
    }
  }

  /**
   * For each general category, its first and last code point and three drawn with a fixed seed,
   * separated by spaces so that no two surrogates pair up.
   */
  private static String drawnFromEveryCategory() {
    List<List<Integer>> byCategory = new ArrayList<>();
    for (int i = 0; i <= Character.FINAL_QUOTE_PUNCTUATION; i++) {
      byCategory.add(new ArrayList<>());
    }
    for (int c = 0; c <= Character.MAX_CODE_POINT; c++) {
      byCategory.get(Character.getType(c)).add(c);
    }
    Random random = new Random(2028);
    StringBuilder text = new StringBuilder();
    int categories = 0;
    for (List<Integer> points : byCategory) {
      if (points.isEmpty()) {
        continue; // 17 is no category
      }
      categories++;
      List<Integer> picks = new ArrayList<>(List.of(points.get(0), points.get(points.size() - 1)));
      for (int i = 0; i < 3; i++) {
        picks.add(points.get(random.nextInt(points.size())));
      }
      picks.forEach(c -> text.appendCodePoint(c).append(' '));
    }
    assertEquals(30, categories);
    return text.toString();
  }

  /** Literal text as a template: braces doubled. */
  private static String template(String text) {
    return text.replace("{", "{{").replace("}", "}}");
  }

  /**
   * The test's own way of writing text into the interface's source, not the processor's: octal
   * for controls, {@code \}{@code uXXXX} (never of LF, CR, quote or backslash) for the rest.
   */
  private static String javaLiteral(String text) {
    StringBuilder out = new StringBuilder("\"");
    for (char c : text.toCharArray()) {
      if (c == '"' || c == '\\') {
        out.append('\\').append(c);
      } else if (c < ' ') {
        out.append(String.format("\\%03o", (int) c));
      } else if (c <= '~') {
        out.append(c);
      } else {
        out.append(String.format("\\u%04X", (int) c));
      }
    }
    return out.append('"').toString();
  }

  private static JavaFileObject assistant(String... lines) {
    List<String> all = new ArrayList<>(List.of("package com.acme;", "",
        "import dev.claudegen.annotations.*;", "", "/** An assistant. */"));
    all.addAll(List.of(lines));
    return JavaFileObjects.forSourceLines("com.acme.Assistant", all.toArray(String[]::new));
  }

  /** Like {@link Compiler#compile}, with extra javac options as well as {@code -A} ones. */
  private static Compilation compile(List<String> options, JavaFileObject source) {
    List<String> all =
        new ArrayList<>(List.of(Compiler.LINT, "-Aclaudegen.today=" + Compiler.TODAY));
    all.addAll(options);
    return javac().withProcessors(Compiler.processor()).withOptions(all).compile(source);
  }

  private static String generatedSource(Compilation compilation) {
    try {
      return compilation
          .generatedSourceFile("com.acme.ClaudeAssistant")
          .orElseThrow()
          .getCharContent(true)
          .toString();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Text for a failure message: reports cut it at a NUL. */
  private static String visible(String text) {
    return text.codePoints()
        .mapToObj(c -> c >= ' ' && c <= '~' ? Character.toString(c) : String.format("<U+%04X>", c))
        .collect(Collectors.joining());
  }

  /** The generated file means the same in any encoding the compiler may write it in. */
  private static void assertAscii(Compilation compilation) {
    String generated = generatedSource(compilation);
    for (int i = 0; i < generated.length(); i++) {
      char c = generated.charAt(i);
      assertTrue(c == '\n' || (c >= ' ' && c <= '~'),
          String.format("U+%04X at %d in:%n%s", (int) c, i, generated));
    }
  }
}
