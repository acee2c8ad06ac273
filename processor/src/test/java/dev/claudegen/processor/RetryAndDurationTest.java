package dev.claudegen.processor;

import static com.google.testing.compile.CompilationSubject.assertThat;
import static dev.claudegen.processor.Compiler.assistant;
import static dev.claudegen.processor.Compiler.compile;
import static dev.claudegen.processor.Compiler.compileWithOneError;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.testing.compile.Compilation;
import dev.claudegen.annotations.ErrorKind;
import dev.claudegen.annotations.Retry;
import dev.claudegen.runtime.RetrySchedule;
import java.lang.reflect.Method;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;
import javax.tools.JavaFileObject;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** @Retry values and durations everywhere; and the retry schedules written into clients. */
class RetryAndDurationTest {

  @Test
  void retryingAKindThatCannotSucceedIsAnErrorOnThatKind() {
    JavaFileObject source =
        assistant(
            "@ClaudeEndpoint(model = \"claude-sonnet-4-6\", maxTokens = 100)",
            "@Retry(on = {ErrorKind.RATE_LIMIT,",
            "    ErrorKind.AUTHENTICATION})",
            "public interface Assistant { String ask(String q); }");
    compileWithOneError(
        source,
        "[ClaudegenRetryKind] @Retry on AUTHENTICATION cannot help: a 401 means the API key is"
            + " missing or wrong, and it stays so. Remove AUTHENTICATION from on.",
        "ErrorKind.AUTHENTICATION");
  }

  @ParameterizedTest
  @CsvSource({
    "BAD_REQUEST, a 400 means the request itself is wrong",
    "AUTHENTICATION, a 401 means the API key is missing or wrong",
    "PERMISSION, a 402 or 403 means the key may not do this",
    "NOT_FOUND, a 404 means the model or endpoint does not exist",
    "REQUEST_TOO_LARGE, a 413 means the request is over the size limit",
  })
  void everyNonRetryableKindIsRefusedWithItsReason(String kind, String reason) {
    JavaFileObject source =
        assistant(
            "@ClaudeEndpoint(model = \"claude-sonnet-4-6\", maxTokens = 100)",
            "public interface Assistant {",
            "  @Retry(on = ErrorKind." + kind + ")",
            "  String ask(String q);",
            "}");
    compileWithOneError(
        source,
        "@Retry on " + kind + " cannot help: " + reason,
        "ErrorKind." + kind);
  }

  @Test
  void aKindRetriedByTwoRetriesIsAnErrorOnTheSecond() {
    JavaFileObject source =
        assistant(
            "@ClaudeEndpoint(model = \"claude-sonnet-4-6\", maxTokens = 100)",
            "public interface Assistant {",
            "  @Retry(on = {ErrorKind.RATE_LIMIT, ErrorKind.OVERLOADED})",
            "  @Retry(on = ErrorKind.OVERLOADED, initialDelay = \"5s\")",
            "  String ask(String q);",
            "}");
    Compilation compilation = compile(source);
    assertThat(compilation).hadErrorCount(1);
    // The kind as written in the second @Retry, inside javac's implicit @Retry.List.
    assertThat(compilation)
        .hadErrorContaining(
            "[ClaudegenRetryKindTwice] @Retry #2 on OVERLOADED: OVERLOADED is already retried by"
                + " an earlier @Retry on Assistant.ask(String), and a kind has one schedule;"
                + " remove it from one of them.")
        .inFile(source)
        .onLineContaining("initialDelay = \"5s\"");
  }

