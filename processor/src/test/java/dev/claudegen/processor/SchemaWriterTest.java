package dev.claudegen.processor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.palantir.javapoet.ClassName;
import com.palantir.javapoet.ParameterizedTypeName;
import com.palantir.javapoet.TypeName;
import java.io.IOException;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The JSON schema text of hand-built structured types. */
class SchemaWriterTest {

  static final ClassName TICKET = ClassName.get("com.acme", "Ticket");
  static final ClassName PRIORITY = ClassName.get("com.acme", "Priority");
  static final TypeName STRING = ClassName.get(String.class);

  static StructuredType.Scalar string() {
    return new StructuredType.Scalar(StructuredType.ScalarKind.STRING, STRING);
  }

  static StructuredType.ListType listOf(StructuredType element) {
    return new StructuredType.ListType(
        element, ParameterizedTypeName.get(ClassName.get(List.class), element.javaType().box()));
  }

  static StructuredType.EnumType priority() {
    return new StructuredType.EnumType(
        PRIORITY,
        List.of(
            new StructuredType.Constant("LOW", null),
            new StructuredType.Constant("HIGH", null)),
        null);
  }

  /** The example: record Ticket(String summary, Priority priority, ...). */
  static StructuredType.ObjectType ticket() {
    return new StructuredType.ObjectType(
        TICKET,
        List.of(
            new StructuredType.Property("summary", string(), false, "One line."),
            new StructuredType.Property("priority", priority(), false, null),
            new StructuredType.Property("tags", listOf(string()), false, null),
            new StructuredType.Property("customerId", string(), true, null)),
        "A support ticket.");
  }

  @Test
  void recordIsAnObjectWithItsComponentsInOrderAndTheNonOptionalOnesRequired() {
    assertEquals(
        "{\"type\":\"object\",\"description\":\"A support ticket.\",\"properties\":{"
            + "\"summary\":{\"type\":\"string\",\"description\":\"One line.\"},"
            + "\"priority\":{\"type\":\"string\",\"enum\":[\"LOW\",\"HIGH\"]},"
            + "\"tags\":{\"type\":\"array\",\"items\":{\"type\":\"string\"}},"
            + "\"customerId\":{\"type\":\"string\"}},"
            + "\"required\":[\"summary\",\"priority\",\"tags\"],"
            + "\"additionalProperties\":false}",
        SchemaWriter.compact(new StructuredType.Root(ticket(), null)));
  }

  @Test
  void enumRootIsWrappedInValueAndListRootInItems() {
    StructuredType.EnumType described =
        new StructuredType.EnumType(
            PRIORITY,
            List.of(
                new StructuredType.Constant("LOW", null),
                new StructuredType.Constant("HIGH", "Needs an answer today.")),
            "How urgent.");
    assertEquals(
        "{\"type\":\"object\",\"properties\":{\"value\":{\"type\":\"string\","
            + "\"description\":\"How urgent.\\nHIGH: Needs an answer today.\","
            + "\"enum\":[\"LOW\",\"HIGH\"]}},"
            + "\"required\":[\"value\"],\"additionalProperties\":false}",
        SchemaWriter.compact(new StructuredType.Root(described, "value")));
    // A property's description replaces the enum's, and still lists the constants'.
    StructuredType.ObjectType mail =
        new StructuredType.ObjectType(
            ClassName.get("com.acme", "Mail"),
            List.of(new StructuredType.Property("urgency", described, false, "How soon.")),
            null);
    assertTrue(
        SchemaWriter.compact(new StructuredType.Root(mail, null))
            .contains(
                "\"urgency\":{\"type\":\"string\","
                    + "\"description\":\"How soon.\\nHIGH: Needs an answer today.\","
                    + "\"enum\":[\"LOW\",\"HIGH\"]}"));
    StructuredType.ObjectType tag =
        new StructuredType.ObjectType(
            ClassName.get("com.acme", "Tag"),
            List.of(new StructuredType.Property("name", string(), false, null)),
            null);
    assertEquals(
        "{\"type\":\"object\",\"properties\":{\"items\":{\"type\":\"array\",\"items\":"
            + "{\"type\":\"object\",\"properties\":{\"name\":{\"type\":\"string\"}},"
            + "\"required\":[\"name\"],\"additionalProperties\":false}}},"
            + "\"required\":[\"items\"],\"additionalProperties\":false}",
        SchemaWriter.compact(new StructuredType.Root(listOf(tag), "items")));
  }

