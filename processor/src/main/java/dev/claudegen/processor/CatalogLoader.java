package dev.claudegen.processor;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.core.io.JsonStringEncoder;
import java.io.IOException;
import java.io.InputStream;
import java.net.URL;
import java.net.URLConnection;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Reads the model catalog: the built-in {@code models.json} (compiled into {@link BuiltInModels},
 * so that no JSON is parsed unless the user has a file), then the user's file, whose entries add
 * to it or replace the built-in entry of the same id. Each file is checked as it is read; a
 * problem becomes a message naming the file, the entry and the field, never an exception.
 *
 * <p>The format (see the README): <code>{"notes": ..., "models": [{"id": ..., ...}]}</code>.
 * {@code notes} (text, or a list of texts) may stand at the top and in any entry and is not read
 * further; it is how the built-in file records which source it followed. Any other field that is
 * not part of the format is an error, so a misspelt field cannot be silently ignored. The built-in
 * file must spell out every field but {@code nonStreamingMaxTokens} and {@code notes}; in the
 * user's file only {@code id} and {@code maxOutputTokens} are required.
 *
 * <p>{@code minCacheableTokens} (optional in both, a positive integer) is the shortest prefix
 * the model's prompt cache caches (§1.5: 1,024 tokens for Sonnet 4.6); left out, it is unknown,
 * and no {@code @CacheControl} is warned of as too short for the model.
 */
final class CatalogLoader {

  /** How messages name the built-in file. */
  static final String BUILT_IN = "built-in model catalog (dev/claudegen/processor/models.json)";

  private static final String BUILT_IN_FIX = "This is a bug in claudegen; please report it.";
  private static final String USER_FILE_FIX = "Fix the file named by -Aclaudegen.models.";

  /** A catalog and the problems met reading it (formatted messages, empty when all is well). */
  record Loaded(ModelCatalog catalog, List<String> problems) {}

  private static final List<String> TOP_FIELDS = List.of("models", "notes");
  private static final List<String> MODEL_FIELDS =
      List.of(
          "id",
          "aliases",
          "maxOutputTokens",
          "nonStreamingMaxTokens",
          "thinking",
          "sampling",
          "deprecated",
          "retires",
          "replacement",
          "structuredOutputs",
          "minCacheableTokens",
          "notes");
  private static final List<String> REQUIRED_IN_BUILT_IN =
      List.of(
          "id",
          "aliases",
          "maxOutputTokens",
          "thinking",
          "sampling",
          "deprecated",
          "retires",
          "replacement",
          "structuredOutputs");
  private static final List<String> REQUIRED_IN_USER_FILE = List.of("id", "maxOutputTokens");
  private static final List<String> SAMPLING_FIELDS =
      List.of("rejectsTemperatureWithTopP", "rejectsNonDefault");

  /**
   * Reads the built-in catalog and, when given, the user's file.
   *
   * @param userFile the file of {@code -Aclaudegen.models}, or null
   */
  Loaded load(Path userFile) {
    List<ModelCatalog.Model> builtIn = BuiltInModels.models();
    List<Entry> entries = new ArrayList<>(builtIn.size());
    for (int i = 0; i < builtIn.size(); i++) {
      ModelCatalog.Model model = builtIn.get(i);
      String where = "models[" + i + "] (\"" + model.id() + "\")";
      entries.add(new Entry(model, BUILT_IN, where, BUILT_IN_FIX, false));
    }
    return combine(entries, userFile, new ArrayList<>());
  }

  /**
   * The built-in catalog read from {@code models.json} itself, with every check of the format:
   * what the test that keeps {@link BuiltInModels} in step with the file compares it to.
   */
  static Loaded loadBuiltInJson() {
    List<String> problems = new ArrayList<>();
    CatalogLoader loader = new CatalogLoader();
    List<Entry> entries = loader.new FileReader(BUILT_IN, true, problems).read(openBuiltIn());
    return loader.combine(new ArrayList<>(entries), null, problems);
  }

