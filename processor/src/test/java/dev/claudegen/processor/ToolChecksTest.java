package dev.claudegen.processor;

import static com.google.testing.compile.CompilationSubject.assertThat;
import static dev.claudegen.processor.Compiler.compile;
import static dev.claudegen.processor.Compiler.compileWithOneError;
import static dev.claudegen.processor.Compiler.source;
import static dev.claudegen.processor.StructuredOutputChecksTest.assertNoClaudegenError;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.testing.compile.Compilation;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import javax.tools.Diagnostic;
import javax.tools.JavaFileObject;
import javax.tools.StandardLocation;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code @Tools} listings and {@code @Tool} methods claudegen cannot send: each an error (or a
 * warning) on the value, method or parameter at fault, with what was found and the fix.
 */
class ToolChecksTest {

  @TempDir Path dir;

  /** {@code com.acme.Assistant}'s file: the given lines after the imports. */
  static JavaFileObject file(String... body) {
    String[] lines = new String[body.length + 3];
    lines[0] = "package com.acme;";
    lines[1] = "import dev.claudegen.annotations.*;";
    lines[2] = "import java.util.*;";
    System.arraycopy(body, 0, lines, 3, body.length);
    return source("com.acme.Assistant", lines);
  }

  /** An endpoint asking with the tools of {@code listed} ({@code @Tools}'s value as written). */
  static String[] endpoint(String listed) {
    return new String[] {
      "@ClaudeEndpoint(model = \"claude-sonnet-4-6\", maxTokens = 100)",
      "@Tools(" + listed + ")",
      "interface Assistant {",
      "  String ask(String q);",
      "}"
    };
  }

  static String[] concat(String[] first, String... more) {
    List<String> all = new ArrayList<>(List.of(first));
    all.addAll(List.of(more));
    return all.toArray(String[]::new);
  }

  @Test
  void correctToolsCompileWithoutAWarningUnderEveryLint() {
    JavaFileObject order =
        source("com.acme.Order", "package com.acme;", "import java.util.Optional;",
            "public record Order(String id, Optional<String> note) {}");
    JavaFileObject tools =
        source("com.acme.OrderTools", "package com.acme;", "import dev.claudegen.annotations.*;",
            "import java.util.*;",
            "public class OrderTools {",
            "  /** Looks up an order. */",
            "  @Tool",
            "  public Order lookupOrder(String orderId, Optional<Integer> version) {",
            "    return new Order(orderId, Optional.empty());",
            "  }",
            "  @Tool(\"Cancels an order\")",
            "  public void cancel(@Description(\"The order\") String orderId) {}",
            "  @Tool(value = \"Counts\", name = \"count-orders\")",
            "  public int count(List<Order> orders, boolean open) {",
            "    return orders.size();",
            "  }",
            "}");
    JavaFileObject clock =
        source("com.acme.Clock", "package com.acme;", "import dev.claudegen.annotations.*;",
            "public interface Clock {",
            "  @Description(\"The time now\")",
            "  @Tool",
            "  String now();",
            "}");
    JavaFileObject source =
        file(
            "@ClaudeEndpoint(model = \"claude-sonnet-4-6\", maxTokens = 100)",
            "@Tools(value = {OrderTools.class, Clock.class}, maxRounds = 2)",
            "interface Assistant {",
            "  String ask(String q);",
            "  java.util.concurrent.CompletableFuture<Order> order(String q);",
            "}");
    Compilation compilation = compile(order, tools, clock, source);
    assertThat(compilation).succeededWithoutWarnings();
  }

  @Test
  void aTypeWithoutToolMethodsIsAnErrorOnItsValue() {
    compileWithOneError(
        file(concat(new String[] {"class Helpers {", "  public String help() { return \"\"; }",
            "}"}, endpoint("Helpers.class"))),
        "[ClaudegenTools] @Tools lists Helpers, which has no @Tool method, so it gives Claude no"
            + " tool. Annotate the methods Claude may call with @Tool(\"what it does\"), or remove"
            + " Helpers from the list.",
        "@Tools(Helpers.class)");
  }

  @Test
  void anEmptyListIsAnError() {
    compileWithOneError(file(endpoint("{}")),
        "[ClaudegenTools] @Tools lists no type, so it gives Claude no tool.", "@Tools({})");
  }

