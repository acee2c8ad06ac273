package dev.claudegen.processor;

import static com.google.testing.compile.CompilationSubject.assertThat;
import static dev.claudegen.processor.StructuredGenerationTest.generate;
import static dev.claudegen.processor.StructuredGenerationTest.generated;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.google.testing.compile.Compilation;
import dev.claudegen.processor.ClientPlan.ReturnPlan.Mode;
import dev.claudegen.processor.PlannedGeneration.Returns;
import dev.claudegen.runtime.JsonIn;
import dev.claudegen.runtime.JsonOut;
import java.lang.reflect.Field;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * What the generator writes for methods with tools and cache markers, from hand-built plans:
 * compiled under every lint with warnings as errors, then the generated handlers, writers and
 * builder run (reached by reflection: only the test uses it).
 */
class ToolGenerationTest {

  private static final ObjectMapper JSON = new ObjectMapper();

  private static Compilation compilation;
  private static String source;

  /** One loader for the compilation's classes, so that the tools and the client meet. */
  private static ClassLoader loader;

  static ClientPlan.ToolsPlan both() {
    return new ClientPlan.ToolsPlan(List.of(ToolPlans.orderTools(), ToolPlans.weather()), 8, true);
  }

  static ClientPlan.ToolsPlan orders() {
    return new ClientPlan.ToolsPlan(List.of(ToolPlans.orderTools()), 3, false);
  }

  /** ask and askLater share the two types, strict; find has one type, cached for an hour. */
  static Map<String, Returns> deskPlans() {
    return Map.of(
        "ask", new Returns(Mode.PLAIN, new ClientPlan.ReturnPlan.Text(), both(), null),
        "askLater", new Returns(Mode.ASYNC, new ClientPlan.ReturnPlan.WholeReply(), both(), null),
        "find",
        new Returns(
            Mode.PLAIN,
            new ClientPlan.ReturnPlan.Structured(
                new StructuredType.Root(ToolPlans.order(), null), false),
            orders(),
            "1h"),
        "plain", new Returns(Mode.PLAIN, new ClientPlan.ReturnPlan.Text(), null, "5m"));
  }

  @BeforeAll
  static void generateTheDesk() {
    compilation = generate("com.acme.Desk", deskPlans(), ToolPlans.deskSources());
    source = generated(compilation, "com.acme.ClaudeDesk");
    try {
      loader = GeneratedClients.load(compilation, "com.acme.ClaudeDesk").getClassLoader();
    } catch (ClassNotFoundException e) {
      throw new AssertionError(e);
    }
  }

  @Test
  void aClientWithToolsAndCacheMarkersCompilesWithoutWarningsUnderEveryLint() {
    assertThat(compilation).succeededWithoutWarnings();
  }

  @Test
  void eachToolSetHasOneConstantHoldingTheCompactToolsArray() throws Exception {
    assertEquals(SchemaWriter.toolsCompact(both(), null), constant("ORDER_TOOLS_WEATHER_TOOLS"));
    assertEquals(SchemaWriter.toolsCompact(orders(), "1h"), constant("ORDER_TOOLS_CACHED"));
    // ask and askLater send the same tools: one constant.
    assertEquals(
        source.indexOf("String ORDER_TOOLS_WEATHER_TOOLS ="),
        source.lastIndexOf("String ORDER_TOOLS_WEATHER_TOOLS ="));
    assertTrue(source.indexOf("ORDER_TOOLS_CACHED =") < source.indexOf("CallSpec FIND ="));
  }

