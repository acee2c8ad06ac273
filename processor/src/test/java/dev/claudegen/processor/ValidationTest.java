package dev.claudegen.processor;

import static com.google.testing.compile.CompilationSubject.assertThat;
import static dev.claudegen.processor.Compiler.assistant;
import static dev.claudegen.processor.Compiler.compile;
import static dev.claudegen.processor.Compiler.compileWithOneWarning;
import static dev.claudegen.processor.Compiler.source;

import com.google.testing.compile.Compilation;
import javax.tools.JavaFileObject;
import org.junit.jupiter.api.Test;

/** Each mistake a user can make ends in one precise diagnostic, on the element at fault. */
class ValidationTest {

  @Test
  void endpointOnAClassIsAnErrorOnTheClass() {
    JavaFileObject source =
        source(
            "com.acme.Assistant",
            "package com.acme;",
            "import dev.claudegen.annotations.*;",
            "@ClaudeEndpoint(model = \"claude-sonnet-4-6\", maxTokens = 1024)",
            "public class Assistant {}");
    Compilation compilation = compile(source);
    assertThat(compilation).hadErrorCount(1);
    assertThat(compilation)
        .hadErrorContaining(
            "[ClaudegenNotInterface] @ClaudeEndpoint goes on an interface, but Assistant is a"
                + " class.")
        .inFile(source)
        .onLineContaining("@ClaudeEndpoint");
  }

  @Test
  void endpointOnAnEnumOrRecordIsAnError() {
    JavaFileObject enumSource =
        source(
            "com.acme.Mode",
            "package com.acme;",
            "import dev.claudegen.annotations.*;",
            "@ClaudeEndpoint(model = \"claude-sonnet-4-6\", maxTokens = 1024)",
            "enum Mode { A }");
    JavaFileObject recordSource =
        source(
            "com.acme.Pair",
            "package com.acme;",
            "import dev.claudegen.annotations.*;",
            "@ClaudeEndpoint(model = \"claude-sonnet-4-6\", maxTokens = 1024)",
            "record Pair(int a) {}");
    Compilation compilation = compile(enumSource, recordSource);
    assertThat(compilation).hadErrorCount(2);
    assertThat(compilation)
        .hadErrorContaining("but Mode is an enum")
        .inFile(enumSource)
        .onLineContaining("@ClaudeEndpoint");
    assertThat(compilation)
        .hadErrorContaining("but Pair is a record")
        .inFile(recordSource)
        .onLineContaining("@ClaudeEndpoint");
  }

  @Test
  void methodEndpointInAnInterfaceNothingExtendsIsAWarning() {
    // An endpoint interface compiled elsewhere may extend it and inherit the method, annotation
    // and all; see PlacementTest.
    JavaFileObject source =
        assistant(
            "public interface Assistant {",
            "  @ClaudeEndpoint(model = \"claude-sonnet-4-6\", maxTokens = 1024)",
            "  String ask(String question);",
            "}");
    Compilation compilation = compile(source);
    assertThat(compilation).succeeded();
    assertThat(compilation).hadWarningCount(1);
    assertThat(compilation)
        .hadWarningContaining("[ClaudegenNoEndpoint] @ClaudeEndpoint on method ask has no effect in"
            + " this compilation: Assistant is not annotated @ClaudeEndpoint")
        .inFile(source)
        .onLineContaining("@ClaudeEndpoint");
  }

  @Test
  void unsupportedReturnTypeIsAnErrorOnTheMethod() {
    JavaFileObject source =
        assistant(
            "@ClaudeEndpoint(model = \"claude-sonnet-4-6\", maxTokens = 1024)",
            "public interface Assistant {",
            "  int count(String text);",
            "}");
    Compilation compilation = compile(source);
    assertThat(compilation).hadErrorCount(1);
    assertThat(compilation)
        .hadErrorContaining(
            "[ClaudegenReturnType] Assistant.count(String) returns int; claudegen methods return"
                + " String")
        .inFile(source)
        .onLineContaining("int count");
  }

  @Test
  void placeholderWithoutParameterIsAnErrorOnThePromptWithASuggestion() {
    JavaFileObject source =
        assistant(
            "@ClaudeEndpoint(model = \"claude-sonnet-4-6\", maxTokens = 1024)",
            "public interface Assistant {",
            "  @UserPrompt(\"Summarize: {txt}\")",
            "  String summarize(String text);",
            "}");
    Compilation compilation = compile(source);
    assertThat(compilation).hadErrorCount(1);
    assertThat(compilation)
        .hadErrorContaining(
            "[ClaudegenUnknownPlaceholder] @UserPrompt uses {txt}, but"
                + " Assistant.summarize(String) has no parameter named 'txt'; did you mean"
                + " {text}?")
        .inFile(source)
        .onLineContaining("Summarize: {txt}");
    // The unused 'text' is the same mistake; a second diagnostic would be noise.
    assertThat(compilation).hadWarningCount(0);
  }

