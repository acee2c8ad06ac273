package dev.claudegen.processor;

import static com.google.testing.compile.CompilationSubject.assertThat;
import static dev.claudegen.processor.Compiler.source;
import static dev.claudegen.processor.StructuredGenerationTest.generate;
import static dev.claudegen.processor.StructuredGenerationTest.generated;
import static dev.claudegen.processor.ToolPlans.input;
import static dev.claudegen.processor.ToolPlans.property;
import static dev.claudegen.processor.ToolPlans.scalar;
import static dev.claudegen.processor.ToolPlans.string;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.testing.compile.Compilation;
import com.palantir.javapoet.ClassName;
import dev.claudegen.processor.ClientPlan.ReturnPlan.Mode;
import dev.claudegen.processor.PlannedGeneration.Returns;
import java.util.List;
import java.util.Map;
import javax.tools.JavaFileObject;
import org.junit.jupiter.api.Test;

/**
 * Tools types, tool methods, parameters and results named to collide with everything a generated
 * client with tools names: each still compiles without a warning under every lint.
 */
class ToolNamesAdversarialTest {

  private static final String PACKAGE = "com.acme";

  /** A tools class {@code name} with one tool method {@code method(params)} returning String. */
  private static JavaFileObject toolsClass(String name, String method, String params) {
    return source(
        PACKAGE + "." + name,
        "package com.acme;",
        "public class " + name + " {",
        "  public String " + method + "(" + params + ") {",
        "    return \"ok\";",
        "  }",
        "}");
  }

  private static final JavaFileObject[] SOURCES = {
    // The runtime's JsonOut and ToolBox must be qualified: the user has types of those names.
    source(
        "com.acme.JsonOut",
        "package com.acme;",
        "public record JsonOut(String out, int value, JsonOut.Inner inner) {",
        "  public record Inner(String field) {}",
        "}"),
    source(
        "com.acme.ToolBox",
        "package com.acme;",
        "public class ToolBox {",
        "  public JsonOut lookup(String in, String tools, String field, int dev, String input,",
        "      String result, String JsonIn, String Optional, String com) {",
        "    return new JsonOut(in, dev, null);",
        "  }",
        "}"),
    toolsClass("Dev", "lookup", "String dev"),
    toolsClass("In", "runLookup", "String in"),
    toolsClass("Client", "writeJsonOut", "String client"),
    toolsClass("Int", "create", "String builder"),
    source(
        "com.acme.Odd",
        "package com.acme;",
        "public interface Odd {",
        "  class Helpers {",
        "    public void help() {}",
        "  }",
        "  String runLookup(String q);",
        "  String writeJsonOut(String q);",
        "  String toolBox(String input);",
        "}")
  };

  private static final ClassName JSON_OUT = ClassName.get(PACKAGE, "JsonOut");

  private static ClientPlan.ToolType type(String name, ClientPlan.ToolPlan... tools) {
    return new ClientPlan.ToolType(null, ClassName.get(PACKAGE, name), List.of(tools));
  }

  private static ClientPlan.ToolPlan stringTool(
      String toolName, String type, String method, String parameter) {
    return new ClientPlan.ToolPlan(
        toolName,
        null,
        method,
        input(ClassName.get(PACKAGE, type), property(parameter, string(), null)),
        string());
  }

  private static ClientPlan.ToolsPlan tools() {
    StructuredType.ObjectType inner =
        new StructuredType.ObjectType(
            JSON_OUT.nestedClass("Inner"), List.of(property("field", string(), null)), null);
    StructuredType.ObjectType jsonOut =
        new StructuredType.ObjectType(
            JSON_OUT,
            List.of(
                property("out", string(), null),
                property("value", scalar(StructuredType.ScalarKind.INT, int.class), null),
                property("inner", inner, null)),
            null);
    ClassName toolBox = ClassName.get(PACKAGE, "ToolBox");
    ClientPlan.ToolPlan lookup =
        new ClientPlan.ToolPlan(
            "lookup",
            "Every name at once",
            "lookup",
            input(
                toolBox,
                property("in", string(), null),
                property("tools", string(), null),
                property("field", string(), null),
                property("dev", scalar(StructuredType.ScalarKind.INT, int.class), null),
                property("input", string(), null),
                property("result", string(), null),
                property("JsonIn", string(), null),
                property("Optional", string(), null),
                property("com", string(), null)),
            jsonOut);
    return new ClientPlan.ToolsPlan(
        List.of(
            type("ToolBox", lookup),
            type("Dev", stringTool("devLookup", "Dev", "lookup", "dev")),
            type("In", stringTool("runLookup", "In", "runLookup", "in")),
            type("Client", stringTool("writeJsonOut", "Client", "writeJsonOut", "client")),
            type("Int", stringTool("create", "Int", "create", "builder")),
            new ClientPlan.ToolType(
                null,
                ClassName.get(PACKAGE, "Odd", "Helpers"),
                List.of(
                    new ClientPlan.ToolPlan(
                        "help",
                        null,
                        "help",
                        input(ClassName.get(PACKAGE, "Odd", "Helpers")),
                        null)))),
        2,
        true);
  }