  @Test
  void theToolsArrayHasNameDescriptionSchemaStrictAndTheCacheMarkerOnTheLastToolOnly()
      throws Exception {
    JsonNode strict = JSON.readTree(constant("ORDER_TOOLS_WEATHER_TOOLS"));
    assertEquals(6, strict.size());
    JsonNode lookup = strict.get(0);
    assertEquals(
        List.of("name", "description", "input_schema", "strict"), fieldNames(lookup));
    assertEquals("lookupOrder", lookup.get("name").asText());
    assertEquals("Looks up an order by its id", lookup.get("description").asText());
    assertEquals(
        JSON.readTree(
            "{\"type\":\"object\",\"properties\":{"
                + "\"orderId\":{\"type\":\"string\",\"description\":\"The order id, like A-1001\"},"
                + "\"limit\":{\"type\":\"integer\"}},"
                + "\"required\":[\"orderId\"],\"additionalProperties\":false}"),
        lookup.get("input_schema"));
    assertTrue(lookup.get("strict").asBoolean());
    // A tool without a description has none; a tool without parameters an empty object.
    assertEquals(List.of("name", "input_schema", "strict"), fieldNames(strict.get(2)));
    assertEquals(0, strict.get(4).get("input_schema").get("properties").size());
    assertEquals("forecast", strict.get(5).get("name").asText());
    for (JsonNode tool : strict) {
      assertFalse(tool.has("cache_control"), tool.toString());
    }

    JsonNode cached = JSON.readTree(constant("ORDER_TOOLS_CACHED"));
    assertEquals(5, cached.size());
    for (int i = 0; i < cached.size(); i++) {
      assertFalse(cached.get(i).has("strict"), "not strict");
      assertEquals(i == 4, cached.get(i).has("cache_control"));
    }
    assertEquals(
        JSON.readTree("{\"type\":\"ephemeral\",\"ttl\":\"1h\"}"),
        cached.get(4).get("cache_control"));
    // Five minutes is the API's default: no ttl is sent for it.
    JsonNode fiveMinutes = JSON.readTree(SchemaWriter.toolsCompact(orders(), "5m"));
    assertEquals(
        JSON.readTree("{\"type\":\"ephemeral\"}"), fiveMinutes.get(4).get("cache_control"));
  }

  @Test
  void callSpecsCarryTheToolsTheirRoundsAndTheCacheTtl() {
    assertContains(
        "  private static final CallSpec ASK = CallSpec.builder(\"Desk.ask(String)\","
            + " \"claude-sonnet-4-6\",\n"
            + "      1024)\n"
            + "      .tools(ORDER_TOOLS_WEATHER_TOOLS, 8)\n"
            + "      .userParameters(\"question\")\n",
        "      .outputSchema(ORDER_SCHEMA)\n"
            + "      .tools(ORDER_TOOLS_CACHED, 3)\n"
            + "      .cacheTtl(\"1h\")\n",
        "  private static final CallSpec PLAIN = CallSpec.builder(\"Desk.plain(String)\","
            + " \"claude-sonnet-4-6\",\n"
            + "      1024)\n"
            + "      .cacheTtl(\"5m\")\n"
            + "      .userParameters(\"question\")\n");
  }

  @Test
  void theConstructorTakesEachImplementationAndBindsOneToolBoxPerToolSet() {
    assertContains(
        "  private ClaudeDesk(ClaudeClient client, OrderTools orderTools, Weather weather) {\n"
            + "    ToolBox toolBox = ToolBox.builder()\n"
            + "        .add(\"lookupOrder\", input -> runLookupOrder(orderTools, input))\n"
            + "        .add(\"cancel_order\", input -> runCancel(orderTools, input))\n"
            + "        .add(\"count\", input -> runCount(orderTools, input))\n"
            + "        .add(\"note\", input -> runNote(orderTools, input))\n"
            + "        .add(\"popular\", input -> runPopular(orderTools, input))\n"
            + "        .add(\"forecast\", input -> runForecast(weather, input))\n"
            + "        .build();\n"
            + "    ToolBox toolBox2 = ToolBox.builder()\n",
        "    this.askCall = client.bind(ASK, ReplyDecoder.TEXT, toolBox);\n"
            + "    this.askLaterCall = client.bind(ASK_LATER, ReplyDecoder.REPLY, toolBox);\n"
            + "    this.findCall = client.bind(FIND, StructuredDecoder.of(\"Order\","
            + " ClaudeDesk::readOrder),\n"
            + "        toolBox2);\n"
            + "    this.plainCall = client.bind(PLAIN, ReplyDecoder.TEXT);\n");
  }

