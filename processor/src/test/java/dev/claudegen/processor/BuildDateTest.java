package dev.claudegen.processor;

import static com.google.testing.compile.CompilationSubject.assertThat;
import static dev.claudegen.processor.Compiler.assistant;
import static dev.claudegen.processor.Compiler.clockAt;
import static dev.claudegen.processor.Compiler.compileOnClock;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.google.testing.compile.Compilation;
import java.time.Clock;
import java.time.LocalDate;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;
import javax.tools.Diagnostic;
import javax.tools.JavaFileObject;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Which date models are judged at: {@code -Aclaudegen.today} when given, whatever the machine's
 * clock says; the machine's clock when not; and none when the option cannot be read.
 */
class BuildDateTest {

  /** Deprecated on 2026-10-01, retired on 2026-11-30 (the built-in catalog). */
  private static final JavaFileObject SONNET_4_5 =
      assistant(
          "@ClaudeEndpoint(model = \"claude-sonnet-4-5\", maxTokens = 1024)",
          "public interface Assistant { String ask(String q); }");

  private static final String FAR_AHEAD = "2046-06-01";

  @ParameterizedTest
  @ValueSource(strings = {"2026-09-30", "2026-11-29", "2026-11-30"})
  void aPinnedBuildDateGivesTheSameResultsWhateverTheMachineClockSays(String today) {
    List<String> pinned = List.of("claudegen.today=" + today);
    String onThatDay = describe(compileOnClock(clockAt(today), pinned, SONNET_4_5));
    assertEquals(onThatDay, describe(compileOnClock(clockAt(FAR_AHEAD), pinned, SONNET_4_5)));
    assertEquals(onThatDay, describe(compileOnClock(clockAt("2020-01-01"), pinned, SONNET_4_5)));
    assertEquals(
        onThatDay, describe(compileOnClock(Clock.systemDefaultZone(), pinned, SONNET_4_5)));
  }

  @Test
  void aPinnedBuildDateBeforeTheRetirementIsOnlyADeprecationYearsLater() {
    Compilation compilation =
        compileOnClock(clockAt(FAR_AHEAD), List.of("claudegen.today=2026-11-29"), SONNET_4_5);
    assertThat(compilation).succeeded();
    assertThat(compilation).hadWarningCount(1);
    assertThat(compilation)
        .hadWarningContaining("[ClaudegenDeprecatedModel] model = \"claude-sonnet-4-5\" is"
            + " deprecated; it retires on 2026-11-30")
        .inFile(SONNET_4_5)
        .onLineContaining("claude-sonnet-4-5");
  }

  @Test
  void withoutABuildDateTheMachineClockDecides() {
    Compilation before = compileOnClock(clockAt("2026-09-30"), List.of(), SONNET_4_5);
    assertThat(before).succeededWithoutWarnings();

    Compilation deprecated = compileOnClock(clockAt("2026-11-29"), List.of(), SONNET_4_5);
    assertThat(deprecated).succeeded();
    assertThat(deprecated).hadWarningCount(1);
    assertThat(deprecated)
        .hadWarningContaining("[ClaudegenDeprecatedModel] model = \"claude-sonnet-4-5\"")
        .inFile(SONNET_4_5)
        .onLineContaining("claude-sonnet-4-5");

    Compilation retired = compileOnClock(clockAt(FAR_AHEAD), List.of(), SONNET_4_5);
    assertThat(retired).hadErrorCount(1);
    assertThat(retired)
        .hadErrorContaining("[ClaudegenRetiredModel] model = \"claude-sonnet-4-5\" was retired on"
            + " 2026-11-30: every call to it fails. Use \"claude-sonnet-5-5\" instead.")
        .inFile(SONNET_4_5)
        .onLineContaining("claude-sonnet-4-5");
  }

  @ParameterizedTest
  @ValueSource(strings = {"2026-09-30", "2026-11-29", "2026-11-30", FAR_AHEAD})
  void anUnreadableBuildDateIsOneErrorUnderAnyClock(String machineDate) {
    for (String bad : List.of("2026-13-01", "tomorrow", "", "2026-1-5")) {
      Compilation compilation =
          compileOnClock(clockAt(machineDate), List.of("claudegen.today=" + bad), SONNET_4_5);
      assertEquals(
          List.of("ERROR [ClaudegenOption] -Aclaudegen.today=" + bad + " is not a date, so no"
              + " model was judged retired or deprecated; write it as YYYY-MM-DD, like"
              + " 2026-11-24."),
          compilation.diagnostics().stream()
              .filter(d -> d.getKind() != Diagnostic.Kind.NOTE)
              .map(d -> d.getKind() + " " + d.getMessage(Locale.ROOT))
              .toList(),
          "with -Aclaudegen.today=" + bad + " on " + machineDate);
    }
  }

  @Test
  void theTestsMachineDatePropertyMovesTheClockOfTheTestsProcessors() {
    // Shows that the Surefire run with the machine date moved does move it; else that run would
    // pass for the wrong reason.
    String property = System.getProperty(Compiler.MACHINE_DATE);
    if (property == null) {
      assertEquals(Clock.systemDefaultZone(), Compiler.machineClock());
    } else {
      assertEquals(LocalDate.parse(property), LocalDate.now(Compiler.machineClock()));
    }
  }

  /** Errors and warnings with their lines, in order. */
  private static String describe(Compilation compilation) {
    return compilation.diagnostics().stream()
        .filter(d -> d.getKind() != Diagnostic.Kind.NOTE)
        .map(d -> d.getKind() + " " + d.getLineNumber() + " " + d.getMessage(Locale.ROOT))
        .collect(Collectors.joining("\n"));
  }
}
