package dev.claudegen.processor;

import static com.google.testing.compile.CompilationSubject.assertThat;
import static dev.claudegen.processor.Compiler.source;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.google.testing.compile.Compilation;
import dev.claudegen.runtime.Reply;
import dev.claudegen.runtime.Sleeper;
import dev.claudegen.testing.FakeClaude;
import dev.claudegen.testing.FakeResponse;
import dev.claudegen.testing.RecordedRequest;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import javax.tools.JavaFileObject;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * An interface with {@code @Tools} and {@code @CacheControl}, compiled by the real processor, its
 * client built with a tools implementation and called against FakeClaude over loopback HTTP: the
 * reply asks for a tool, the generated dispatcher decodes the input and calls the Java method,
 * and its result goes back as the {@code tool_result}.
 */
class ToolsEndToEndTest {

  private static final ObjectMapper JSON = new ObjectMapper();

  private static final JavaFileObject ORDER =
      source(
          "com.acme.Order",
          "package com.acme;",
          "import java.util.List;",
          "import java.util.Optional;",
          "public record Order(String id, Status status, List<String> items,"
              + " Optional<String> note) {}");

  private static final JavaFileObject STATUS =
      source("com.acme.Status", "package com.acme;", "public enum Status { OPEN, SHIPPED }");

  private static final JavaFileObject ORDER_TOOLS =
      source(
          "com.acme.OrderTools",
          "package com.acme;",
          "import dev.claudegen.annotations.*;",
          "import java.util.ArrayList;",
          "import java.util.List;",
          "import java.util.Optional;",
          "public class OrderTools {",
          "  public final List<String> calls = new ArrayList<>();",
          "  @Tool(\"Looks up an order by its id\")",
          "  public Order lookupOrder(@Description(\"The order id\") String orderId,",
          "      Optional<Integer> limit) {",
          "    calls.add(\"lookupOrder \" + orderId + \" \" + limit);",
          "    if (orderId.equals(\"none\")) {",
          "      throw new IllegalArgumentException(\"no order \" + orderId);",
          "    }",
          "    return new Order(orderId, Status.SHIPPED, List.of(\"tea\"), Optional.empty());",
          "  }",
          "  @Tool(value = \"Cancels an order\", name = \"cancel_order\")",
          "  public void cancel(String orderId) {",
          "    calls.add(\"cancel \" + orderId);",
          "  }",
          "  @Tool(\"Counts the items of orders\")",
          "  public long countItems(Order order, List<Order> more) {",
          "    calls.add(\"countItems \" + order + \" \" + more);",
          "    return order.items().size() + more.stream().mapToInt(o -> o.items().size()).sum();",
          "  }",
          "  @Tool(\"The carrier of a status\")",
          "  public String carrier(Status status) {",
          "    calls.add(\"carrier \" + status);",
          "    return \"Carrier for \" + status;",
          "  }",
          "}");

  private static final JavaFileObject DESK =
      source(
          "com.acme.OrderDesk",
          "package com.acme;",
          "import dev.claudegen.annotations.*;",
          "import dev.claudegen.runtime.Reply;",
          "import java.util.concurrent.CompletableFuture;",
          "@ClaudeEndpoint(model = \"claude-sonnet-4-6\", maxTokens = 256)",
          "@SystemPrompt(\"You answer questions about orders.\")",
          "@Tools(value = OrderTools.class, maxRounds = 2)",
          "public interface OrderDesk {",
          "  String ask(String question);",
          "",
          "  CompletableFuture<Reply> askLater(String question);",
          "",
          "  Order find(String question);",
          "}");

  private static final JavaFileObject CACHED_DESK =
      source(
          "com.acme.CachedDesk",
          "package com.acme;",
          "import dev.claudegen.annotations.*;",
          "@ClaudeEndpoint(model = \"claude-sonnet-4-6\", maxTokens = 256)",
          "@SystemPrompt(\"You answer questions about orders.\")",
          "@Tools(OrderTools.class)",
          "@CacheControl(ttl = \"1h\")",
          "public interface CachedDesk {",
          "  String ask(String question);",
          "",
          "  String chat(java.util.List<dev.claudegen.runtime.Message> history);",
          "}");