  @Test
  void placeholderFarFromAnyParameterListsTheParameters() {
    JavaFileObject source =
        assistant(
            "@ClaudeEndpoint(model = \"claude-sonnet-4-6\", maxTokens = 1024)",
            "public interface Assistant {",
            "  @UserPrompt(\"{language}: {text} {glossary}\")",
            "  String translate(String language, String text);",
            "}");
    Compilation compilation = compile(source);
    assertThat(compilation).hadErrorCount(1);
    assertThat(compilation)
        .hadErrorContaining(
            "has no parameter named 'glossary'; its parameters are language, text.")
        .inFile(source)
        .onLineContaining("@UserPrompt");
  }

  @Test
  void interfaceSystemPromptPlaceholderMissingInOneMethodMarksThatMethod() {
    JavaFileObject source =
        assistant(
            "@ClaudeEndpoint(model = \"claude-sonnet-4-6\", maxTokens = 1024)",
            "@SystemPrompt(\"You support {product}.\")",
            "public interface Assistant {",
            "  @UserPrompt(\"{question}\")",
            "  String ask(String product, String question);",
            "  String chat(String message);",
            "}");
    Compilation compilation = compile(source);
    assertThat(compilation).hadErrorCount(1);
    assertThat(compilation)
        .hadErrorContaining(
            "@SystemPrompt uses {product}, but Assistant.chat(String) has no parameter named"
                + " 'product'")
        .inFile(source)
        .onLineContaining("String chat");
  }

  @Test
  void unclosedBraceIsATemplateSyntaxError() {
    JavaFileObject source =
        assistant(
            "@ClaudeEndpoint(model = \"claude-sonnet-4-6\", maxTokens = 1024)",
            "public interface Assistant {",
            "  @UserPrompt(\"Summarize {text\")",
            "  String summarize(String text);",
            "}");
    Compilation compilation = compile(source);
    assertThat(compilation).hadErrorCount(1);
    assertThat(compilation)
        .hadErrorContaining(
            "[ClaudegenTemplateSyntax] @UserPrompt template cannot be read: '{' at position 11"
                + " is never closed (write {{ for a literal brace)")
        .inFile(source)
        .onLineContaining("@UserPrompt");
  }

  @Test
  void loneClosingBraceAndNonIdentifierPlaceholdersAreSyntaxErrors() {
    JavaFileObject source =
        assistant(
            "@ClaudeEndpoint(model = \"claude-sonnet-4-6\", maxTokens = 1024)",
            "@SystemPrompt(\"Answer in JSON like {\\\"a\\\": 1}\")",
            "public interface Assistant {",
            "  @UserPrompt(\"a } b {text}\")",
            "  String one(String text);",
            "  @UserPrompt(\"{ text }\")",
            "  String two(String text);",
            "}");
    Compilation compilation = compile(source);
    assertThat(compilation).hadErrorCount(3);
    assertThat(compilation)
        .hadErrorContaining("'{\"a\": 1}' at position 21 is not a placeholder")
        .inFile(source)
        .onLineContaining("@SystemPrompt");
    assertThat(compilation)
        .hadErrorContaining("'}' at position 3 closes no placeholder (write }} for a literal brace)")
        .inFile(source)
        .onLineContaining("a } b");
    assertThat(compilation)
        .hadErrorContaining("'{ text }' at position 1 is not a placeholder")
        .inFile(source)
        .onLineContaining("{ text }");
  }

  @Test
  void methodWithoutPromptAndWithoutSingleStringParameterIsAnError() {
    JavaFileObject source =
        assistant(
            "@ClaudeEndpoint(model = \"claude-sonnet-4-6\", maxTokens = 1024)",
            "public interface Assistant {",
            "  String compare(String left, String right);",
            "}");
    Compilation compilation = compile(source);
    assertThat(compilation).hadErrorCount(1);
    assertThat(compilation)
        .hadErrorContaining(
            "[ClaudegenNoUserPrompt] Assistant.compare(String, String) has no @UserPrompt")
        .inFile(source)
        .onLineContaining("String compare");
  }

  @Test
  void unsupportedParameterTypeIsAnErrorOnTheParameter() {
    JavaFileObject source =
        assistant(
            "@ClaudeEndpoint(model = \"claude-sonnet-4-6\", maxTokens = 1024)",
            "public interface Assistant {",
            "  @UserPrompt(\"{text} {tags}\")",
            "  String tag(String text,",
            "      java.util.List<String> tags);",
            "}");
    Compilation compilation = compile(source);
    assertThat(compilation).hadErrorCount(1);
    assertThat(compilation)
        .hadErrorContaining(
            "[ClaudegenParameterType] parameter 'tags' of Assistant.tag(String, List) has type"
                + " java.util.List<java.lang.String>")
        .inFile(source)
        .onLineContaining("List<String> tags");
  }