  @Test
  void scalarsCarryTheirFormatAndNumbersTheirJsonType() {
    StructuredType.ObjectType event =
        new StructuredType.ObjectType(
            ClassName.get("com.acme", "Event"),
            List.of(
                scalar("day", StructuredType.ScalarKind.LOCAL_DATE),
                scalar("at", StructuredType.ScalarKind.INSTANT),
                scalar("id", StructuredType.ScalarKind.UUID),
                scalar("link", StructuredType.ScalarKind.URI),
                scalar("count", StructuredType.ScalarKind.INT),
                scalar("score", StructuredType.ScalarKind.DOUBLE),
                scalar("done", StructuredType.ScalarKind.BOOLEAN)),
            null);
    assertEquals(
        "{\"type\":\"object\",\"properties\":{"
            + "\"day\":{\"type\":\"string\",\"format\":\"date\"},"
            + "\"at\":{\"type\":\"string\",\"format\":\"date-time\"},"
            + "\"id\":{\"type\":\"string\",\"format\":\"uuid\"},"
            + "\"link\":{\"type\":\"string\",\"format\":\"uri\"},"
            + "\"count\":{\"type\":\"integer\"},\"score\":{\"type\":\"number\"},"
            + "\"done\":{\"type\":\"boolean\"}},"
            + "\"required\":[\"day\",\"at\",\"id\",\"link\",\"count\",\"score\",\"done\"],"
            + "\"additionalProperties\":false}",
        SchemaWriter.compact(new StructuredType.Root(event, null)));
  }

  private static StructuredType.Property scalar(String name, StructuredType.ScalarKind kind) {
    return new StructuredType.Property(
        name, new StructuredType.Scalar(kind, TypeName.get(Object.class)), false, null);
  }

  @Test
  void recordUsedTwiceGoesToDefsOnceAndOneUsedOnceInsideItStaysInline() {
    StructuredType.ObjectType city =
        new StructuredType.ObjectType(
            ClassName.get("com.acme", "City"),
            List.of(new StructuredType.Property("name", string(), false, null)),
            null);
    StructuredType.ObjectType address =
        new StructuredType.ObjectType(
            ClassName.get("com.acme", "Address"),
            List.of(new StructuredType.Property("city", city, false, null)),
            null);
    StructuredType.ObjectType order =
        new StructuredType.ObjectType(
            ClassName.get("com.acme", "Order"),
            List.of(
                new StructuredType.Property("billing", address, false, "Where the bill goes."),
                new StructuredType.Property("shipping", address, true, null)),
            null);
    assertEquals(
        "{\"type\":\"object\",\"properties\":{"
            + "\"billing\":{\"$ref\":\"#/$defs/Address\",\"description\":\"Where the bill goes.\"},"
            + "\"shipping\":{\"$ref\":\"#/$defs/Address\"}},"
            + "\"required\":[\"billing\"],\"additionalProperties\":false,"
            + "\"$defs\":{\"Address\":{\"type\":\"object\",\"properties\":{\"city\":"
            + "{\"type\":\"object\",\"properties\":{\"name\":{\"type\":\"string\"}},"
            + "\"required\":[\"name\"],\"additionalProperties\":false}},"
            + "\"required\":[\"city\"],\"additionalProperties\":false}}}",
        SchemaWriter.compact(new StructuredType.Root(order, null)));
  }

  @Test
  void sharedRecordsOfOneSimpleNameGetDistinctDefNames() {
    StructuredType.ObjectType nestedA = named(ClassName.get("com.acme", "Shop", "Item"));
    StructuredType.ObjectType nestedB = named(ClassName.get("com.acme", "Stock", "Item"));
    StructuredType.ObjectType otherPackage = named(ClassName.get("org.other", "Shop", "Item"));
    StructuredType.ObjectType root =
        new StructuredType.ObjectType(
            ClassName.get("com.acme", "Basket"),
            List.of(
                new StructuredType.Property("a", nestedA, false, null),
                new StructuredType.Property("a2", nestedA, false, null),
                new StructuredType.Property("b", listOf(nestedB), false, null),
                new StructuredType.Property("b2", nestedB, false, null),
                new StructuredType.Property("c", otherPackage, false, null),
                new StructuredType.Property("c2", otherPackage, false, null)),
            null);
    StructuredType.Root rooted = new StructuredType.Root(root, null);
    Object defs = SchemaWriter.schema(rooted).get("$defs");
    assertEquals(
        List.of("com_acme_Shop_Item", "Stock_Item", "org_other_Shop_Item"),
        List.copyOf(((java.util.Map<?, ?>) defs).keySet()));
    String schema = SchemaWriter.compact(rooted);
    assertTrue(schema.contains("\"a2\":{\"$ref\":\"#/$defs/com_acme_Shop_Item\"}"), schema);
    assertTrue(
        schema.contains(
            "\"b\":{\"type\":\"array\",\"items\":{\"$ref\":\"#/$defs/Stock_Item\"}}"),
        schema);
  }