  @Test
  void aKindNamedTwiceInOneRetryIsAnError() {
    JavaFileObject source =
        assistant(
            "@ClaudeEndpoint(model = \"claude-sonnet-4-6\", maxTokens = 100)",
            "@Retry(on = {ErrorKind.TIMEOUT, ErrorKind.CONNECTION,",
            "    ErrorKind.TIMEOUT})",
            "public interface Assistant { String ask(String q); }");
    compileWithOneError(
        source,
        "[ClaudegenRetryKindTwice] @Retry on names TIMEOUT twice; remove one.",
        "    ErrorKind.TIMEOUT})");
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "maxAttempts = 0 | [ClaudegenRetryValue] @Retry maxAttempts = 0 is out of range; it must"
            + " be from 1 (no retry) to 20, the first attempt included.",
        "maxAttempts = 21 | [ClaudegenRetryValue] @Retry maxAttempts = 21 is out of range",
        "multiplier = 0.5 | [ClaudegenRetryValue] @Retry multiplier = 0.5 is out of range; it must"
            + " be from 1.0 (the same wait each time) to 10.0.",
        "multiplier = 11 | [ClaudegenRetryValue] @Retry multiplier = 11.0 is out of range",
        "multiplier = Double.NaN | [ClaudegenRetryValue] @Retry multiplier = NaN is out of range",
        "jitter = -0.1 | [ClaudegenRetryValue] @Retry jitter = -0.1 is out of range; it must be"
            + " from 0.0 (no jitter) to 1.0.",
        "jitter = 1.01 | [ClaudegenRetryValue] @Retry jitter = 1.01 is out of range",
        "jitter = Double.POSITIVE_INFINITY | [ClaudegenRetryValue] @Retry jitter = Infinity is out"
            + " of range",
        "initialDelay = \"5 s\" | [ClaudegenDuration] @Retry initialDelay = \"5 s\" is not a"
            + " duration; write a whole number with a unit: \"500ms\", \"5s\", \"2m\" or"
            + " \"1h\".",
        "maxDelay = \"2h\" | [ClaudegenDuration] @Retry maxDelay = \"2h\" is out of range; it"
            + " must be at most 1h.",
        "maxRetryAfter = \"1.5s\" | [ClaudegenDuration] @Retry maxRetryAfter = \"1.5s\" is not a"
            + " duration",
        "maxRetryAfter = \"61m\" | [ClaudegenDuration] @Retry maxRetryAfter = \"61m\" is out of"
            + " range; it must be at most 1h.",
        "maxElapsed = \"0s\" | [ClaudegenDuration] @Retry maxElapsed = \"0s\" is out of range; it"
            + " must be longer than 0 and at most 24h.",
        "maxElapsed = \"2d\" | [ClaudegenDuration] @Retry maxElapsed = \"2d\" is not a duration",
        "maxElapsed = \"25h\" | [ClaudegenDuration] @Retry maxElapsed = \"25h\" is out of range",
      })
  void retryValuesOutOfRangeAreErrorsOnTheValue(String attribute, String message) {
    JavaFileObject source =
        assistant(
            "@ClaudeEndpoint(model = \"claude-sonnet-4-6\", maxTokens = 100)",
            "@Retry(on = ErrorKind.OVERLOADED,",
            "    " + attribute + ")",
            "public interface Assistant { String ask(String q); }");
    compileWithOneError(source, message, attribute);
  }

  @Test
  void maxDelayShorterThanInitialDelayIsAnError() {
    JavaFileObject source =
        assistant(
            "@ClaudeEndpoint(model = \"claude-sonnet-4-6\", maxTokens = 100)",
            "@Retry(initialDelay = \"10s\",",
            "    maxDelay = \"5s\")",
            "public interface Assistant {",
            "  @Retry(initialDelay = \"45s\")",
            "  String ask(String q);",
            "}");
    Compilation compilation = compile(source);
    assertThat(compilation).hadErrorCount(2);
    assertThat(compilation)
        .hadErrorContaining(
            "[ClaudegenRetryValue] @Retry maxDelay = \"5s\" is shorter than initialDelay ="
                + " \"10s\"; the longest wait must be at least the first.")
        .inFile(source)
        .onLineContaining("maxDelay = \"5s\"");
    // maxDelay left at its default 30s: the initialDelay written is what is too long.
    assertThat(compilation)
        .hadErrorContaining("@Retry maxDelay = \"30s\" is shorter than initialDelay = \"45s\"")
        .inFile(source)
        .onLineContaining("initialDelay = \"45s\"");
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "timeout = \"0s\" | timeout = \"0s\" is out of range; it must be longer than 0.",
        "timeout = \"-5s\" | timeout = \"-5s\" is not a duration",
        "timeout = \"5S\" | timeout = \"5S\" is not a duration",
        "timeout = \"PT5S\" | timeout = \"PT5S\" is not a duration",
      })
  void badTimeoutsAreErrorsOnTheValue(String attribute, String message) {
    JavaFileObject source =
        assistant(
            "@ClaudeEndpoint(model = \"claude-sonnet-4-6\", maxTokens = 100,",
            "    " + attribute + ")",
            "public interface Assistant { String ask(String q); }");
    compileWithOneError(source, "[ClaudegenDuration] " + message, attribute);
  }

  @Test
  void everyValidRetryValueIsWrittenIntoTheCallSpecOneCallPerLine() {
    JavaFileObject source =
        assistant(
            "@ClaudeEndpoint(model = \"claude-sonnet-4-6\", maxTokens = 100)",
            "@Retry(on = ErrorKind.RATE_LIMIT, maxAttempts = 5, initialDelay = \"1s\",",
            "    multiplier = 1.5, maxDelay = \"2m\", jitter = 0, honorRetryAfter = false,",
            "    maxRetryAfter = \"10s\", maxElapsed = \"5m\")",
            "@Retry(on = {ErrorKind.OVERLOADED, ErrorKind.SERVER_ERROR}, initialDelay = \"5s\")",
            "public interface Assistant {",
            "  String ask(String q);",
            "  @Retry(maxAttempts = 1)",
            "  String once(String q);",
            "  @Retry(on = {})",
            "  String never(String q);",
            "}");
    Compilation compilation = compile(source);
    assertThat(compilation).succeededWithoutWarnings();
    String generated = GenerationTest.generated(compilation, "com.acme.ClaudeAssistant");
    assertTrue(
        generated.contains(
            "  private static final CallSpec ASK = CallSpec.builder(\"Assistant.ask(String)\","
                + " \"claude-sonnet-4-6\",\n"
                + "      100)\n"
                + "      .userParameters(\"q\")\n"
                + "      .retry(RetrySchedule.on(ErrorKind.RATE_LIMIT)\n"
                + "          .maxAttempts(5)\n"
                + "          .initialDelayMillis(1000L)\n"
                + "          .multiplier(1.5)\n"
                + "          .maxDelayMillis(120000L)\n"
                + "          .jitter(0.0)\n"
                + "          .honorRetryAfter(false)\n"
                + "          .maxRetryAfterMillis(10000L)\n"
                + "          .maxElapsedMillis(300000L)\n"
                + "          .build())\n"
                + "      .retry(RetrySchedule.on(ErrorKind.OVERLOADED, ErrorKind.SERVER_ERROR)\n"
                + "          .initialDelayMillis(5000L)\n"
                + "          .build())\n"
                + "      .build();\n"),
        generated);
    // A method's @Retry replaces the interface's; only values that differ from @Retry() appear.
    assertTrue(
        generated.contains(
            "      .retry(RetrySchedule.on(ErrorKind.RATE_LIMIT, ErrorKind.OVERLOADED,"
                + " ErrorKind.SERVER_ERROR,\n"
                + "          ErrorKind.CONNECTION, ErrorKind.TIMEOUT)\n"
                + "          .maxAttempts(1)\n"
                + "          .build())\n"
                + "      .build();\n"),
        generated);
    assertTrue(
        generated.contains("      .retry(RetrySchedule.on()\n          .build())\n"), generated);
    assertTrue(generated.contains("import dev.claudegen.annotations.ErrorKind;"), generated);
  }

  @Test
  void noRetryAnywhereLeavesTheRuntimeDefault() {
    JavaFileObject source =
        assistant(
            "@ClaudeEndpoint(model = \"claude-sonnet-4-6\", maxTokens = 100)",
            "public interface Assistant { String ask(String q); }");
    Compilation compilation = compile(source);
    assertThat(compilation).succeededWithoutWarnings();
    String generated = GenerationTest.generated(compilation, "com.acme.ClaudeAssistant");
    assertFalse(generated.contains(".retry("), generated);
    assertFalse(generated.contains("RetrySchedule"), generated);
  }

  /**
   * The generator leaves out values equal to the annotation's defaults, read from the annotation
   * type; the runtime's builder must start from the same values.
   */
  @Test
  void theRuntimeDefaultIsTheAnnotationsDefault() throws Exception {
    RetrySchedule runtime = RetrySchedule.DEFAULT;
    assertEquals(
        Arrays.stream((ErrorKind[]) defaultOf("on")).collect(Collectors.toSet()), runtime.kinds());
    assertEquals(defaultOf("maxAttempts"), runtime.maxAttempts());
    assertEquals(Duration.ofMillis(millis(defaultOf("initialDelay"))), runtime.initialDelay());
    assertEquals(defaultOf("multiplier"), runtime.multiplier());
    assertEquals(Duration.ofMillis(millis(defaultOf("maxDelay"))), runtime.maxDelay());
    assertEquals(defaultOf("jitter"), runtime.jitter());
    assertEquals(defaultOf("honorRetryAfter"), runtime.honorRetryAfter());
    assertEquals(Duration.ofMillis(millis(defaultOf("maxRetryAfter"))), runtime.maxRetryAfter());
    assertEquals("", defaultOf("maxElapsed"));
    assertEquals(null, runtime.maxElapsed());
    assertTrue(
        Arrays.stream((ErrorKind[]) defaultOf("on"))
            .noneMatch(kind -> RetryChecks.NOT_RETRYABLE.containsKey(kind.name())));
  }

  @Test
  void valuesWrittenAsTheDefaultsAreLeftOutOfTheGeneratedSchedule() {
    JavaFileObject source =
        assistant(
            "@ClaudeEndpoint(model = \"claude-sonnet-4-6\", maxTokens = 100,",
            "    apiKeyEnv = \"ANTHROPIC_API_KEY\", apiVersion = \"2026-10-21\")",
            "@Retry(on = ErrorKind.OVERLOADED, maxAttempts = 3, initialDelay = \"500ms\",",
            "    multiplier = 2.0, maxDelay = \"30000ms\", jitter = 0.25, honorRetryAfter = true,",
            "    maxRetryAfter = \"1m\", maxElapsed = \"\")",
            "public interface Assistant { String ask(String q); }");
    Compilation compilation = compile(source);
    assertThat(compilation).succeededWithoutWarnings();
    String generated = GenerationTest.generated(compilation, "com.acme.ClaudeAssistant");
    assertTrue(generated.contains(".retry(RetrySchedule.on(ErrorKind.OVERLOADED)\n"), generated);
    for (String call : List.of(".maxAttempts(", ".initialDelayMillis(", ".multiplier(",
        ".maxDelayMillis(", ".jitter(", ".honorRetryAfter(", ".maxRetryAfterMillis(",
        ".maxElapsedMillis(", ".apiKeyEnv(", ".apiVersion(")) {
      assertFalse(generated.contains(call), call + " in\n" + generated);
    }
  }

  private static Object defaultOf(String attribute) throws NoSuchMethodException {
    Method method = Retry.class.getMethod(attribute);
    return method.getDefaultValue();
  }

  private static long millis(Object duration) {
    return Durations.parseMillis((String) duration);
  }
}
