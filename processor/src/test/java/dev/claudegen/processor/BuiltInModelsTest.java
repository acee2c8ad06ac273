package dev.claudegen.processor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * {@link BuiltInModels} is {@code models.json} as Java: the processor no longer parses the file,
 * so this test reads it with every check of the format and holds the Java to it. After an edit of
 * models.json the test fails and writes the Java it should be to {@code target/}, to copy over.
 */
class BuiltInModelsTest {

  private static final Path SOURCE =
      Path.of("src/main/java/dev/claudegen/processor/BuiltInModels.java");
  private static final Path WRITTEN = Path.of("target/BuiltInModels.java");

  @Test
  void theJavaCatalogIsModelsJsonAsTheCheckedReaderReadsIt() throws IOException {
    CatalogLoader.Loaded json = CatalogLoader.loadBuiltInJson();
    assertEquals(List.of(), json.problems());
    List<ModelCatalog.Model> models =
        json.catalog().names().stream()
            .map(json.catalog()::find)
            .distinct()
            .collect(Collectors.toList());
    String expected = render(models);
    String actual = Files.readString(SOURCE, StandardCharsets.UTF_8);
    if (!expected.equals(actual)) {
      Files.createDirectories(WRITTEN.toAbsolutePath().getParent());
      Files.writeString(WRITTEN, expected, StandardCharsets.UTF_8);
      fail(SOURCE + " is not what models.json says; copy " + WRITTEN + " over it.");
    }
    assertEquals(models, BuiltInModels.models());
  }

  @Test
  void theCatalogOfACompilationIsTheJsonOne() {
    CatalogLoader.Loaded json = CatalogLoader.loadBuiltInJson();
    CatalogLoader.Loaded compiled = new CatalogLoader().load(null);
    assertEquals(List.of(), compiled.problems());
    assertEquals(json.catalog().names(), compiled.catalog().names());
    for (String name : json.catalog().names()) {
      assertEquals(json.catalog().find(name), compiled.catalog().find(name), name);
    }
  }

  /** The source of BuiltInModels for these models, in their order. */
  static String render(List<ModelCatalog.Model> models) {
    StringBuilder out = new StringBuilder();
    out.append(
        String.join(
            "\n",
            "package dev.claudegen.processor;",
            "",
            "import static dev.claudegen.processor.ModelCatalog.ThinkingMode.ADAPTIVE;",
            "import static dev.claudegen.processor.ModelCatalog.ThinkingMode.ALWAYS;",
            "import static dev.claudegen.processor.ModelCatalog.ThinkingMode.ENABLED;",
            "",
            "import java.time.LocalDate;",
            "import java.util.EnumSet;",
            "import java.util.List;",
            "import java.util.Set;",
            "",
            "/**",
            " * The built-in catalog, {@code models.json} as Java: parsing the file cost every"
                + " compilation",
            " * more than all other catalog work. Written by {@code BuiltInModelsTest}, which"
                + " fails when this",
            " * file is not what models.json says (models.json stays the file to edit; its notes"
                + " cite the",
            " * sources). In the order of models.json: ids, aliases, maxOutputTokens,"
                + " nonStreamingMaxTokens,",
            " * thinking, rejectsTemperatureWithTopP, rejectsNonDefault, deprecated, retires,"
                + " replacement,",
            " * structuredOutputs, minCacheableTokens.",
            " */",
            "final class BuiltInModels {",
            "",
            "  private BuiltInModels() {}",
            "",
            "  /** New objects on each call: a catalog is made anew for each compilation. */",
            "  static List<ModelCatalog.Model> models() {",
            "    return List.of("));
    for (int i = 0; i < models.size(); i++) {
      ModelCatalog.Model m = models.get(i);
      out.append("\n        model(")
          .append(SourceText.literal(m.id()).toString())
          .append(", List.of(")
          .append(
              m.aliases().stream()
                  .map(alias -> SourceText.literal(alias).toString())
                  .collect(Collectors.joining(", ")))
          .append("),\n            ")
          .append(m.maxOutputTokens())
          .append(", ")
          .append(m.nonStreamingMaxTokens())
          .append(", modes(")
          .append(
              m.thinking().stream().map(Enum::name).collect(Collectors.joining(", ")))
          .append("), ")
          .append(m.rejectsTemperatureWithTopP())
          .append(", ")
          .append(m.rejectsNonDefault())
          .append(",\n            ")
          .append(date(m.deprecated()))
          .append(", ")
          .append(date(m.retires()))
          .append(", ")
          .append(m.replacement() == null ? "null" : SourceText.literal(m.replacement()).toString())
          .append(", ")
          .append(m.structuredOutputs())
          .append(", ")
          .append(m.minCacheableTokens())
          .append(i == models.size() - 1 ? "));" : "),");
    }
    out.append(
        String.join(
            "\n",
            "",
            "  }",
            "",
            "  private static ModelCatalog.Model model(String id, List<String> aliases,"
                + " int maxOutputTokens,",
            "      int nonStreamingMaxTokens, Set<ModelCatalog.ThinkingMode> thinking,",
            "      boolean rejectsTemperatureWithTopP, boolean rejectsNonDefault,"
                + " LocalDate deprecated,",
            "      LocalDate retires, String replacement, boolean structuredOutputs,",
            "      int minCacheableTokens) {",
            "    return new ModelCatalog.Model(id, aliases, maxOutputTokens,"
                + " nonStreamingMaxTokens, thinking,",
            "        rejectsTemperatureWithTopP, rejectsNonDefault, deprecated, retires,"
                + " replacement,",
            "        structuredOutputs, minCacheableTokens);",
            "  }",
            "",
            "  private static Set<ModelCatalog.ThinkingMode> modes(ModelCatalog.ThinkingMode..."
                + " modes) {",
            "    Set<ModelCatalog.ThinkingMode> set ="
                + " EnumSet.noneOf(ModelCatalog.ThinkingMode.class);",
            "    set.addAll(List.of(modes));",
            "    return set;",
            "  }",
            "",
            "  private static LocalDate date(int year, int month, int day) {",
            "    return LocalDate.of(year, month, day);",
            "  }",
            "}",
            ""));
    return out.toString();
  }

  private static String date(LocalDate date) {
    return date == null
        ? "null"
        : "date(" + date.getYear() + ", " + date.getMonthValue() + ", " + date.getDayOfMonth()
            + ")";
  }
}
