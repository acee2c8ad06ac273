package dev.claudegen.processor;

import com.palantir.javapoet.ClassName;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Writes the JSON schema of a {@link StructuredType.Root}: the subset of JSON Schema the API's
 * structured outputs accept (reference §1.3). Objects list their properties in component order,
 * require every non-{@code Optional} one and forbid others ({@code additionalProperties: false});
 * an enum is a string with its constants' names; a list is an array. A record referred to more
 * than once is written once, under {@code $defs}, and referred to by {@code $ref}; one referred to
 * once is written where it is used.
 *
 * <p>The output depends on nothing but the root, so the same types always give the same text (the
 * API caches a compiled grammar per schema text).
 */
final class SchemaWriter {

  /** How many times each record is referred to, in the schema as written. */
  private final Map<ClassName, Integer> uses = new HashMap<>();

  /** The records, in the order they are first met. */
  private final Map<ClassName, StructuredType.ObjectType> records = new LinkedHashMap<>();

  /** The {@code $defs} names of the records referred to more than once, in first-met order. */
  private final Map<ClassName, String> defNames = new LinkedHashMap<>();

  private SchemaWriter() {}

  /** The schema as compact JSON text, what the request carries. */
  static String compact(StructuredType.Root root) {
    return String.join("", compactLines(root));
  }

  /**
   * {@link #compact} cut into lines for a Java string concatenation: a line for each member of
   * an object schema and of a {@code properties} or {@code $defs} map, so each property, however
   * deep, starts a line of its own. Joined, they are exactly the compact text.
   */
  static List<String> compactLines(StructuredType.Root root) {
    StringBuilder out = new StringBuilder();
    // Compact JSON holds no raw line break (strings escape it), so one marks a cut.
    write(schema(root), out, null, "", true);
    return List.of(out.toString().split("\n", -1));
  }

  /** The schema as JSON text indented by two spaces, for people to read. */
  static String pretty(StructuredType.Root root) {
    StringBuilder out = new StringBuilder();
    write(schema(root), out, "  ", "", false);
    return out.toString();
  }

  /**
   * The {@code tools} array of a method's requests as compact JSON text: each tool's {@code name},
   * {@code description} (when it has one), {@code input_schema} (its parameters' object, written
   * as a structured root is), {@code "strict": true} when {@code tools.strict()}, and on the last
   * tool {@code cache_control} when {@code cacheTtl} is not null ({@code "ttl": "1h"} only for an
   * hour: five minutes is the API's default).
   */
  static String toolsCompact(ClientPlan.ToolsPlan tools, String cacheTtl) {
    return String.join("", toolsCompactLines(tools, cacheTtl));
  }

  /**
   * {@link #toolsCompact} cut into lines as {@link #compactLines} cuts a schema, and before each
   * member of a tool, so that each tool and each of its properties starts a line.
   */
  static List<String> toolsCompactLines(ClientPlan.ToolsPlan tools, String cacheTtl) {
    StringBuilder out = new StringBuilder();
    write(toolsArray(tools, cacheTtl), out, null, "", true);
    return List.of(out.toString().split("\n", -1));
  }

  /** The {@code tools} array indented by two spaces, for people to read. */
  static String toolsPretty(ClientPlan.ToolsPlan tools, String cacheTtl) {
    StringBuilder out = new StringBuilder();
    write(toolsArray(tools, cacheTtl), out, "  ", "", false);
    return out.toString();
  }

  /** The {@code tools} array as a tree of maps, lists, strings and booleans. */
  static List<Object> toolsArray(ClientPlan.ToolsPlan tools, String cacheTtl) {
    List<Object> array = new ArrayList<>();
    Map<String, Object> last = null;
    for (ClientPlan.ToolType type : tools.types()) {
      for (ClientPlan.ToolPlan tool : type.tools()) {
        Map<String, Object> definition = new LinkedHashMap<>();
        definition.put("name", tool.name());
        describe(definition, tool.description());
        definition.put("input_schema", schema(new StructuredType.Root(tool.input(), null)));
        if (tools.strict()) {
          definition.put("strict", true);
        }
        array.add(definition);
        last = definition;
      }
    }
    if (cacheTtl != null && last != null) {
      Map<String, Object> cacheControl = new LinkedHashMap<>();
      cacheControl.put("type", "ephemeral");
      if (cacheTtl.equals("1h")) {
        cacheControl.put("ttl", "1h");
      }
      last.put("cache_control", cacheControl);
    }
    return array;
  }