  /** Adds the user's file, if any, to the built-in entries and checks the replacements. */
  private Loaded combine(List<Entry> entries, Path userFile, List<String> problems) {
    if (userFile != null) {
      FileReader user = new FileReader("model catalog " + userFile, false, problems);
      List<Entry> added = user.read(() -> Files.newInputStream(userFile));
      List<String> replaced = added.stream().map(entry -> entry.model().id()).toList();
      entries.removeIf(entry -> !entry.isUser() && replaced.contains(entry.model().id()));
      entries.addAll(added);
    }
    List<ModelCatalog.Model> models = entries.stream().map(Entry::model).toList();
    ModelCatalog names = new ModelCatalog(models, true);
    for (Entry entry : entries) {
      String replacement = entry.model().replacement();
      if (replacement != null && names.find(replacement) == null) {
        problems.add(
            entry.problem("replacement \"" + replacement + "\" is not a model of the catalog"));
      }
    }
    return new Loaded(new ModelCatalog(models, problems.isEmpty()), List.copyOf(problems));
  }

  /** Opens the built-in resource without the JVM's jar cache, which goes stale in an IDE. */
  private static Source openBuiltIn() {
    return () -> {
      URL url = CatalogLoader.class.getResource("models.json");
      if (url == null) {
        throw new NoSuchFileException("dev/claudegen/processor/models.json");
      }
      URLConnection connection = url.openConnection();
      connection.setUseCaches(false);
      return connection.getInputStream();
    };
  }

  @FunctionalInterface
  private interface Source {
    InputStream open() throws IOException;
  }

  /** A model read from a file, and how to name it in a message. */
  private record Entry(ModelCatalog.Model model, String file, String where, String fix,
      boolean isUser) {
    String problem(String what) {
      return Message.CATALOG.format(file, where + ": " + what, fix);
    }
  }

  /** Reads one file, adding a message to {@code problems} for each thing wrong with it. */
  private final class FileReader {
    private final String file;
    private final boolean builtIn;
    private final List<String> problems;
    private final String fix;

    FileReader(String file, boolean builtIn, List<String> problems) {
      this.file = file;
      this.builtIn = builtIn;
      this.problems = problems;
      this.fix = builtIn ? BUILT_IN_FIX : USER_FILE_FIX;
    }

    List<Entry> read(Source source) {
      Node root;
      // Jackson's streaming parser alone, made only when a file is read: javac pays for every
      // class a processor loads, and a data-binding mapper (some 400 classes for one readTree)
      // cost far more than the reading itself.
      JsonFactory json =
          JsonFactory.builder().enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION).build();
      try (InputStream in = source.open();
          JsonParser parser = json.createParser(in)) {
        root = Node.readDocument(parser);
      } catch (JsonProcessingException e) {
        JsonLocation at = e.getLocation();
        problem(
            "is not valid JSON"
                + (at == null ? "" : " at line " + at.getLineNr() + ", column " + at.getColumnNr()),
            e.getOriginalMessage());
        return List.of();
      } catch (NoSuchFileException e) {
        problem("cannot be read", "there is no such file");
        return List.of();
      } catch (IOException e) {
        problem("cannot be read", e.toString());
        return List.of();
      }
      if (root == null) {
        problem("is empty", "write {\"models\": [...]}");
        return List.of();
      }
      if (!root.isObject()) {
        problem("is not a JSON object", "write {\"models\": [...]}");
        return List.of();
      }
      unknownFields(root, TOP_FIELDS, "the top level");
      notes(root, "the top level");
      Node models = root.get("models");
      if (models == null || !models.isArray()) {
        problem("has no \"models\" list", "write {\"models\": [...]}");
        return List.of();
      }
      List<Entry> entries = new ArrayList<>();
      Map<String, String> names = new HashMap<>();
      int i = 0;
      for (Node item : models) {
        Entry entry = entry(item, "models[" + i++ + "]");
        if (entry == null) {
          continue;
        }
        ModelCatalog.Model model = entry.model();
        List<String> own = new ArrayList<>(model.aliases());
        own.add(0, model.id());
        for (String name : own) {
          String first = names.putIfAbsent(name, entry.where());
          if (first != null) {
            at(entry.where(), "the name \"" + name + "\" is already used by " + first);
          }
        }
        entries.add(entry);
      }
      return entries;
    }

