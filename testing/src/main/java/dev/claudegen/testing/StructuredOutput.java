package dev.claudegen.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.NullNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * The structured-output side of the fake API: reads a request's {@code output_config.format},
 * rejects the schemas the real API rejects (with a message naming the keyword and where it is), and
 * makes the smallest JSON instance that fits an accepted schema, which is the text of the default
 * reply to a structured request.
 *
 * <p>The rules are those of the API's supported subset: objects must say {@code
 * "additionalProperties": false}; numeric bounds, string lengths and array constraints past {@code
 * minItems} 0 or 1 are refused; {@code $ref} is internal only and never recursive; enums hold
 * primitives only; string formats are the ten the API knows.
 */
final class StructuredOutput {
  /** Most optional properties, summed over the schema, that the API compiles. */
  static final int MAX_OPTIONAL_PROPERTIES = 24;

  /** Most union-typed schemas ({@code anyOf} or a {@code type} array) that the API compiles. */
  static final int MAX_UNION_TYPES = 16;

  /** Most strict tools ({@code "strict": true}) in one request with an output schema. */
  static final int MAX_STRICT_TOOLS = 20;

  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
  private static final String WHERE = "output_config.format";
  private static final Set<String> TYPES =
      Set.of("object", "array", "string", "integer", "number", "boolean", "null");

  // One fixed value per supported format, each valid for it, so that replies are deterministic.
  private static final Map<String, String> FORMAT_VALUES =
      Map.of(
          "date-time", "2026-01-01T00:00:00Z",
          "time", "00:00:00Z",
          "date", "2026-01-01",
          "duration", "P1D",
          "email", "user@example.com",
          "hostname", "example.com",
          "uri", "https://example.com",
          "ipv4", "192.0.2.1",
          "ipv6", "2001:db8::1",
          "uuid", "00000000-0000-4000-8000-000000000000");

  // Constraints the API refuses ("not supported", each with a 400 "with details").
  private static final List<String> UNSUPPORTED =
      List.of(
          "minimum",
          "maximum",
          "exclusiveMinimum",
          "exclusiveMaximum",
          "multipleOf",
          "minLength",
          "maxLength",
          "maxItems",
          "uniqueItems",
          "contains",
          "minContains",
          "maxContains",
          "minProperties",
          "maxProperties");

  // Regex features outside the API's pattern subset.
  private static final Pattern BACKREFERENCE = Pattern.compile("\\\\([1-9]|k<)");
  private static final Pattern LOOKAROUND = Pattern.compile("\\(\\?(=|!|<=|<!)");
  private static final Pattern WORD_BOUNDARY = Pattern.compile("\\\\[bB]");

  /** Why a schema is refused, with the message the client gets in its 400. */
  static final class SchemaException extends Exception {
    private static final long serialVersionUID = 1L;

    SchemaException(String message) {
      super(message, null, false, false);
    }
  }

  private StructuredOutput() {}

  /**
   * The request's output format: {@code output_config.format}, or the beta spelling {@code
   * output_format}; {@code null} if the body (possibly {@code null}) has neither.
   */
  static JsonNode format(JsonNode body) {
    if (body == null || !body.isObject()) {
      return null;
    }
    JsonNode config = body.get("output_config");
    if (config != null && config.isObject() && config.has("format")) {
      return config.get("format");
    }
    return body.get("output_format");
  }

  /**
   * The compact JSON text of the smallest instance of the schema of a request's output format.
   *
   * @param body the request's body, which has an output format
   * @throws SchemaException if the API would refuse the format, or FakeClaude cannot read it
   */
  static String minimalInstance(JsonNode body) throws SchemaException {
    JsonNode schema = check(format(body));
    limitComplexity(body, schema);
    return new Generator(schema).instance(schema, "#").toString();
  }