  @Test
  void toolsOrCacheControlOnTheToolsClassItselfAreMisplaced() {
    JavaFileObject source =
        file(
            "@Tools(Clock.class)",
            "@CacheControl",
            "class Clock {",
            "  @Tool(\"The time now\")",
            "  public String now() { return \"\"; }",
            "}");
    Compilation compilation = compile(source);
    assertThat(compilation).hadErrorCount(2);
    assertThat(compilation)
        .hadErrorContaining("[ClaudegenMisplacedAnnotation] @Tools on Clock can have no effect:"
            + " Clock is a class, and claudegen reads its annotations only from interfaces. Remove"
            + " it, or move it to a @ClaudeEndpoint interface or its methods.")
        .inFile(source).onLineContaining("@Tools(Clock.class)");
    assertThat(compilation)
        .hadErrorContaining("[ClaudegenMisplacedAnnotation] @CacheControl on Clock can have no"
            + " effect: Clock is a class")
        .inFile(source).onLineContaining("@CacheControl");
  }

  @Test
  void aTypeListedTwiceIsAnErrorOnTheSecond() {
    compileWithOneError(
        file(concat(TOOLS, endpoint("{\n    Clock.class,\n    Clock.class /* again */}"))),
        "[ClaudegenTools] @Tools lists Clock twice; each type's tools are sent once.",
        "Clock.class /* again */");
  }

  static final String[] TOOLS = {
    "class Clock {",
    "  @Tool(\"The time now\")",
    "  public String now() { return \"\"; }",
    "}"
  };

  @Test
  void aGenericTypeIsAnError() {
    compileWithOneError(
        file(concat(new String[] {"class Box<T> {", "  @Tool(\"Opens\")",
            "  public String open() { return \"\"; }", "}"}, endpoint("Box.class"))),
        "[ClaudegenTools] @Tools lists Box, which has type parameters <T>; a tool's input schema"
            + " is written at compile time, for concrete types.",
        "@Tools(Box.class)");
  }

  @Test
  void anAnnotationTypeOrAPrimitiveIsAnError() {
    compileWithOneError(file(endpoint("Deprecated.class")),
        "[ClaudegenTools] @Tools lists Deprecated, which is an annotation type; it lists the"
            + " classes or interfaces whose @Tool methods Claude may call.",
        "@Tools(Deprecated.class)");
    compileWithOneError(file(endpoint("int.class")),
        "[ClaudegenTools] @Tools lists int, which is not a class or interface",
        "@Tools(int.class)");
  }

  @Test
  void aPrivateTypeIsAnError() {
    JavaFileObject source =
        file(
            "class Outer {",
            "  private static class Hidden {",
            "    @Tool(\"Hides\")",
            "    public String hide() { return \"\"; }",
            "  }",
            "  @ClaudeEndpoint(model = \"claude-sonnet-4-6\", maxTokens = 100)",
            "  @Tools(Hidden.class)",
            "  interface Assistant {",
            "    String ask(String q);",
            "  }",
            "}");
    compileWithOneError(source,
        "[ClaudegenTools] @Tools lists Outer.Hidden, but it is private, so the generated client"
            + " in package com.acme cannot call it. Make it public, or move it to the client's"
            + " package (and not private).",
        "@Tools(Hidden.class)");
  }

  @Test
  void aProtectedTypeOfAnotherPackageIsAnError() {
    JavaFileObject base =
        source("com.lib.Base", "package com.lib;", "import dev.claudegen.annotations.*;",
            "public class Base {",
            "  protected static class Helpers {",
            "    @Tool(\"Helps\")",
            "    public String help() { return \"\"; }",
            "  }",
            "}");
    JavaFileObject source =
        file(
            "class Outer extends com.lib.Base {",
            "  @ClaudeEndpoint(model = \"claude-sonnet-4-6\", maxTokens = 100)",
            "  @Tools(Helpers.class)",
            "  interface Assistant {",
            "    String ask(String q);",
            "  }",
            "}");
    Compilation compilation = compile(base, source);
    assertThat(compilation).hadErrorCount(1);
    assertThat(compilation)
        .hadErrorContaining("[ClaudegenTools] @Tools lists Base.Helpers, but it is not public, and"
            + " in package com.lib, so the generated client in package com.acme cannot call it.")
        .inFile(source).onLineContaining("@Tools(Helpers.class)");
  }