  @Test
  void genericMethodsAndInterfacesAreErrors() {
    JavaFileObject source =
        assistant(
            "@ClaudeEndpoint(model = \"claude-sonnet-4-6\", maxTokens = 1024)",
            "public interface Assistant<T> {",
            "  <E extends Enum<E>> String label(E value);",
            "}");
    Compilation compilation = compile(source);
    assertThat(compilation).hadErrorCount(4);
    assertThat(compilation)
        .hadErrorContaining("[ClaudegenGenericInterface] @ClaudeEndpoint interface Assistant has"
            + " type parameters <T>")
        .inFile(source)
        .onLineContaining("@ClaudeEndpoint");
    assertThat(compilation)
        .hadErrorContaining("[ClaudegenGenericMethod] Assistant.label(Enum) declares type"
            + " parameters <E>")
        .inFile(source)
        .onLineContaining("String label");
    assertThat(compilation)
        .hadErrorContaining("[ClaudegenParameterType] parameter 'value' of Assistant.label(Enum)"
            + " has type E")
        .inFile(source)
        .onLineContaining("String label");
    assertThat(compilation)
        .hadErrorContaining("[ClaudegenNoUserPrompt]")
        .inFile(source)
        .onLineContaining("String label");
  }

  @Test
  void privateNestedInterfaceIsAnError() {
    JavaFileObject source =
        source(
            "com.acme.Outer",
            "package com.acme;",
            "import dev.claudegen.annotations.*;",
            "public class Outer {",
            "  @ClaudeEndpoint(model = \"claude-sonnet-4-6\", maxTokens = 1024)",
            "  private interface Hidden { String ask(String q); }",
            "}");
    Compilation compilation = compile(source);
    assertThat(compilation).hadErrorCount(1);
    assertThat(compilation)
        .hadErrorContaining("[ClaudegenPrivate] Outer.Hidden is private")
        .inFile(source)
        .onLineContaining("@ClaudeEndpoint");
  }

  @Test
  void methodsNamedLikeTheFactoriesAreErrors() {
    JavaFileObject source =
        assistant(
            "@ClaudeEndpoint(model = \"claude-sonnet-4-6\", maxTokens = 1024)",
            "public interface Assistant {",
            "  @UserPrompt(\"Write a poem\")",
            "  String create();",
            "  String builder(String topic);",
            "}");
    Compilation compilation = compile(source);
    assertThat(compilation).hadErrorCount(1);
    assertThat(compilation)
        .hadErrorContaining(
            "[ClaudegenReservedName] Assistant.create() cannot be generated: the generated class"
                + " has a static create() of its own.")
        .inFile(source)
        .onLineContaining("String create()");
  }

  @Test
  void badMaxTokensAndTimeoutMarkTheAttribute() {
    JavaFileObject source =
        assistant(
            "@ClaudeEndpoint(model = \"claude-sonnet-4-6\",",
            "    maxTokens = 0,",
            "    timeout = \"90 seconds\")",
            "public interface Assistant {",
            "  @ClaudeEndpoint(model = \"\", maxTokens = 10)",
            "  String ask(String q);",
            "}");
    Compilation compilation = compile(source);
    assertThat(compilation).hadErrorCount(3);
    assertThat(compilation)
        .hadErrorContaining("[ClaudegenMaxTokens] maxTokens = 0; it must be at least 1.")
        .inFile(source)
        .onLineContaining("maxTokens = 0");
    assertThat(compilation)
        .hadErrorContaining(
            "[ClaudegenDuration] timeout = \"90 seconds\" is not a duration; write a whole"
                + " number with a unit")
        .inFile(source)
        .onLineContaining("timeout = ");
    assertThat(compilation)
        .hadErrorContaining("[ClaudegenEmptyModel] model is empty")
        .inFile(source)
        .onLineContaining("model = \"\"");
  }

  @Test
  void unusedParameterIsAWarningOnTheParameter() {
    JavaFileObject source =
        assistant(
            "@ClaudeEndpoint(model = \"claude-sonnet-4-6\", maxTokens = 1024)",
            "public interface Assistant {",
            "  @UserPrompt(\"Summarize: {text}\")",
            "  String summarize(String text,",
            "      int maxWords);",
            "}");
    compileWithOneWarning(
        source,
        "[ClaudegenUnusedParameter] parameter 'maxWords' of Assistant.summarize(String, int)"
            + " is not used by any prompt",
        "int maxWords");
  }

