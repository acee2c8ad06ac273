package dev.claudegen.processor;

import static com.google.testing.compile.CompilationSubject.assertThat;
import static dev.claudegen.processor.Compiler.source;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.testing.compile.Compilation;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import javax.tools.JavaFileObject;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The {@code ToolsPlan} and cache ttl the validator plans from {@code @Tools} and {@code
 * @CacheControl}.
 */
class ToolPlanTest {

  static final JavaFileObject ORDER = source("com.acme.Order", "package com.acme;",
      "import java.util.Optional;",
      "public record Order(String id, Optional<String> note) {}");

  static final JavaFileObject ORDER_TOOLS = source("com.acme.OrderTools", "package com.acme;",
      "import dev.claudegen.annotations.*;",
      "import java.util.List;",
      "import java.util.Optional;",
      "public class OrderTools extends BaseTools {",
      "  @Tool(\"Looks up an order by its id\")",
      "  public Order lookupOrder(@Description(\"The order id, like A-1001\") String orderId) {",
      "    return null;",
      "  }",
      "  /**",
      "   * Cancels an order.",
      "   *",
      "   * <p>Only open ones.",
      "   *",
      "   * @param reason why, for the log",
      "   */",
      "  @Tool(name = \"cancel_order\")",
      "  public void cancel(String orderId, Optional<String> reason, int times) {}",
      "  @Description(\"Counts the orders\")",
      "  @Tool",
      "  public int count(List<Order> orders) {",
      "    return 0;",
      "  }",
      "  public String notATool() {",
      "    return \"\";",
      "  }",
      "}");

  static final JavaFileObject BASE_TOOLS = source("com.acme.BaseTools", "package com.acme;",
      "import dev.claudegen.annotations.*;",
      "public class BaseTools {",
      "  @Tool(\"Says hello\")",
      "  public String hello(String name) {",
      "    return name;",
      "  }",
      "}");

  static final JavaFileObject CLOCK = source("com.acme.Clock", "package com.acme;",
      "import dev.claudegen.annotations.*;",
      "public interface Clock {",
      "  @Tool(\"The time now\")",
      "  String now();",
      "}");

  @TempDir Path dir;

  private static PlanProbe probe(JavaFileObject... sources) {
    return probe(new PlanProbe(), sources);
  }

  private static PlanProbe probe(PlanProbe probe, JavaFileObject... sources) {
    Compilation compilation =
        com.google.testing.compile.Compiler.javac().withProcessors(probe).compile(sources);
    assertThat(compilation).succeeded();
    return probe;
  }

  @Test
  void theToolsOfEachListedTypeArePlannedInDeclarationOrderWithInheritedOnesAfter() {
    JavaFileObject desk = source("com.acme.Desk", "package com.acme;",
        "import dev.claudegen.annotations.*;",
        "@ClaudeEndpoint(model = \"claude-sonnet-4-6\", maxTokens = 100)",
        "@Tools(value = {OrderTools.class, Clock.class}, maxRounds = 3)",
        "interface Desk {",
        "  String ask(String q);",
        "}");
    ClientPlan.MethodPlan ask =
        probe(ORDER, ORDER_TOOLS, BASE_TOOLS, CLOCK, desk).method("com.acme.Desk", "ask");
    ClientPlan.ToolsPlan tools = ask.tools();
    assertEquals(3, tools.maxRounds());
    assertTrue(tools.strict(), "claude-sonnet-4-6 has structured outputs");
    assertEquals(List.of("OrderTools", "Clock"),
        tools.types().stream().map(type -> type.name().simpleName()).toList());
    List<ClientPlan.ToolPlan> order = tools.types().get(0).tools();
    assertEquals(List.of("lookupOrder", "cancel_order", "count", "hello"),
        order.stream().map(ClientPlan.ToolPlan::name).toList());
    assertEquals(List.of("lookupOrder", "cancel", "count", "hello"),
        order.stream().map(ClientPlan.ToolPlan::methodName).toList());
    assertEquals(List.of("Looks up an order by its id", "Cancels an order.", "Counts the orders",
        "Says hello"), order.stream().map(ClientPlan.ToolPlan::description).toList());

    ClientPlan.ToolPlan lookup = order.get(0);
    assertEquals("OrderTools", lookup.input().javaType().simpleName());
    assertEquals(List.of(new StructuredType.Property("orderId",
            new StructuredType.Scalar(StructuredType.ScalarKind.STRING,
                com.palantir.javapoet.ClassName.get(String.class)),
            false, "The order id, like A-1001")),
        lookup.input().properties());
    assertTrue(lookup.result() instanceof StructuredType.ObjectType result
        && result.javaType().simpleName().equals("Order"));

    ClientPlan.ToolPlan cancel = order.get(1);
    assertNull(cancel.result(), "void");
    List<StructuredType.Property> parameters = cancel.input().properties();
    assertEquals(List.of("orderId", "reason", "times"),
        parameters.stream().map(StructuredType.Property::name).toList());
    assertEquals(List.of(false, true, false),
        parameters.stream().map(StructuredType.Property::optional).toList());
    assertEquals("why, for the log", parameters.get(1).description());
    assertNull(parameters.get(0).description());
    assertEquals(StructuredType.ScalarKind.INT,
        ((StructuredType.Scalar) parameters.get(2).type()).kind());

    assertTrue(order.get(2).input().properties().get(0).type() instanceof StructuredType.ListType);
    assertEquals(StructuredType.ScalarKind.INT,
        ((StructuredType.Scalar) order.get(2).result()).kind());
    assertEquals(StructuredType.ScalarKind.STRING,
        ((StructuredType.Scalar) order.get(3).result()).kind());
    assertEquals("now", tools.types().get(1).tools().get(0).name());
    assertNull(ask.cacheTtl());
  }