  @Test
  void aTypeJavacDoesNotLetTheInterfaceSeeIsJavacsError() {
    JavaFileObject tools =
        source("com.lib.LibTools", "package com.lib;", "import dev.claudegen.annotations.*;",
            "public class LibTools {",
            "  @Tool(\"Helps\")",
            "  public String help() { return \"\"; }",
            "  static class Inner {",
            "    @Tool(\"Helps inside\")",
            "    public String help() { return \"\"; }",
            "  }",
            "  public static Class<?> inner() { return Inner.class; }",
            "}");
    JavaFileObject source =
        file(
            "@ClaudeEndpoint(model = \"claude-sonnet-4-6\", maxTokens = 100)",
            "@Tools({com.lib.LibTools.class,",
            "    com.lib.LibTools.Inner.class})",
            "interface Assistant {",
            "  String ask(String q);",
            "}");
    Compilation compilation = compile(tools, source);
    // javac refuses the class literal itself: Inner is not visible from com.acme.
    assertThat(compilation).hadErrorContaining("Inner").inFile(source)
        .onLineContaining("com.lib.LibTools.Inner.class");
    assertNoClaudegenError(compilation, "ClaudegenInternal");
  }

  @Test
  void aNonPublicTypeOfAnotherPackageFromAClassFileIsAnError() throws IOException {
    Path classes =
        compileToClasses(List.of("-parameters"),
            source("com.lib.Hidden", "package com.lib;", "import dev.claudegen.annotations.*;",
                "class Hidden {",
                "  @Tool(\"Hides\")",
                "  public String hide(String what) { return what; }",
                "}"),
            source("com.lib.Shelf", "package com.lib;",
                "public class Shelf {",
                "  public static class Visible extends Hidden {}",
                "}"));
    JavaFileObject source =
        file(
            "@ClaudeEndpoint(model = \"claude-sonnet-4-6\", maxTokens = 100)",
            "@Tools(com.lib.Shelf.Visible.class)",
            "interface Assistant {",
            "  String ask(String q);",
            "}");
    // The inherited tool is declared in a class the client cannot name, but it calls it on
    // Visible, which it can: fine.
    Compilation compilation = compileOnClasspath(classes, source);
    assertNoClaudegenError(compilation, "Claudegen");
    assertThat(compilation).succeeded();
  }

  @Test
  void aClassFileCompiledWithoutParametersIsAnErrorSayingSo() throws IOException {
    Path classes =
        compileToClasses(List.of(),
            source("com.lib.OrderTools", "package com.lib;", "import dev.claudegen.annotations.*;",
                "public class OrderTools {",
                "  @Tool(\"Looks up an order\")",
                "  public String lookupOrder(String orderId) { return orderId; }",
                "}"));
    JavaFileObject source =
        file(
            "@ClaudeEndpoint(model = \"claude-sonnet-4-6\", maxTokens = 100)",
            "@Tools(com.lib.OrderTools.class)",
            "interface Assistant {",
            "  String ask(String q);",
            "}");
    Compilation compilation = compileOnClasspath(classes, source);
    assertThat(compilation).hadErrorCount(1);
    assertThat(compilation)
        .hadErrorContaining("[ClaudegenTools] @Tools lists OrderTools from a class file compiled"
            + " without -parameters: its tool methods' parameters read as arg0, arg1..., and those"
            + " would be the properties Claude sees. Compile OrderTools with -parameters")
        .inFile(source).onLineContaining("@Tools(com.lib.OrderTools.class)");
  }

  @Test
  void aClassFileCompiledWithParametersGivesItsTools() throws IOException {
    Path classes =
        compileToClasses(List.of("-parameters"),
            source("com.lib.OrderTools", "package com.lib;", "import dev.claudegen.annotations.*;",
                "public class OrderTools {",
                "  @Tool(\"Looks up an order\")",
                "  public String lookupOrder(String orderId) { return orderId; }",
                "}"));
    JavaFileObject source =
        file(
            "@ClaudeEndpoint(model = \"claude-sonnet-4-6\", maxTokens = 100)",
            "@Tools(com.lib.OrderTools.class)",
            "interface Assistant {",
            "  String ask(String q);",
            "}");
    PlanProbe probe = new PlanProbe();
    Compilation compilation = Probe.javacWithClasspath(classes).withProcessors(probe)
        .compile(source);
    assertThat(compilation).succeeded();
    ClientPlan.ToolPlan tool =
        probe.method("com.acme.Assistant", "ask").tools().types().get(0).tools().get(0);
    assertEquals("lookupOrder", tool.name());
    assertEquals("Looks up an order", tool.description());
    assertEquals(List.of("orderId"),
        tool.input().properties().stream().map(StructuredType.Property::name).toList());
  }