  /** The schema as a tree of maps, lists, strings and booleans. */
  static Map<String, Object> schema(StructuredType.Root root) {
    SchemaWriter writer = new SchemaWriter();
    writer.count(root.type());
    writer.nameDefs();
    Map<String, Object> schema;
    if (root.wrapper() == null) {
      // The root is the record itself, written in place: it cannot be referred to again inside
      // itself (a recursive type is a compile error), so it never goes to $defs.
      schema = writer.object((StructuredType.ObjectType) root.type());
    } else {
      Map<String, Object> properties = new LinkedHashMap<>();
      properties.put(root.wrapper(), writer.value(root.type()));
      schema = new LinkedHashMap<>();
      schema.put("type", "object");
      schema.put("properties", properties);
      schema.put("required", List.of(root.wrapper()));
      schema.put("additionalProperties", false);
    }
    if (!writer.defNames.isEmpty()) {
      Map<String, Object> defs = new LinkedHashMap<>();
      writer.defNames.forEach(
          (type, name) -> defs.put(name, writer.object(writer.records.get(type))));
      schema.put("$defs", defs);
    }
    return schema;
  }

  /** Counts the references to each record, looking into a record's properties once. */
  private void count(StructuredType type) {
    if (type instanceof StructuredType.ObjectType object) {
      if (uses.merge(object.javaType(), 1, Integer::sum) == 1) {
        records.put(object.javaType(), object);
        object.properties().forEach(property -> count(property.type()));
      }
    } else if (type instanceof StructuredType.ListType list) {
      count(list.element());
    }
  }

  /**
   * Names the records referred to more than once, in the order they were first met: the simple
   * name when no other such record has it, else the names from the outermost class joined by
   * {@code _}, else the qualified name with {@code _} for dots; a number ends any name still
   * taken.
   */
  private void nameDefs() {
    List<ClassName> shared = new ArrayList<>();
    for (ClassName type : records.keySet()) {
      if (uses.get(type) > 1) {
        shared.add(type);
      }
    }
    Map<String, Integer> simple = new HashMap<>();
    Map<String, Integer> nested = new HashMap<>();
    for (ClassName type : shared) {
      simple.merge(type.simpleName(), 1, Integer::sum);
      nested.merge(String.join("_", type.simpleNames()), 1, Integer::sum);
    }
    Set<String> taken = new HashSet<>();
    for (ClassName type : shared) {
      String name;
      if (simple.get(type.simpleName()) == 1) {
        name = type.simpleName();
      } else if (nested.get(String.join("_", type.simpleNames())) == 1) {
        name = String.join("_", type.simpleNames());
      } else {
        name = type.canonicalName().replace('.', '_');
      }
      String unique = name;
      for (int n = 2; !taken.add(unique); n++) {
        unique = name + n;
      }
      defNames.put(type, unique);
    }
  }

  private Map<String, Object> value(StructuredType type) {
    if (type instanceof StructuredType.ObjectType object) {
      String def = defNames.get(object.javaType());
      return def == null ? object(object) : Map.of("$ref", "#/$defs/" + def);
    }
    if (type instanceof StructuredType.EnumType enumType) {
      Map<String, Object> schema = new LinkedHashMap<>();
      schema.put("type", "string");
      describe(schema, withConstants(enumType.description(), enumType));
      List<Object> names = new ArrayList<>();
      enumType.constants().forEach(constant -> names.add(constant.name()));
      schema.put("enum", names);
      return schema;
    }
    if (type instanceof StructuredType.ListType list) {
      Map<String, Object> schema = new LinkedHashMap<>();
      schema.put("type", "array");
      schema.put("items", value(list.element()));
      return schema;
    }
    StructuredType.Scalar scalar = (StructuredType.Scalar) type;
    Map<String, Object> schema = new LinkedHashMap<>();
    schema.put("type", scalar.kind().jsonType());
    if (scalar.kind().format() != null) {
      schema.put("format", scalar.kind().format());
    }
    return schema;
  }

  private Map<String, Object> object(StructuredType.ObjectType object) {
    Map<String, Object> schema = new LinkedHashMap<>();
    schema.put("type", "object");
    describe(schema, object.description());
    Map<String, Object> properties = new LinkedHashMap<>();
    List<Object> required = new ArrayList<>();
    for (StructuredType.Property property : object.properties()) {
      Map<String, Object> value = value(property.type());
      if (property.description() != null) {
        value =
            described(
                value,
                property.type() instanceof StructuredType.EnumType enumType
                    ? withConstants(property.description(), enumType)
                    : property.description());
      }
      properties.put(property.name(), value);
      if (!property.optional()) {
        required.add(property.name());
      }
    }
    schema.put("properties", properties);
    schema.put("required", required);
    schema.put("additionalProperties", false);
    return schema;
  }

  /**
   * The property's schema with its description after its {@code type} (or beside its {@code
   * $ref}, which JSON Schema 2020-12 allows): the property's text, not the type's, which says
   * what the value is rather than what it is for.
   */
  private static Map<String, Object> described(Map<String, Object> schema, String description) {
    Map<String, Object> copy = new LinkedHashMap<>();
    boolean placed = false;
    for (Map.Entry<String, Object> entry : schema.entrySet()) {
      if (entry.getKey().equals("description")) {
        continue;
      }
      copy.put(entry.getKey(), entry.getValue());
      if (!placed) {
        copy.put("description", description);
        placed = true;
      }
    }
    return copy;
  }

