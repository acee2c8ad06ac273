package dev.claudegen.processor;

import static com.google.testing.compile.CompilationSubject.assertThat;
import static dev.claudegen.processor.Compiler.compile;
import static dev.claudegen.processor.Compiler.source;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.testing.compile.Compilation;
import javax.tools.JavaFileObject;
import org.junit.jupiter.api.Test;

/**
 * What the processor writes for each return shape and for a conversation parameter: one body
 * shape, in which the call mode changes only the method called and the payload only the decoder
 * and the call's type argument. Every source compiles without a warning under every lint.
 */
class MethodShapesTest {

  @Test
  void replyMethodBindsTheReplyDecoderAndCallsPlainly() {
    String generated =
        generate(
            "public interface Assistant {",
            "  Reply ask(String question);",
            "}");
    assertContainsAll(
        generated,
        "import dev.claudegen.runtime.Reply;",
        "private final ClaudeCall<Reply> askCall;",
        "this.askCall = client.bind(ASK, ReplyDecoder.REPLY);",
        "public Reply ask(String question) {",
        "    Prompt prompt = Prompt.builder().user(question).build();\n"
            + "    return this.askCall.call(prompt);\n"
            + "  }");
  }

  @Test
  void futureOfStringBindsTheTextDecoderAndCallsAsync() {
    String generated =
        generate(
            "public interface Assistant {",
            "  CompletableFuture<String> askLater(String question);",
            "}");
    assertContainsAll(
        generated,
        "import java.util.concurrent.CompletableFuture;",
        "private final ClaudeCall<String> askLaterCall;",
        "this.askLaterCall = client.bind(ASK_LATER, ReplyDecoder.TEXT);",
        "public CompletableFuture<String> askLater(String question) {",
        "    Prompt prompt = Prompt.builder().user(question).build();\n"
            + "    return this.askLaterCall.callAsync(prompt);\n"
            + "  }",
        "   * <p>Returns at once, without blocking; the future completes with the reply's text,\n"
            + "   * or exceptionally with the {@code ClaudeException} the call failed with.\n");
  }

  @Test
  void futureOfReplyCombinesTheTwoAxes() {
    String generated =
        generate(
            "public interface Assistant {",
            "  CompletableFuture<Reply> askLater(String question);",
            "}");
    assertContainsAll(
        generated,
        "private final ClaudeCall<Reply> askLaterCall;",
        "this.askLaterCall = client.bind(ASK_LATER, ReplyDecoder.REPLY);",
        "public CompletableFuture<Reply> askLater(String question) {",
        "return this.askLaterCall.callAsync(prompt);",
        "the future completes with the whole {@link Reply},");
  }

  @Test
  void plainStringMethodHasTheSameTwoStatementBody() {
    String generated =
        generate(
            "public interface Assistant {",
            "  String ask(String question);",
            "}");
    assertContainsAll(
        generated,
        "  public String ask(String question) {\n"
            + "    if (question == null) {\n"
            + "      throw this.askCall.nullParameter(\"question\");\n"
            + "    }\n"
            + "    Prompt prompt = Prompt.builder().user(question).build();\n"
            + "    return this.askCall.call(prompt);\n"
            + "  }");
    assertFalse(generated.contains("Returns at once"), generated);
  }

  @Test
  void streamOfStringStreamsTheTextWithTheDefaultIdleTimeoutStated() {
    String generated =
        generate(
            "public interface Assistant {",
            "  java.util.stream.Stream<String> tell(String question);",
            "}");
    assertContainsAll(
        generated,
        "import java.util.stream.Stream;",
        "      .timeoutMillis(60000L)\n      .build();",
        "private final ClaudeCall<String> tellCall;",
        "this.tellCall = client.bind(TELL, ReplyDecoder.TEXT);",
        "public Stream<String> tell(String question) {",
        "    Prompt prompt = Prompt.builder().user(question).build();\n"
            + "    return this.tellCall.streamText(prompt);\n"
            + "  }",
        "at most 100 output tokens,\n   * streamed: at most 60 s of silence (default).",
        "<p>Returns when the first text arrives");
  }

  @Test
  void replyStreamStreamsTheTextThenTheReplyWithItsOwnIdleTimeout() {
    String generated =
        generate(
            "public interface Assistant {",
            "  @ClaudeEndpoint(model = \"claude-haiku-4-5\", maxTokens = 100, timeout = \"20s\")",
            "  ReplyStream tell(String question);",
            "}");
    assertContainsAll(
        generated,
        ".timeoutMillis(20000L)",
        "private final ClaudeCall<Reply> tellCall;",
        "this.tellCall = client.bind(TELL, ReplyDecoder.REPLY);",
        "public ReplyStream tell(String question) {",
        "return this.tellCall.stream(prompt);",
        "\n   * streamed: at most 20 s of silence.");
  }