  @Test
  void collidingToolNamesStillCompileWithoutWarnings() {
    Map<String, Returns> plans =
        Map.of(
            "runLookup",
            new Returns(Mode.PLAIN, new ClientPlan.ReturnPlan.Text(), tools(), "5m"),
            "writeJsonOut",
            new Returns(Mode.PLAIN, new ClientPlan.ReturnPlan.Text(), tools(), null),
            "toolBox", new Returns(Mode.PLAIN, new ClientPlan.ReturnPlan.Text()));
    Compilation compilation = generate("com.acme.Odd", plans, SOURCES);
    assertThat(compilation).succeededWithoutWarnings();
    String source = generated(compilation, "com.acme.ClaudeOdd");
    assertContains(
        source,
        // Constructor parameters avoid the decoders' names and what they would obscure; the
        // user's ToolBox keeps its simple name, the runtime's is qualified.
        "  private ClaudeOdd(ClaudeClient client, ToolBox toolBox, Dev dev2, In inTools,",
        " Client clientTools,",
        " Int intTools, Odd.Helpers helpers) {\n",
        "    dev.claudegen.runtime.ToolBox toolBox2 = dev.claudegen.runtime.ToolBox.builder()\n",
        // Handlers take names no interface method has, numbered apart from each other.
        "private static String runLookup2(ToolBox tools, JsonIn in) throws Exception {",
        "private static String runLookup3(Dev tools, JsonIn in) throws Exception {",
        "private static String runRunLookup(In tools, JsonIn in) throws Exception {",
        "private static String runWriteJsonOut(Client tools, JsonIn in) throws Exception {",
        // Locals named after parameters step aside for the handler's own names.
        "    String in2 = null;\n",
        "    String tools2 = null;\n",
        "    String field2 = null;\n",
        "    Integer dev2 = null;\n",
        "    String JsonIn2 = null;\n",
        "    String Optional2 = null;\n",
        "    String com2 = null;\n",
        "    return dev.claudegen.runtime.JsonOut.write(tools.lookup(",
        "  static void writeJsonOut2(dev.claudegen.runtime.JsonOut out, JsonOut value) {\n",
        "    writeInner(out, value.inner());\n",
        "    public Builder tools(ToolBox toolBox) {\n",
        "    public Builder tools(Dev dev2) {\n",
        "      return new ClaudeOdd(buildClient(), this.toolBox, this.dev2, this.inTools,"
            + " this.clientTools,\n");
  }

  @Test
  void aToolResultNamedLikeARuntimeTypeIsWrittenAndReadBack() throws Exception {
    Map<String, Returns> plans =
        Map.of(
            "runLookup",
            new Returns(Mode.PLAIN, new ClientPlan.ReturnPlan.Text(), tools(), null),
            "writeJsonOut", new Returns(Mode.PLAIN, new ClientPlan.ReturnPlan.Text()),
            "toolBox", new Returns(Mode.PLAIN, new ClientPlan.ReturnPlan.Text()));
    Compilation compilation = generate("com.acme.Odd", plans, SOURCES);
    assertThat(compilation).succeededWithoutWarnings();
    ClassLoader loader =
        GeneratedClients.load(compilation, "com.acme.ClaudeOdd").getClassLoader();
    Class<?> client = loader.loadClass("com.acme.ClaudeOdd");
    Class<?> toolBox = loader.loadClass("com.acme.ToolBox");
    java.lang.reflect.Method handler =
        client.getDeclaredMethod("runLookup2", toolBox, dev.claudegen.runtime.JsonIn.class);
    handler.setAccessible(true);
    Object tools = toolBox.getConstructor().newInstance();
    String input =
        "{\"in\":\"a\",\"tools\":\"b\",\"field\":\"c\",\"dev\":4,\"input\":\"e\",\"result\":\"f\","
            + "\"JsonIn\":\"g\",\"Optional\":\"h\",\"com\":\"i\"}";
    Object result =
        dev.claudegen.runtime.JsonIn.parse(
            input,
            in -> {
              try {
                return handler.invoke(null, tools, in);
              } catch (ReflectiveOperationException e) {
                throw new AssertionError(e);
              }
            });
    assertEquals("{\"out\":\"a\",\"value\":4,\"inner\":null}", result);
  }

