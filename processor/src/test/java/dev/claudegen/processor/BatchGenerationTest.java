package dev.claudegen.processor;

import static com.google.testing.compile.CompilationSubject.assertThat;
import static dev.claudegen.processor.Compiler.compile;
import static dev.claudegen.processor.Compiler.source;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.testing.compile.Compilation;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.tools.JavaFileObject;
import org.junit.jupiter.api.Test;

/**
 * The Message Batches the processor writes into each client: which methods get an entry, the
 * names it allocates, and that the generated code compiles under every lint, warnings as
 * failures.
 */
class BatchGenerationTest {

  private static String generated(Compilation compilation, String name) {
    assertThat(compilation).succeededWithoutWarnings();
    return GenerationTest.generated(compilation, name);
  }

  private static void assertContains(String generated, String... parts) {
    for (String part : parts) {
      assertTrue(generated.contains(part), () -> "missing:\n" + part + "\nin:\n" + generated);
    }
  }

  @Test
  void smallInterfaceGetsBatchesAndADraftWhoseAddBuildsTheMethodsPrompt() {
    JavaFileObject triage =
        source(
            "com.acme.TicketTriage",
            "package com.acme;",
            "import dev.claudegen.annotations.*;",
            "@ClaudeEndpoint(model = \"claude-haiku-4-5\", maxTokens = 100)",
            "public interface TicketTriage {",
            "  enum Tier { FREE, PRO }",
            "  @UserPrompt(\"Product {product}, tier {tier}: {ticket}\")",
            "  String classify(String product, Tier tier, String ticket);",
            "}");
    String generated = generated(compile(triage), "com.acme.ClaudeTicketTriage");
    assertContains(
        generated,
        "  public static Batches batches() {\n    return builder().batches();\n  }",
        "    public Batches batches() {\n      return new Batches(buildClient());\n    }",
        "  public static final class Batches {\n"
            + "    private final BatchMethod<String> classifyMethod;\n"
            + "\n"
            + "    private Batches(ClaudeClient client) {\n"
            + "      this.classifyMethod = client.batch(CLASSIFY, ReplyDecoder.TEXT);\n"
            + "    }",
        "    public ClassifyBatch classify() {\n"
            + "      return new ClassifyBatch(this.classifyMethod);\n"
            + "    }",
        "    public MessageBatch<String> resumeClassify(String batchId) {\n"
            + "      return this.classifyMethod.resume(batchId);\n"
            + "    }",
        "  public static final class ClassifyBatch extends BatchDraft<String> {\n"
            + "    private ClassifyBatch(BatchMethod<String> method) {\n"
            + "      super(method);\n"
            + "    }",
        "    public ClassifyBatch add(String customId, String product, TicketTriage.Tier tier,\n"
            + "        String ticket) {\n"
            + "      Objects.requireNonNull(customId, \"customId\");\n"
            + "      if (product == null) {\n"
            + "        throw nullParameter(\"product\");\n"
            + "      }\n"
            + "      if (tier == null) {\n"
            + "        throw nullParameter(\"tier\");\n"
            + "      }\n"
            + "      if (ticket == null) {\n"
            + "        throw nullParameter(\"ticket\");\n"
            + "      }\n",
        "      addPrompt(customId, prompt);\n      return this;\n    }",
        "{@code ^[a-zA-Z0-9_-]{1,64}$}");
    // The same prompt expression as the implementation's, statement for statement.
    assertEquals(
        promptExpression(generated, 0).replace("\n    ", "\n"),
        promptExpression(generated, 1).replace("\n      ", "\n"));
    assertFalse(generated.contains("Not batched"), "nothing is excluded");
    assertFalse(generated.contains("<p>Names:"), "no name changed");
  }

  /** The {@code index}th {@code Prompt prompt = ...;} statement's right-hand side. */
  private static String promptExpression(String generated, int index) {
    Matcher matcher =
        Pattern.compile("Prompt prompt = (.*?);\n", Pattern.DOTALL).matcher(generated);
    for (int i = 0; i <= index; i++) {
      assertTrue(matcher.find(), "prompt statement " + i);
    }
    return matcher.group(1);
  }

  @Test
  void interfaceWithoutBatchableMethodsGetsNoBatches() {
    JavaFileObject writer =
        source(
            "com.acme.Writer",
            "package com.acme;",
            "import dev.claudegen.annotations.*;",
            "import java.util.concurrent.CompletableFuture;",
            "import java.util.stream.Stream;",
            "@ClaudeEndpoint(model = \"claude-haiku-4-5\", maxTokens = 100)",
            "public interface Writer {",
            "  Stream<String> write(String topic);",
            "  CompletableFuture<String> later(String topic);",
            "}");
    String generated = generated(compile(writer), "com.acme.ClaudeWriter");
    assertFalse(generated.contains("Batches"), generated);
    assertFalse(generated.contains("BatchDraft"), generated);
    assertFalse(generated.contains("batches()"), generated);
  }