  @Test
  void aStreamingMethodMayAskForTheModelsWholeOutputWithoutATimeout() {
    Compilation compilation =
        compile(
            source(
                "com.acme.Writer",
                "package com.acme;",
                "import dev.claudegen.annotations.*;",
                "import java.util.stream.Stream;",
                "@ClaudeEndpoint(model = \"claude-sonnet-4-6\", maxTokens = 64000)",
                "public interface Writer {",
                "  Stream<String> write(String topic);",
                "}"));
    assertThat(compilation).succeededWithoutWarnings();
  }

  @Test
  void conversationWithUserPromptIsSentBeforeTheUserTurn() {
    String generated =
        generate(
            "public interface Assistant {",
            "  @UserPrompt(\"Next: {question}\")",
            "  Reply chat(List<Message> history, String question);",
            "}");
    assertContainsAll(
        generated,
        "\"claude-haiku-4-5\", 100)\n"
            + "      .conversationParameter(\"history\")\n"
            + "      .build();",
        "public Reply chat(List<Message> history, String question) {\n"
            + "    if (history == null) {\n"
            + "      throw this.chatCall.nullParameter(\"history\");\n"
            + "    }\n"
            + "    if (question == null) {\n"
            + "      throw this.chatCall.nullParameter(\"question\");\n"
            + "    }\n"
            + "    Prompt prompt ="
            + " Prompt.builder().conversation(history).user(\"Next: \" + question).build();\n"
            + "    return this.chatCall.call(prompt);\n"
            + "  }");
  }

  @Test
  void conversationAloneIsTheWholeInput() {
    String generated =
        generate(
            "@SystemPrompt(\"Answer in {language}.\")",
            "public interface Assistant {",
            "  Reply chat(List<Message> history, String language);",
            "}");
    // language is used by the system prompt, so it is not the user turn: no user turn at all.
    assertContainsAll(
        generated,
        ".conversationParameter(\"history\")\n      .build();",
        "Prompt prompt = Prompt.builder().system(\"Answer in \" + language + \".\")\n"
            + "        .conversation(history).build();");
    assertFalse(generated.contains("userParameters"), generated);
    assertFalse(generated.contains(".user("), generated);
  }

  @Test
  void conversationAndOneStringWithoutUserPromptSendsTheStringAsTheLastTurn() {
    String generated =
        generate(
            "public interface Assistant {",
            "  CompletableFuture<String> chat(List<Message> history, String question);",
            "}");
    assertContainsAll(
        generated,
        ".userParameters(\"question\")\n      .conversationParameter(\"history\")\n",
        "Prompt prompt = Prompt.builder().conversation(history).user(question).build();",
        "return this.chatCall.callAsync(prompt);");
  }

  @Test
  void conversationOfAnInheritedGenericMethodIsRecognisedThroughTheTypeArgument() {
    JavaFileObject base =
        source(
            "com.acme.Base",
            "package com.acme;",
            "import dev.claudegen.annotations.*;",
            "public interface Base<T> {",
            "  dev.claudegen.runtime.Reply chat(java.util.List<T> history);",
            "}");
    JavaFileObject derived =
        source(
            "com.acme.Tutor",
            "package com.acme;",
            "import dev.claudegen.annotations.*;",
            "@ClaudeEndpoint(model = \"claude-haiku-4-5\", maxTokens = 100)",
            "public interface Tutor extends Base<dev.claudegen.runtime.Message> {}");
    Compilation compilation = compile(base, derived);
    assertThat(compilation).succeededWithoutWarnings();
    assertContainsAll(
        GenerationTest.generated(compilation, "com.acme.ClaudeTutor"),
        "public Reply chat(List<Message> history) {",
        "Prompt prompt = Prompt.builder().conversation(history).build();");
  }

  /** Compiles {@code com.acme.Assistant} (on claude-haiku-4-5) without warnings; its client. */
  static String generate(String... body) {
    String[] lines = new String[body.length + 6];
    lines[0] = "package com.acme;";
    lines[1] = "import dev.claudegen.annotations.*;";
    lines[2] = "import dev.claudegen.runtime.*;";
    lines[3] = "import java.util.List;";
    lines[4] = "import java.util.concurrent.CompletableFuture;";
    lines[5] = "@ClaudeEndpoint(model = \"claude-haiku-4-5\", maxTokens = 100)";
    System.arraycopy(body, 0, lines, 6, body.length);
    Compilation compilation = compile(source("com.acme.Assistant", lines));
    assertThat(compilation).succeededWithoutWarnings();
    return GenerationTest.generated(compilation, "com.acme.ClaudeAssistant");
  }

  private static void assertContainsAll(String generated, String... parts) {
    for (String part : parts) {
      assertTrue(generated.contains(part), () -> "missing:\n" + part + "\nin:\n" + generated);
    }
  }
}