    private Entry entry(Node node, String index) {
      if (!node.isObject()) {
        at(index, "is not a JSON object");
        return null;
      }
      Node idNode = node.get("id");
      String where =
          idNode != null && idNode.isTextual() ? index + " (\"" + idNode.asText() + "\")" : index;
      int before = problems.size();
      unknownFields(node, MODEL_FIELDS, where);
      for (String field : builtIn ? REQUIRED_IN_BUILT_IN : REQUIRED_IN_USER_FILE) {
        if (!node.has(field)) {
          at(where, "\"" + field + "\" is required");
        }
      }
      notes(node, where);
      String id = name(node.get("id"), where, "id");
      List<String> aliases = aliases(node.get("aliases"), where);
      int maxOutput = positive(node.get("maxOutputTokens"), where, "maxOutputTokens");
      int nonStreaming = Math.min(maxOutput, ModelCatalog.NON_STREAMING_LIMIT);
      if (node.has("nonStreamingMaxTokens")) {
        nonStreaming = positive(node.get("nonStreamingMaxTokens"), where, "nonStreamingMaxTokens");
        if (maxOutput > 0 && nonStreaming > maxOutput) {
          at(where, "\"nonStreamingMaxTokens\" " + nonStreaming + " is above \"maxOutputTokens\" "
              + maxOutput);
        }
      }
      Set<ModelCatalog.ThinkingMode> thinking = thinking(node.get("thinking"), where);
      boolean[] sampling = sampling(node.get("sampling"), where);
      LocalDate deprecated = date(node.get("deprecated"), where, "deprecated");
      LocalDate retires = date(node.get("retires"), where, "retires");
      if (deprecated != null && retires != null && retires.isBefore(deprecated)) {
        at(where, "\"retires\" " + retires + " is before \"deprecated\" " + deprecated);
      }
      String replacement = null;
      Node replacementNode = node.get("replacement");
      if (replacementNode != null && !replacementNode.isNull()) {
        replacement = name(replacementNode, where, "replacement");
        if (replacement != null && replacement.equals(id)) {
          at(where, "\"replacement\" names the model itself");
        }
      }
      boolean structuredOutputs = false;
      Node structured = node.get("structuredOutputs");
      if (structured != null) {
        if (structured.isBoolean()) {
          structuredOutputs = structured.asBoolean();
        } else {
          at(where, "\"structuredOutputs\" must be true or false, not " + structured);
        }
      }
      int minCacheable = 0;
      if (node.has("minCacheableTokens")) {
        minCacheable = positive(node.get("minCacheableTokens"), where, "minCacheableTokens");
      }
      if (problems.size() > before) {
        return null;
      }
      ModelCatalog.Model model =
          new ModelCatalog.Model(id, aliases, maxOutput, nonStreaming, thinking, sampling[0],
              sampling[1], deprecated, retires, replacement, structuredOutputs, minCacheable);
      return new Entry(model, file, where, fix, !builtIn);
    }

    private void unknownFields(Node node, List<String> known, String where) {
      for (Iterator<String> names = node.fieldNames(); names.hasNext(); ) {
        String name = names.next();
        if (!known.contains(name)) {
          at(where, "unknown field \"" + name + "\"; the fields are " + String.join(", ", known));
        }
      }
    }

    /** Notes are text for people: a string or a list of strings. */
    private void notes(Node node, String where) {
      Node notes = node.get("notes");
      if (notes == null || notes.isTextual()) {
        return;
      }
      boolean texts = notes.isArray();
      for (Node note : notes) {
        texts &= note.isTextual();
      }
      if (!texts) {
        at(where, "\"notes\" must be a string or a list of strings");
      }
    }

    private String name(Node node, String where, String field) {
      if (node == null) {
        return null;
      }
      if (!node.isTextual() || node.asText().isBlank()) {
        at(where, "\"" + field + "\" must be a non-empty string");
        return null;
      }
      return node.asText();
    }