  private static StructuredType.ObjectType named(ClassName name) {
    return new StructuredType.ObjectType(
        name, List.of(new StructuredType.Property("n", string(), false, null)), null);
  }

  private static String between(String text, String before, String after) {
    int start = text.indexOf(before) + before.length();
    return text.substring(start, text.indexOf(after, start));
  }

  @Test
  void everyDescriptionIsJsonEscapedToAscii() throws IOException {
    // A backslash-u sequence in the text itself, written apart so this file's lexer keeps it.
    String text = "Say \"hi\" \\ */ \n\\" + "u000a tab\t \u00e9 \ud83d\ude00 \ud800 \u2028";
    StructuredType.ObjectType note =
        new StructuredType.ObjectType(
            ClassName.get("com.acme", "Note"),
            List.of(new StructuredType.Property("text", string(), false, text)),
            null);
    String schema = SchemaWriter.compact(new StructuredType.Root(note, null));
    assertEquals(
        "\"description\":\"Say \\\"hi\\\" \\\\ */ \\n\\\\u000a tab\\t \\u00e9 \\ud83d\\ude00"
            + " \\ud800 \\u2028\"",
        between(schema, "\"type\":\"string\",", "}},\"required\""));
    assertTrue(schema.chars().allMatch(c -> c >= ' ' && c <= '~'));
    // A JSON parser reads the text back, exactly, from the compact and the pretty form alike.
    StructuredType.Root root = new StructuredType.Root(note, null);
    JsonNode compact = JSON.readTree(schema);
    assertEquals(text, compact.at("/properties/text/description").textValue());
    assertEquals(compact, JSON.readTree(SchemaWriter.pretty(root)));
  }

  private static final ObjectMapper JSON = new ObjectMapper();

  @Test
  void compactLinesJoinToTheCompactTextWithOnePropertyALine() {
    StructuredType.Root root = new StructuredType.Root(ticket(), null);
    List<String> lines = SchemaWriter.compactLines(root);
    assertEquals(SchemaWriter.compact(root), String.join("", lines));
    assertEquals(
        List.of(
            "{",
            "\"type\":\"object\",",
            "\"description\":\"A support ticket.\",",
            "\"properties\":{",
            "\"summary\":{\"type\":\"string\",\"description\":\"One line.\"},",
            "\"priority\":{\"type\":\"string\",\"enum\":[\"LOW\",\"HIGH\"]},",
            "\"tags\":{\"type\":\"array\",\"items\":{\"type\":\"string\"}},",
            "\"customerId\":{\"type\":\"string\"}},",
            "\"required\":[\"summary\",\"priority\",\"tags\"],",
            "\"additionalProperties\":false}"),
        lines);
  }

  @Test
  void prettyIsIndentedByTwoWithShortListsOnOneLine() {
    StructuredType.ObjectType tag =
        new StructuredType.ObjectType(
            ClassName.get("com.acme", "Tag"),
            List.of(new StructuredType.Property("name", string(), false, null)),
            null);
    assertEquals(
        String.join(
            "\n",
            "{",
            "  \"type\": \"object\",",
            "  \"properties\": {",
            "    \"name\": {",
            "      \"type\": \"string\"",
            "    }",
            "  },",
            "  \"required\": [\"name\"],",
            "  \"additionalProperties\": false",
            "}"),
        SchemaWriter.pretty(new StructuredType.Root(tag, null)));
  }

  @Test
  void anObjectWithNoOptionalComponentAndOneWithNoneRequired() {
    StructuredType.ObjectType empty =
        new StructuredType.ObjectType(ClassName.get("com.acme", "Empty"), List.of(), null);
    assertEquals(
        "{\"type\":\"object\",\"properties\":{},\"required\":[],\"additionalProperties\":false}",
        SchemaWriter.compact(new StructuredType.Root(empty, null)));
  }
}
