package dev.claudegen.processor;

import static com.google.testing.compile.CompilationSubject.assertThat;
import static dev.claudegen.processor.Compiler.compile;
import static dev.claudegen.processor.Compiler.source;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.testing.compile.Compilation;
import dev.claudegen.runtime.Message;
import dev.claudegen.runtime.Reply;
import dev.claudegen.testing.FakeClaude;
import dev.claudegen.testing.FakeResponse;
import dev.claudegen.testing.RecordedRequest;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import javax.tools.Diagnostic;
import javax.tools.JavaFileObject;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The new method shapes (Reply, CompletableFuture, conversations) as a user gets them wrong, or
 * right in unusual ways: each ends in claudegen's or javac's precise diagnostic on the element at
 * fault, or in a client that compiles without a warning. Never an internal error.
 */
class MethodShapesAdversarialTest {

  private static final String MISSING = "[ClaudegenMissingTypes] com.acme.Assistant was not"
      + " generated because these types it uses could not be found: ";

  @ParameterizedTest
  @ValueSource(
      strings = {
        "CompletableFuture<Repl> ask(String q); | Repl",
        "Reply chat(List<Mesage> history); | Mesage",
        "Reply chat(List<dev.claudegen.runtime.Mesage> history); | dev.claudegen.runtime.Mesage",
        "CompletableFuture<Reply> ask(List<Mesage> history, String q); | Mesage",
      })
  void aTypoInAShapeIsJavacsErrorThenTheTypeNamedOnTheInterface(String row) {
    String[] parts = row.split(" \\| ");
    JavaFileObject source = assistant(parts[0]);
    Compilation compilation = compile(source);
    assertThat(compilation).hadErrorCount(2);
    assertThat(compilation).hadErrorContaining("cannot find symbol").inFile(source)
        .onLineContaining(parts[0]);
    assertThat(compilation).hadErrorContaining(MISSING + parts[1] + ".").inFile(source)
        .onLineContaining("public interface Assistant");
    assertNoInternalError(compilation);
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        // javac calls an unresolved parameterized type "<any>"; the message spells it as written.
        "CompletableFuture<String> ask(String q); | CompletableFuture<String>",
        "Reply ask(String q); | Reply",
        "String chat(List<Message> history); | List<Message>",
      })
  void aMissingImportNamesTheTypeAsTheSourceSpellsIt(String row) {
    String[] parts = row.split(" \\| ");
    JavaFileObject source =
        source(
            "com.acme.Assistant",
            "package com.acme;",
            "import dev.claudegen.annotations.*;",
            "@ClaudeEndpoint(model = \"claude-haiku-4-5\", maxTokens = 100)",
            "public interface Assistant {",
            "  " + parts[0],
            "}");
    Compilation compilation = compile(source);
    assertThat(compilation).failed();
    assertThat(compilation).hadErrorContaining("cannot find symbol").inFile(source)
        .onLineContaining(parts[0]);
    // Newer javac (25) names the type itself, with the type argument it resolved
    // (CompletableFuture<java.lang.String>): either spelling names the type, never "<any>".
    int arguments = parts[1].indexOf('<');
    String named = arguments < 0 ? parts[1] + "." : parts[1].substring(0, arguments + 1);
    assertThat(compilation).hadErrorContaining(MISSING + named).inFile(source)
        .onLineContaining("public interface Assistant");
    assertNoMessageContains(compilation, "<any>");
    assertNoInternalError(compilation);
  }

  @Test
  void aFutureOfReplyWithoutTheRuntimeOnTheClassPathIsAMissingType() {
    JavaFileObject source =
        source(
            "com.acme.Assistant",
            "package com.acme;",
            "import dev.claudegen.annotations.*;",
            "import dev.claudegen.runtime.*;",
            "import java.util.List;",
            "import java.util.concurrent.CompletableFuture;",
            "@ClaudeEndpoint(model = \"claude-haiku-4-5\", maxTokens = 100)",
            "public interface Assistant {",
            "  CompletableFuture<Reply> ask(String q);",
            "  CompletableFuture<String> chat(List<Message> history);",
            "}");
    Compilation compilation = Compiler.compileWithoutRuntime(source);
    assertThat(compilation).failed();
    assertThat(compilation).hadErrorContaining("cannot find symbol").inFile(source)
        .onLineContaining("CompletableFuture<Reply> ask");
    assertThat(compilation).hadErrorContaining("cannot find symbol").inFile(source)
        .onLineContaining("List<Message> history");
    assertThat(compilation).hadErrorContaining(MISSING + "Message, Reply.").inFile(source)
        .onLineContaining("public interface Assistant");
    assertNoInternalError(compilation);
  }

  @Test
  void aFutureOfAFutureIsAReturnTypeErrorNamingWhatItWouldCompleteWith() {
    JavaFileObject source = assistant("CompletableFuture<CompletableFuture<String>> ask(String q);");
    Compilation compilation = compile(source);
    assertThat(compilation).hadErrorCount(1);
    assertThat(compilation)
        .hadErrorContaining("[ClaudegenReturnType] Assistant.ask(String) returns"
            + " java.util.concurrent.CompletableFuture<java.util.concurrent.CompletableFuture"
            + "<java.lang.String>>;")
        .inFile(source)
        .onLineContaining("ask(String q)");
    assertThat(compilation).hadErrorContaining(" A CompletableFuture completes with String,"
        + " Reply, a structured type or Parsed<T>, not"
        + " java.util.concurrent.CompletableFuture<java.lang.String>.");
  }

  @ParameterizedTest
  @ValueSource(strings = {"Message... turns", "List<Message>... turns", "List<String> turns"})
  void aMistypedConversationIsOneErrorOnTheParameterNotAlsoAMissingUserPrompt(String parameter) {
    JavaFileObject source = assistant("Reply chat(", "    " + parameter + ");");
    Compilation compilation = compile(source);
    assertThat(compilation).hadErrorCount(1);
    assertThat(compilation).hadErrorContaining("[ClaudegenParameterType] parameter 'turns'")
        .inFile(source).onLineContaining(parameter);
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "Integer | CompletableFuture<T> ask(String q); | [ClaudegenReturnType] Base.ask(String)"
            + " returns java.util.concurrent.CompletableFuture<java.lang.Integer>;",
        "Message | CompletableFuture<T> ask(String q); | A CompletableFuture completes with"
            + " String, Reply, a structured type or Parsed<T>, not dev.claudegen.runtime.Message.",
        "Integer | T ask(String q); | [ClaudegenReturnType] Base.ask(String) returns"
            + " java.lang.Integer;",
        "Reply | Reply chat(List<T> history); | [ClaudegenParameterType] parameter 'history' of"
            + " Base.chat(List) has type java.util.List<dev.claudegen.runtime.Reply>",
        "String | Reply chat(List<T> history); | [ClaudegenParameterType] parameter 'history' of"
            + " Base.chat(List) has type java.util.List<java.lang.String>",
      })
  void aSuperInterfaceBindingItsTypeVariableWronglyIsOneErrorOnTheInterface(String row) {
    String[] parts = row.split(" \\| ");
    JavaFileObject base = base(parts[1]);
    JavaFileObject derived = derived(parts[0]);
    Compilation compilation = compile(base, derived);
    assertThat(compilation).hadErrorCount(1);
    assertThat(compilation).hadErrorContaining(parts[2]).inFile(derived)
        .onLineContaining("extends Base<");
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "Reply | T ask(String q); | public Reply ask(String q) {",
        "CompletableFuture<Reply> | T ask(String q); | public CompletableFuture<Reply> ask(String q)",
        "Message | CompletableFuture<String> chat(List<T> history); | public CompletableFuture"
            + "<String> chat(List<Message> history) {",
        "List<Message> | String chat(T history); | public String chat(List<Message> history) {",
      })
  void aSuperInterfaceBindingItsTypeVariableRightlyCompilesCleanly(String row) {
    String[] parts = row.split(" \\| ");
    Compilation compilation = compile(base(parts[1]), derived(parts[0]));
    assertThat(compilation).succeededWithoutWarnings();
    assertContains(GenerationTest.generated(compilation, "com.acme.ClaudeAssistant"), parts[2]);
  }

  @Test
  void nestedClassesNamedLikeTheRuntimesTypesAreQualifiedInTheClient() {
    String generated =
        generate(
            "  class Reply {}",
            "  class Message {}",
            "  class Prompt {}",
            "  class ReplyDecoder {}",
            "  class ClaudeCall {}",
            "  class CallSpec {}",
            "  class ClaudeClient {}",
            "  class ClaudeClientBuilder {}",
            "  class RetrySchedule {}",
            "  class ErrorKind {}",
            "  class CompletableFuture {}",
            "  class List {}",
            "  class Generated {}",
            "  class Override {}",
            "  class String {}",
            "  @Retry(maxAttempts = 2)",
            "  java.lang.String ask(java.lang.String q);",
            "  dev.claudegen.runtime.Reply reply(java.lang.String q);",
            "  java.util.concurrent.CompletableFuture<java.lang.String> later(java.lang.String q);",
            "  @UserPrompt(\"{q}\")",
            "  java.util.concurrent.CompletableFuture<dev.claudegen.runtime.Reply> chat(",
            "      java.util.List<dev.claudegen.runtime.Message> history, java.lang.String q);");
    assertContains(generated, "dev.claudegen.runtime.Prompt prompt ="
        + " dev.claudegen.runtime.Prompt.builder()");
    assertContains(generated, "client.bind(REPLY, dev.claudegen.runtime.ReplyDecoder.REPLY);");
    assertContains(generated, "public java.util.concurrent.CompletableFuture"
        + "<dev.claudegen.runtime.Reply> chat(");
  }

  @Test
  void nestedClassesASuperInterfaceDeclaresAreQualifiedToo() {
    JavaFileObject base =
        source(
            "com.acme.Base",
            "package com.acme;",
            "public interface Base {",
            "  class Prompt {}",
            "  class Reply {}",
            "  interface Message {}",
            "  class CompletableFuture {}",
            "}");
    JavaFileObject derived =
        source(
            "com.acme.Assistant",
            "package com.acme;",
            "import dev.claudegen.annotations.*;",
            "@ClaudeEndpoint(model = \"claude-haiku-4-5\", maxTokens = 100)",
            "public interface Assistant extends Base {",
            "  java.util.concurrent.CompletableFuture<dev.claudegen.runtime.Reply> chat(",
            "      java.util.List<dev.claudegen.runtime.Message> history);",
            "}");
    Compilation compilation = compile(base, derived);
    assertThat(compilation).succeededWithoutWarnings();
  }

  @Test
  void parametersNamedLikeWhatTheBodyUsesCompile() {
    String generated =
        generate(
            "  @UserPrompt(\"{ReplyDecoder} {java} {dev} {client} {askCall} {ASK}\")",
            "  CompletableFuture<Reply> ask(List<Message> prompt, String ReplyDecoder, String java,",
            "      String dev, String client, String askCall, int ASK);",
            "  @SystemPrompt(\"{Prompt}\")",
            "  Reply chat(List<Message> history, String Prompt);");
    // dev would obscure dev.claudegen.runtime.Prompt and Prompt the simple name: both are renamed
    // in the implementation, and the null check still names the interface's parameter.
    assertContains(generated, "String java,\n      String dev_, String client, String askCall,"
        + " int ASK) {");
    assertContains(generated, "throw this.askCall.nullParameter(\"dev\");");
    assertContains(generated, "Prompt prompt_ = Prompt.builder().conversation(prompt)\n"
        + "        .user(ReplyDecoder + \" \" + java + \" \" + dev_ + \" \" + client + \" \" + askCall"
        + " + \" \"\n"
        + "            + ASK).build();");
    assertContains(generated, "return this.askCall.callAsync(prompt_);");
    assertContains(generated, "public Reply chat(List<Message> history, String Prompt_) {");
    assertContains(generated, "Prompt prompt = Prompt.builder().system(Prompt_)");
  }

  @Test
  void aParameterNamedDevBesideANestedPromptClassCompiles() {
    String generated =
        generate(
            "  class Prompt {}",
            "  @UserPrompt(\"{dev}\")",
            "  Reply chat(List<Message> history, String dev);");
    assertContains(generated, "public Reply chat(List<Message> history, String dev_) {");
    assertContains(generated, "dev.claudegen.runtime.Prompt prompt ="
        + " dev.claudegen.runtime.Prompt.builder()\n        .conversation(history).user(dev_)"
        + ".build();");
  }

  @Test
  void renamedParametersStillCarryTheirValuesToTheWire() throws Throwable {
    JavaFileObject source =
        assistant(
            "@SystemPrompt(\"Tutor in {Prompt}.\")",
            "@UserPrompt(\"{dev}\")",
            "CompletableFuture<Reply> chat(List<Message> history, String Prompt, String dev);");
    try (FakeClaude claude = FakeClaude.start()) {
      claude.enqueue(FakeResponse.message("11."));
      Object client =
          GeneratedClients.build(source, "com.acme.ClaudeAssistant", claude, duration -> {});

      Object future = GeneratedClients.invoke(client, "chat",
          List.of(Message.user("Name a prime."), Message.assistant("7.")), "maths",
          "And the next one?");

      assertEquals("11.", ((Reply) ((CompletableFuture<?>) future).join()).text());
      RecordedRequest request = claude.takeRequest();
      assertEquals("Tutor in maths.", request.system());
      assertEquals(
          List.of(
              new RecordedRequest.Turn("user", "Name a prime."),
              new RecordedRequest.Turn("assistant", "7."),
              new RecordedRequest.Turn("user", "And the next one?")),
          request.messages());
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"Prompt", "Reply", "Message", "ClaudeCall", "ReplyDecoder", "CallSpec"})
  void anInterfaceNamedLikeARuntimeTypeGetsAClientThatCompiles(String name) {
    JavaFileObject source =
        source(
            "com.acme." + name,
            "package com.acme;",
            "import dev.claudegen.annotations.*;",
            "import java.util.List;",
            "import java.util.concurrent.CompletableFuture;",
            "@ClaudeEndpoint(model = \"claude-haiku-4-5\", maxTokens = 100)",
            "public interface " + name + " {",
            "  String ask(String q);",
            "  CompletableFuture<dev.claudegen.runtime.Reply> chat(",
            "      List<dev.claudegen.runtime.Message> history, String dev);",
            "}");
    Compilation compilation = compile(source);
    assertThat(compilation).succeededWithoutWarnings();
    assertContains(GenerationTest.generated(compilation, "com.acme.Claude" + name),
        "public final class Claude" + name + " implements " + name + " {");
  }

  @Test
  void anInterfaceNestedInAClassNamedPromptGetsAClientThatCompiles() {
    JavaFileObject source =
        source(
            "com.acme.Prompt",
            "package com.acme;",
            "import dev.claudegen.annotations.*;",
            "public class Prompt {",
            "  @ClaudeEndpoint(model = \"claude-haiku-4-5\", maxTokens = 100)",
            "  public interface Assistant {",
            "    @UserPrompt(\"{dev}\")",
            "    dev.claudegen.runtime.Reply chat(",
            "        java.util.List<dev.claudegen.runtime.Message> history, String dev);",
            "  }",
            "}");
    Compilation compilation = compile(source);
    assertThat(compilation).succeededWithoutWarnings();
    assertContains(GenerationTest.generated(compilation, "com.acme.ClaudePrompt_Assistant"),
        "dev.claudegen.runtime.Prompt prompt = dev.claudegen.runtime.Prompt.builder()");
  }

  @Test
  void overloadsAcrossShapesAreNumberedInDeclarationOrder() {
    String generated =
        generate(
            "  String ask(String question);",
            "  @UserPrompt(\"{question}\")",
            "  Reply ask(List<Message> history, String question);",
            "  CompletableFuture<String> askAsync(String question);",
            "  CompletableFuture<Reply> askAsync(List<Message> history);");
    assertContains(generated, "private static final CallSpec ASK = ");
    assertContains(generated, "private static final CallSpec ASK_2 = ");
    assertContains(generated, "private static final CallSpec ASK_ASYNC_2 = ");
    assertContains(generated, "this.askCall2 = client.bind(ASK_2, ReplyDecoder.REPLY);");
    assertContains(generated,
        "this.askAsyncCall2 = client.bind(ASK_ASYNC_2, ReplyDecoder.REPLY);");
    assertContains(generated, "return this.askAsyncCall2.callAsync(prompt);");
    assertFalse(generated.contains("_;"), generated);
  }

  @Test
  void aFinalOrAnnotatedConversationCompilesCleanly() {
    generate(
        "  @java.lang.annotation.Target(java.lang.annotation.ElementType.TYPE_USE)",
        "  @interface NonNull {}",
        "  Reply chat(final List<Message> history);",
        "  CompletableFuture<Reply> later(",
        "      @SuppressWarnings(\"unused\") final List<@NonNull Message> history);",
        "  @NonNull CompletableFuture<@NonNull String> text(@NonNull List<Message> history);");
  }

  @Test
  void aDeprecatedConversationWarnsOnlyAsJavacDoesOnTheUsersSource() {
    JavaFileObject source = assistant("Reply chat(@Deprecated List<Message> history);");
    Compilation compilation = compile(source);
    assertThat(compilation).succeeded();
    assertThat(compilation).hadWarningCount(1);
    assertThat(compilation).hadWarningContaining("@Deprecated").inFile(source)
        .onLineContaining("@Deprecated List<Message> history");
  }

  @Test
  void aMixedInterfaceReadsWell() {
    String generated =
        generate(
            "  @SystemPrompt(\"Be brief.\")",
            "  String ask(String question);",
            "  @SystemPrompt(\"You teach {subject}.\")",
            "  @UserPrompt(\"{question}\")",
            "  Reply chat(List<Message> history, String subject, String question);",
            "  CompletableFuture<String> askLater(String question);",
            "  @SystemPrompt(\"Be brief.\")",
            "  CompletableFuture<Reply> chatLater(List<Message> history);");
    assertContains(generated,
        "  /**\n"
            + "   * Calls Claude for {@link Assistant#askLater(String)}.\n"
            + "   *\n"
            + "   * <p>Model {@code claude-haiku-4-5}, at most 100 output tokens, timeout 120 s"
            + " (default).\n"
            + "   *\n"
            + "   * <p>Returns at once, without blocking; the future completes with the reply's"
            + " text,\n"
            + "   * or exceptionally with the {@code ClaudeException} the call failed with.\n"
            + "   */\n"
            + "  @Override\n"
            + "  public CompletableFuture<String> askLater(String question) {\n");
    assertContains(generated, "   * Calls Claude for {@link Assistant#chatLater(List)}.\n");
    assertContains(generated, "the future completes with the whole {@link Reply},\n");
    // A chain too long for one line gets a content call a line, never a break inside a prompt.
    assertContains(generated,
        "    Prompt prompt = Prompt.builder().system(\"You teach \" + subject + \".\")\n"
            + "        .conversation(history)\n"
            + "        .user(question).build();\n"
            + "    return this.chatCall.call(prompt);\n");
    assertContains(generated,
        "    Prompt prompt = Prompt.builder().system(\"Be brief.\").conversation(history).build();\n"
            + "    return this.chatLaterCall.callAsync(prompt);\n");
    // Plain methods say nothing of futures.
    int ask = generated.indexOf("public String ask(");
    int askDoc = generated.lastIndexOf("/**", ask);
    assertFalse(generated.substring(askDoc, ask).contains("future"), generated);
    assertEquals(4, count(generated, "@Override"), generated);
  }

  private static JavaFileObject base(String method) {
    return source(
        "com.acme.Base",
        "package com.acme;",
        "import dev.claudegen.runtime.*;",
        "import java.util.List;",
        "import java.util.concurrent.CompletableFuture;",
        "public interface Base<T> {",
        "  " + method,
        "}");
  }

  private static JavaFileObject derived(String binding) {
    return source(
        "com.acme.Assistant",
        "package com.acme;",
        "import dev.claudegen.annotations.*;",
        "import dev.claudegen.runtime.*;",
        "import java.util.List;",
        "import java.util.concurrent.CompletableFuture;",
        "@ClaudeEndpoint(model = \"claude-haiku-4-5\", maxTokens = 100)",
        "public interface Assistant extends Base<" + binding + "> {}");
  }

  /** {@code com.acme.Assistant} on claude-haiku-4-5 with the runtime's and java.util's imports. */
  private static JavaFileObject assistant(String... body) {
    List<String> lines = new ArrayList<>(List.of(
        "package com.acme;",
        "import dev.claudegen.annotations.*;",
        "import dev.claudegen.runtime.*;",
        "import java.util.List;",
        "import java.util.concurrent.CompletableFuture;",
        "@ClaudeEndpoint(model = \"claude-haiku-4-5\", maxTokens = 100)",
        "public interface Assistant {"));
    for (String line : body) {
      lines.add("  " + line);
    }
    lines.add("}");
    return source("com.acme.Assistant", lines.toArray(String[]::new));
  }

  /** Compiles {@link #assistant} of the body; the client, without a warning. */
  private static String generate(String... body) {
    Compilation compilation = compile(assistant(body));
    assertThat(compilation).succeededWithoutWarnings();
    return GenerationTest.generated(compilation, "com.acme.ClaudeAssistant");
  }

  private static void assertContains(String generated, String part) {
    assertTrue(generated.contains(part), () -> "missing:\n" + part + "\nin:\n" + generated);
  }

  private static int count(String text, String part) {
    int count = 0;
    for (int at = text.indexOf(part); at >= 0; at = text.indexOf(part, at + 1)) {
      count++;
    }
    return count;
  }

  private static void assertNoMessageContains(Compilation compilation, String text) {
    for (Diagnostic<? extends JavaFileObject> diagnostic : compilation.diagnostics()) {
      String message = diagnostic.getMessage(Locale.ROOT);
      assertFalse(message.contains(text), message);
    }
  }

  private static void assertNoInternalError(Compilation compilation) {
    assertNoMessageContains(compilation, "ClaudegenInternal");
  }
}