  /**
   * Applies the API's complexity limits, which count over the output schema ({@code null}: none)
   * and the input schemas of the strict tools together.
   */
  static void limitComplexity(JsonNode body, JsonNode schema) throws SchemaException {
    Complexity complexity = new Complexity();
    if (schema != null) {
      complexity.count(schema);
    }
    int strictTools = 0;
    JsonNode tools = body.get("tools");
    if (tools != null && tools.isArray()) {
      for (JsonNode tool : tools) {
        if (tool.path("strict").asBoolean(false)) {
          strictTools++;
          complexity.count(tool.path("input_schema"));
        }
      }
    }
    if (strictTools > MAX_STRICT_TOOLS) {
      throw new SchemaException(
          "Schema is too complex for compilation: "
              + strictTools
              + " strict tools (at most "
              + MAX_STRICT_TOOLS
              + ")");
    }
    String over =
        strictTools == 0
            ? ""
            : schema == null
                ? " over the strict tools"
                : " over the output schema and the strict tools";
    if (complexity.optional > MAX_OPTIONAL_PROPERTIES) {
      throw new SchemaException(
          "Schema is too complex for compilation: "
              + complexity.optional
              + " optional properties"
              + over
              + " (at most "
              + MAX_OPTIONAL_PROPERTIES
              + ")");
    }
    if (complexity.unions > MAX_UNION_TYPES) {
      throw new SchemaException(
          "Schema is too complex for compilation: "
              + complexity.unions
              + " union-typed schemas"
              + over
              + " (at most "
              + MAX_UNION_TYPES
              + ")");
    }
  }

  /**
   * Checks a format as the API does before it runs the model, but for the complexity limits.
   *
   * @return its schema
   */
  static JsonNode check(JsonNode format) throws SchemaException {
    if (!format.isObject()) {
      throw new SchemaException(WHERE + ": Input should be an object");
    }
    JsonNode type = format.get("type");
    if (type == null) {
      throw new SchemaException(WHERE + ".type: Field required");
    }
    if (!type.isTextual() || !type.asText().equals("json_schema")) {
      throw new SchemaException(WHERE + ".type: Input should be 'json_schema', got " + type);
    }
    JsonNode schema = format.get("schema");
    if (schema == null) {
      throw new SchemaException(WHERE + ".schema: Field required");
    }
    if (!schema.isObject()) {
      throw new SchemaException(WHERE + ".schema: Input should be an object");
    }
    checkSchema(schema, WHERE + ".schema");
    return schema;
  }

  /**
   * Checks a schema as the API checks strict ones, but for the complexity limits.
   *
   * @param where where it is in the request, for messages, e.g. {@code tools.0.input_schema}
   */
  static void checkSchema(JsonNode schema, String where) throws SchemaException {
    Checker checker = new Checker(schema, where);
    checker.check(schema, "#");
    checker.checkDefinitions();
  }

  /** The schema a {@code $ref} points at, or {@code null} if it points nowhere. */
  private static JsonNode resolve(JsonNode root, String ref) {
    if (ref.equals("#")) {
      return root;
    }
    if (!ref.startsWith("#/")) {
      return null;
    }
    JsonNode target = root.at(ref.substring(1));
    return target.isMissingNode() ? null : target;
  }

  /** Walks a schema and its references as the API's validation does. */
  private static final class Checker {
    private final JsonNode root;
    private final String where;
    private final Deque<String> expanding = new ArrayDeque<>();
    private final Set<String> checkedRefs = new HashSet<>();

    Checker(JsonNode root, String where) {
      this.root = root;
      this.where = where;
    }

    private SchemaException invalid(String path, String problem) {
      return new SchemaException(where + ": " + problem + " (at " + path + ")");
    }

    /** Checks the definitions too, used or not, each as the target of a reference to it. */
    void checkDefinitions() throws SchemaException {
      for (String container : List.of("$defs", "definitions")) {
        JsonNode defs = root.get(container);
        if (defs == null) {
          continue;
        }
        if (!defs.isObject()) {
          throw invalid("#/" + container, "'" + container + "' must be an object");
        }
        for (Iterator<String> names = defs.fieldNames(); names.hasNext(); ) {
          String ref = "#/" + container + "/" + escape(names.next());
          follow(ref, ref);
        }
      }
    }

    void check(JsonNode schema, String path) throws SchemaException {
      if (schema.isBoolean()) {
        if (!schema.booleanValue()) {
          throw invalid(path, "the schema false accepts no value");
        }
        return;
      }
      if (!schema.isObject()) {
        throw invalid(path, "a schema must be an object");
      }
      JsonNode ref = schema.get("$ref");
      if (ref != null) {
        if (!ref.isTextual()) {
          throw invalid(path, "'$ref' must be a string");
        }
        follow(ref.asText(), path);
      }
      String typeName = typeName(schema, path);
      for (String keyword : UNSUPPORTED) {
        if (schema.has(keyword)) {
          throw invalid(
              path, "For '" + typeName + "' type, property '" + keyword + "' is not supported");
        }
      }
      checkMinItems(schema, path, typeName);
      checkObject(schema, path, typeName);
      checkEnum(schema, path);
      checkString(schema, path);
      JsonNode items = schema.get("items");
      if (items != null) {
        check(items, path + "/items");
      }
      for (String combinator : List.of("anyOf", "allOf", "oneOf")) {
        JsonNode branches = schema.get(combinator);
        if (branches == null) {
          continue;
        }
        if (!branches.isArray() || branches.isEmpty()) {
          throw invalid(path, "'" + combinator + "' must be a non-empty array");
        }
        for (int i = 0; i < branches.size(); i++) {
          JsonNode branch = branches.get(i);
          if (combinator.equals("allOf") && branch.has("$ref")) {
            throw invalid(path + "/allOf/" + i, "'allOf' with '$ref' is not supported");
          }
          check(branch, path + "/" + combinator + "/" + i);
        }
      }
    }

