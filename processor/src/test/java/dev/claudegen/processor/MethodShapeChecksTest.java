package dev.claudegen.processor;

import static com.google.testing.compile.CompilationSubject.assertThat;
import static dev.claudegen.processor.Compiler.compile;
import static dev.claudegen.processor.Compiler.compileWith;
import static dev.claudegen.processor.Compiler.compileWithOneError;
import static dev.claudegen.processor.Compiler.compileWithOneWarning;
import static dev.claudegen.processor.Compiler.source;

import com.google.testing.compile.Compilation;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import javax.tools.JavaFileObject;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Return types and parameters claudegen cannot implement, and conversations it cannot send: each
 * one error (or warning) with its fix, on the element at fault.
 */
class MethodShapeChecksTest {

  private static final String ACCEPTED_RETURNS =
      "claudegen methods return String (the reply's text), Reply (dev.claudegen.runtime.Reply:"
          + " the text with its usage, stop reason and ids), a structured type (a record, an enum,"
          + " or a List of records or enums, read from the reply's JSON), Parsed<T> of a"
          + " structured type (dev.claudegen.runtime.Parsed: the value with its Reply),"
          + " CompletableFuture<P> of any of these (the same without blocking the caller),"
          + " Stream<String> (the text as it is written), Stream<R> of a record or enum R (each"
          + " element of a JSON array as soon as it is complete) or ReplyStream"
          + " (dev.claudegen.runtime.ReplyStream: the text as it is written, then the whole"
          + " Reply).";

  private static final String ACCEPTED_PARAMETERS =
      "which cannot be put in a prompt; use String, CharSequence, a primitive, its box or an enum"
          + " (a value for the prompts), or java.util.List<dev.claudegen.runtime.Message> (the"
          + " conversation so far).";