  @Test
  void throughTheProcessorCollidingNamesCompileWithoutWarnings() {
    JavaFileObject jsonOut =
        source(
            "com.acme.JsonOut",
            "package com.acme;",
            "public record JsonOut(String out, int value) {}");
    JavaFileObject client =
        source(
            "com.acme.Client",
            "package com.acme;",
            "import dev.claudegen.annotations.*;",
            "public class Client {",
            "  @Tool(\"Looks it up\")",
            "  public JsonOut runLookup(String in, String tools, String field, int dev) {",
            "    return new JsonOut(in, dev);",
            "  }",
            "  @Tool(value = \"Named like a member\", name = \"builder\")",
            "  public String create(String input) {",
            "    return input;",
            "  }",
            "}");
    JavaFileObject in =
        source(
            "com.acme.In",
            "package com.acme;",
            "import dev.claudegen.annotations.*;",
            "public interface In {",
            "  @Tool(value = \"Looks it up too\", name = \"lookupAgain\")",
            "  void runLookup(String client);",
            "}");
    JavaFileObject desk =
        source(
            "com.acme.Desk",
            "package com.acme;",
            "import dev.claudegen.annotations.*;",
            "@ClaudeEndpoint(model = \"claude-sonnet-4-6\", maxTokens = 64)",
            "@Tools({Client.class, In.class})",
            "public interface Desk {",
            "  String runLookup(String in);",
            "  String writeJsonOut(String client);",
            "}");
    Compilation compilation = Compiler.compile(jsonOut, client, in, desk);
    assertThat(compilation).succeededWithoutWarnings();
    assertContains(
        generated(compilation, "com.acme.ClaudeDesk"),
        "  private ClaudeDesk(ClaudeClient client, Client clientTools, In inTools) {\n",
        "        .add(\"builder\", input -> runCreate(clientTools, input))\n",
        "    return tools.create(in.required(input, \"input\"));\n",
        "    tools.runLookup(in.required(client, \"client\"));\n");
  }

  @Test
  void deprecatedToolsAndRecordsWarnOnlyWhereTheUsersSourceNamesThem() {
    JavaFileObject old =
        source("com.acme.Old", "package com.acme;", "@Deprecated public record Old(String a) {}");
    JavaFileObject gone =
        source(
            "com.acme.Gone",
            "package com.acme;",
            "@Deprecated(forRemoval = true) public enum Gone { A }");
    JavaFileObject tools =
        source(
            "com.acme.Legacy",
            "package com.acme;",
            "import dev.claudegen.annotations.*;",
            "@Deprecated",
            "public class Legacy {",
            "  @Deprecated",
            "  @Tool(\"Old\")",
            "  public Old old(Old old) {",
            "    return old;",
            "  }",
            "  @SuppressWarnings(\"removal\")",
            "  @Tool(\"Gone\")",
            "  public String gone(Gone gone) {",
            "    return \"\";",
            "  }",
            "}");
    JavaFileObject desk =
        source(
            "com.acme.Desk",
            "package com.acme;",
            "import dev.claudegen.annotations.*;",
            "@ClaudeEndpoint(model = \"claude-sonnet-4-6\", maxTokens = 64)",
            "@SuppressWarnings(\"deprecation\")",
            "@Tools(Legacy.class)",
            "public interface Desk {",
            "  String ask(String question);",
            "}");
    Compilation compilation = Compiler.compile(old, gone, tools, desk);
    assertThat(compilation).succeededWithoutWarnings();
    assertTrue(
        generated(compilation, "com.acme.ClaudeDesk")
            .contains("@SuppressWarnings({\"deprecation\", \"removal\"})\npublic final class"));
  }

  private static void assertContains(String source, String... snippets) {
    for (String snippet : snippets) {
      assertTrue(source.contains(snippet), () -> "missing:\n" + snippet + "\nin:\n" + source);
    }
  }
}