  private static Compilation compilation;
  private static ClassLoader loader;

  @BeforeAll
  static void compile() throws Exception {
    compilation = Compiler.compile(ORDER, STATUS, ORDER_TOOLS, DESK, CACHED_DESK);
    assertThat(compilation).succeeded();
    // Only the processor's warning that so short a prefix is not cached, if any.
    compilation.warnings()
        .forEach(
            warning ->
                assertTrue(
                    warning.getMessage(null).toLowerCase(java.util.Locale.ROOT).contains("cache"),
                    warning.getMessage(null)));
    loader = GeneratedClients.load(compilation, "com.acme.ClaudeOrderDesk").getClassLoader();
  }

  private static String use(String id, String name, String input) {
    return "{\"type\":\"tool_use\",\"id\":\"" + id + "\",\"name\":\"" + name + "\",\"input\":"
        + input + "}";
  }

  private static FakeResponse asks(String... blocks) {
    return FakeResponse.blocks(blocks).withStopReason("tool_use");
  }

  private static Object tools() throws Exception {
    return loader.loadClass("com.acme.OrderTools").getConstructor().newInstance();
  }

  @SuppressWarnings("unchecked")
  private static List<String> calls(Object tools) throws Exception {
    return (List<String>) tools.getClass().getField("calls").get(tools);
  }

  private static Object client(String generated, FakeClaude claude, Object tools)
      throws Exception {
    Object builder = loader.loadClass(generated).getMethod("builder").invoke(null);
    Class<?> type = builder.getClass();
    type.getMethod("apiKey", String.class).invoke(builder, "test-key");
    type.getMethod("baseUrl", String.class).invoke(builder, claude.baseUrl().toString());
    type.getMethod("sleeper", Sleeper.class).invoke(builder, (Sleeper) millis -> {});
    type.getMethod("tools", tools.getClass()).invoke(builder, tools);
    return type.getMethod("build").invoke(builder);
  }

  private static Object invoke(Object client, String name, Object... args) throws Throwable {
    for (Method method : client.getClass().getMethods()) {
      if (method.getName().equals(name) && method.getParameterCount() == args.length) {
        try {
          return method.invoke(client, args);
        } catch (InvocationTargetException e) {
          throw e.getCause();
        }
      }
    }
    throw new AssertionError("no method " + name);
  }

  /** The {@code content} blocks of the request's last user turn. */
  private static JsonNode lastTurn(RecordedRequest request) {
    JsonNode messages = request.json().get("messages");
    return messages.get(messages.size() - 1);
  }

  @Test
  void theToolRunsWithTheDecodedArgumentsAndItsJsonResultIsSentBack() throws Throwable {
    try (FakeClaude claude = FakeClaude.start()) {
      claude.enqueue(
          asks(
              "{\"type\":\"text\",\"text\":\"Let me look.\"}",
              use("toolu_1", "lookupOrder", "{\"orderId\":\"A-1\",\"limit\":3,\"extra\":true}"),
              use("toolu_2", "carrier", "{\"status\":\"shipped\"}")),
          FakeResponse.text("A-1 has shipped with tea."));
      Object tools = tools();
      Object desk = client("com.acme.ClaudeOrderDesk", claude, tools);

      assertEquals("A-1 has shipped with tea.", invoke(desk, "ask", "Where is A-1?"));

      assertEquals(List.of("lookupOrder A-1 Optional[3]", "carrier SHIPPED"), calls(tools));
      RecordedRequest first = claude.takeRequest();
      JsonNode sent = first.json().get("tools");
      assertEquals(4, sent.size());
      assertEquals("lookupOrder", sent.get(0).get("name").asText());
      assertEquals("cancel_order", sent.get(1).get("name").asText());
      assertEquals(
          JSON.readTree(
              "{\"type\":\"object\",\"properties\":{"
                  + "\"orderId\":{\"type\":\"string\",\"description\":\"The order id\"},"
                  + "\"limit\":{\"type\":\"integer\"}},"
                  + "\"required\":[\"orderId\"],\"additionalProperties\":false}"),
          sent.get(0).get("input_schema"));
      // Sonnet 4.6 has structured outputs: the tools are strict.
      assertTrue(sent.get(0).get("strict").asBoolean());
      assertFalse(sent.get(3).has("cache_control"));

      JsonNode results = lastTurn(claude.takeRequest());
      assertEquals("user", results.get("role").asText());
      JsonNode content = results.get("content");
      assertEquals(2, content.size());
      assertEquals("tool_result", content.get(0).get("type").asText());
      assertEquals("toolu_1", content.get(0).get("tool_use_id").asText());
      assertEquals(
          JSON.readTree("{\"id\":\"A-1\",\"status\":\"SHIPPED\",\"items\":[\"tea\"]}"),
          JSON.readTree(content.get(0).get("content").asText()));
      assertEquals("toolu_2", content.get(1).get("tool_use_id").asText());
      assertEquals("Carrier for SHIPPED", content.get(1).get("content").asText());
      assertFalse(content.get(0).has("is_error"));
    }
  }

