package dev.claudegen.processor;

import static com.google.testing.compile.CompilationSubject.assertThat;
import static dev.claudegen.processor.Compiler.assistant;
import static dev.claudegen.processor.Compiler.compileWith;

import com.google.testing.compile.Compilation;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import javax.tools.JavaFileObject;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** -Aclaudegen.today, -Aclaudegen.unknownModels and -Aclaudegen.models. */
class OptionsTest {

  private static final JavaFileObject SONNET_4_5 =
      assistant(
          "@ClaudeEndpoint(model = \"claude-sonnet-4-5\", maxTokens = 1024)",
          "public interface Assistant { String ask(String q); }");

  private static final JavaFileObject RELAY =
      assistant(
          "@ClaudeEndpoint(model = \"relay-fast\", maxTokens = 8192,",
          "    baseUrl = \"https://relay.example\")",
          "public interface Assistant { String ask(String q); }");

  @TempDir Path dir;

  @Test
  void theBuildDateDecidesBetweenDeprecatedAndRetired() {
    Compilation before = compileWith(List.of("claudegen.today=2026-09-30"), SONNET_4_5);
    assertThat(before).succeededWithoutWarnings();

    Compilation deprecated = compileWith(List.of("claudegen.today=2026-11-29"), SONNET_4_5);
    assertThat(deprecated).succeeded();
    assertThat(deprecated)
        .hadWarningContaining("[ClaudegenDeprecatedModel] model = \"claude-sonnet-4-5\" is"
            + " deprecated; it retires on 2026-11-30")
        .inFile(SONNET_4_5)
        .onLineContaining("claude-sonnet-4-5");

    Compilation retired = compileWith(List.of("claudegen.today=2026-11-30"), SONNET_4_5);
    assertThat(retired).hadErrorCount(1);
    assertThat(retired)
        .hadErrorContaining("[ClaudegenRetiredModel] model = \"claude-sonnet-4-5\" was retired on"
            + " 2026-11-30: every call to it fails. Use \"claude-sonnet-5-5\" instead.")
        .inFile(SONNET_4_5)
        .onLineContaining("claude-sonnet-4-5");
  }

  @Test
  void aBuildDateThatIsNotADateIsAnError() {
    Compilation compilation = compileWith(List.of("claudegen.today=2026-13-01"), SONNET_4_5);
    // Only the option: sonnet 4.5 is not judged retired (or deprecated) against a guessed date.
    assertThat(compilation).hadErrorCount(1);
    assertThat(compilation).hadWarningCount(0);
    assertThat(compilation)
        .hadErrorContaining(
            "[ClaudegenOption] -Aclaudegen.today=2026-13-01 is not a date, so no model was judged"
                + " retired or deprecated; write it as YYYY-MM-DD, like 2026-11-24.");
  }

  @Test
  void unknownModelsAsWarningsSkipTheModelsLimits() {
    JavaFileObject source =
        assistant(
            "@ClaudeEndpoint(model = \"claude-sonnet-6\", maxTokens = 500000, timeout = \"1h\")",
            "public interface Assistant { String ask(String q); }");
    Compilation compilation = compileWith(List.of("claudegen.unknownModels=warning"), source);
    assertThat(compilation).succeeded();
    assertThat(compilation).hadWarningCount(1);
    assertThat(compilation)
        .hadWarningContaining(
            "[ClaudegenUnknownModel] model = \"claude-sonnet-6\" is not in the model catalog; did"
                + " you mean \"claude-sonnet-5\" or \"claude-sonnet-4-6\"? Its limits are not"
                + " checked (-Aclaudegen.unknownModels=warning)")
        .inFile(source)
        .onLineContaining("claude-sonnet-6");
  }

  @Test
  void unknownModelsAsWarningsStillChecksWhatDoesNotDependOnTheModel() {
    JavaFileObject source =
        assistant(
            "@ClaudeEndpoint(model = \"relay-fast\", maxTokens = 30000)",
            "public interface Assistant { String ask(String q); }");
    Compilation compilation = compileWith(List.of("claudegen.unknownModels=warning"), source);
    assertThat(compilation).hadErrorCount(1);
    assertThat(compilation)
        .hadErrorContaining("[ClaudegenNeedsStreaming] maxTokens = 30000 is above 21333")
        .inFile(source)
        .onLineContaining("maxTokens = 30000");
  }

