package dev.claudegen.testing;

import static dev.claudegen.testing.SseClient.texts;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.InputStream;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Structured requests ({@code output_config.format}) against the default reply and scripts. */
class StructuredOutputTest {
  private static final String PERSON =
      """
      {"type": "object",
       "properties": {"name": {"type": "string"}, "nickname": {"type": "string"},
                      "age": {"type": "integer"}},
       "required": ["name", "age"], "additionalProperties": false}
      """;

  private FakeClaude claude;

  @BeforeEach
  void start() {
    claude = FakeClaude.start();
  }

  @AfterEach
  void stop() {
    claude.close();
  }

  /** A valid request body whose output format has {@code schema} (JSON text). */
  private static String body(String schema) throws Exception {
    ObjectNode format = Messages.MAPPER.createObjectNode().put("type", "json_schema");
    format.set("schema", Messages.MAPPER.readTree(schema));
    return withFormat(format);
  }

  private static String withFormat(JsonNode format) throws Exception {
    ObjectNode root =
        (ObjectNode) Messages.MAPPER.readTree(Messages.body("claude-sonnet-4-6", null, "Hi"));
    root.putObject("output_config").set("format", format);
    return root.toString();
  }

  /** The text the default reply sends for {@code schema}, after checking it is a 200. */
  private String instance(String schema) throws Exception {
    HttpResponse<String> response = Messages.post(claude.baseUrl(), body(schema));
    assertEquals(200, response.statusCode(), response.body());
    return Messages.text(response);
  }

  /** The error message of the 400 the default reply sends for {@code schema}. */
  private String refusal(String schema) throws Exception {
    HttpResponse<String> response = Messages.post(claude.baseUrl(), body(schema));
    assertEquals(400, response.statusCode(), response.body());
    assertEquals(
        "invalid_request_error",
        Messages.MAPPER.readTree(response.body()).get("error").get("type").asText());
    return Messages.errorMessage(response);
  }

  @Test
  void anObjectGetsItsRequiredPropertiesInSchemaOrderAndNoOptionalOnes() throws Exception {
    assertEquals("{\"name\":\"\",\"age\":0}", instance(PERSON));
  }

  @Test
  void scalarsGetTheirSmallestValues() throws Exception {
    assertEquals(
        "{\"s\":\"\",\"i\":0,\"n\":0,\"b\":false,\"z\":null}",
        instance(
            """
            {"type": "object", "additionalProperties": false,
             "properties": {"s": {"type": "string"}, "i": {"type": "integer"},
                            "n": {"type": "number"}, "b": {"type": "boolean"},
                            "z": {"type": "null"}},
             "required": ["s", "i", "n", "b", "z"]}
            """));
  }

  @Test
  void aNestedRecordSchemaFollowsItsDefsAndDefinitions() throws Exception {
    assertEquals(
        "{\"customer\":{\"name\":\"\",\"address\":{\"city\":\"\"}},\"total\":0}",
        instance(
            """
            {"type": "object", "additionalProperties": false,
             "properties": {"customer": {"$ref": "#/$defs/Customer"},
                            "total": {"type": "number"}},
             "required": ["customer", "total"],
             "$defs": {
               "Customer": {"type": "object", "additionalProperties": false,
                            "properties": {"name": {"type": "string"},
                                           "address": {"$ref": "#/definitions/Address"}},
                            "required": ["name", "address"]}},
             "definitions": {
               "Address": {"type": "object", "additionalProperties": false,
                           "properties": {"city": {"type": "string"}},
                           "required": ["city"]}}}
            """));
  }

  @Test
  void aListRootWrappedInAnObjectIsEmptyUnlessOneItemIsRequired() throws Exception {
    String items =
        """
        {"type": "object", "additionalProperties": false,
         "properties": {"items": {"type": "array", %s
                                  "items": {"$ref": "#/$defs/Task"}}},
         "required": ["items"],
         "$defs": {"Task": {"type": "object", "additionalProperties": false,
                            "properties": {"title": {"type": "string"},
                                           "done": {"type": "boolean"}},
                            "required": ["title", "done"]}}}
        """;
    assertEquals("{\"items\":[]}", instance(items.formatted("")));
    assertEquals("{\"items\":[]}", instance(items.formatted("\"minItems\": 0,")));
    assertEquals(
        "{\"items\":[{\"title\":\"\",\"done\":false}]}",
        instance(items.formatted("\"minItems\": 1,")));
  }