  @Test
  void aHandlerReadsTheInputObjectLikeARecordReaderThenCallsTheMethod() {
    assertContains(
        "  private static String runLookupOrder(OrderTools tools, JsonIn in) throws Exception {\n"
            + "    String orderId = null;\n"
            + "    Optional<Integer> limit = Optional.empty();\n"
            + "    in.beginObject();\n"
            + "    for (String field = in.nextField(); field != null; field = in.nextField()) {\n"
            + "      switch (field) {\n"
            + "        case \"orderId\" -> orderId = in.readString();\n"
            + "        case \"limit\" -> limit = in.readOptional(JsonIn::readInt);\n"
            + "        default -> in.skipValue();\n"
            + "      }\n"
            + "    }\n"
            + "    in.endObject();\n"
            + "    return JsonOut.write(tools.lookupOrder(in.required(orderId, \"orderId\"),"
            + " limit),\n"
            + "        ClaudeDesk::writeOrder);\n"
            + "  }\n",
        "    tools.cancel(in.required(orderId, \"orderId\"), in.required(unless, \"unless\"));\n"
            + "    return null;\n",
        "        case \"unless\" -> unless = in.readList(ClaudeDesk::readStatus);\n",
        "        JsonOut::writeInt);\n",
        "    return tools.note(in.required(orderId, \"orderId\"));\n",
        // A static tool method is called on its type.
        "    return JsonOut.write(OrderTools.popular(), (out, values) ->\n"
            + "        out.writeList(values, ClaudeDesk::writeItem));\n",
        "  static void writeOrder(JsonOut out, Order value) {\n"
            + "    if (value == null) {\n"
            + "      out.writeNull();\n"
            + "      return;\n"
            + "    }\n"
            + "    out.beginObject();\n"
            + "    out.field(\"id\").writeString(value.id());\n"
            + "    out.field(\"status\").writeEnum(value.status());\n"
            + "    out.field(\"items\").writeList(value.items(), ClaudeDesk::writeItem);\n"
            + "    out.optionalField(\"delivery\", value.delivery(), JsonOut::writeLocalDate);\n"
            + "    out.field(\"first\");\n"
            + "    writeItem(out, value.first());\n"
            + "    out.endObject();\n"
            + "  }\n");
    // One writer per record, however many results reach it.
    assertEquals(
        source.indexOf("static void writeItem("), source.lastIndexOf("static void writeItem("));
  }

  @Test
  void handlersDecodeTheArgumentsCallTheToolAndWriteItsResult() throws Throwable {
    Object tools = newInstance("com.acme.OrderTools");
    assertEquals(
        "{\"id\":\"A-1\",\"status\":\"SHIPPED\",\"items\":[{\"name\":\"tea\",\"count\":2},"
            + "{\"name\":\"cup\",\"count\":1}],\"delivery\":\"2026-12-03\",\"first\":null}",
        run("runLookupOrder", tools, "{\"extra\": {\"a\": [1, {}]}, \"orderId\": \"A-1\"}"));
    run("runLookupOrder", tools, "{\"limit\": 5, \"orderId\": \"A-2\"}");
    assertNull(run("runCancel", tools, "{\"orderId\": \"A-3\", \"unless\": [\"shipped\"]}"));
    assertEquals("3", run("runCount", tools, "{\"all\": true, \"status\": \"OPEN\"}"));
    assertEquals(
        List.of(
            "lookupOrder A-1 Optional.empty",
            "lookupOrder A-2 Optional[5]",
            "cancel A-3 [SHIPPED]",
            "count OPEN true"),
        calls(tools));
    assertEquals("Note on A-4", run("runNote", tools, "{\"orderId\": \"A-4\"}"));
    assertEquals("[{\"name\":\"tea\",\"count\":9}]", run("runPopular", tools, "{}"));
  }