  @Test
  void unsupportedReturnTypeListsEveryAcceptedShape() {
    compileWithOneError(
        assistant("  int count(String text);"),
        "[ClaudegenReturnType] Assistant.count(String) returns int; " + ACCEPTED_RETURNS,
        "int count");
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "CompletableFuture | java.util.concurrent.CompletableFuture | A raw CompletableFuture does"
            + " not say what it completes with: write CompletableFuture<String> or"
            + " CompletableFuture<Reply>.",
        "CompletableFuture<?> | java.util.concurrent.CompletableFuture<?> | A wildcard does not say"
            + " what the future completes with: write CompletableFuture<String> or"
            + " CompletableFuture<Reply>.",
        "CompletableFuture<? extends String> | java.util.concurrent.CompletableFuture<? extends"
            + " java.lang.String> | A wildcard does not say",
        "CompletableFuture<Integer> | java.util.concurrent.CompletableFuture<java.lang.Integer> |"
            + " A CompletableFuture completes with String, Reply, a structured type or Parsed<T>,"
            + " not java.lang.Integer.",
        "CompletableFuture<CompletableFuture<String>> | java.util.concurrent.CompletableFuture<"
            + "java.util.concurrent.CompletableFuture<java.lang.String>> | A CompletableFuture"
            + " completes with String, Reply, a structured type or Parsed<T>, not",
        "Future<String> | java.util.concurrent.Future<java.lang.String> | Declare"
            + " CompletableFuture instead of Future (it is one): like CompletableFuture<String>.",
        "CompletionStage<Reply> | java.util.concurrent.CompletionStage<dev.claudegen.runtime.Reply>"
            + " | Declare CompletableFuture instead of CompletionStage (it is one)",
        "void | void | A call's reply is what it is for: return String, or Reply.",
        "Optional<String> | java.util.Optional<java.lang.String> | A String method never returns"
            + " an empty text (a refusal or an empty reply throws ClaudeOutputException): return"
            + " String, or Reply to inspect the stop reason yourself.",
        "CharSequence | java.lang.CharSequence | Return String.",
        "List<String> | java.util.List<java.lang.String> | A List payload holds records or enums,"
            + " not java.lang.String: declare a record around the list, like record"
            + " Tags(List<String> tags), and return it.",
        "java.util.stream.Stream | java.util.stream.Stream | A stream yields the text as it is"
            + " written: write Stream<String>, Stream<R> of a record or enum R for the elements of"
            + " a JSON array, or ReplyStream for the whole Reply at its end.",
        "java.util.stream.Stream<? extends CharSequence> | java.util.stream.Stream<? extends"
            + " java.lang.CharSequence> | A stream yields the text as it is written: write"
            + " Stream<String>",
        "java.util.stream.Stream<Reply> | java.util.stream.Stream<dev.claudegen.runtime.Reply> | A"
            + " stream's reply is one, at its end: return ReplyStream, whose reply() gives it after"
            + " the text.",
        "java.util.stream.Stream<Integer> | java.util.stream.Stream<java.lang.Integer> | A stream"
            + " yields the text as it is written (Stream<String>) or the records or enums of a JSON"
            + " array (Stream<R>), not java.lang.Integer; or return ReplyStream for the whole"
            + " Reply at its end.",
        "CompletableFuture<java.util.stream.Stream<String>> | java.util.concurrent"
            + ".CompletableFuture<java.util.stream.Stream<java.lang.String>> | A CompletableFuture"
            + " completes with String, Reply, a structured type or Parsed<T>, not"
            + " java.util.stream.Stream<java.lang.String>.",
      })
  void unsupportedReturnShapesSayWhatToWriteInstead(String declared, String shown, String advice) {
    String expected =
        "[ClaudegenReturnType] Assistant.ask(String) returns " + shown + "; " + ACCEPTED_RETURNS
            + (advice == null ? "" : " " + advice);
    compileWithOneError(assistant("  " + declared + " ask(String q);"), expected, " ask(");
  }

  @Test
  void typeVariableReturnSaysAConcreteTypeIsNeeded() {
    JavaFileObject source = assistant("  <T> T pick(String q);");
    Compilation compilation = compile(source);
    assertThat(compilation).hadErrorCount(2);
    assertThat(compilation)
        .hadErrorContaining("[ClaudegenGenericMethod] Assistant.pick(String) declares type"
            + " parameters <T>")
        .inFile(source)
        .onLineContaining("T pick");
    assertThat(compilation)
        .hadErrorContaining("[ClaudegenReturnType] Assistant.pick(String) returns T; "
            + ACCEPTED_RETURNS + " T is a type variable, and a client needs a concrete type.")
        .inFile(source)
        .onLineContaining("T pick");
  }

  @Test
  void aReplyOfAnotherPackageIsNotTheRuntimesReply() {
    JavaFileObject reply =
        source("com.acme.Reply", "package com.acme;", "public final class Reply {}");
    JavaFileObject source =
        source(
            "com.acme.Assistant",
            "package com.acme;",
            "import dev.claudegen.annotations.*;",
            "@ClaudeEndpoint(model = \"claude-haiku-4-5\", maxTokens = 100)",
            "public interface Assistant {",
            "  Reply ask(String q);",
            "}");
    Compilation compilation = compile(source, reply);
    assertThat(compilation).hadErrorCount(1);
    assertThat(compilation)
        .hadErrorContaining("returns com.acme.Reply; " + ACCEPTED_RETURNS
            + " com.acme.Reply is not dev.claudegen.runtime.Reply; import that one.")
        .inFile(source)
        .onLineContaining("Reply ask");
  }

  @Test
  void withoutTheRuntimeOnTheClassPathReplyIsAMissingTypeNotACrash() {
    // Only the annotations: the user forgot the runtime dependency.
    JavaFileObject source =
        source(
            "com.acme.Assistant",
            "package com.acme;",
            "import dev.claudegen.annotations.*;",
            "import dev.claudegen.runtime.Reply;",
            "@ClaudeEndpoint(model = \"claude-haiku-4-5\", maxTokens = 100)",
            "public interface Assistant {",
            "  Reply ask(String q);",
            "}");
    Compilation compilation = Compiler.compileWithoutRuntime(source);
    assertThat(compilation).failed();
    assertThat(compilation).hadErrorContaining("dev.claudegen.runtime").inFile(source)
        .onLineContaining("import dev.claudegen.runtime.Reply");
    assertThat(compilation)
        .hadErrorContaining("[ClaudegenMissingTypes] com.acme.Assistant was not generated because"
            + " these types it uses could not be found: Reply.");
    assertThat(compilation).hadErrorCount(3);
  }

  @Test
  void twoConversationsAreAnErrorOnTheSecond() {
    compileWithOneError(
        assistant(
            "  @UserPrompt(\"Compare\")",
            "  Reply chat(List<Message> mine,",
            "      List<Message> theirs);"),
        "[ClaudegenConversation] parameter 'theirs' of Assistant.chat(List, List) is a second"
            + " conversation (after 'mine'); a request has one list of turns. Merge them into one"
            + " List<Message>, or remove this parameter.",
        "List<Message> theirs");
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "List<String> | java.util.List<java.lang.String> | A list is sent as a conversation only"
            + " when it holds dev.claudegen.runtime.Message turns (Message.user,"
            + " Message.assistant); to put several values in one prompt, join them into a"
            + " String.",
        "List | java.util.List | A raw List says nothing of what it holds: declare the"
            + " conversation as List<Message>.",
        "List<? extends Message> | java.util.List<? extends dev.claudegen.runtime.Message> |"
            + " Message is a record, so no subtype can be in the list: declare it List<Message>.",
        "java.util.ArrayList<Message> | java.util.ArrayList<dev.claudegen.runtime.Message> |"
            + " Declare the conversation as java.util.List<Message>.",
        "java.util.Collection<Message> | java.util.Collection<dev.claudegen.runtime.Message> |"
            + " Declare the conversation as java.util.List<Message>.",
        "Message | dev.claudegen.runtime.Message | A single turn is a conversation of one:"
            + " declare List<Message> and pass List.of(message).",
        "Message[] | dev.claudegen.runtime.Message[] | To send turns, declare"
            + " java.util.List<Message>.",
        "Object | java.lang.Object | ",
      })
  void unsupportedParameterTypesListTheAcceptedOnes(String declared, String shown, String advice) {
    compileWithOneError(
        assistant(
            "  @UserPrompt(\"Go\")",
            "  Reply chat(",
            "      " + declared + " turns);"),
        "[ClaudegenParameterType] parameter 'turns' of Assistant.chat("
            + (declared.endsWith("[]") ? shown : simpleErased(declared))
            + ") has type " + shown + ", " + ACCEPTED_PARAMETERS
            + (advice == null ? "" : " " + advice),
        " turns);");
  }

  private static String simpleErased(String declared) {
    String erased = declared.replaceAll("<.*>", "");
    return erased.substring(erased.lastIndexOf('.') + 1);
  }

  @Test
  void conversationInAUserPromptIsAnErrorOnThePrompt() {
    compileWithOneError(
        assistant(
            "  @UserPrompt(\"Go on: {history}\")",
            "  Reply chat(List<Message> history);"),
        "[ClaudegenConversation] @UserPrompt uses {history}, but 'history' is the conversation of"
            + " Assistant.chat(List): its turns are sent as messages, not put in a prompt's text."
            + " Remove {history}.",
        "Go on: {history}");
  }

  @Test
  void conversationInTheInterfacesSystemPromptIsAnErrorOnTheMethod() {
    JavaFileObject source =
        source(
            "com.acme.Assistant",
            "package com.acme;",
            "import dev.claudegen.annotations.*;",
            "import dev.claudegen.runtime.*;",
            "import java.util.List;",
            "@ClaudeEndpoint(model = \"claude-haiku-4-5\", maxTokens = 100)",
            "@SystemPrompt(\"Context: {history}\")",
            "public interface Assistant {",
            "  Reply chat(List<Message> history);",
            "}");
    compileWithOneError(
        source,
        "[ClaudegenConversation] @SystemPrompt uses {history}, but 'history' is the conversation"
            + " of Assistant.chat(List)",
        "Reply chat");
  }

  @Test
  void promptValuesWithNowhereToGoBesideAConversationAreAnErrorOnTheConversation() {
    compileWithOneError(
        assistant(
            "  Reply chat(List<Message> history,",
            "      String question, int limit);"),
        "[ClaudegenConversation] Assistant.chat(List, String, int) sends its conversation"
            + " 'history' with no @UserPrompt turn after it, and no prompt uses parameters"
            + " 'question', 'limit'. Add @UserPrompt(\"... {question} {limit}\") to send a final"
            + " user turn after the conversation, or remove parameters 'question', 'limit' to send"
            + " the conversation as it is.",
        "Reply chat(List<Message> history,");
  }

  @Test
  void aSingleNonStringBesideAConversationHasNowhereToGoEither() {
    compileWithOneError(
        assistant("  Reply chat(List<Message> history, int limit);"),
        "no prompt uses parameter 'limit'. Add @UserPrompt(\"... {limit}\")",
        "Reply chat");
  }

  @Test
  void withAUserPromptAParameterNoPromptUsesIsTheUsualWarning() {
    compileWithOneWarning(
        assistant(
            "  @UserPrompt(\"Next: {question}\")",
            "  Reply chat(List<Message> history, String question,",
            "      int limit);"),
        "[ClaudegenUnusedParameter] parameter 'limit' of Assistant.chat(List, String, int) is not"
            + " used by any prompt",
        "int limit");
  }

  @Test
  void theNonStreamingCapAppliesToFuturesAndIsReportedOnceForTheInterfacesEndpoint() {
    JavaFileObject source =
        source(
            "com.acme.Assistant",
            "package com.acme;",
            "import dev.claudegen.annotations.*;",
            "import dev.claudegen.runtime.*;",
            "import java.util.concurrent.CompletableFuture;",
            "@ClaudeEndpoint(model = \"claude-sonnet-4-6\",",
            "    maxTokens = 30000)",
            "public interface Assistant {",
            "  String ask(String q);",
            "  CompletableFuture<Reply> askLater(String q);",
            "  CompletableFuture<String> askLaterToo(String q);",
            "}");
    compileWithOneError(
        source,
        "[ClaudegenNeedsStreaming] maxTokens = 30000 is above 21333, the most a non-streaming"
            + " call to claude-sonnet-4-6 may ask for without a timeout",
        "maxTokens = 30000");
  }

  @Test
  void theNonStreamingCapOfAMethodsOwnEndpointIsReportedThere() {
    compileWithOneError(
        assistant(
            "  @ClaudeEndpoint(model = \"claude-sonnet-4-6\",",
            "      maxTokens = 25000)",
            "  CompletableFuture<String> askLater(String q);"),
        "[ClaudegenNeedsStreaming] maxTokens = 25000 is above 21333",
        "maxTokens = 25000");
  }

  @Test
  void aFallbacksNonStreamingCapIsCheckedPerModeAndReportedOnce(@TempDir Path dir)
      throws IOException {
    Path catalog =
        Files.writeString(
            dir.resolve("relay.json"),
            "{\"models\": [{\"id\": \"relay-small\", \"maxOutputTokens\": 16000,"
                + " \"nonStreamingMaxTokens\": 4096}]}");
    JavaFileObject source =
        source(
            "com.acme.Assistant",
            "package com.acme;",
            "import dev.claudegen.annotations.*;",
            "import java.util.concurrent.CompletableFuture;",
            "@ClaudeEndpoint(model = \"claude-haiku-4-5\", maxTokens = 8000,",
            "    fallbackModels = \"relay-small\") // the interface's",
            "public interface Assistant {",
            "  String ask(String q);",
            "  CompletableFuture<String> askLater(String q);",
            "  @ClaudeEndpoint(model = \"claude-haiku-4-5\", maxTokens = 8000, timeout = \"5m\",",
            "      fallbackModels = \"relay-small\")",
            "  String patient(String q);",
            "}");
    Compilation compilation = compileWith(List.of("claudegen.models=" + catalog), source);
    assertThat(compilation).hadErrorCount(1);
    assertThat(compilation)
        .hadErrorContaining(
            "[ClaudegenFallbackModel] fallback model \"relay-small\" cannot serve these requests:"
                + " maxTokens = 8000 is above 4096, the most a non-streaming call to it may ask for"
                + " without a timeout; remove it or choose a model that can.")
        .inFile(source)
        .onLineContaining("// the interface's");
  }

  /** {@code com.acme.Assistant} on claude-haiku-4-5, importing the runtime, with these lines. */
  private static JavaFileObject assistant(String... body) {
    String[] lines = new String[body.length + 8];
    lines[0] = "package com.acme;";
    lines[1] = "import dev.claudegen.annotations.*;";
    lines[2] = "import dev.claudegen.runtime.*;";
    lines[3] = "import java.util.*;";
    lines[4] = "import java.util.concurrent.*;";
    lines[5] = "@ClaudeEndpoint(model = \"claude-haiku-4-5\", maxTokens = 100)";
    lines[6] = "public interface Assistant {";
    System.arraycopy(body, 0, lines, 7, body.length);
    lines[lines.length - 1] = "}";
    return source("com.acme.Assistant", lines);
  }
}