  @Test
  void aToolMethodProblemInAClassFileIsMarkedOnTheValueListingItsType() throws IOException {
    Path classes =
        compileToClasses(List.of("-parameters"),
            source("com.lib.OrderTools", "package com.lib;", "import dev.claudegen.annotations.*;",
                "public class OrderTools {",
                "  @Tool(\"Looks up an order\")",
                "  public static String lookupOrder(java.util.Map<String, String> query) {",
                "    return \"\";",
                "  }",
                "}"));
    JavaFileObject source =
        file(
            "@ClaudeEndpoint(model = \"claude-sonnet-4-6\", maxTokens = 100)",
            "@Tools(com.lib.OrderTools.class)",
            "interface Assistant {",
            "  String ask(String q);",
            "}");
    Compilation compilation = compileOnClasspath(classes, source);
    assertThat(compilation).hadErrorCount(2);
    assertThat(compilation)
        .hadErrorContaining("[ClaudegenTool] @Tool method OrderTools.lookupOrder is static")
        .inFile(source).onLineContaining("@Tools(com.lib.OrderTools.class)");
    assertThat(compilation)
        .hadErrorContaining("[ClaudegenStructuredType] parameter 'query' of tool lookupOrder"
            + " (marked on the @Tools value: the compiler cannot point at the class file): type"
            + " java.util.Map<java.lang.String,java.lang.String> has no JSON schema")
        .inFile(source).onLineContaining("@Tools(com.lib.OrderTools.class)");
  }

  @Test
  void aToolMethodThatIsNotPublicStaticOrGenericIsAnErrorOnTheMethod() {
    JavaFileObject source =
        file(concat(
            new String[] {
              "class OrderTools {",
              "  @Tool(\"a\")",
              "  String hidden() { return \"\"; }",
              "  @Tool(\"b\")",
              "  public static String shared() { return \"\"; }",
              "  @Tool(\"c\")",
              "  public <T> String generic() { return \"\"; }",
              "}"
            },
            endpoint("OrderTools.class")));
    Compilation compilation = compile(source);
    assertThat(compilation).hadErrorCount(3);
    assertThat(compilation)
        .hadErrorContaining("[ClaudegenTool] @Tool method OrderTools.hidden is not public, so the"
            + " generated client cannot call it. Make it public.")
        .inFile(source).onLineContaining("String hidden()");
    assertThat(compilation)
        .hadErrorContaining("[ClaudegenTool] @Tool method OrderTools.shared is static; the client"
            + " calls tools on the instance given to its builder.")
        .inFile(source).onLineContaining("String shared()");
    assertThat(compilation)
        .hadErrorContaining("[ClaudegenTool] @Tool method OrderTools.generic declares type"
            + " parameters")
        .inFile(source).onLineContaining("String generic()");
  }

  @Test
  void aResultNoSchemaCanExpressIsAnErrorOnTheMethod() {
    compileWithOneError(
        file(concat(new String[] {"class OrderTools {", "  @Tool(\"Finds\")",
            "  public Map<String, Integer> find(String q) { return null; }", "}"},
            endpoint("OrderTools.class"))),
        "[ClaudegenStructuredType] the result of tool find: type"
            + " java.util.Map<java.lang.String,java.lang.Integer> has no JSON schema claudegen can"
            + " write; a structured type is built of String, boolean, int",
        "public Map<String, Integer> find");
  }

  @Test
  void anOptionalResultIsAnErrorWithItsOwnAdvice() {
    compileWithOneError(
        file(concat(new String[] {"class OrderTools {", "  @Tool(\"Finds\")",
            "  public Optional<String> find(String q) { return null; }", "}"},
            endpoint("OrderTools.class"))),
        "[ClaudegenStructuredType] the result of tool find: type"
            + " java.util.Optional<java.lang.String> has no JSON schema claudegen can write; a"
            + " structured type is built of String, boolean, int, long, double and their boxes, an"
            + " enum, a record, List<T>, Optional<T> (an optional property), java.time.LocalDate,"
            + " OffsetDateTime, Instant, java.util.UUID and java.net.URI. A tool's result is sent"
            + " whole, so it has no optional part: return the value itself, or a String saying"
            + " that there is none.",
        "public Optional<String> find");
  }