  @Test
  void aVoidToolSendsNoContentAndAMismatchOrAThrowAnErrorResult() throws Throwable {
    try (FakeClaude claude = FakeClaude.start()) {
      claude.enqueue(
          asks(
              use("toolu_1", "cancel_order", "{\"orderId\":\"A-2\"}"),
              use("toolu_2", "lookupOrder", "{\"orderId\":7}"),
              use("toolu_3", "lookupOrder", "{\"orderId\":\"none\"}")),
          FakeResponse.text("Done."));
      Object tools = tools();
      Object desk = client("com.acme.ClaudeOrderDesk", claude, tools);

      CompletableFuture<?> later = (CompletableFuture<?>) invoke(desk, "askLater", "Cancel A-2");
      assertEquals("Done.", ((Reply) later.join()).text());

      assertEquals(List.of("cancel A-2", "lookupOrder none Optional.empty"), calls(tools));
      claude.takeRequest();
      JsonNode content = lastTurn(claude.takeRequest()).get("content");
      assertFalse(content.get(0).has("content"), content.get(0).toString());
      assertFalse(content.get(0).has("is_error"));
      assertTrue(content.get(1).get("is_error").asBoolean());
      String mismatch = content.get(1).get("content").asText();
      assertTrue(mismatch.contains("$.orderId"), mismatch);
      assertTrue(content.get(2).get("is_error").asBoolean());
      assertEquals("no order none", content.get(2).get("content").asText());
    }
  }

  @Test
  void recordAndListParametersAreReadByTheGeneratedReaders() throws Throwable {
    try (FakeClaude claude = FakeClaude.start()) {
      String order = "{\"id\":\"A-5\",\"status\":\"open\",\"items\":[\"tea\",\"cup\"]}";
      claude.enqueue(
          asks(use("toolu_1", "countItems",
              "{\"order\":" + order + ",\"more\":[" + order + "]}")),
          FakeResponse.text("Four."));
      Object tools = tools();
      Object desk = client("com.acme.ClaudeOrderDesk", claude, tools);

      assertEquals("Four.", invoke(desk, "ask", "How many items?"));

      String read = "Order[id=A-5, status=OPEN, items=[tea, cup], note=Optional.empty]";
      assertEquals(List.of("countItems " + read + " [" + read + "]"), calls(tools));
      claude.takeRequest();
      JsonNode content = lastTurn(claude.takeRequest()).get("content");
      assertEquals("4", content.get(0).get("content").asText());
    }
  }

  @Test
  void aStructuredPayloadComesFromTheReplyAfterTheTools() throws Throwable {
    try (FakeClaude claude = FakeClaude.start()) {
      claude.enqueue(
          asks(use("toolu_1", "lookupOrder", "{\"orderId\":\"A-3\"}")),
          FakeResponse.text("{\"id\":\"A-3\",\"status\":\"OPEN\",\"items\":[]}"));
      Object tools = tools();
      Object desk = client("com.acme.ClaudeOrderDesk", claude, tools);

      Object order = invoke(desk, "find", "A-3?");

      assertEquals("Order[id=A-3, status=OPEN, items=[], note=Optional.empty]", order.toString());
      RecordedRequest first = claude.takeRequest();
      assertTrue(first.hasOutputFormat());
      assertTrue(first.json().has("tools"));
    }
  }