  @Test
  void anInputThatDoesNotFitIsAMismatchNamingThePropertyAndTheToolIsNotCalled() throws Throwable {
    Object tools = newInstance("com.acme.OrderTools");
    JsonIn.Mismatch missing =
        assertThrows(JsonIn.Mismatch.class, () -> run("runLookupOrder", tools, "{\"limit\": 1}"));
    assertEquals("$: missing required property 'orderId'", missing.getMessage());
    JsonIn.Mismatch wrongType =
        assertThrows(JsonIn.Mismatch.class, () -> run("runNote", tools, "{\"orderId\": 7}"));
    assertEquals("$.orderId", wrongType.path());
    JsonIn.Mismatch badEnum =
        assertThrows(
            JsonIn.Mismatch.class,
            () -> run("runCancel", tools, "{\"orderId\": \"A\", \"unless\": [\"LOST\"]}"));
    assertEquals("$.unless[0]", badEnum.path());
    assertEquals(List.of(), calls(tools));
  }

  @Test
  void whatTheToolThrowsIsThrownToTheRuntimeAsItIs() throws Throwable {
    Object tools = newInstance("com.acme.OrderTools");
    IllegalStateException thrown =
        assertThrows(
            IllegalStateException.class,
            () -> run("runLookupOrder", tools, "{\"orderId\": \"boom\"}"));
    assertEquals("no such order", thrown.getMessage());
  }

  @Test
  void aWrittenResultReadsBackIntoAnEqualValue() throws Throwable {
    Class<?> desk = load("com.acme.ClaudeDesk");
    Object tools = newInstance("com.acme.OrderTools");
    Method lookup =
        tools.getClass().getMethod("lookupOrder", String.class, java.util.Optional.class);
    Object order = lookup.invoke(tools, "A-9", java.util.Optional.empty());
    Method write = desk.getDeclaredMethod("writeOrder", JsonOut.class, order.getClass());
    Method read = desk.getDeclaredMethod("readOrder", JsonIn.class);
    write.setAccessible(true);
    read.setAccessible(true);
    String json =
        JsonOut.write(
            order,
            (out, value) -> {
              try {
                write.invoke(null, out, value);
              } catch (ReflectiveOperationException e) {
                throw new AssertionError(e);
              }
            });
    // first is null, which the reader requires: written as null, it is missing when read.
    assertTrue(json.endsWith("\"first\":null}"), json);
    String withFirst = json.replace("\"first\":null", "\"first\":{\"name\":\"pot\",\"count\":1}");
    Object back =
        JsonIn.parse(
            withFirst,
            in -> {
              try {
                return read.invoke(null, in);
              } catch (ReflectiveOperationException e) {
                throw new AssertionError(e);
              }
            });
    assertEquals(order.toString().replace("first=null", "first=Item[name=pot, count=1]"),
        back.toString());
  }

  @Test
  void theBuilderHasASetterPerTypeAndBuildNamesEveryMissingImplementation() throws Throwable {
    Class<?> desk = load("com.acme.ClaudeDesk");
    Object tools = newInstance("com.acme.OrderTools");
    Class<?> weather = load("com.acme.Weather");

    IllegalStateException none =
        assertThrows(IllegalStateException.class, () -> build(desk, List.of()));
    assertEquals(
        "ClaudeDesk needs an implementation of OrderTools, Weather for its tools; pass each with"
            + " ClaudeDesk.builder().tools(...) before build()",
        none.getMessage());
    IllegalStateException one =
        assertThrows(IllegalStateException.class, () -> build(desk, List.of(tools)));
    assertTrue(one.getMessage().contains("implementation of Weather for"), one.getMessage());

    Object forecast =
        java.lang.reflect.Proxy.newProxyInstance(
            weather.getClassLoader(), new Class<?>[] {weather}, (proxy, method, args) -> "Sun");
    assertInstanceOf(
        load("com.acme.Desk"), build(desk, List.of(tools, forecast)));

    Object builder = desk.getMethod("builder").invoke(null);
    Method setter = builder.getClass().getMethod("tools", tools.getClass());
    InvocationTargetException nullTools =
        assertThrows(InvocationTargetException.class, () -> setter.invoke(builder, (Object) null));
    assertInstanceOf(NullPointerException.class, nullTools.getCause());
    assertEquals("orderTools", nullTools.getCause().getMessage());
  }