  @Test
  void anInheritedEndpointMethodsToolsProblemIsMarkedOnTheEndpoint() {
    JavaFileObject base =
        source("com.acme.Base", "package com.acme;", "import dev.claudegen.annotations.*;",
            "interface Base {",
            "  @Tools(Helpers.class)",
            "  String ask(String q);",
            "}",
            "class Helpers {}");
    JavaFileObject source =
        file(
            "@ClaudeEndpoint(model = \"claude-sonnet-4-6\", maxTokens = 100)",
            "interface Assistant extends Base {",
            "}");
    Compilation compilation = compile(base, source);
    assertThat(compilation).hadErrorCount(1);
    assertThat(compilation)
        .hadErrorContaining("[ClaudegenTools] @Tools lists Helpers, which has no @Tool method")
        .inFile(source).onLineContaining("interface Assistant extends Base");
  }

  @Test
  void aParameterNoSchemaCanExpressIsAnErrorOnTheParameter() {
    compileWithOneError(
        file(concat(new String[] {"class OrderTools {", "  @Tool(\"Finds\")",
            "  public String find(String q,", "      float[] weights) { return null; }", "}"},
            endpoint("OrderTools.class"))),
        "[ClaudegenStructuredType] parameter 'weights' of tool find: type float[] has no JSON"
            + " schema claudegen can write; a structured type is built of String, boolean, int,"
            + " long, double and their boxes, an enum, a record, List<T>, Optional<T> (an optional"
            + " property), java.time.LocalDate, OffsetDateTime, Instant, java.util.UUID and"
            + " java.net.URI. Use List<T> instead of an array.",
        "float[] weights");
  }

  @Test
  void aRecursiveParameterRecordIsAnErrorOnItsComponent() {
    compileWithOneError(
        file(concat(new String[] {"record Node(String name,", "    List<Node> children) {}",
            "class Trees {", "  @Tool(\"Plants\")",
            "  public void plant(Node root) {}", "}"}, endpoint("Trees.class"))),
        "[ClaudegenRecursiveType] record Node contains itself (Node.children → Node)",
        "List<Node> children");
  }

  @Test
  void aToolNameTheApiRefusesIsAnErrorOnTheName() {
    compileWithOneError(
        file(concat(new String[] {"class OrderTools {",
            "  @Tool(value = \"Finds\", name = \"find order\")",
            "  public String find(String q) { return null; }", "}"},
            endpoint("OrderTools.class"))),
        "[ClaudegenToolName] tool name \"find order\" of OrderTools.find does not match"
            + " ^[a-zA-Z0-9_-]{1,64}$, so the API refuses it.",
        "name = \"find order\"");
    compileWithOneError(
        file(concat(new String[] {"class OrderTools {",
            "  @Tool(\"Finds\")",
            "  public String trouvé(String q) { return null; }", "}"},
            endpoint("OrderTools.class"))),
        "[ClaudegenToolName] tool name \"trouvé\" of OrderTools.trouvé (its method's name) does"
            + " not match ^[a-zA-Z0-9_-]{1,64}$",
        "public String trouvé");
  }

  @Test
  void twoToolsOfOneNameAreAnErrorOnTheSecond() {
    JavaFileObject source =
        file(concat(
            new String[] {
              "class OrderTools {",
              "  @Tool(\"Finds an order\")",
              "  public String find(String q) { return null; }",
              "}",
              "class UserTools {",
              "  @Tool(value = \"Finds a user\", name = \"find\")",
              "  public String findUser(String q) { return null; }",
              "}"
            },
            endpoint("{OrderTools.class, UserTools.class}")));
    compileWithOneError(source,
        "[ClaudegenToolName] @Tool method UserTools.findUser is named \"find\", like"
            + " OrderTools.find among the same call's tools; Claude calls a tool by its name, so"
            + " names are unique.",
        "name = \"find\")");
  }

  @Test
  void aToolWithoutDescriptionIsAWarning() {
    // In a file of its own: the generated client names the tools class in its signatures, where
    // javac warns of an auxiliary class (one in another class's file) whatever is suppressed.
    JavaFileObject tools = source("com.acme.OrderTools", "package com.acme;",
        "import dev.claudegen.annotations.*;", "public class OrderTools {", "  @Tool",
        "  public String find(String q) { return null; }", "}");
    Compilation compilation = Compiler.compile(tools, file(endpoint("OrderTools.class")));
    assertThat(compilation).succeeded();
    assertThat(compilation).hadWarningCount(1);
    assertThat(compilation)
        .hadWarningContaining(
            "[ClaudegenToolDescription] @Tool method OrderTools.find has no description: Claude"
                + " chooses tools by their descriptions.")
        .inFile(tools)
        .onLineContaining("public String find");
  }