  /**
   * {@code description} followed by a line {@code NAME: text} for each described constant: JSON
   * Schema has no place for one enum value's description (an {@code anyOf} of {@code const}s
   * would count against the API's 16 union-typed parameters), so the enum's own carries them.
   */
  private static String withConstants(String description, StructuredType.EnumType type) {
    List<String> lines = new ArrayList<>();
    if (description != null) {
      lines.add(description);
    }
    for (StructuredType.Constant constant : type.constants()) {
      if (constant.description() != null) {
        lines.add(constant.name() + ": " + constant.description());
      }
    }
    return lines.isEmpty() ? null : String.join("\n", lines);
  }

  private static void describe(Map<String, Object> schema, String description) {
    if (description != null) {
      schema.put("description", description);
    }
  }

  /**
   * Writes {@code value}: pretty with {@code indent} (and {@code current}, the enclosing lines'
   * indentation), else compact; with {@code cut}, a cut before each member of a map it is true
   * for: the root, an object schema, or a {@code properties} or {@code $defs} map.
   */
  private static void write(
      Object value, StringBuilder out, String indent, String current, boolean cut) {
    if (value instanceof Map<?, ?> map) {
      if (map.isEmpty()) {
        out.append("{}");
        return;
      }
      String inner = indent == null ? null : current + indent;
      out.append('{');
      boolean first = true;
      for (Map.Entry<?, ?> entry : map.entrySet()) {
        if (!first) {
          out.append(',');
        }
        first = false;
        newline(out, inner);
        if (cut) {
          out.append('\n');
        }
        String key = (String) entry.getKey();
        string(key, out);
        out.append(indent == null ? ":" : ": ");
        boolean cutInside =
            indent == null
                && (key.equals("properties")
                    || key.equals("$defs")
                    || (entry.getValue() instanceof Map<?, ?> schema
                        && schema.containsKey("properties")));
        write(entry.getValue(), out, indent, inner, cutInside);
      }
      closing(out, current, indent);
      out.append('}');
    } else if (value instanceof List<?> list) {
      if (list.isEmpty()) {
        out.append("[]");
        return;
      }
      // A short list of names (required, enum) stays on one line when pretty.
      boolean scalars =
          list.stream().allMatch(element -> element instanceof String)
              && String.join("\", \"", list.stream().map(String.class::cast).toList()).length()
                  <= SHORT_LIST;
      String inner = indent == null || scalars ? null : current + indent;
      out.append('[');
      for (int i = 0; i < list.size(); i++) {
        if (i > 0) {
          out.append(indent != null && scalars ? ", " : ",");
        }
        newline(out, inner);
        Object element = list.get(i);
        // A tool (an element of the tools array) is cut like an object schema.
        boolean cutInside =
            indent == null
                && element instanceof Map<?, ?> schema
                && (schema.containsKey("properties") || schema.containsKey("input_schema"));
        write(element, out, indent, inner == null ? current : inner, cutInside);
      }
      if (!scalars) {
        closing(out, current, indent);
      }
      out.append(']');
    } else if (value instanceof String text) {
      string(text, out);
    } else {
      out.append(value);
    }
  }

  /** The widest list of names, as written, that a pretty schema keeps on one line. */
  private static final int SHORT_LIST = 60;

  /** Before a member: a line break and its indentation, when pretty (non-null). */
  private static void newline(StringBuilder out, String indentation) {
    if (indentation != null) {
      out.append('\n').append(indentation);
    }
  }

  /** Before a closing bracket: a line break back to the enclosing indentation, when pretty. */
  private static void closing(StringBuilder out, String current, String indent) {
    if (indent != null) {
      out.append('\n').append(current);
    }
  }

  /**
   * {@code text} as a JSON string: quote, backslash and control chars escaped (RFC 8259), and
   * every char outside printable ASCII as a {@code \}{@code u} escape, so the schema is ASCII
   * whatever the descriptions hold, lone surrogates included.
   */
  static void string(String text, StringBuilder out) {
    out.append('"');
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      switch (c) {
        case '"' -> out.append("\\\"");
        case '\\' -> out.append("\\\\");
        case '\b' -> out.append("\\b");
        case '\f' -> out.append("\\f");
        case '\n' -> out.append("\\n");
        case '\r' -> out.append("\\r");
        case '\t' -> out.append("\\t");
        default -> {
          if (c >= ' ' && c <= '~') {
            out.append(c);
          } else {
            out.append(String.format("\\u%04x", (int) c));
          }
        }
      }
    }
    out.append('"');
  }
}