  @Test
  void cacheControlMarksTheConversationsLastTurn() throws Throwable {
    try (FakeClaude claude = FakeClaude.start()) {
      claude.enqueue(FakeResponse.text("Yes."));
      Object desk = client("com.acme.ClaudeCachedDesk", claude, tools());
      List<dev.claudegen.runtime.Message> history =
          List.of(
              dev.claudegen.runtime.Message.user("Is A-1 shipped?"),
              dev.claudegen.runtime.Message.assistant("Yes."),
              dev.claudegen.runtime.Message.user("And A-2?"));

      assertEquals("Yes.", invoke(desk, "chat", history));

      JsonNode messages = claude.takeRequest().json().get("messages");
      assertEquals(3, messages.size());
      JsonNode last = messages.get(2).get("content");
      assertEquals(
          JSON.readTree("{\"type\":\"ephemeral\",\"ttl\":\"1h\"}"),
          last.get(last.size() - 1).get("cache_control"));
      assertFalse(messages.get(0).toString().contains("cache_control"));
    }
  }

  @Test
  void aReplyStillAskingForToolsAfterMaxRoundsFailsTheCall() throws Throwable {
    try (FakeClaude claude = FakeClaude.start()) {
      for (int i = 1; i <= 3; i++) {
        claude.enqueue(asks(use("toolu_" + i, "cancel_order", "{\"orderId\":\"A-" + i + "\"}")));
      }
      Object tools = tools();
      Object desk = client("com.acme.ClaudeOrderDesk", claude, tools);

      // @Tools(maxRounds = 2): two rounds of tools, three requests, then the failure.
      dev.claudegen.runtime.ClaudeOutputException thrown =
          org.junit.jupiter.api.Assertions.assertThrows(
              dev.claudegen.runtime.ClaudeOutputException.class,
              () -> invoke(desk, "ask", "Cancel everything"));
      assertEquals("tool_use", thrown.stopReason());
      assertEquals(List.of("cancel A-1", "cancel A-2"), calls(tools));
      assertEquals(3, claude.requestCount());
    }
  }

  @Test
  void buildWithoutTheImplementationNamesIt() throws Throwable {
    Object builder = loader.loadClass("com.acme.ClaudeOrderDesk").getMethod("builder").invoke(null);
    builder.getClass().getMethod("apiKey", String.class).invoke(builder, "test-key");
    InvocationTargetException thrown =
        org.junit.jupiter.api.Assertions.assertThrows(
            InvocationTargetException.class,
            () -> builder.getClass().getMethod("build").invoke(builder));
    assertEquals(
        "ClaudeOrderDesk needs an implementation of OrderTools for its tools; pass it with"
            + " ClaudeOrderDesk.builder().tools(...) before build()",
        thrown.getCause().getMessage());
  }

  @Test
  void cacheControlMarksTheSystemPromptTheLastToolAndTheToolResults() throws Throwable {
    try (FakeClaude claude = FakeClaude.start()) {
      claude.enqueue(
          asks(use("toolu_1", "carrier", "{\"status\":\"OPEN\"}")), FakeResponse.text("DHL."));
      Object desk = client("com.acme.ClaudeCachedDesk", claude, tools());

      assertEquals("DHL.", invoke(desk, "ask", "Who carries open orders?"));

      JsonNode marker = JSON.readTree("{\"type\":\"ephemeral\",\"ttl\":\"1h\"}");
      RecordedRequest first = claude.takeRequest();
      JsonNode tools = first.json().get("tools");
      assertEquals(marker, tools.get(tools.size() - 1).get("cache_control"));
      assertFalse(tools.get(0).has("cache_control"));
      JsonNode system = first.json().get("system");
      assertEquals(marker, system.get(system.size() - 1).get("cache_control"));
      JsonNode results = lastTurn(claude.takeRequest()).get("content");
      assertEquals(marker, results.get(results.size() - 1).get("cache_control"));
    }
  }
}