  @Test
  void enumsGiveTheirFirstValueAndConstItself() throws Exception {
    assertEquals(
        "{\"value\":\"BILLING\",\"n\":3,\"c\":\"fixed\"}",
        instance(
            """
            {"type": "object", "additionalProperties": false,
             "properties": {"value": {"type": "string", "enum": ["BILLING", "TECHNICAL"]},
                            "n": {"enum": [3, "x", null]},
                            "c": {"const": "fixed"}},
             "required": ["value", "n", "c"]}
            """));
  }

  @Test
  void unionsTakeTheirFirstBranchAndTypeArraysTheirFirstNonNullType() throws Exception {
    assertEquals(
        "{\"a\":0,\"b\":\"\",\"c\":null,\"d\":false}",
        instance(
            """
            {"type": "object", "additionalProperties": false,
             "properties": {"a": {"anyOf": [{"type": "integer"}, {"type": "string"}]},
                            "b": {"type": ["null", "string"]},
                            "c": {"type": ["null"]},
                            "d": {"type": ["boolean", "null"]}},
             "required": ["a", "b", "c", "d"]}
            """));
  }

  @Test
  void allOfMergesItsBranches() throws Exception {
    assertEquals(
        "{\"id\":\"\",\"size\":0}",
        instance(
            """
            {"allOf": [
               {"type": "object", "additionalProperties": false,
                "properties": {"id": {"type": "string"}}, "required": ["id"]},
               {"type": "object", "additionalProperties": false,
                "properties": {"size": {"type": "integer"}}, "required": ["size"]}]}
            """));
  }

  @ParameterizedTest
  @CsvSource({
    "date, 2026-01-01, \\d{4}-\\d{2}-\\d{2}",
    "date-time, 2026-01-01T00:00:00Z, .+T.+Z",
    "time, 00:00:00Z, \\d{2}:\\d{2}:\\d{2}Z",
    "duration, P1D, P.+",
    "email, user@example.com, [^@]+@[^@]+\\.[a-z]+",
    "hostname, example.com, [a-z]+\\.[a-z]+",
    "uri, https://example.com, https?://.+",
    "ipv4, 192.0.2.1, \\d+\\.\\d+\\.\\d+\\.\\d+",
    "ipv6, 2001:db8::1, [0-9a-f:]+",
    "uuid, 00000000-0000-4000-8000-000000000000, [0-9a-f]{8}-([0-9a-f]{4}-){3}[0-9a-f]{12}"
  })
  void formatsGetAFixedValidValue(String format, String value, String shape) throws Exception {
    String text =
        instance(
            """
            {"type": "object", "additionalProperties": false,
             "properties": {"v": {"type": "string", "format": "%s"}}, "required": ["v"]}
            """
                .formatted(format));

    String sent = Messages.MAPPER.readTree(text).get("v").asText();
    assertEquals(value, sent);
    assertTrue(Pattern.matches(shape, sent), sent);
  }

  @Test
  void patternsGetAShortMatch() throws Exception {
    String text =
        instance(
            """
            {"type": "object", "additionalProperties": false,
             "properties": {"code": {"type": "string", "pattern": "^[A-Z]{3}-\\\\d+$"},
                            "word": {"type": "string", "pattern": "^(yes|no)$"},
                            "any": {"type": "string", "pattern": "x*"}},
             "required": ["code", "word", "any"]}
            """);
    assertEquals("{\"code\":\"AAA-0\",\"word\":\"yes\",\"any\":\"\"}", text);
  }

