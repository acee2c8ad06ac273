package dev.claudegen.processor;

import static dev.claudegen.processor.Compiler.source;

import com.palantir.javapoet.ClassName;
import com.palantir.javapoet.ParameterizedTypeName;
import com.palantir.javapoet.TypeName;
import java.time.LocalDate;
import java.util.List;
import javax.tools.JavaFileObject;

/**
 * Hand-built tool plans and the sources they describe, for generation tests that need no
 * validator: an order desk whose tools look orders up, cancel them and count them.
 */
final class ToolPlans {

  private ToolPlans() {}

  static final ClassName ORDER_TOOLS = ClassName.get("com.acme", "OrderTools");
  static final ClassName WEATHER = ClassName.get("com.acme", "Weather");
  static final ClassName ORDER = ClassName.get("com.acme", "Order");
  static final ClassName ITEM = ClassName.get("com.acme", "Item");
  static final ClassName STATUS = ClassName.get("com.acme", "Status");

  static final JavaFileObject ORDER_SOURCE =
      source(
          "com.acme.Order",
          "package com.acme;",
          "import java.time.LocalDate;",
          "import java.util.List;",
          "import java.util.Optional;",
          "public record Order(String id, Status status, List<Item> items,"
              + " Optional<LocalDate> delivery, Item first) {}");

  static final JavaFileObject ITEM_SOURCE =
      source("com.acme.Item", "package com.acme;", "public record Item(String name, int count) {}");

  static final JavaFileObject STATUS_SOURCE =
      source("com.acme.Status", "package com.acme;", "public enum Status { OPEN, SHIPPED }");

  /** Records every call, so a test can see the arguments a handler decoded. */
  static final JavaFileObject ORDER_TOOLS_SOURCE =
      source(
          "com.acme.OrderTools",
          "package com.acme;",
          "import java.time.LocalDate;",
          "import java.util.ArrayList;",
          "import java.util.List;",
          "import java.util.Optional;",
          "public class OrderTools {",
          "  public final List<String> calls = new ArrayList<>();",
          "  public Order lookupOrder(String orderId, Optional<Integer> limit) {",
          "    calls.add(\"lookupOrder \" + orderId + \" \" + limit);",
          "    if (orderId.equals(\"boom\")) {",
          "      throw new IllegalStateException(\"no such order\");",
          "    }",
          "    return new Order(orderId, Status.SHIPPED,",
          "        List.of(new Item(\"tea\", 2), new Item(\"cup\", 1)),",
          "        Optional.of(LocalDate.parse(\"2026-12-03\")), null);",
          "  }",
          "  public void cancel(String orderId, List<Status> unless) throws Exception {",
          "    calls.add(\"cancel \" + orderId + \" \" + unless);",
          "  }",
          "  public int count(Status status, boolean all) {",
          "    calls.add(\"count \" + status + \" \" + all);",
          "    return 3;",
          "  }",
          "  public String note(String orderId) {",
          "    return \"Note on \" + orderId;",
          "  }",
          "  public static List<Item> popular() {",
          "    return List.of(new Item(\"tea\", 9));",
          "  }",
          "}");

  static final JavaFileObject WEATHER_SOURCE =
      source(
          "com.acme.Weather",
          "package com.acme;",
          "public interface Weather {",
          "  String forecast(String city);",
          "}");

  static final JavaFileObject DESK_SOURCE =
      source(
          "com.acme.Desk",
          "package com.acme;",
          "import dev.claudegen.runtime.Reply;",
          "import java.util.concurrent.CompletableFuture;",
          "public interface Desk {",
          "  String ask(String question);",
          "  CompletableFuture<Reply> askLater(String question);",
          "  Order find(String question);",
          "  String plain(String question);",
          "}");

  static JavaFileObject[] deskSources() {
    return new JavaFileObject[] {
      ORDER_SOURCE, ITEM_SOURCE, STATUS_SOURCE, ORDER_TOOLS_SOURCE, WEATHER_SOURCE, DESK_SOURCE
    };
  }

  static StructuredType.Scalar scalar(StructuredType.ScalarKind kind, Class<?> type) {
    return new StructuredType.Scalar(kind, TypeName.get(type));
  }

  static StructuredType.Scalar string() {
    return scalar(StructuredType.ScalarKind.STRING, String.class);
  }

  static StructuredType.ListType listOf(StructuredType element) {
    return new StructuredType.ListType(
        element, ParameterizedTypeName.get(ClassName.get(List.class), element.javaType().box()));
  }

  static StructuredType.EnumType status() {
    return new StructuredType.EnumType(
        STATUS,
        List.of(
            new StructuredType.Constant("OPEN", null),
            new StructuredType.Constant("SHIPPED", null)),
        null);
  }

  static StructuredType.ObjectType item() {
    return new StructuredType.ObjectType(
        ITEM,
        List.of(
            property("name", string(), null),
            property("count", scalar(StructuredType.ScalarKind.INT, int.class), null)),
        null);
  }

  static StructuredType.ObjectType order() {
    return new StructuredType.ObjectType(
        ORDER,
        List.of(
            property("id", string(), null),
            property("status", status(), null),
            property("items", listOf(item()), null),
            optional("delivery", scalar(StructuredType.ScalarKind.LOCAL_DATE, LocalDate.class)),
            property("first", item(), null)),
        null);
  }

  static StructuredType.Property property(String name, StructuredType type, String description) {
    return new StructuredType.Property(name, type, false, description);
  }

  static StructuredType.Property optional(String name, StructuredType type) {
    return new StructuredType.Property(name, type, true, null);
  }

  /** The input object of a tool of {@code type}: its javaType is the tools type. */
  static StructuredType.ObjectType input(ClassName type, StructuredType.Property... properties) {
    return new StructuredType.ObjectType(type, List.of(properties), null);
  }

  static ClientPlan.ToolType orderTools() {
    return new ClientPlan.ToolType(
        null,
        ORDER_TOOLS,
        List.of(
            new ClientPlan.ToolPlan(
                "lookupOrder",
                "Looks up an order by its id",
                "lookupOrder",
                input(
                    ORDER_TOOLS,
                    property("orderId", string(), "The order id, like A-1001"),
                    optional("limit", scalar(StructuredType.ScalarKind.INT, Integer.class))),
                order()),
            new ClientPlan.ToolPlan(
                "cancel_order",
                "Cancels an order",
                "cancel",
                input(
                    ORDER_TOOLS,
                    property("orderId", string(), null),
                    property("unless", listOf(status()), null)),
                null),
            new ClientPlan.ToolPlan(
                "count",
                null,
                "count",
                input(
                    ORDER_TOOLS,
                    property("status", status(), null),
                    property(
                        "all", scalar(StructuredType.ScalarKind.BOOLEAN, boolean.class), null)),
                scalar(StructuredType.ScalarKind.INT, int.class)),
            new ClientPlan.ToolPlan(
                "note", "A note on the order", "note",
                input(ORDER_TOOLS, property("orderId", string(), null)), string()),
            new ClientPlan.ToolPlan(
                "popular", "The most ordered items", "popular", input(ORDER_TOOLS),
                listOf(item()))));
  }

  static ClientPlan.ToolType weather() {
    return new ClientPlan.ToolType(
        null,
        WEATHER,
        List.of(
            new ClientPlan.ToolPlan(
                "forecast",
                "Tomorrow's weather in a city",
                "forecast",
                input(WEATHER, property("city", string(), null)),
                string())));
  }
}
