package dev.claudegen.processor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** The built-in catalog's facts, and how a catalog file is checked. */
class CatalogTest {

  private static final LocalDate TODAY = LocalDate.parse(Compiler.TODAY);

  @TempDir Path dir;

  private static ModelCatalog builtIn() {
    CatalogLoader.Loaded loaded = new CatalogLoader().load(null);
    assertEquals(List.of(), loaded.problems());
    assertTrue(loaded.catalog().isComplete());
    return loaded.catalog();
  }

  @Test
  void theBuiltInCatalogReadsWithoutProblems() {
    builtIn();
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "claude-instant-1.2", "claude-1.3", "claude-2.0", "claude-2.1",
        "claude-3-sonnet-20240229", "claude-3-opus-20240229", "claude-3-opus-latest",
        "claude-3-haiku-20240307", "claude-3-5-sonnet-20240620", "claude-3-5-sonnet-20241022",
        "claude-3-5-sonnet-latest", "claude-3-5-haiku-20241022", "claude-3-5-haiku-latest",
        "claude-3-7-sonnet-20250219", "claude-3-7-sonnet-latest", "claude-sonnet-4-20250514",
        "claude-sonnet-4-0", "claude-4-sonnet-20250514", "claude-opus-4-20250514",
        "claude-opus-4-0", "claude-opus-4-1-20250805", "claude-opus-4-1",
        "claude-sonnet-4-5-20250929", "claude-sonnet-4-5", "claude-haiku-4-5-20251001",
        "claude-haiku-4-5", "claude-opus-4-5-20251101", "claude-opus-4-5", "claude-opus-4-6",
        "claude-sonnet-4-6", "claude-mythos-preview", "claude-opus-4-7", "claude-opus-4-8",
        "claude-fable-5", "claude-mythos-5", "claude-sonnet-5", "claude-opus-5",
        "claude-fable-5-1", "claude-mythos-5-1", "claude-opus-5-5", "claude-sonnet-5-5",
        "claude-haiku-5-5", "claude-fable-5-2",
      })
  void everyModelOfTheReferenceIsKnown(String name) {
    assertNotNull(builtIn().find(name), name);
  }

  @ParameterizedTest
  @CsvSource({
    "claude-3-5-sonnet-20241022, 8192, 8192",
    "claude-3-7-sonnet-20250219, 64000, 21333",
    "claude-opus-4-20250514, 32000, 8192",
    "claude-opus-4-1, 32000, 8192",
    "claude-haiku-4-5, 64000, 21333",
    "claude-sonnet-4-6, 128000, 21333",
    "claude-opus-4-7, 128000, 21333",
    "claude-sonnet-5-5, 128000, 21333",
  })
  void limitsFollowTheReference(String name, int maxOutput, int nonStreaming) {
    ModelCatalog.Model model = builtIn().find(name);
    assertEquals(maxOutput, model.maxOutputTokens());
    assertEquals(nonStreaming, model.nonStreamingMaxTokens());
  }

  @Test
  void rulesAndDatesFollowTheReference() {
    ModelCatalog catalog = builtIn();
    ModelCatalog.Model opus47 = catalog.find("claude-opus-4-7");
    assertTrue(opus47.rejectsNonDefault());
    assertEquals(Set.of(ModelCatalog.ThinkingMode.ADAPTIVE), opus47.thinking());
    assertEquals(
        Set.of(ModelCatalog.ThinkingMode.ALWAYS), catalog.find("claude-fable-5").thinking());
    assertTrue(catalog.find("claude-haiku-4-5").rejectsTemperatureWithTopP());
    assertFalse(catalog.find("claude-haiku-4-5").rejectsNonDefault());
    assertTrue(
        catalog.find("claude-sonnet-4-6").thinking().contains(ModelCatalog.ThinkingMode.ENABLED));

    ModelCatalog.Model sonnet45 = catalog.find("claude-sonnet-4-5");
    assertEquals("claude-sonnet-4-5-20250929", sonnet45.id());
    assertEquals(LocalDate.parse("2026-11-30"), sonnet45.retires());
    assertTrue(sonnet45.isDeprecatedOn(TODAY));
    assertFalse(sonnet45.isRetiredOn(TODAY));
    assertTrue(sonnet45.isRetiredOn(LocalDate.parse("2026-11-30")));
    assertEquals("claude-sonnet-5-5", catalog.currentReplacement(sonnet45, TODAY));

    assertTrue(catalog.find("claude-3-5-sonnet-20241022").isRetiredOn(TODAY));
    assertFalse(catalog.find("claude-sonnet-5-5").isDeprecatedOn(TODAY));
  }

  @Test
  void everyReplacementIsAModelThatIsStillAnswering() {
    ModelCatalog catalog = builtIn();
    for (String name : catalog.names()) {
      ModelCatalog.Model model = catalog.find(name);
      if (model.replacement() != null) {
        ModelCatalog.Model replacement = catalog.find(model.replacement());
        assertNotNull(replacement, name);
        assertFalse(replacement.isRetiredOn(TODAY), name + " -> " + model.replacement());
      }
    }
  }

  @Test
  void aRetiredReplacementIsFollowedToOneThatIsStillAnswering() throws IOException {
    Path file =
        write(
            "{\"models\": [",
            "  {\"id\": \"relay-old\", \"maxOutputTokens\": 100, \"retires\": \"2020-01-01\",",
            "   \"replacement\": \"relay-mid\"},",
            "  {\"id\": \"relay-mid\", \"maxOutputTokens\": 100, \"retires\": \"2021-01-01\",",
            "   \"replacement\": \"relay-new\"},",
            "  {\"id\": \"relay-new\", \"maxOutputTokens\": 100}]}");
    ModelCatalog catalog = new CatalogLoader().load(file).catalog();
    assertEquals("relay-new", catalog.currentReplacement(catalog.find("relay-old"), TODAY));
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "[] | is not a JSON object (write {\"models\": [...]})",
        "{} | has no \"models\" list (write {\"models\": [...]})",
        "{\"models\": [], \"version\": 1} | the top level: unknown field \"version\"; the fields"
            + " are models, notes",
        "{\"models\": [{\"maxOutputTokens\": 1}]} | models[0]: \"id\" is required",
        "{\"models\": [{\"id\": \"x\"}]} | models[0] (\"x\"): \"maxOutputTokens\" is required",
        "{\"models\": [{\"id\": \"x\", \"maxOutputTokens\": 0}]} | models[0] (\"x\"):"
            + " \"maxOutputTokens\" must be a whole number from 1 to 2147483647, not 0",
        "{\"models\": [{\"id\": \"x\", \"maxOutputTokens\": 10, \"nonStreamingMaxTokens\": 20}]}"
            + " | \"nonStreamingMaxTokens\" 20 is above \"maxOutputTokens\" 10",
        "{\"models\": [{\"id\": \"x\", \"maxOutputTokens\": 1, \"thinking\": [\"budget\"]}]}"
            + " | \"thinking\" must be a list of \"enabled\", \"adaptive\" or \"always\", not"
            + " \"budget\"",
        "{\"models\": [{\"id\": \"x\", \"maxOutputTokens\": 1, \"sampling\": {\"topP\": false}}]}"
            + " | models[0] (\"x\") \"sampling\": unknown field \"topP\"",
        "{\"models\": [{\"id\": \"x\", \"maxOutputTokens\": 1, \"retires\": \"30.11.2026\"}]}"
            + " | \"retires\" must be a date \"YYYY-MM-DD\" or null, not \"30.11.2026\"",
        "{\"models\": [{\"id\": \"x\", \"maxOutputTokens\": 1, \"deprecated\": \"2026-12-01\","
            + " \"retires\": \"2026-11-30\"}]} | \"retires\" 2026-11-30 is before \"deprecated\""
            + " 2026-12-01",
        "{\"models\": [{\"id\": \"x\", \"maxOutputTokens\": 1, \"replacement\": \"y\"}]}"
            + " | models[0] (\"x\"): replacement \"y\" is not a model of the catalog",
        "{\"models\": [{\"id\": \"x\", \"maxOutputTokens\": 1}, {\"id\": \"y\","
            + " \"maxOutputTokens\": 1, \"aliases\": [\"x\"]}]} | models[1] (\"y\"): the name"
            + " \"x\" is already used by models[0] (\"x\")",
        "{\"models\": [{\"id\": \"x\", \"id\": \"y\", \"maxOutputTokens\": 1}]} | is not valid"
            + " JSON at line 1, column 29 (Duplicate field 'id')",
        "{\"models\": []} trailing | is not valid JSON",
        "{\"models\": []} {} | is not valid JSON at line 1, column 16 (Trailing token (of type"
            + " START_OBJECT) found after value)",
        "{\"models\": [{\"id\": \"x\", \"maxOutputTokens\": {\"n\": [1.5, 3000000000, \"a\\\\b\","
            + " null]}}]} | \"maxOutputTokens\" must be a whole number from 1 to 2147483647, not"
            + " {\"n\":[1.5,3000000000,\"a\\\\b\",null]}",
      })
  void aProblemInAUserFileIsNamedPrecisely(String json, String problem) throws IOException {
    Path file = write(json);
    List<String> problems = new CatalogLoader().load(file).problems();
    assertEquals(1, problems.size(), problems.toString());
    assertTrue(
        problems.get(0).startsWith("[ClaudegenCatalog] model catalog " + file + ": "),
        problems.get(0));
    assertTrue(problems.get(0).contains(problem), problems.get(0));
  }

  @Test
  void aBrokenEntryLeavesTheOthersUsableButTheCatalogIncomplete() throws IOException {
    Path file =
        write(
            "{\"notes\": \"A relay's models.\", \"models\": [",
            "  {\"id\": \"relay-a\", \"maxOutputTokens\": 100, \"notes\": [\"fine\"]},",
            "  {\"id\": \"relay-b\", \"maxOutputTokens\": -1}]}");
    CatalogLoader.Loaded loaded = new CatalogLoader().load(file);
    assertEquals(1, loaded.problems().size());
    assertNotNull(loaded.catalog().find("relay-a"));
    assertNull(loaded.catalog().find("relay-b"));
    assertFalse(loaded.catalog().isComplete());
  }

  @Test
  void theReadmeExampleReads() throws IOException {
    Path file =
        write(
            "{",
            "  \"notes\": \"Models served by our relay at https://relay.example.com.\",",
            "  \"models\": [",
            "    { \"id\": \"relay-fast\", \"maxOutputTokens\": 8192 },",
            "    {",
            "      \"id\": \"relay-smart-2026-11\", \"aliases\": [\"relay-smart\"],",
            "      \"maxOutputTokens\": 64000, \"nonStreamingMaxTokens\": 16000,",
            "      \"thinking\": [\"enabled\", \"adaptive\"],",
            "      \"sampling\": { \"rejectsTemperatureWithTopP\": true,"
                + " \"rejectsNonDefault\": false },",
            "      \"deprecated\": \"2026-12-01\", \"retires\": \"2027-03-01\","
                + " \"replacement\": \"relay-fast\"",
            "    }",
            "  ]",
            "}");
    CatalogLoader.Loaded loaded = new CatalogLoader().load(file);
    assertEquals(List.of(), loaded.problems());
    ModelCatalog.Model smart = loaded.catalog().find("relay-smart");
    assertEquals("relay-smart-2026-11", smart.id());
    assertEquals(16000, smart.nonStreamingMaxTokens());
    assertEquals(8192, loaded.catalog().find("relay-fast").nonStreamingMaxTokens());
    assertNotNull(loaded.catalog().find("claude-sonnet-4-6"));
  }

  @Test
  void suggestionsComeNearestFirstAndIncludeNamesContainingTheTypo() {
    ModelCatalog catalog = builtIn();
    assertEquals("claude-sonnet-4-6", catalog.suggestions("claude-sonnet-4.6").get(0));
    assertTrue(catalog.suggestions("sonnet-4-6").contains("claude-sonnet-4-6"));
    assertEquals(List.of(), catalog.suggestions("gpt-4o"));
  }

  private Path write(String... lines) throws IOException {
    Path file = dir.resolve("models.json");
    Files.writeString(file, String.join("\n", lines), StandardCharsets.UTF_8);
    return file;
  }
}
