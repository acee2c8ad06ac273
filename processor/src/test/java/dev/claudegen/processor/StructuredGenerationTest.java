package dev.claudegen.processor;

import static com.google.testing.compile.CompilationSubject.assertThat;
import static com.google.testing.compile.Compiler.javac;
import static dev.claudegen.processor.Compiler.source;
import static dev.claudegen.processor.SchemaWriterTest.listOf;
import static dev.claudegen.processor.SchemaWriterTest.priority;
import static dev.claudegen.processor.SchemaWriterTest.ticket;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.testing.compile.Compilation;
import com.palantir.javapoet.ClassName;
import com.palantir.javapoet.TypeName;
import dev.claudegen.processor.ClientPlan.ReturnPlan.Mode;
import dev.claudegen.processor.ClientPlan.ReturnPlan.Structured;
import dev.claudegen.processor.PlannedGeneration.Returns;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.reflect.Field;
import java.net.URI;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import javax.tools.JavaFileObject;
import org.junit.jupiter.api.Test;

/**
 * What the generator writes for structured payloads, from hand-built plans: compiled with the
 * records and the runtime under every lint, warnings as errors.
 */
class StructuredGenerationTest {

  static final JavaFileObject TICKET =
      source(
          "com.acme.Ticket",
          "package com.acme;",
          "import java.util.List;",
          "import java.util.Optional;",
          "public record Ticket(",
          "    String summary, Priority priority, List<String> tags,",
          "    Optional<String> customerId) {}");

  static final JavaFileObject PRIORITY =
      source("com.acme.Priority", "package com.acme;", "public enum Priority { LOW, HIGH }");

  static final JavaFileObject ASSISTANT =
      source(
          "com.acme.Assistant",
          "package com.acme;",
          "import dev.claudegen.runtime.Parsed;",
          "import java.util.List;",
          "import java.util.concurrent.CompletableFuture;",
          "import java.util.stream.Stream;",
          "public interface Assistant {",
          "  Ticket triage(String mail);",
          "  CompletableFuture<Ticket> triageAsync(String mail);",
          "  Parsed<Ticket> triageWithReply(String mail);",
          "  CompletableFuture<Parsed<Ticket>> triageLater(String mail);",
          "  Stream<Ticket> triageAll(String mails);",
          "  Priority urgency(String mail);",
          "  List<Ticket> split(String mails);",
          "  String ask(String question);",
          "}");

  static Map<String, Returns> assistantPlans() {
    StructuredType.Root ticket = new StructuredType.Root(ticket(), null);
    StructuredType.Root tickets = new StructuredType.Root(listOf(ticket()), "items");
    return Map.of(
        "triage", new Returns(Mode.PLAIN, new Structured(ticket, false)),
        "triageAsync", new Returns(Mode.ASYNC, new Structured(ticket, false)),
        "triageWithReply", new Returns(Mode.PLAIN, new Structured(ticket, true)),
        "triageLater", new Returns(Mode.ASYNC, new Structured(ticket, true)),
        "triageAll", new Returns(Mode.ITEM_STREAM, new Structured(tickets, false)),
        "urgency",
            new Returns(
                Mode.PLAIN, new Structured(new StructuredType.Root(priority(), "value"), false)),
        "split", new Returns(Mode.PLAIN, new Structured(tickets, false)),
        "ask", new Returns(Mode.PLAIN, new ClientPlan.ReturnPlan.Text()));
  }

  static Compilation generate(String iface, Map<String, Returns> plans, JavaFileObject... sources) {
    return javac()
        .withProcessors(new PlannedGeneration(iface, plans))
        .withOptions("-Xlint:all", "-Werror")
        .compile(sources);
  }