  @Test
  void maxRoundsBelowOneIsAnErrorOnTheValue() {
    compileWithOneError(
        file(concat(TOOLS, endpoint("value = Clock.class, maxRounds = 0"))),
        "[ClaudegenTools] @Tools(maxRounds = 0) lets no tool run; it is the most times one call"
            + " runs tools before it fails, at least 1.",
        "maxRounds = 0");
  }

  @Test
  void moreThanTwentyStrictToolsAreAnError() {
    List<String> lines = new ArrayList<>(List.of("class Many {"));
    for (int i = 0; i < 21; i++) {
      lines.add("  @Tool(\"Tool " + i + "\") public void t" + i + "() {}");
    }
    lines.add("}");
    compileWithOneError(
        file(concat(lines.toArray(String[]::new), endpoint("Many.class"))),
        "[ClaudegenToolLimit] @Tools gives this call 21 strict tools, above the 20 the API accepts"
            + " in one request (the tools are sent with \"strict\": true because the model has"
            + " structured outputs, and the API refuses more strict tools).",
        "@Tools(Many.class)");
  }

  @Test
  void twentyOneToolsAreFineWhenNotStrict() throws IOException {
    Path catalog = dir.resolve("models.json");
    Files.writeString(catalog,
        "{\"models\": [{\"id\": \"acme-plain\", \"maxOutputTokens\": 1000}]}");
    // In a file of its own, as in aToolWithoutDescriptionIsAWarning.
    List<String> lines = new ArrayList<>(List.of("package com.acme;",
        "import dev.claudegen.annotations.*;", "public class Many {"));
    for (int i = 0; i < 21; i++) {
      lines.add("  @Tool(\"Tool " + i + "\") public void t" + i + "() {}");
    }
    lines.add("}");
    Compilation compilation =
        Compiler.compileWith(List.of("claudegen.models=" + catalog),
            source("com.acme.Many", lines.toArray(String[]::new)),
            file("@ClaudeEndpoint(model = \"acme-plain\", maxTokens = 100)", "@Tools(Many.class)",
                "interface Assistant {", "  String ask(String q);", "}"));
    assertThat(compilation).succeededWithoutWarnings();
  }

  @Test
  void optionalPropertiesOverTheLimitCountTheToolsAndTheOutput() {
    StringBuilder params = new StringBuilder();
    for (int i = 0; i < 20; i++) {
      params.append(i == 0 ? "" : ", ").append("Optional<String> p").append(i);
    }
    JavaFileObject source =
        file(
            "record Answer(Optional<String> a, Optional<String> b, Optional<String> c) {}",
            "class Wide {",
            "  @Tool(\"Wide\")",
            "  public void wide(" + params + ") {}",
            "  @Tool(\"Narrow\")",
            "  public void narrow(Optional<Integer> x, Optional<Integer> y) {}",
            "}",
            "@ClaudeEndpoint(model = \"claude-sonnet-4-6\", maxTokens = 100)",
            "@Tools(Wide.class)",
            "interface Assistant {",
            "  String ask(String q);",
            "  Answer answer(String q);",
            "}");
    Compilation compilation = compile(source);
    assertThat(compilation).hadErrorCount(1);
    assertThat(compilation)
        .hadErrorContaining("[ClaudegenToolLimit] the tools of this call (with its structured"
            + " output) have 25 optional properties (the output 3, wide 20, narrow 2), above the"
            + " 24 the API accepts over the strict schemas of one request")
        .inFile(source).onLineContaining("@Tools(Wide.class)");
  }

  @Test
  void toolsOnAStreamingMethodAreAnErrorOnTheMethod() {
    JavaFileObject source =
        file(concat(TOOLS,
            "@ClaudeEndpoint(model = \"claude-sonnet-4-6\", maxTokens = 100)",
            "interface Assistant {",
            "  @Tools(Clock.class)",
            "  java.util.stream.Stream<String> ask(String q);",
            "}"));
    compileWithOneError(source,
        "[ClaudegenTools] Assistant.ask(String) streams its reply"
            + " (java.util.stream.Stream<java.lang.String>), and a streamed call cannot stop to"
            + " run tools.",
        "Stream<String> ask");
  }