  @Test
  void javadocListsEachMethodsToolsItsRoundsAndWhatTheCacheMarks() {
    assertContains(
        "   * <p>Runs the tools Claude asks for, at most 8 rounds of them in one call"
            + " (so at most 9\n"
            + "   * requests), sent as {@code ORDER_TOOLS_WEATHER_TOOLS}:\n"
            + "   * {@link OrderTools#lookupOrder(String, Optional)},\n"
            + "   * {@link OrderTools#cancel(String, List)},\n"
            + "   * {@link OrderTools#count(Status, boolean)},\n"
            + "   * {@link OrderTools#note(String)},\n"
            + "   * {@link OrderTools#popular()},\n"
            + "   * {@link Weather#forecast(String)}.\n",
        "   * <p>Caches the request's prefix for an hour: {@code cache_control} marks the last tool"
            + " and the\n"
            + "   * latest turn of tool results in the tool loop.\n",
        "   * <p>A client with tools needs their implementations, which only {@link #builder()}\n"
            + "   * takes: without them this throws {@code IllegalStateException}.\n",
        "     * The implementation of {@link Weather}, which runs the tool {@code forecast}.\n",
        "     * @throws IllegalStateException when no API key is set here or in the environment,"
            + " or an\n"
            + "     *     implementation is not set (naming each one missing):"
            + " {@link OrderTools},\n"
            + "     *     {@link Weather}\n");
    for (String line : source.split("\n")) {
      if (!line.contains("CallSpec.builder(")) {
        assertTrue(line.length() <= 100, line);
      }
    }
  }

  @Test
  void aMethodWithoutToolsIsWrittenAsInAClientWithoutAny() {
    Map<String, Returns> plain =
        Map.of(
            "ask", new Returns(Mode.PLAIN, new ClientPlan.ReturnPlan.Text()),
            "askLater", new Returns(Mode.ASYNC, new ClientPlan.ReturnPlan.WholeReply()),
            "find",
            new Returns(
                Mode.PLAIN,
                new ClientPlan.ReturnPlan.Structured(
                    new StructuredType.Root(ToolPlans.order(), null), false)),
            "plain", new Returns(Mode.PLAIN, new ClientPlan.ReturnPlan.Text()));
    String without =
        generated(
            generate("com.acme.Desk", plain, ToolPlans.deskSources()), "com.acme.ClaudeDesk");
    assertFalse(without.contains("ToolBox"));
    assertFalse(without.contains("JsonOut"));
    assertTrue(without.contains("    public Desk build() {\n"
        + "      return new ClaudeDesk(buildClient());\n"));
    String plainMethod =
        between(without, "  /**\n   * Calls Claude for {@link Desk#plain", "  }\n");
    // With tools elsewhere (and no cache marker here), plain is written the same.
    Map<String, Returns> mixed = new java.util.HashMap<>(deskPlans());
    mixed.put("plain", new Returns(Mode.PLAIN, new ClientPlan.ReturnPlan.Text()));
    String with =
        generated(
            generate("com.acme.Desk", mixed, ToolPlans.deskSources()), "com.acme.ClaudeDesk");
    assertEquals(
        plainMethod, between(with, "  /**\n   * Calls Claude for {@link Desk#plain", "  }\n"));
    assertTrue(with.contains("    this.plainCall = client.bind(PLAIN, ReplyDecoder.TEXT);\n"));
  }