    private void follow(String ref, String path) throws SchemaException {
      if (!ref.startsWith("#")) {
        throw invalid(path, "external '$ref' is not supported: '" + ref + "'");
      }
      if (expanding.contains(ref)) {
        throw invalid(
            path, "recursive schemas are not supported: '$ref' " + ref + " refers to itself");
      }
      if (checkedRefs.contains(ref)) {
        return;
      }
      JsonNode target = resolve(root, ref);
      if (target == null) {
        throw invalid(path, "'$ref' " + ref + " does not resolve to a definition in the schema");
      }
      expanding.push(ref);
      check(target, ref);
      expanding.pop();
      checkedRefs.add(ref);
    }

    /** The schema's type for messages, checking that {@code type} names types the API knows. */
    private String typeName(JsonNode schema, String path) throws SchemaException {
      JsonNode type = schema.get("type");
      if (type == null) {
        return schema.has("properties") ? "object" : "schema";
      }
      if (type.isTextual()) {
        checkTypeName(type, path);
        return type.asText();
      }
      if (type.isArray() && !type.isEmpty()) {
        String first = null;
        for (JsonNode element : type) {
          checkTypeName(element, path);
          if (first == null && !element.asText().equals("null")) {
            first = element.asText();
          }
        }
        return first != null ? first : "null";
      }
      throw invalid(path, "'type' must be a type name or a non-empty array of them");
    }

    private void checkTypeName(JsonNode type, String path) throws SchemaException {
      if (!type.isTextual() || !TYPES.contains(type.asText())) {
        throw invalid(path, "type " + type + " is not supported");
      }
    }

    private void checkMinItems(JsonNode schema, String path, String typeName)
        throws SchemaException {
      JsonNode minItems = schema.get("minItems");
      if (minItems != null
          && !(minItems.isIntegralNumber() && (minItems.asInt() == 0 || minItems.asInt() == 1))) {
        throw invalid(
            path,
            "For '"
                + typeName
                + "' type, property 'minItems' only supports the values 0 and 1, got "
                + minItems);
      }
    }

    private void checkObject(JsonNode schema, String path, String typeName) throws SchemaException {
      JsonNode additional = schema.get("additionalProperties");
      if (additional != null && !(additional.isBoolean() && !additional.booleanValue())) {
        throw invalid(
            path, "For 'object' type, 'additionalProperties' must be false, got " + additional);
      }
      boolean object = hasType(schema, "object") || schema.has("properties");
      if (!object) {
        return;
      }
      if (additional == null) {
        throw invalid(
            path, "For 'object' type, 'additionalProperties' must be explicitly set to false");
      }
      JsonNode properties = schema.get("properties");
      if (properties != null && !properties.isObject()) {
        throw invalid(path, "'properties' must be an object");
      }
      JsonNode required = schema.get("required");
      if (required != null) {
        if (!required.isArray()) {
          throw invalid(path, "'required' must be an array of property names");
        }
        for (JsonNode name : required) {
          if (!name.isTextual()) {
            throw invalid(path, "'required' must be an array of property names, got " + name);
          }
          if (properties == null || !properties.has(name.asText())) {
            throw invalid(path, "required property '" + name.asText() + "' is not in 'properties'");
          }
        }
      }
      if (properties != null) {
        for (Map.Entry<String, JsonNode> property : properties.properties()) {
          check(property.getValue(), path + "/properties/" + escape(property.getKey()));
        }
      }
    }

    private void checkEnum(JsonNode schema, String path) throws SchemaException {
      JsonNode values = schema.get("enum");
      if (values == null) {
        return;
      }
      if (!values.isArray() || values.isEmpty()) {
        throw invalid(path, "'enum' must be a non-empty array");
      }
      for (JsonNode value : values) {
        if (value.isContainerNode()) {
          throw invalid(path, "complex types within 'enum' are not supported, got " + value);
        }
      }
    }