  @Test
  void anInterfaceListingProblemIsReportedOnceForAllItsMethods() {
    JavaFileObject source =
        file(
            "class Helpers {}",
            "@ClaudeEndpoint(model = \"claude-sonnet-4-6\", maxTokens = 100)",
            "@Tools(Helpers.class)",
            "interface Assistant {",
            "  String ask(String q);",
            "  String tell(String q);",
            "}");
    compileWithOneError(source, "[ClaudegenTools] @Tools lists Helpers, which has no @Tool",
        "@Tools(Helpers.class)");
  }

  @Test
  void aListedTypeThatDoesNotExistIsJavacsErrorAndNoCrash() {
    JavaFileObject source = file(endpoint("Missing.class"));
    Compilation compilation = compile(source);
    assertThat(compilation).failed();
    assertThat(compilation).hadErrorContaining("Missing").inFile(source)
        .onLineContaining("@Tools(Missing.class)");
    assertOnlyJavacErrors(compilation, "Missing");
  }

  @Test
  void aParameterTypeThatDoesNotExistIsJavacsErrorAndNoCrash() {
    JavaFileObject source =
        file(concat(new String[] {"class OrderTools {", "  @Tool(\"Finds\")",
            "  public String find(Nowhere q) { return null; }", "}"},
            endpoint("OrderTools.class")));
    Compilation compilation = compile(source);
    assertThat(compilation).failed();
    assertThat(compilation).hadErrorContaining("cannot find symbol").inFile(source)
        .onLineContaining("Nowhere q");
    assertOnlyJavacErrors(compilation, "Nowhere");
  }

  @Test
  void aToolsTypeAnotherProcessorGeneratesIsAwaited() {
    JavaFileObject source = file(endpoint("Generated.class"));
    Compilation compilation =
        com.google.testing.compile.Compiler.javac()
            .withProcessors(
                new SourceWritingProcessor("com.acme.Generated",
                    "package com.acme;\nimport dev.claudegen.annotations.*;\n"
                        + "public class Generated {\n  @Tool(\"Helps\")\n"
                        + "  public String help() { return \"\"; }\n}\n"),
                Compiler.processor())
            .withOptions("-Aclaudegen.today=" + Compiler.TODAY)
            .compile(source);
    assertNoClaudegenError(compilation, "Claudegen");
    assertTrue(compilation.generatedSourceFile("com.acme.ClaudeAssistant").isPresent());
  }

  /**
   * Errors, but none of claudegen's except that the client was not generated for want of {@code
   * missing}: javac has said what is wrong.
   */
  static void assertOnlyJavacErrors(Compilation compilation, String missing) {
    List<String> ours = new ArrayList<>();
    for (Diagnostic<? extends JavaFileObject> diagnostic : compilation.diagnostics()) {
      String text = diagnostic.getMessage(Locale.ROOT);
      if (text.contains("[Claudegen") && !text.equals("[ClaudegenMissingTypes] com.acme.Assistant"
          + " was not generated because these types it uses could not be found: " + missing
          + ".")) {
        ours.add(text);
      }
    }
    assertEquals(List.of(), ours);
  }

  private Compilation compileOnClasspath(Path classes, JavaFileObject... sources) {
    return Probe.javacWithClasspath(classes).withProcessors(Compiler.processor())
        .withOptions("-Aclaudegen.today=" + Compiler.TODAY).compile(sources);
  }

  /** Compiles the sources with javac's {@code options} into class files under {@code dir}. */
  private Path compileToClasses(List<String> options, JavaFileObject... sources)
      throws IOException {
    Compilation compilation =
        com.google.testing.compile.Compiler.javac().withOptions(options).compile(sources);
    assertThat(compilation).succeeded();
    Path classes = dir.resolve("classes");
    for (JavaFileObject file : compilation.generatedFiles()) {
      if (file.getKind() != JavaFileObject.Kind.CLASS) {
        continue;
      }
      String path = file.toUri().getPath();
      String output = StandardLocation.CLASS_OUTPUT.getName();
      Path target = classes.resolve(path.substring(path.indexOf(output) + output.length() + 1));
      Files.createDirectories(target.getParent());
      try (InputStream in = file.openInputStream()) {
        Files.copy(in, target);
      }
    }
    return classes;
  }
}