    private List<String> aliases(Node node, String where) {
      List<String> aliases = new ArrayList<>();
      if (node == null) {
        return aliases;
      }
      if (!node.isArray()) {
        at(where, "\"aliases\" must be a list of strings");
        return aliases;
      }
      for (Node alias : node) {
        String name = name(alias, where, "aliases");
        if (name != null) {
          aliases.add(name);
        }
      }
      return aliases;
    }

    private int positive(Node node, String where, String field) {
      if (node == null) {
        return 0;
      }
      if (!node.isInt() || node.asInt() < 1) {
        at(where, "\"" + field + "\" must be a whole number from 1 to " + Integer.MAX_VALUE
            + ", not " + node);
        return 0;
      }
      return node.asInt();
    }

    private Set<ModelCatalog.ThinkingMode> thinking(Node node, String where) {
      Set<ModelCatalog.ThinkingMode> modes = EnumSet.noneOf(ModelCatalog.ThinkingMode.class);
      if (node == null) {
        return modes;
      }
      String expected = "\"thinking\" must be a list of \"enabled\", \"adaptive\" or \"always\"";
      if (!node.isArray()) {
        at(where, expected);
        return modes;
      }
      for (Node mode : node) {
        ModelCatalog.ThinkingMode known = null;
        for (ModelCatalog.ThinkingMode candidate : ModelCatalog.ThinkingMode.values()) {
          if (mode.isTextual() && candidate.jsonName().equals(mode.asText())) {
            known = candidate;
          }
        }
        if (known == null) {
          at(where, expected + ", not " + mode);
        } else if (!modes.add(known)) {
          at(where, "\"thinking\" lists " + mode + " twice");
        }
      }
      return modes;
    }

    /** {rejectsTemperatureWithTopP, rejectsNonDefault}; a missing value is false. */
    private boolean[] sampling(Node node, String where) {
      boolean[] rules = new boolean[SAMPLING_FIELDS.size()];
      if (node == null) {
        return rules;
      }
      if (!node.isObject()) {
        at(where, "\"sampling\" must be an object like {\"rejectsTemperatureWithTopP\": true,"
            + " \"rejectsNonDefault\": false}");
        return rules;
      }
      String inSampling = where + " \"sampling\"";
      unknownFields(node, SAMPLING_FIELDS, inSampling);
      for (int i = 0; i < rules.length; i++) {
        String field = SAMPLING_FIELDS.get(i);
        Node rule = node.get(field);
        if (rule == null) {
          if (builtIn) {
            at(inSampling, "\"" + field + "\" is required");
          }
        } else if (rule.isBoolean()) {
          rules[i] = rule.asBoolean();
        } else {
          at(inSampling, "\"" + field + "\" must be true or false, not " + rule);
        }
      }
      return rules;
    }

    private LocalDate date(Node node, String where, String field) {
      if (node == null || node.isNull()) {
        return null;
      }
      try {
        if (node.isTextual()) {
          return Dates.parse(node.asText());
        }
      } catch (DateTimeParseException e) {
        // reported below
      }
      at(where, "\"" + field + "\" must be a date \"YYYY-MM-DD\" or null, not " + node);
      return null;
    }

    private void at(String where, String what) {
      problems.add(Message.CATALOG.format(file, where + ": " + what, fix));
    }