  @Test
  void nastyDescriptionsEndNeitherTheJavadocNorTheLiteral() throws Exception {
    String nasty = StructuredGenerationTest.NASTY;
    ClientPlan.ToolType weather =
        new ClientPlan.ToolType(
            null,
            ToolPlans.WEATHER,
            List.of(
                new ClientPlan.ToolPlan(
                    "forecast",
                    nasty,
                    "forecast",
                    ToolPlans.input(
                        ToolPlans.WEATHER, ToolPlans.property("city", ToolPlans.string(), nasty)),
                    ToolPlans.string())));
    ClientPlan.ToolsPlan tools = new ClientPlan.ToolsPlan(List.of(weather), 1, true);
    Map<String, Returns> plans = new java.util.HashMap<>();
    for (String method : List.of("ask", "plain")) {
      plans.put(method, new Returns(Mode.PLAIN, new ClientPlan.ReturnPlan.Text(), tools, "5m"));
    }
    plans.put("askLater", new Returns(Mode.ASYNC, new ClientPlan.ReturnPlan.WholeReply()));
    plans.put(
        "find",
        new Returns(
            Mode.PLAIN,
            new ClientPlan.ReturnPlan.Structured(
                new StructuredType.Root(ToolPlans.order(), null), false)));
    Compilation nastyCompilation = generate("com.acme.Desk", plans, ToolPlans.deskSources());
    assertThat(nastyCompilation).succeededWithoutWarnings();
    Field field =
        GeneratedClients.load(nastyCompilation, "com.acme.ClaudeDesk")
            .getDeclaredField("WEATHER_TOOLS_CACHED");
    field.setAccessible(true);
    assertEquals(SchemaWriter.toolsCompact(tools, "5m"), field.get(null));
    assertTrue(
        generated(nastyCompilation, "com.acme.ClaudeDesk")
            .contains("at most 1 round of them in one call (so at most 2"));
  }

  private static String between(String text, String start, String end) {
    int from = text.indexOf(start);
    assertTrue(from >= 0, start);
    return text.substring(from, text.indexOf(end, from) + end.length());
  }

  private static Object build(Class<?> desk, List<Object> implementations) throws Throwable {
    Object builder = desk.getMethod("builder").invoke(null);
    builder.getClass().getMethod("apiKey", String.class).invoke(builder, "test-key");
    for (Object implementation : implementations) {
      Class<?> type = implementation.getClass();
      Method setter = null;
      for (Method method : builder.getClass().getMethods()) {
        if (method.getName().equals("tools")
            && method.getParameterTypes()[0].isAssignableFrom(type)) {
          setter = method;
        }
      }
      setter.invoke(builder, implementation);
    }
    try {
      return builder.getClass().getMethod("build").invoke(builder);
    } catch (InvocationTargetException e) {
      throw e.getCause();
    }
  }

  private static String constant(String name) throws Exception {
    Field field =
        load("com.acme.ClaudeDesk").getDeclaredField(name);
    field.setAccessible(true);
    return (String) field.get(null);
  }

  private static Object newInstance(String name) throws Exception {
    return load(name).getConstructor().newInstance();
  }

  private static Class<?> load(String name) throws ClassNotFoundException {
    return loader.loadClass(name);
  }

  /** Runs a generated handler on a JSON input, as the runtime does, rethrowing what it threw. */
  private static String run(String handler, Object tools, String input) throws Throwable {
    Method method = load("com.acme.ClaudeDesk").getDeclaredMethod(handler, tools.getClass(),
        JsonIn.class);
    method.setAccessible(true);
    try {
      return JsonIn.parse(
          input,
          in -> {
            try {
              return (String) method.invoke(null, tools, in);
            } catch (InvocationTargetException e) {
              throw new Thrown(e.getCause());
            } catch (IllegalAccessException e) {
              throw new AssertionError(e);
            }
          });
    } catch (Thrown e) {
      throw e.getCause();
    }
  }

  /** Carries what a handler threw out of the reader, past the rest of the parse. */
  private static final class Thrown extends RuntimeException {
    private static final long serialVersionUID = 1L;

    Thrown(Throwable cause) {
      super(cause);
    }
  }

  @SuppressWarnings("unchecked")
  private static List<String> calls(Object tools) throws Exception {
    return (List<String>) tools.getClass().getField("calls").get(tools);
  }

  private static List<String> fieldNames(JsonNode node) {
    List<String> names = new java.util.ArrayList<>();
    node.fieldNames().forEachRemaining(names::add);
    return names;
  }

  private static void assertContains(String... snippets) {
    for (String snippet : snippets) {
      assertTrue(source.contains(snippet), () -> "missing:\n" + snippet + "\nin:\n" + source);
    }
  }
}