  private static final JavaFileObject ASKER =
      source(
          "com.acme.Asker",
          "package com.acme;",
          "import dev.claudegen.annotations.*;",
          "@ClaudeEndpoint(model = \"claude-haiku-4-5\", maxTokens = 100)",
          "public interface Asker {",
          "  String ask(String question);",
          "}");

  @Test
  void batchesFalseLeavesTheBatchesOutAndTheClientWhole() {
    Compilation withBatches = compile(ASKER);
    assertTrue(generated(withBatches, "com.acme.ClaudeAsker").contains("class AskBatch"));

    Compilation without = Compiler.compileWith(List.of("claudegen.batches=false"), ASKER);
    assertThat(without).succeededWithoutWarnings();
    String generated = generated(without, "com.acme.ClaudeAsker");
    assertFalse(generated.contains("Batch"), generated);
    assertTrue(generated.contains("public String ask(String question)"), generated);
  }

  @Test
  void aBatchesValueThatIsNotAChoiceIsAnError() {
    assertThat(Compiler.compileWith(List.of("claudegen.batches=no"), ASKER))
        .hadErrorContaining(
            "[ClaudegenOption] -Aclaudegen.batches=no is not a choice; write true (the default:"
                + " clients get their Message Batches API) or false.");
  }

  @Test
  void streamingAsyncAndToolMethodsGetNoEntryAndAreListedWithTheReason() {
    JavaFileObject clock =
        source(
            "com.acme.Clock",
            "package com.acme;",
            "import dev.claudegen.annotations.*;",
            "public class Clock {",
            "  @Tool(\"The time now\")",
            "  public String now() { return \"noon\"; }",
            "}");
    JavaFileObject mixed =
        source(
            "com.acme.Mixed",
            "package com.acme;",
            "import dev.claudegen.annotations.*;",
            "import dev.claudegen.runtime.ReplyStream;",
            "import java.util.concurrent.CompletableFuture;",
            "import java.util.stream.Stream;",
            "@ClaudeEndpoint(model = \"claude-haiku-4-5\", maxTokens = 100)",
            "public interface Mixed {",
            "  String plain(String text);",
            "  Stream<String> streamed(String text);",
            "  ReplyStream replyStreamed(String text);",
            "  CompletableFuture<String> later(String text);",
            "  @Tools(Clock.class)",
            "  String withTools(String text);",
            "}");
    String generated = generated(compile(clock, mixed), "com.acme.ClaudeMixed");
    assertContains(
        generated,
        "public PlainBatch plain()",
        "   * <p>Not batched (a batch request gets one reply, unstreamed):\n"
            + "   * <ul>\n"
            + "   *   <li>{@link Mixed#streamed(String)} streams\n"
            + "   *   <li>{@link Mixed#replyStreamed(String)} streams\n"
            + "   *   <li>{@link Mixed#later(String)} returns a CompletableFuture\n"
            + "   *   <li>{@link Mixed#withTools(String)} has @Tools\n"
            + "   * </ul>");
    for (String absent :
        new String[] {"StreamedBatch", "ReplyStreamedBatch", "LaterBatch", "WithToolsBatch",
            "resumeStreamed", "resumeLater", "resumeWithTools", "client.batch(WITH_TOOLS"}) {
      assertFalse(generated.contains(absent), absent);
    }
  }

  @Test
  void recordAndReplyPayloadsAreBatchedWithTheDecoderTheCallIsBoundWith() {
    JavaFileObject ticket =
        source(
            "com.acme.Ticket",
            "package com.acme;",
            "public record Ticket(String title, int priority) {}");
    JavaFileObject desk =
        source(
            "com.acme.Desk",
            "package com.acme;",
            "import dev.claudegen.annotations.*;",
            "import dev.claudegen.runtime.Parsed;",
            "import dev.claudegen.runtime.Reply;",
            "import java.util.List;",
            "@ClaudeEndpoint(model = \"claude-sonnet-4-6\", maxTokens = 1000)",
            "public interface Desk {",
            "  Ticket read(String text);",
            "  List<Ticket> readAll(String text);",
            "  Parsed<Ticket> readParsed(String text);",
            "  Reply answer(String text);",
            "}");
    String generated = generated(compile(ticket, desk), "com.acme.ClaudeDesk");
    String[][] methods = {
        {"read", "READ", "Ticket"},
        {"readAll", "READ_ALL", "List<Ticket>"},
        {"readParsed", "READ_PARSED", "Parsed<Ticket>"},
        {"answer", "ANSWER", "Reply"}};
    for (String[] method : methods) {
      String bound = argument(generated, "this." + method[0] + "Call = client.bind(", method[1]);
      String batched =
          argument(generated, "this." + method[0] + "Method = client.batch(", method[1]);
      assertEquals(bound, batched, method[0]);
      assertContains(
          generated,
          "private final BatchMethod<" + method[2] + "> " + method[0] + "Method;",
          "public MessageBatch<" + method[2] + "> resume");
    }
    assertContains(generated, "ReplyDecoder.REPLY", "StructuredDecoder.withReply(");
  }