  @Test
  void aMethodsToolsReplaceTheInterfacesAndCacheControlIsPlannedPerMethod() {
    JavaFileObject desk = source("com.acme.Desk", "package com.acme;",
        "import dev.claudegen.annotations.*;",
        "@ClaudeEndpoint(model = \"claude-sonnet-4-6\", maxTokens = 100)",
        "@Tools(OrderTools.class)",
        "@CacheControl",
        "@SystemPrompt(\"Be brief.\")",
        "interface Desk {",
        "  String ask(String q);",
        "  @Tools(Clock.class)",
        "  @CacheControl(ttl = \"1h\")",
        "  String time(String q);",
        "}");
    PlanProbe probe = probe(ORDER, ORDER_TOOLS, BASE_TOOLS, CLOCK, desk);
    ClientPlan.MethodPlan ask = probe.method("com.acme.Desk", "ask");
    ClientPlan.MethodPlan time = probe.method("com.acme.Desk", "time");
    assertEquals("OrderTools", ask.tools().types().get(0).name().simpleName());
    assertEquals(8, ask.tools().maxRounds());
    assertEquals(List.of("Clock"),
        time.tools().types().stream().map(type -> type.name().simpleName()).toList());
    assertEquals("5m", ask.cacheTtl());
    assertEquals("1h", time.cacheTtl());
  }

  @Test
  void toolsAreNotStrictWhenAFallbackModelLacksStructuredOutputs() throws IOException {
    Path catalog = dir.resolve("models.json");
    Files.writeString(catalog, "{\"models\": [{\"id\": \"acme-plain\", \"maxOutputTokens\":"
        + " 1000}]}", StandardCharsets.UTF_8);
    JavaFileObject desk = source("com.acme.Desk", "package com.acme;",
        "import dev.claudegen.annotations.*;",
        "@ClaudeEndpoint(model = \"claude-sonnet-4-6\", maxTokens = 100,",
        "    fallbackModels = \"acme-plain\")",
        "@Tools(Clock.class)",
        "interface Desk {",
        "  String ask(String q);",
        "}");
    assertFalse(probe(new PlanProbe(catalog), CLOCK, desk).method("com.acme.Desk", "ask")
        .tools().strict());
  }

  @Test
  void aMethodWithoutToolsHasNone() {
    JavaFileObject desk = source("com.acme.Desk", "package com.acme;",
        "import dev.claudegen.annotations.*;",
        "@ClaudeEndpoint(model = \"claude-sonnet-4-6\", maxTokens = 100)",
        "interface Desk {",
        "  String ask(String q);",
        "}");
    ClientPlan.MethodPlan ask = probe(desk).method("com.acme.Desk", "ask");
    assertNull(ask.tools());
    assertNull(ask.cacheTtl());
  }
}