  static String generated(Compilation compilation, String name) {
    try {
      return compilation.generatedSourceFile(name).orElseThrow().getCharContent(true).toString();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Test
  void everyStructuredShapeCompilesWithoutWarningsUnderEveryLint() {
    Compilation compilation =
        generate("com.acme.Assistant", assistantPlans(), TICKET, PRIORITY, ASSISTANT);
    assertThat(compilation).succeededWithoutWarnings();
  }

  @Test
  void theIssuesTicketGetsOneReaderWithASwitchAndTheEnumItsConstants() {
    String source =
        generated(
            generate("com.acme.Assistant", assistantPlans(), TICKET, PRIORITY, ASSISTANT),
            "com.acme.ClaudeAssistant");
    assertContains(
        source,
        "  private static final Priority[] PRIORITY_CONSTANTS = Priority.values();\n",
        "  /**\n"
            + "   * Reads a {@link Ticket} from the JSON object {@code in} is at.\n"
            + "   *\n"
            + "   * <p>Package-private so that tests and tools in this package can read JSON exactly"
            + " as the\n"
            + "   * client does, e.g. {@code JsonIn.parse(json, ClaudeAssistant::readTicket)}.\n"
            + "   */\n"
            + "  static Ticket readTicket(JsonIn in) {\n"
            + "    String summary = null;\n"
            + "    Priority priority = null;\n"
            + "    List<String> tags = null;\n"
            + "    Optional<String> customerId = Optional.empty();\n"
            + "    in.beginObject();\n"
            + "    for (String field = in.nextField(); field != null; field = in.nextField()) {\n"
            + "      switch (field) {\n"
            + "        case \"summary\" -> summary = in.readString();\n"
            + "        case \"priority\" -> priority = readPriority(in);\n"
            + "        case \"tags\" -> tags = in.readList(JsonIn::readString);\n"
            + "        case \"customerId\" -> customerId = in.readOptional(JsonIn::readString);\n"
            + "        default -> in.skipValue();\n"
            + "      }\n"
            + "    }\n"
            + "    Ticket ticket = new Ticket(in.required(summary, \"summary\"),"
            + " in.required(priority, \"priority\"),\n"
            + "        in.required(tags, \"tags\"), customerId);\n"
            + "    in.endObject();\n"
            + "    return ticket;\n"
            + "  }\n",
        "  static Priority readPriority(JsonIn in) {\n"
            + "    return in.readEnum(PRIORITY_CONSTANTS);\n"
            + "  }\n");
    assertTrue(source.indexOf("readTicket(JsonIn") == source.lastIndexOf("readTicket(JsonIn"));
  }

  @Test
  void methodsOfOneRootShareItsSchemaConstantAndEachShapeItsDecoder() {
    String source =
        generated(
            generate("com.acme.Assistant", assistantPlans(), TICKET, PRIORITY, ASSISTANT),
            "com.acme.ClaudeAssistant");
    assertContains(
        source,
        "  private static final String TICKET_SCHEMA = \"{\"\n"
            + "      + \"\\\"type\\\":\\\"object\\\",\"\n",
        "  private static final CallSpec TRIAGE = CallSpec.builder(\"Assistant.triage(String)\",\n"
            + "      \"claude-sonnet-4-6\", 1024)\n"
            + "      .outputSchema(TICKET_SCHEMA)\n",
        "  private static final CallSpec SPLIT = CallSpec.builder(\"Assistant.split(String)\",\n"
            + "      \"claude-sonnet-4-6\", 1024)\n"
            + "      .outputSchema(TICKET_LIST_SCHEMA)\n",
        "      .outputSchema(PRIORITY_SCHEMA)\n",
        "    this.triageCall = client.bind(TRIAGE, StructuredDecoder.of(\"Ticket\",\n"
            + "        ClaudeAssistant::readTicket));\n",
        "    this.triageWithReplyCall = client.bind(TRIAGE_WITH_REPLY,"
            + " StructuredDecoder.withReply(\"Ticket\",\n"
            + "        ClaudeAssistant::readTicket));\n",
        "  private final ClaudeCall<Parsed<Ticket>> triageLaterCall;\n",
        "    return this.triageLaterCall.callAsync(prompt);\n",
        "    this.urgencyCall = client.bind(URGENCY, StructuredDecoder.of(\"Priority\",\n"
            + "        in -> in.readWrapped(\"value\", ClaudeAssistant::readPriority)));\n",
        "    this.splitCall = client.bind(SPLIT, StructuredDecoder.of(\"List<Ticket>\",\n"
            + "        in -> in.readWrapped(\"items\","
            + " element -> element.readList(ClaudeAssistant::readTicket))));\n",
        "  private final ClaudeCall<List<Ticket>> triageAllCall;\n",
        "    return this.triageAllCall.streamItems(prompt, \"items\","
            + " ClaudeAssistant::readTicket);\n",
        "   * <p>Reads the reply's JSON into {@link Ticket} (schema: {@code TICKET_SCHEMA}).\n",
        "    this.askCall = client.bind(ASK, ReplyDecoder.TEXT);\n");
    assertTrue(
        source.indexOf("String TICKET_SCHEMA") == source.lastIndexOf("String TICKET_SCHEMA"),
        "one constant per root");
    // Static fields are declared before the specs that read them: no forward reference.
    assertTrue(source.indexOf("TICKET_SCHEMA =") < source.indexOf("CallSpec TRIAGE ="));
  }

  @Test
  void everyLineOfTheGeneratedFileFitsInOneHundredColumns() {
    String source =
        generated(
            generate("com.acme.Assistant", assistantPlans(), TICKET, PRIORITY, ASSISTANT),
            "com.acme.ClaudeAssistant");
    for (String line : source.split("\n")) {
      // The call spec's first line is the existing generator's, wrapped where JavaPoet may.
      if (!line.contains("CallSpec.builder(")) {
        assertTrue(line.length() <= 100, line);
      }
    }
  }

  @Test
  void aLongDescriptionIsCutBetweenWordsNotInsideOne() {
    String words =
        "Every ticket a customer writes to the support desk, with how urgent it is, what it is"
            + " about in one sentence, and the keywords a team routes it by";
    // Each shift moves where the column limit falls in the sentence.
    for (int shift = 0; shift < 12; shift++) {
      String description = "x".repeat(shift) + " " + words;
      StructuredType.ObjectType described =
          new StructuredType.ObjectType(ticket().javaType(), ticket().properties(), description);
      String literal =
          ClientGenerator.schemaLiteral(new StructuredType.Root(described, null)).toString();

      List<String> lines = List.of(literal.split("\n"));
      int line = 0;
      while (!lines.get(line).contains("description")) {
        line++;
      }
      int cuts = 0;
      // The description's last piece holds its closing quote, escaped: by\",
      for (; !lines.get(line).contains("by\\\","); line++, cuts++) {
        assertTrue(lines.get(line).endsWith(" \""), lines.get(line));
      }
      assertTrue(cuts >= 1, "the description fitted on one line");
      assertEquals(
          SchemaWriter.compact(new StructuredType.Root(described, null)),
          literalText(literal));
    }
  }

  /** The text a concatenation of string literals like {@code "a\"b"\n+ "c"} stands for. */
  private static String literalText(String concatenation) {
    StringBuilder text = new StringBuilder();
    boolean inside = false;
    for (int i = 0; i < concatenation.length(); i++) {
      char c = concatenation.charAt(i);
      if (c == '"') {
        inside = !inside;
      } else if (inside && c == '\\') {
        text.append(concatenation.charAt(++i));
      } else if (inside) {
        text.append(c);
      }
    }
    return text.toString();
  }

  @Test
  void scalarListsEnumStreamsParsedListsAndAnEmptyRecordCompileToo() {
    JavaFileObject extras =
        source(
            "com.acme.Extras",
            "package com.acme;",
            "import dev.claudegen.runtime.Parsed;",
            "import java.util.List;",
            "import java.util.concurrent.CompletableFuture;",
            "import java.util.stream.Stream;",
            "public interface Extras {",
            "  record Nothing() {}",
            "  Stream<Priority> levels(String text);",
            "  List<String> words(String text);",
            "  CompletableFuture<Parsed<List<Ticket>>> later(String text);",
            "  Parsed<Priority> rank(String text);",
            "  Nothing nothing(String text);",
            "}");
    StructuredType.ObjectType nothing =
        new StructuredType.ObjectType(
            ClassName.get("com.acme", "Extras", "Nothing"), List.of(), null);
    Map<String, Returns> plans =
        Map.of(
            "levels",
            new Returns(
                Mode.ITEM_STREAM,
                new Structured(new StructuredType.Root(listOf(priority()), "items"), false)),
            "words",
            new Returns(
                Mode.PLAIN,
                new Structured(
                    new StructuredType.Root(listOf(SchemaWriterTest.string()), "items"), false)),
            "later",
            new Returns(
                Mode.ASYNC,
                new Structured(new StructuredType.Root(listOf(ticket()), "items"), true)),
            "rank",
            new Returns(
                Mode.PLAIN, new Structured(new StructuredType.Root(priority(), "value"), true)),
            "nothing",
            new Returns(Mode.PLAIN, new Structured(new StructuredType.Root(nothing, null), false)));
    Compilation compilation = generate("com.acme.Extras", plans, TICKET, PRIORITY, extras);
    assertThat(compilation).succeededWithoutWarnings();
    assertContains(
        generated(compilation, "com.acme.ClaudeExtras"),
        "    return this.levelsCall.streamItems(prompt, \"items\", ClaudeExtras::readPriority);\n",
        "  private final ClaudeCall<List<Priority>> levelsCall;\n",
        "      .outputSchema(STRING_LIST_SCHEMA)\n",
        "    this.wordsCall = client.bind(WORDS, StructuredDecoder.of(\"List<String>\",\n"
            + "        in -> in.readWrapped(\"items\","
            + " element -> element.readList(JsonIn::readString))));\n",
        "  private final ClaudeCall<Parsed<List<Ticket>>> laterCall;\n",
        "StructuredDecoder.withReply(\"List<Ticket>\",",
        "  private final ClaudeCall<Parsed<Priority>> rankCall;\n",
        "StructuredDecoder.withReply(\"Priority\",",
        "  static Extras.Nothing readNothing(JsonIn in) {\n"
            + "    in.beginObject();\n"
            + "    for (String field = in.nextField(); field != null; field = in.nextField()) {\n"
            + "      in.skipValue();\n"
            + "    }\n"
            + "    Extras.Nothing nothing = new Extras.Nothing();\n",
        "   * <p>Returns at once, without blocking; the future completes with\n"
            + "   * a {@code List} of {@link Ticket} read from the reply's JSON,"
            + " in a {@link Parsed} with the reply,\n");
  }

  /** Records and components named to collide with everything the generated code names. */
  static final JavaFileObject[] ODD_SOURCES = {
    source(
        "com.acme.Shop",
        "package com.acme;",
        "import java.util.Optional;",
        "public final class Shop {",
        "  public record Item(String name, int count, Optional<Integer> limit) {}",
        "}"),
    source(
        "com.acme.Stock",
        "package com.acme;",
        "public final class Stock {",
        "  public record Item(long id, double weight, boolean fragile) {}",
        "}"),
    source("org.other.Item", "package org.other;", "public record Item(String name) {}"),
    source(
        "com.acme.Int",
        "package com.acme;",
        "import java.net.URI;",
        "import java.time.*;",
        "import java.util.*;",
        "public record Int(int value, String in, String field,",
        "    Optional<List<List<String>>> element,",
        "    String Optional, String java, String List, LocalDate day, OffsetDateTime at,",
        "    Instant when, UUID id, URI link, Shop.Item item) {}"),
    source(
        "com.acme.Basket",
        "package com.acme;",
        "import java.util.List;",
        "public record Basket(Shop.Item a, Stock.Item b, org.other.Item c, List<Shop.Item> more,",
        "    Int weird) {}"),
    source(
        "com.acme.Odd",
        "package com.acme;",
        "import java.util.stream.Stream;",
        "public interface Odd {",
        "  Basket pack(String list);",
        "  Stream<Stock.Item> items(String prompt);",
        "  String readItem(String in);",
        "}")
  };

  /** Every character a user's description may hold that could end a comment or a literal. */
  static final String NASTY =
      "Say \"hi\" */ \\" + "u000a \\" + "u002a/ @param <b> & {@code x} \u00e9\n";

  static Map<String, Returns> oddPlans() {
    StructuredType.ObjectType basket = (StructuredType.ObjectType) basket().type();
    StructuredType.ListType stocks = listOf(basket.properties().get(1).type());
    return Map.of(
        "pack", new Returns(Mode.PLAIN, new Structured(basket(), false)),
        "items",
            new Returns(
                Mode.ITEM_STREAM, new Structured(new StructuredType.Root(stocks, "items"), false)),
        "readItem", new Returns(Mode.PLAIN, new ClientPlan.ReturnPlan.Text()));
  }

  /** A Basket of every colliding name, with the nasty description on Shop.Item. */
  static StructuredType.Root basket() {
    ClassName shopItem = ClassName.get("com.acme", "Shop", "Item");
    ClassName stockItem = ClassName.get("com.acme", "Stock", "Item");
    StructuredType.ObjectType shop =
        object(
            shopItem,
            NASTY,
            property("name", scalar(StructuredType.ScalarKind.STRING, String.class), NASTY),
            property("count", scalar(StructuredType.ScalarKind.INT, int.class), null),
            optional("limit", scalar(StructuredType.ScalarKind.INT, Integer.class)));
    StructuredType.ObjectType stock =
        object(
            stockItem,
            null,
            property("id", scalar(StructuredType.ScalarKind.LONG, long.class), null),
            property("weight", scalar(StructuredType.ScalarKind.DOUBLE, double.class), null),
            property("fragile", scalar(StructuredType.ScalarKind.BOOLEAN, boolean.class), null));
    StructuredType.ObjectType other =
        object(
            ClassName.get("org.other", "Item"),
            null,
            property("name", scalar(StructuredType.ScalarKind.STRING, String.class), null));
    StructuredType.Scalar string = scalar(StructuredType.ScalarKind.STRING, String.class);
    StructuredType.ObjectType weird =
        object(
            ClassName.get("com.acme", "Int"),
            null,
            property("value", scalar(StructuredType.ScalarKind.INT, int.class), null),
            property("in", string, null),
            property("field", string, null),
            optional("element", listOf(listOf(string))),
            property("Optional", string, null),
            property("java", string, null),
            property("List", string, null),
            property("day", scalar(StructuredType.ScalarKind.LOCAL_DATE, LocalDate.class), null),
            property(
                "at",
                scalar(StructuredType.ScalarKind.OFFSET_DATE_TIME, OffsetDateTime.class),
                null),
            property("when", scalar(StructuredType.ScalarKind.INSTANT, Instant.class), null),
            property("id", scalar(StructuredType.ScalarKind.UUID, UUID.class), null),
            property("link", scalar(StructuredType.ScalarKind.URI, URI.class), null),
            property("item", shop, null));
    StructuredType.ObjectType basket =
        object(
            ClassName.get("com.acme", "Basket"),
            null,
            property("a", shop, null),
            property("b", stock, null),
            property("c", other, null),
            property("more", listOf(shop), null),
            property("weird", weird, null));
    return new StructuredType.Root(basket, null);
  }

  @Test
  void collidingNamesAndNastyDescriptionsStillCompileWithoutWarnings() throws Exception {
    Compilation compilation = generate("com.acme.Odd", oddPlans(), ODD_SOURCES);
    assertThat(compilation).succeededWithoutWarnings();
    String source = generated(compilation, "com.acme.ClaudeOdd");
    assertContains(
        source,
        // Same simple name: the interface's readItem is taken, so the first met gets its outer
        // class's name, and so does the next; the other package's Item gets a number.
        "  static Shop.Item readShopItem(JsonIn in) {\n",
        "  static Stock.Item readStockItem(JsonIn in) {\n",
        "  static Item readItem2(JsonIn in) {\n",
        "        case \"c\" -> c = readItem2(in);\n",
        "  static Int readInt(JsonIn in) {\n",
        // Locals that would obscure a name the body needs are renamed; the result of a record
        // whose decapitalized name is a keyword is "value" (here taken, so value2).
        "    Integer value = null;\n",
        "    String in2 = null;\n",
        "    String field2 = null;\n",
        "    Optional<List<List<String>>> element = Optional.empty();\n",
        "    String Optional2 = null;\n",
        "    String java2 = null;\n",
        "    String List2 = null;\n",
        "        case \"in\" -> in2 = in.readString();\n",
        "        case \"element\" -> element = in.readOptional(element2 ->"
            + " element2.readList(element3 ->\n"
            + "            element3.readList(JsonIn::readString)));\n",
        "        case \"day\" -> day = in.readLocalDate();\n",
        "        case \"item\" -> item = readShopItem(in);\n",
        "    Int value2 = new Int(in.required(value, \"value\"), in.required(in2, \"in\"),\n",
        "    return value2;\n",
        "        case \"more\" -> more = in.readList(ClaudeOdd::readShopItem);\n",
        "    return this.itemsCall.streamItems(prompt_, \"items\", ClaudeOdd::readStockItem);\n",
        // The description ends neither the javadoc nor the literal.
        "   *       \"description\": \"Say &#x5C;\"hi&#x5C;\" *&#x2F; &#x5C;&#x5C;u000a"
            + " &#x5C;&#x5C;u002a/ &#x40;param &#x3C;b&#x3E; &#x26; {&#x40;code x}"
            + " &#x5C;u00e9&#x5C;n\",\n");
    for (String line : source.split("\n")) {
      // A description is as long as its author wrote it: the javadoc shows it on one line.
      if (!line.contains("CallSpec.builder(") && !line.contains("\"description\": ")) {
        assertTrue(line.length() <= 100, line);
      }
    }
    // And the literal is the schema, char for char.
    Field schema = GeneratedClients.load(compilation, "com.acme.ClaudeOdd")
        .getDeclaredField("BASKET_SCHEMA");
    schema.setAccessible(true);
    assertEquals(SchemaWriter.compact(basket()), schema.get(null));
  }

  private static StructuredType.Scalar scalar(StructuredType.ScalarKind kind, Class<?> type) {
    return new StructuredType.Scalar(kind, TypeName.get(type));
  }

  private static StructuredType.ObjectType object(
      ClassName name, String description, StructuredType.Property... properties) {
    return new StructuredType.ObjectType(name, List.of(properties), description);
  }

  private static StructuredType.Property property(
      String name, StructuredType type, String description) {
    return new StructuredType.Property(name, type, false, description);
  }

  private static StructuredType.Property optional(String name, StructuredType type) {
    return new StructuredType.Property(name, type, true, null);
  }

  private static void assertContains(String source, String... snippets) {
    for (String snippet : snippets) {
      assertTrue(source.contains(snippet), () -> "missing:\n" + snippet + "\nin:\n" + source);
    }
  }
}