  /** The decoder expression after {@code constant} in the statement starting with {@code start}. */
  private static String argument(String generated, String start, String constant) {
    int from = generated.indexOf(start);
    assertTrue(from >= 0, () -> "missing " + start + " in\n" + generated);
    int end = generated.indexOf(";\n", from);
    String statement = generated.substring(from + start.length(), end);
    assertTrue(statement.startsWith(constant + ","), statement);
    return statement.substring(constant.length() + 1).replaceAll("\\s+", " ").trim();
  }

  @Test
  void conversationMethodIsBatchable() {
    JavaFileObject chat =
        source(
            "com.acme.Chat",
            "package com.acme;",
            "import dev.claudegen.annotations.*;",
            "import dev.claudegen.runtime.Message;",
            "import java.util.List;",
            "@ClaudeEndpoint(model = \"claude-haiku-4-5\", maxTokens = 100)",
            "public interface Chat {",
            "  @UserPrompt(\"Next: {question}\")",
            "  String reply(List<Message> history, String question);",
            "}");
    String generated = generated(compile(chat), "com.acme.ClaudeChat");
    assertContains(
        generated,
        "public ReplyBatch add(String customId, List<Message> history, String question) {",
        "        throw nullParameter(\"history\");",
        "Prompt.builder().conversation(history).user(\"Next: \" + question).build();",
        "public MessageBatch<String> resumeReply(String batchId)");
  }

  @Test
  void clashingNamesGetDistinctOnesAndCompileUnderEveryLint() {
    JavaFileObject clashes =
        source(
            "com.acme.Clash",
            "package com.acme;",
            "import dev.claudegen.annotations.*;",
            "@ClaudeEndpoint(model = \"claude-haiku-4-5\", maxTokens = 100)",
            "public interface Clash {",
            "  interface Batches {}",
            "  interface ClassifyBatch {}",
            "  interface Builder {}",
            "  @UserPrompt(\"{text}\")",
            "  String classify(String text);",
            "  @UserPrompt(\"{text} {times}\")",
            "  String classify(String text, int times);",
            "  @UserPrompt(\"{text}\")",
            "  String resumeClassify(String text);",
            "  @UserPrompt(\"{customId} {prompt} {Prompt}\")",
            "  String tag(String customId, String prompt, String Prompt);",
            "  @UserPrompt(\"{text}\")",
            "  String batches(String text);",
            "  @UserPrompt(\"{text}\")",
            "  String message(String text);",
            "}");
    String generated = generated(compile(clashes), "com.acme.ClaudeClash");
    assertContains(
        generated,
        // batches is the user's method: the accessor takes the next name.
        "public static Batches2 messageBatches() {",
        "public static final class Batches2 {",
        // ClassifyBatch is a member type of the interface; the overload is numbered.
        "public ClassifyBatch2 classify() {",
        "public ClassifyBatch3 classify2() {",
        // resumeClassify is the user's method: classify's resumes take the next numbers.
        "public MessageBatch<String> resumeClassify2(String batchId)",
        "public MessageBatch<String> resumeClassify3(String batchId)",
        "public ResumeClassifyBatch resumeClassify() {",
        "public MessageBatch<String> resumeResumeClassify(String batchId)",
        // Parameters keep their names unless they would obscure Prompt; customId moves aside.
        "public TagBatch add(String customId2, String customId, String prompt, String Prompt2) {",
        "Objects.requireNonNull(customId2, \"customId\");",
        "Prompt prompt2 = Prompt.builder()",
        "addPrompt(customId2, prompt2);",
        // MessageBatch is a runtime type the code names: the draft takes another name.
        "public static final class MessageBatch2 extends BatchDraft<String> {",
        "<p>Names: a method's batch is started by a method of its name");
  }
}