  @Test
  void theBetaSpellingIsReadToo() throws Exception {
    ObjectNode root =
        (ObjectNode) Messages.MAPPER.readTree(Messages.body("claude-sonnet-4-6", null, "Hi"));
    root.putObject("output_format")
        .put("type", "json_schema")
        .set("schema", Messages.MAPPER.readTree(PERSON));
    HttpResponse<String> response = Messages.post(claude.baseUrl(), root.toString());

    assertEquals("{\"name\":\"\",\"age\":0}", Messages.text(response));
  }

  @Test
  void aRequestWithoutFormatStillGetsTheDefaultText() throws Exception {
    claude.defaultText("plain");
    HttpResponse<String> plain =
        Messages.post(claude.baseUrl(), Messages.body("claude-sonnet-4-6", null, "Hi"));

    assertEquals("plain", Messages.text(plain));
    assertEquals("{\"name\":\"\",\"age\":0}", instance(PERSON), "the schema wins over the text");
  }

  @Test
  void aStreamedStructuredRequestGetsTheInstanceAsTextDeltas() throws Exception {
    String schema =
        """
        {"type": "object", "additionalProperties": false,
         "properties": {"title": {"type": "string", "format": "date-time"},
                        "tags": {"type": "array", "items": {"type": "string"}, "minItems": 1}},
         "required": ["title", "tags"]}
        """;
    String streamed =
        ((ObjectNode) Messages.MAPPER.readTree(body(schema))).put("stream", true).toString();
    HttpResponse<InputStream> response = SseClient.open(claude.baseUrl(), streamed);
    List<SseClient.Event> events = SseClient.readAll(response.body());

    assertEquals(200, response.statusCode());
    String expected = "{\"title\":\"2026-01-01T00:00:00Z\",\"tags\":[\"\"]}";
    List<String> deltas = texts(events);
    assertEquals(expected, String.join("", deltas));
    // FakeClaude's usual split: no whitespace in compact JSON, so pieces of at most 32 chars.
    assertEquals(List.of(expected.substring(0, 32), expected.substring(32)), deltas);
    assertEquals("message_stop", events.get(events.size() - 1).name());
  }

  @Test
  void aScriptedSchemaInstanceTakesDeltaCharsAndAMaxTokensCut() throws Exception {
    claude.enqueue(
        FakeResponse.schemaInstance().withDeltaChars(4),
        FakeResponse.schemaInstance().withMaxTokensCut(9));
    String streamed =
        ((ObjectNode) Messages.MAPPER.readTree(body(PERSON))).put("stream", true).toString();

    List<SseClient.Event> events =
        SseClient.readAll(SseClient.open(claude.baseUrl(), streamed).body());
    assertEquals(List.of("{\"na", "me\":", "\"\",\"", "age\"", ":0}"), texts(events));

    HttpResponse<String> cut = Messages.post(claude.baseUrl(), body(PERSON));
    JsonNode json = Messages.MAPPER.readTree(cut.body());
    assertEquals("{\"name\":\"", json.get("content").get(0).get("text").asText());
    assertEquals("max_tokens", json.get("stop_reason").asText());
    claude.verifyAllUsed();
  }

  @Test
  void aScriptedSchemaInstanceForARequestWithoutFormatIsA400AndReported() throws Exception {
    claude.enqueue(FakeResponse.schemaInstance());
    HttpResponse<String> response =
        Messages.post(claude.baseUrl(), Messages.body("claude-sonnet-4-6", null, "Hi"));

    assertEquals(400, response.statusCode());
    assertTrue(
        Messages.errorMessage(response).contains("has no output_config.format"), response.body());
    AssertionError problem = assertThrows(AssertionError.class, claude::verifyAllUsed);
    assertTrue(problem.getMessage().contains("req_fake_000001"), problem.getMessage());
  }