    private void problem(String what, String detail) {
      problems.add(Message.CATALOG.format(file, what + " (" + detail + ")", fix));
    }
  }

  /**
   * A JSON value as the checks above ask about it; {@link #toString} is its JSON text, as the
   * messages quote a wrong value.
   */
  private static final class Node implements Iterable<Node> {
    private enum Kind { OBJECT, ARRAY, STRING, INT, NUMBER, BOOLEAN, NULL }

    private final Kind kind;
    /** The string's value, or the JSON text of a number, boolean or null. */
    private final String text;
    private final int intValue;
    private final Map<String, Node> fields;
    private final List<Node> items;

    private Node(Kind kind, String text, int intValue, Map<String, Node> fields, List<Node> items) {
      this.kind = kind;
      this.text = text;
      this.intValue = intValue;
      this.fields = fields;
      this.items = items;
    }

    private static Node scalar(Kind kind, String text) {
      return new Node(kind, text, 0, Map.of(), List.of());
    }

    /**
     * The one value of a document, or null when it holds none; more than one is an error at the
     * second, as data binding's {@code FAIL_ON_TRAILING_TOKENS} reported it.
     */
    static Node readDocument(JsonParser parser) throws IOException {
      if (parser.nextToken() == null) {
        return null;
      }
      Node root = read(parser);
      JsonToken trailing = parser.nextToken();
      if (trailing != null) {
        throw new JsonParseException(
            parser,
            "Trailing token (of type " + trailing + ") found after value",
            parser.currentTokenLocation());
      }
      return root;
    }

    /** The value starting at the parser's current token; the parser ends on its last token. */
    private static Node read(JsonParser parser) throws IOException {
      switch (parser.currentToken()) {
        case START_OBJECT -> {
          Map<String, Node> fields = new LinkedHashMap<>();
          while (parser.nextToken() == JsonToken.FIELD_NAME) {
            String name = parser.currentName();
            parser.nextToken();
            fields.put(name, read(parser));
          }
          return new Node(Kind.OBJECT, null, 0, fields, List.of());
        }
        case START_ARRAY -> {
          List<Node> items = new ArrayList<>();
          while (parser.nextToken() != JsonToken.END_ARRAY) {
            items.add(read(parser));
          }
          return new Node(Kind.ARRAY, null, 0, Map.of(), items);
        }
        case VALUE_STRING -> {
          return scalar(Kind.STRING, parser.getText());
        }
        case VALUE_NUMBER_INT -> {
          if (parser.getNumberType() == JsonParser.NumberType.INT) {
            int value = parser.getIntValue();
            return new Node(Kind.INT, Integer.toString(value), value, Map.of(), List.of());
          }
          return scalar(Kind.NUMBER, parser.getBigIntegerValue().toString());
        }
        case VALUE_NUMBER_FLOAT -> {
          return scalar(Kind.NUMBER, Double.toString(parser.getDoubleValue()));
        }
        case VALUE_TRUE, VALUE_FALSE -> {
          return scalar(Kind.BOOLEAN, parser.getText());
        }
        default -> {
          return scalar(Kind.NULL, "null");
        }
      }
    }

    boolean isObject() {
      return kind == Kind.OBJECT;
    }

    boolean isArray() {
      return kind == Kind.ARRAY;
    }

    boolean isTextual() {
      return kind == Kind.STRING;
    }

    boolean isInt() {
      return kind == Kind.INT;
    }

    boolean isBoolean() {
      return kind == Kind.BOOLEAN;
    }

    boolean isNull() {
      return kind == Kind.NULL;
    }

    String asText() {
      return text;
    }

    int asInt() {
      return intValue;
    }

    boolean asBoolean() {
      return "true".equals(text);
    }

    /** The field of that name, or null when the object has none (or this is no object). */
    Node get(String name) {
      return fields.get(name);
    }

    boolean has(String name) {
      return fields.containsKey(name);
    }

    Iterator<String> fieldNames() {
      return fields.keySet().iterator();
    }

    /** An array's items, an object's field values, else nothing. */
    @Override
    public Iterator<Node> iterator() {
      return (kind == Kind.OBJECT ? fields.values() : items).iterator();
    }

    @Override
    public String toString() {
      StringBuilder out = new StringBuilder();
      appendTo(out);
      return out.toString();
    }

    private void appendTo(StringBuilder out) {
      switch (kind) {
        case OBJECT -> {
          out.append('{');
          String comma = "";
          for (Map.Entry<String, Node> field : fields.entrySet()) {
            out.append(comma);
            quote(field.getKey(), out);
            out.append(':');
            field.getValue().appendTo(out);
            comma = ",";
          }
          out.append('}');
        }
        case ARRAY -> {
          out.append('[');
          String comma = "";
          for (Node item : items) {
            out.append(comma);
            item.appendTo(out);
            comma = ",";
          }
          out.append(']');
        }
        case STRING -> quote(text, out);
        default -> out.append(text);
      }
    }

    private static void quote(String text, StringBuilder out) {
      out.append('"');
      JsonStringEncoder.getInstance().quoteAsString(text, out);
      out.append('"');
    }
  }
}