    private void checkString(JsonNode schema, String path) throws SchemaException {
      JsonNode format = schema.get("format");
      if (format != null && !(format.isTextual() && FORMAT_VALUES.containsKey(format.asText()))) {
        throw invalid(
            path,
            "For 'string' type, 'format' "
                + format
                + " is not supported; supported formats: "
                + String.join(", ", new java.util.TreeSet<>(FORMAT_VALUES.keySet())));
      }
      JsonNode pattern = schema.get("pattern");
      if (pattern == null) {
        return;
      }
      if (!pattern.isTextual()) {
        throw invalid(path, "'pattern' must be a string");
      }
      String regex = pattern.asText();
      if (BACKREFERENCE.matcher(regex).find()) {
        throw invalid(path, "'pattern' uses a backreference, which is not supported");
      }
      if (LOOKAROUND.matcher(regex).find()) {
        throw invalid(path, "'pattern' uses lookaround, which is not supported");
      }
      if (WORD_BOUNDARY.matcher(regex).find()) {
        throw invalid(path, "'pattern' uses a word boundary (\\b or \\B), which is not supported");
      }
      try {
        Pattern.compile(regex);
      } catch (PatternSyntaxException e) {
        throw invalid(path, "'pattern' is not a valid regular expression: " + e.getDescription());
      }
    }
  }

  /** Counts what the API's complexity limits count, over the schema as written. */
  private static final class Complexity {
    int optional;
    int unions;

    void count(JsonNode schema) {
      if (!schema.isObject()) {
        return;
      }
      JsonNode type = schema.get("type");
      if (schema.has("anyOf") || (type != null && type.isArray() && type.size() > 1)) {
        unions++;
      }
      JsonNode properties = schema.get("properties");
      if (properties != null && properties.isObject()) {
        Set<String> required = new HashSet<>();
        JsonNode names = schema.get("required");
        if (names != null) {
          names.forEach(name -> required.add(name.asText()));
        }
        for (Map.Entry<String, JsonNode> property : properties.properties()) {
          if (!required.contains(property.getKey())) {
            optional++;
          }
          count(property.getValue());
        }
      }
      for (String child : List.of("items")) {
        if (schema.has(child)) {
          count(schema.get(child));
        }
      }
      for (String many : List.of("anyOf", "allOf", "oneOf")) {
        JsonNode branches = schema.get(many);
        if (branches != null) {
          branches.forEach(this::count);
        }
      }
      for (String container : List.of("$defs", "definitions")) {
        JsonNode defs = schema.get(container);
        if (defs != null) {
          defs.forEach(this::count);
        }
      }
    }
  }

  /** Makes the smallest instance of a checked schema. */
  private static final class Generator {
    private final JsonNode root;

    Generator(JsonNode root) {
      this.root = root;
    }

    JsonNode instance(JsonNode schema, String path) throws SchemaException {
      if (!schema.isObject()) {
        return NullNode.getInstance(); // true or {}: anything fits, and null is the smallest
      }
      JsonNode ref = schema.get("$ref");
      if (ref != null) {
        // Checked: internal, resolvable and not recursive.
        return instance(resolve(root, ref.asText()), ref.asText());
      }
      if (schema.has("const")) {
        return schema.get("const").deepCopy();
      }
      JsonNode values = schema.get("enum");
      if (values != null) {
        return values.get(0).deepCopy();
      }
      for (String combinator : List.of("anyOf", "oneOf")) {
        JsonNode branches = schema.get(combinator);
        if (branches != null) {
          return instance(branches.get(0), path + "/" + combinator + "/0");
        }
      }
      JsonNode allOf = schema.get("allOf");
      if (allOf != null) {
        return instance(merge(schema, allOf), path);
      }
      switch (type(schema)) {
        case "object":
          return object(schema, path);
        case "array":
          return array(schema, path);
        case "string":
          return NODES.textNode(string(schema, path));
        case "integer":
        case "number":
          return NODES.numberNode(0);
        case "boolean":
          return NODES.booleanNode(false);
        default:
          return NullNode.getInstance();
      }
    }