  @Test
  void scriptedRepliesAreSentAsTheyAreToStructuredRequests() throws Exception {
    claude.enqueue(
        FakeResponse.text("not even JSON"),
        FakeResponse.text("{\"name\":\"Ada\",\"age\":36}").withStopReason("refusal"),
        FakeResponse.text("{\"name\":\"Ada\",\"age\":36}").withMaxTokensCut(12));

    assertEquals("not even JSON", instance(PERSON));
    HttpResponse<String> refused = Messages.post(claude.baseUrl(), body(PERSON));
    assertEquals("refusal", Messages.MAPPER.readTree(refused.body()).get("stop_reason").asText());
    assertEquals("{\"name\":\"Ada\",\"age\":36}", Messages.text(refused));
    HttpResponse<String> cut = Messages.post(claude.baseUrl(), body(PERSON));
    assertEquals("{\"name\":\"Ada", Messages.text(cut));
    assertEquals("max_tokens", Messages.MAPPER.readTree(cut.body()).get("stop_reason").asText());
  }

  @Test
  void aMaxTokensCutCountsCodePointsOverTheTextBlocks() throws Exception {
    claude.enqueue(
        FakeResponse.message("ab", "c\uD83D\uDE00d", "ef").withMaxTokensCut(4),
        FakeResponse.message("ab", "cd").withMaxTokensCut(0));

    JsonNode cut = Messages.MAPPER.readTree(Messages.post(claude.baseUrl(), body(PERSON)).body());
    assertEquals(
        "[{\"type\":\"text\",\"text\":\"ab\"},{\"type\":\"text\",\"text\":\"c\uD83D\uDE00\"}]",
        cut.get("content").toString(),
        "a surrogate pair is one code point, and is not split");
    JsonNode nothing =
        Messages.MAPPER.readTree(Messages.post(claude.baseUrl(), body(PERSON)).body());
    assertEquals("[{\"type\":\"text\",\"text\":\"\"}]", nothing.get("content").toString());
    assertEquals("max_tokens", nothing.get("stop_reason").asText());
  }

  @Test
  void theNewRepliesAreValuesWithReadableNamesAndCheckedArguments() {
    assertEquals(FakeResponse.schemaInstance(), FakeResponse.schemaInstance());
    assertFalse(FakeResponse.schemaInstance().equals(FakeResponse.text("")));
    assertFalse(FakeResponse.text("a").withMaxTokensCut(1).equals(FakeResponse.text("a")));
    assertEquals(
        FakeResponse.text("a").withMaxTokensCut(1).hashCode(),
        FakeResponse.text("a").withMaxTokensCut(1).hashCode());
    assertEquals(
        "FakeResponse{200 message [schema instance], stop_reason=max_tokens, cut at 5 chars}",
        FakeResponse.schemaInstance().withMaxTokensCut(5).toString());

    assertThrows(IllegalArgumentException.class, () -> FakeResponse.text("a").withMaxTokensCut(-1));
    assertThrows(
        IllegalStateException.class,
        () -> FakeResponse.error(500, "api_error", "x").withMaxTokensCut(1));
    assertThrows(
        IllegalStateException.class,
        () -> FakeResponse.blocks("{\"type\":\"text\",\"text\":\"a\"}").withMaxTokensCut(1));
    assertThrows(
        IllegalStateException.class, () -> FakeResponse.textDeltas("a", "b").withMaxTokensCut(1));
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = ';',
      value = {
        "^[A-Z]{2,4}$;AA",
        "^\\d{3}-\\d{4}$;000-0000",
        "^(?:ab|cd)+x?$;ab",
        "^[^a-z]$;0",
        "^\\w+@\\w+\\.com$;a@a.com",
        "^a.c\\.d\\s$;'aac.d '",
        "^[-_]+$;_",
      })
  void patternExamplesAreShortMatches(String regex, String example) {
    assertEquals(example, Patterns.example(regex));
    assertTrue(Pattern.compile(regex).matcher(example).find());
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {"(?<name>a)", "a{2", "[a-z", "\\p{L}", "a)"})
  void patternsOutsideTheSubsetGiveNoExample(String regex) {
    assertNull(Patterns.example(regex));
  }