  @Test
  void anUnknownModelsValueThatIsNotAChoiceIsAnError() {
    Compilation compilation = compileWith(List.of("claudegen.unknownModels=ignore"), SONNET_4_5);
    assertThat(compilation)
        .hadErrorContaining(
            "[ClaudegenOption] -Aclaudegen.unknownModels=ignore is not a choice; write error (the"
                + " default) or warning.");
  }

  @Test
  void aUserCatalogAddsModelsWithOnlyIdAndMaxOutputTokens() throws IOException {
    Path catalog =
        write("relay.json", "{\"models\": [{\"id\": \"relay-fast\", \"maxOutputTokens\": 8192}]}");
    Compilation compilation = withCatalog(catalog, RELAY);
    assertThat(compilation).succeededWithoutWarnings();
  }

  @Test
  void aUserCatalogsLimitsAreChecked() throws IOException {
    Path catalog =
        write(
            "relay.json",
            "{\"models\": [{\"id\": \"relay-fast\", \"aliases\": [\"fast\"],",
            "  \"maxOutputTokens\": 4096, \"thinking\": [],",
            "  \"sampling\": {\"rejectsNonDefault\": true}}]}");
    Compilation compilation = withCatalog(catalog, RELAY);
    assertThat(compilation).hadErrorCount(1);
    assertThat(compilation)
        .hadErrorContaining(
            "[ClaudegenMaxTokens] maxTokens = 8192 is above the 4096 output tokens relay-fast"
                + " allows")
        .inFile(RELAY)
        .onLineContaining("relay-fast");
  }

  @Test
  void aUserCatalogOverridesABuiltInEntry() throws IOException {
    Path catalog =
        write(
            "override.json",
            "{\"models\": [{\"id\": \"claude-sonnet-4-5\", \"maxOutputTokens\": 64000,",
            "  \"retires\": null}]}");
    Compilation compilation = withCatalog(catalog, SONNET_4_5);
    assertThat(compilation).succeededWithoutWarnings();
  }

  @Test
  void aMalformedUserCatalogIsAnErrorNamingTheFileAndWhere() throws IOException {
    Path catalog = write("broken.json", "{\"models\": [", "  {\"id\": \"relay-fast\",,}", "]}");
    Compilation compilation = withCatalog(catalog, RELAY);
    // The relay's name is not reported as unknown too: the broken file may have meant to add it.
    assertThat(compilation).hadErrorCount(1);
    assertThat(compilation)
        .hadErrorContaining(
            "[ClaudegenCatalog] model catalog " + catalog + ": is not valid JSON at line 2, column"
                + " 23 (Unexpected character (',' (code 44)): was expecting double-quote to start"
                + " field name).");
    assertThat(compilation).hadErrorContaining("Fix the file named by -Aclaudegen.models.");
  }

  @Test
  void anUnknownFieldInAUserCatalogIsAnErrorNamingTheField() throws IOException {
    Path catalog =
        write(
            "typo.json",
            "{\"models\": [{\"id\": \"relay-fast\", \"maxOutputTokens\": 8192,",
            "  \"maxTokens\": 8192}]}");
    Compilation compilation = withCatalog(catalog, RELAY);
    assertThat(compilation).hadErrorCount(1);
    assertThat(compilation)
        .hadErrorContaining(
            "[ClaudegenCatalog] model catalog " + catalog + ": models[0] (\"relay-fast\"): unknown"
                + " field \"maxTokens\"; the fields are id, aliases, maxOutputTokens,"
                + " nonStreamingMaxTokens, thinking, sampling, deprecated, retires, replacement,"
                + " structuredOutputs, minCacheableTokens, notes.");
  }

  @Test
  void aMissingUserCatalogIsAnError() {
    Path missing = dir.resolve("nope.json");
    Compilation compilation = withCatalog(missing, SONNET_4_5);
    assertThat(compilation)
        .hadErrorContaining(
            "[ClaudegenCatalog] model catalog " + missing + ": cannot be read (there is no such"
                + " file).");
  }

  private static Compilation withCatalog(Path catalog, JavaFileObject source) {
    return compileWith(List.of("claudegen.models=" + catalog), source);
  }

  private Path write(String name, String... lines) throws IOException {
    Path file = dir.resolve(name);
    Files.writeString(file, String.join("\n", lines), StandardCharsets.UTF_8);
    return file;
  }
}