    /** The type an instance gets: the first that is not null, else what the keywords imply. */
    private static String type(JsonNode schema) {
      JsonNode type = schema.get("type");
      if (type != null && type.isTextual()) {
        return type.asText();
      }
      if (type != null && type.isArray()) {
        for (JsonNode element : type) {
          if (!element.asText().equals("null")) {
            return element.asText();
          }
        }
        return "null";
      }
      if (schema.has("properties")) {
        return "object";
      }
      if (schema.has("items")) {
        return "array";
      }
      return schema.has("pattern") || schema.has("format") ? "string" : "null";
    }

    /** Required properties only, in schema order, which is where the API puts them too. */
    private JsonNode object(JsonNode schema, String path) throws SchemaException {
      ObjectNode object = NODES.objectNode();
      JsonNode properties = schema.get("properties");
      JsonNode required = schema.get("required");
      if (properties == null || required == null) {
        return object;
      }
      Set<String> names = new HashSet<>();
      required.forEach(name -> names.add(name.asText()));
      for (Map.Entry<String, JsonNode> property : properties.properties()) {
        if (names.contains(property.getKey())) {
          object.set(
              property.getKey(),
              instance(property.getValue(), path + "/properties/" + escape(property.getKey())));
        }
      }
      return object;
    }

    private JsonNode array(JsonNode schema, String path) throws SchemaException {
      ArrayNode array = NODES.arrayNode();
      JsonNode minItems = schema.get("minItems");
      if (minItems != null && minItems.asInt() == 1) {
        JsonNode items = schema.get("items");
        array.add(items == null ? NullNode.getInstance() : instance(items, path + "/items"));
      }
      return array;
    }

    private static String string(JsonNode schema, String path) throws SchemaException {
      JsonNode format = schema.get("format");
      String value = format == null ? "" : FORMAT_VALUES.get(format.asText());
      JsonNode pattern = schema.get("pattern");
      if (pattern == null) {
        return value;
      }
      Pattern regex = Pattern.compile(pattern.asText());
      if (regex.matcher(value).find()) {
        return value;
      }
      // With a format, only its fixed value is known to be valid, so a pattern must accept it.
      String example = format == null ? Patterns.example(pattern.asText()) : null;
      if (example == null || !regex.matcher(example).find()) {
        throw new SchemaException(
            WHERE
                + ".schema: FakeClaude cannot make a string that matches 'pattern' "
                + pattern
                + (format == null ? "" : " and 'format' " + format)
                + " (at "
                + path
                + "); script a reply for this request");
      }
      return example;
    }

    /**
     * One schema with the keywords of the {@code allOf} branches added to those of {@code schema}.
     */
    private static JsonNode merge(JsonNode schema, JsonNode allOf) {
      ObjectNode merged = ((ObjectNode) schema).deepCopy();
      merged.remove("allOf");
      ObjectNode properties = NODES.objectNode();
      Set<String> required = new LinkedHashSet<>();
      for (JsonNode part : concat(schema, allOf)) {
        if (part != schema && part.has("allOf")) {
          part = merge(part, part.get("allOf"));
        }
        JsonNode partProperties = part.get("properties");
        if (partProperties != null) {
          partProperties.properties().forEach(e -> properties.set(e.getKey(), e.getValue()));
        }
        JsonNode partRequired = part.get("required");
        if (partRequired != null) {
          partRequired.forEach(name -> required.add(name.asText()));
        }
        for (Map.Entry<String, JsonNode> keyword : part.properties()) {
          if (!MERGED_APART.contains(keyword.getKey()) && !merged.has(keyword.getKey())) {
            merged.set(keyword.getKey(), keyword.getValue());
          }
        }
      }
      if (!properties.isEmpty()) {
        merged.set("properties", properties);
      }
      if (!required.isEmpty()) {
        ArrayNode names = merged.putArray("required");
        required.forEach(names::add);
      }
      return merged;
    }

    // Keywords the merge combines itself rather than taking the first one's.
    private static final Set<String> MERGED_APART = Set.of("allOf", "properties", "required");

    private static List<JsonNode> concat(JsonNode first, JsonNode rest) {
      List<JsonNode> all = new java.util.ArrayList<>();
      all.add(first);
      rest.forEach(all::add);
      return all;
    }
  }

  private static boolean hasType(JsonNode schema, String name) {
    JsonNode type = schema.get("type");
    if (type == null) {
      return false;
    }
    if (type.isTextual()) {
      return type.asText().equals(name);
    }
    for (JsonNode element : type) {
      if (element.asText().equals(name)) {
        return true;
      }
    }
    return false;
  }

  /** A JSON pointer token: {@code ~} and {@code /} escaped. */
  private static String escape(String name) {
    return name.replace("~", "~0").replace("/", "~1");
  }
}