  @Test
  void queuedRepliesAreNotChecked() throws Exception {
    claude.enqueue(FakeResponse.text("ok"));
    assertEquals("ok", instance("{\"type\": \"integer\", \"minimum\": 3}"));
  }

  @Test
  void aMalformedFormatIsRefused() throws Exception {
    assertEquals(
        "output_config.format.type: Input should be 'json_schema', got \"json\"",
        refusalOfFormat("{\"type\": \"json\", \"schema\": {\"type\": \"string\"}}"));
    assertEquals(
        "output_config.format.type: Field required",
        refusalOfFormat("{\"schema\": {\"type\": \"string\"}}"));
    assertEquals(
        "output_config.format.schema: Field required",
        refusalOfFormat("{\"type\": \"json_schema\"}"));
    assertEquals(
        "output_config.format.schema: Input should be an object",
        refusalOfFormat("{\"type\": \"json_schema\", \"schema\": \"string\"}"));
  }

  private String refusalOfFormat(String format) throws Exception {
    HttpResponse<String> response =
        Messages.post(claude.baseUrl(), withFormat(Messages.MAPPER.readTree(format)));
    assertEquals(400, response.statusCode(), response.body());
    return Messages.errorMessage(response);
  }

  @Test
  void anObjectMustSayAdditionalPropertiesFalse() throws Exception {
    assertEquals(
        "output_config.format.schema: For 'object' type, 'additionalProperties' must be"
            + " explicitly set to false (at #/properties/address)",
        refusal(
            """
            {"type": "object", "additionalProperties": false,
             "properties": {"address": {"type": "object",
                                        "properties": {"city": {"type": "string"}}}}}
            """));
    assertEquals(
        "output_config.format.schema: For 'object' type, 'additionalProperties' must be false,"
            + " got true (at #)",
        refusal("{\"type\": \"object\", \"additionalProperties\": true}"));
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "{\"type\": \"integer\", \"minimum\": 0}|For 'integer' type, property 'minimum' is not"
            + " supported (at #)",
        "{\"type\": \"number\", \"maximum\": 9}|For 'number' type, property 'maximum' is not"
            + " supported (at #)",
        "{\"type\": \"integer\", \"multipleOf\": 2}|For 'integer' type, property 'multipleOf' is"
            + " not supported (at #)",
        "{\"type\": \"string\", \"minLength\": 1}|For 'string' type, property 'minLength' is not"
            + " supported (at #)",
        "{\"type\": \"string\", \"maxLength\": 9}|For 'string' type, property 'maxLength' is not"
            + " supported (at #)",
        "{\"type\": \"array\", \"maxItems\": 3}|For 'array' type, property 'maxItems' is not"
            + " supported (at #)",
        "{\"type\": \"array\", \"minItems\": 2}|For 'array' type, property 'minItems' only"
            + " supports the values 0 and 1, got 2 (at #)",
        "{\"enum\": [{\"a\": 1}]}|complex types within 'enum' are not supported, got {\"a\":1}"
            + " (at #)",
        "{\"type\": \"string\", \"format\": \"phone\"}|For 'string' type, 'format' \"phone\" is"
            + " not supported; supported formats: date, date-time, duration, email, hostname,"
            + " ipv4, ipv6, time, uri, uuid (at #)",
        "{\"type\": \"string\", \"pattern\": \"(a)\\\\1\"}|'pattern' uses a backreference, which"
            + " is not supported (at #)",
        "{\"type\": \"string\", \"pattern\": \"a(?=b)\"}|'pattern' uses lookaround, which is not"
            + " supported (at #)",
        "{\"type\": \"decimal\"}|type \"decimal\" is not supported (at #)",
        "{\"type\": [\"null\", \"integer\"], \"minimum\": 0}|For 'integer' type, property"
            + " 'minimum' is not supported (at #)",
        "{\"type\": \"object\", \"additionalProperties\": false, \"properties\": {\"x\": false}}|"
            + "the schema false accepts no value (at #/properties/x)",
        "{\"$ref\": \"https://example.com/s.json\"}|external '$ref' is not supported:"
            + " 'https://example.com/s.json' (at #)",
        "{\"$ref\": \"#/$defs/Missing\"}|'$ref' #/$defs/Missing does not resolve to a definition"
            + " in the schema (at #)",
        "{\"allOf\": [{\"$ref\": \"#/$defs/A\"}], \"$defs\": {\"A\": {\"type\": \"string\"}}}|"
            + "'allOf' with '$ref' is not supported (at #/allOf/0)",
      })
  void unsupportedKeywordsAreRefusedByName(String schema, String message) throws Exception {
    assertEquals("output_config.format.schema: " + message, refusal(schema));
  }

  @Test
  void keywordsAreCheckedWhereverTheyAreEvenInUnusedDefinitions() throws Exception {
    assertEquals(
        "output_config.format.schema: For 'integer' type, property 'minimum' is not supported"
            + " (at #/properties/tags/items/anyOf/1)",
        refusal(
            """
            {"type": "object", "additionalProperties": false,
             "properties": {"tags": {"type": "array", "items": {"anyOf": [
                {"type": "string"}, {"type": "integer", "minimum": 1}]}}}}
            """));
    assertEquals(
        "output_config.format.schema: For 'string' type, property 'maxLength' is not supported"
            + " (at #/$defs/Unused)",
        refusal(
            """
            {"type": "string", "$defs": {"Unused": {"type": "string", "maxLength": 3}}}
            """));
  }

  @Test
  void recursiveSchemasAreRefused() throws Exception {
    assertEquals(
        "output_config.format.schema: recursive schemas are not supported: '$ref' #/$defs/Node"
            + " refers to itself (at #/$defs/Node/properties/children/items)",
        refusal(
            """
            {"$ref": "#/$defs/Node",
             "$defs": {"Node": {"type": "object", "additionalProperties": false,
                                "properties": {"children": {"type": "array",
                                                            "items": {"$ref": "#/$defs/Node"}}},
                                "required": ["children"]}}}
            """));
    assertTrue(
        refusal(
                """
                {"type": "object", "additionalProperties": false,
                 "properties": {"self": {"$ref": "#"}}}
                """)
            .startsWith("output_config.format.schema: recursive schemas are not supported"));
  }

  @Test
  void aSharedDefinitionIsNotRecursion() throws Exception {
    assertEquals(
        "{\"from\":{\"city\":\"\"},\"to\":{\"city\":\"\"}}",
        instance(
            """
            {"type": "object", "additionalProperties": false,
             "properties": {"from": {"$ref": "#/$defs/Place"}, "to": {"$ref": "#/$defs/Place"}},
             "required": ["from", "to"],
             "$defs": {"Place": {"type": "object", "additionalProperties": false,
                                 "properties": {"city": {"type": "string"}},
                                 "required": ["city"]}}}
            """));
  }

  @Test
  void aRequiredNameMustBeAProperty() throws Exception {
    assertEquals(
        "output_config.format.schema: required property 'id' is not in 'properties' (at #)",
        refusal("{\"type\": \"object\", \"additionalProperties\": false, \"required\": [\"id\"]}"));
  }

  @Test
  void tooManyOptionalPropertiesOrUnionsAreTooComplex() throws Exception {
    assertEquals(
        "{}",
        instance(objectOf(StructuredOutput.MAX_OPTIONAL_PROPERTIES, "{\"type\":\"string\"}")));
    assertEquals(
        "Schema is too complex for compilation: 25 optional properties (at most 24)",
        refusal(objectOf(StructuredOutput.MAX_OPTIONAL_PROPERTIES + 1, "{\"type\":\"string\"}")));

    String union = "{\"type\":[\"string\",\"null\"]}";
    assertEquals(
        "Schema is too complex for compilation: 17 union-typed schemas (at most 16)",
        refusal(objectOf(StructuredOutput.MAX_UNION_TYPES + 1, union)));
  }

  @Test
  void theLimitsCountTheStrictToolsToo() throws Exception {
    String twelve = objectOf(12, "{\"type\":\"string\"}");
    String tool =
        "{\"name\":\"t%d\",\"strict\":%b,\"input_schema\":" + twelve.replace("%", "%%") + "}";
    ObjectNode root =
        (ObjectNode) Messages.MAPPER.readTree(body(objectOf(1, "{\"type\":\"string\"}")));
    root.set(
        "tools",
        Messages.MAPPER.readTree(
            "[" + tool.formatted(1, true) + "," + tool.formatted(2, false) + "]"));
    HttpResponse<String> oneStrict = Messages.post(claude.baseUrl(), root.toString());
    assertEquals(200, oneStrict.statusCode(), "13 optional properties: " + oneStrict.body());

    root.set(
        "tools",
        Messages.MAPPER.readTree(
            "[" + tool.formatted(1, true) + "," + tool.formatted(2, true) + "]"));
    HttpResponse<String> twoStrict = Messages.post(claude.baseUrl(), root.toString());
    assertEquals(400, twoStrict.statusCode());
    assertEquals(
        "Schema is too complex for compilation: 25 optional properties over the output schema and"
            + " the strict tools (at most 24)",
        Messages.errorMessage(twoStrict));

    StringBuilder many = new StringBuilder("[");
    for (int i = 0; i <= StructuredOutput.MAX_STRICT_TOOLS; i++) {
      many.append(i == 0 ? "" : ",")
          .append("{\"name\":\"t")
          .append(i)
          .append("\",\"strict\":true,")
          .append("\"input_schema\":{\"type\":\"object\",\"additionalProperties\":false}}");
    }
    root.set("tools", Messages.MAPPER.readTree(many.append("]").toString()));
    HttpResponse<String> tooMany = Messages.post(claude.baseUrl(), root.toString());
    assertEquals(
        "Schema is too complex for compilation: 21 strict tools (at most 20)",
        Messages.errorMessage(tooMany));
  }

  /** An object of {@code count} optional properties, each with {@code schema}. */
  private static String objectOf(int count, String schema) {
    StringBuilder properties = new StringBuilder();
    for (int i = 0; i < count; i++) {
      properties.append(i == 0 ? "" : ",").append("\"p").append(i).append("\":").append(schema);
    }
    return "{\"type\":\"object\",\"additionalProperties\":false,\"properties\":{"
        + properties
        + "}}";
  }

  @Test
  void aPatternFakeClaudeCannotSatisfyIsRefusedWithAHint() throws Exception {
    String message =
        refusal(
            """
            {"type": "string", "format": "email", "pattern": "^[a-z]+$"}
            """);
    assertTrue(
        message.startsWith(
            "output_config.format.schema: FakeClaude cannot make a string that matches"
                + " 'pattern' \"^[a-z]+$\" and 'format' \"email\" (at #)"),
        message);
  }

  @Test
  void aStreamedRequestWithARefusedSchemaGetsAPlainHttpError() throws Exception {
    String streamed =
        ((ObjectNode) Messages.MAPPER.readTree(body("{\"type\": \"integer\", \"maximum\": 3}")))
            .put("stream", true)
            .toString();
    HttpResponse<String> response = SseClient.send(claude.baseUrl(), streamed);

    assertEquals(400, response.statusCode());
    assertEquals("application/json", response.headers().firstValue("content-type").orElse(null));
  }

  @Test
  void recordedRequestsShowTheSchemaSent() throws Exception {
    Messages.post(claude.baseUrl(), body(PERSON));
    Messages.post(claude.baseUrl(), Messages.body("claude-sonnet-4-6", null, "Hi"));

    RecordedRequest structured = claude.takeRequest();
    assertTrue(structured.hasOutputFormat());
    assertEquals(Messages.MAPPER.readTree(PERSON).toString(), structured.outputSchema());
    assertTrue(structured.outputSchema().startsWith("{\"type\":\"object\",\"properties\""));
    RecordedRequest plain = claude.takeRequest();
    assertFalse(plain.hasOutputFormat());
    assertNull(plain.outputSchema());
  }
}