  @Test
  void everyMistakeOfAnInterfaceIsReportedInOneCompilation() {
    JavaFileObject source =
        assistant(
            "@ClaudeEndpoint(model = \"claude-sonnet-4-6\", maxTokens = -5)",
            "public interface Assistant {",
            "  int count(String text);",
            "  @UserPrompt(\"{missing}\")",
            "  String ask(String question);",
            "  @UserPrompt(\"{unclosed\")",
            "  String other(String text);",
            "  String both(String a, Object b);",
            "}");
    Compilation compilation = compile(source);
    assertThat(compilation).hadErrorCount(6);
    assertThat(compilation).hadErrorContaining("[ClaudegenMaxTokens]");
    assertThat(compilation).hadErrorContaining("[ClaudegenReturnType]");
    assertThat(compilation).hadErrorContaining("[ClaudegenUnknownPlaceholder]");
    assertThat(compilation).hadErrorContaining("[ClaudegenTemplateSyntax]");
    assertThat(compilation).hadErrorContaining("[ClaudegenParameterType]");
    assertThat(compilation).hadErrorContaining("[ClaudegenNoUserPrompt]");
  }

  @Test
  void fiveMistakesInOneInterfaceAreFiveErrorsInOneCompilation() {
    JavaFileObject source =
        assistant(
            "@ClaudeEndpoint(model = \"claude-sonnet-4-6\", maxTokens = 4096,",
            "    temperature = 0.4)",
            "@Retry(on = ErrorKind.NOT_FOUND)",
            "public interface Assistant {",
            "  @Thinking(budgetTokens = 512)",
            "  String think(String q);",
            "  @ClaudeEndpoint(model = \"claude-3-haiku-20240307\", maxTokens = 100)",
            "  String cheap(String q);",
            "  @ClaudeEndpoint(model = \"claude-haiku-4-5\", maxTokens = 100,",
            "      timeout = \"1 minute\")",
            "  String slow(String q);",
            "}");
    Compilation compilation = compile(source);
    assertThat(compilation).hadErrorCount(5);
    assertThat(compilation)
        .hadErrorContaining("[ClaudegenSamplingVersion] temperature = 0.4")
        .inFile(source)
        .onLineContaining("temperature = 0.4");
    assertThat(compilation)
        .hadErrorContaining("[ClaudegenRetryKind] @Retry on NOT_FOUND cannot help")
        .inFile(source)
        .onLineContaining("ErrorKind.NOT_FOUND");
    assertThat(compilation)
        .hadErrorContaining("[ClaudegenThinking] @Thinking budgetTokens = 512")
        .inFile(source)
        .onLineContaining("budgetTokens = 512");
    assertThat(compilation)
        .hadErrorContaining("[ClaudegenRetiredModel] model = \"claude-3-haiku-20240307\"")
        .inFile(source)
        .onLineContaining("claude-3-haiku-20240307");
    assertThat(compilation)
        .hadErrorContaining("[ClaudegenDuration] timeout = \"1 minute\" is not a duration")
        .inFile(source)
        .onLineContaining("1 minute");
  }

  @Test
  void aMethodInheritedTwiceThatCannotBeToldApartIsAnError() {
    JavaFileObject source =
        assistant(
            "interface Left { @UserPrompt(\"Left: {q}\") String ask(String q); }",
            "interface Right { @UserPrompt(\"Right: {q}\") String ask(String q); }",
            "@ClaudeEndpoint(model = \"claude-sonnet-4-6\", maxTokens = 100)",
            "public interface Assistant extends Left, Right {}");
    Compilation compilation = compile(source);
    assertThat(compilation).hadErrorCount(1);
    assertThat(compilation)
        .hadErrorContaining(
            "[ClaudegenAmbiguousMethod] Assistant inherits ask(String) from both Left and Right,"
                + " and its client can implement it only once; redeclare it in Assistant with the"
                + " prompts it should use.")
        .inFile(source)
        .onLineContaining("public interface Assistant");
  }

  @Test
  void redeclaringTheMethodInheritedTwiceSettlesIt() {
    JavaFileObject source =
        assistant(
            "interface Left { @UserPrompt(\"Left: {q}\") String ask(String q); }",
            "interface Right { @UserPrompt(\"Right: {q}\") String ask(String q); }",
            "@ClaudeEndpoint(model = \"claude-sonnet-4-6\", maxTokens = 100)",
            "public interface Assistant extends Left, Right {",
            "  @Override @UserPrompt(\"Both: {q}\") String ask(String q);",
            "}");
    Compilation compilation = compile(source);
    assertThat(compilation).succeededWithoutWarnings();
  }
}
