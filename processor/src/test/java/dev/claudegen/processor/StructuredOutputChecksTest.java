package dev.claudegen.processor;

import static com.google.testing.compile.CompilationSubject.assertThat;
import static dev.claudegen.processor.Compiler.compile;
import static dev.claudegen.processor.Compiler.compileWith;
import static dev.claudegen.processor.Compiler.source;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.testing.compile.Compilation;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import javax.tools.Diagnostic;
import javax.tools.JavaFileObject;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Structured return types claudegen cannot ask the API for: each an error on the record component
 * (or the method, or the model) at fault, naming what was found, what is allowed and the fix.
 */
class StructuredOutputChecksTest {

  private static final String SUPPORTED =
      "a structured type is built of String, boolean, int, long, double and their boxes, an"
          + " enum, a record, List<T>, Optional<T> (an optional property), java.time.LocalDate,"
          + " OffsetDateTime, Instant, java.util.UUID and java.net.URI.";

  @TempDir Path dir;

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "Object | component 'x' of record Item: type java.lang.Object | A schema needs the shape of"
            + " the value: use a record (or an enum) that declares it.",
        "Map<String, String> | component 'x' of record Item: type"
            + " java.util.Map<java.lang.String,java.lang.String> | A JSON object with free keys"
            + " needs additionalProperties, which the API refuses",
        "int[] | component 'x' of record Item: type int[] | Use List<T> instead of an array.",
        "Item[] | component 'x' of record Item: type com.acme.Item[] | Use List<T> instead",
        "List | component 'x' of record Item: type java.util.List | A raw List does not say what it"
            + " holds",
        "List<?> | the elements of component 'x' of record Item: type ? | Write the element type"
            + " itself",
        "float | component 'x' of record Item: type float | Use double.",
        "short | component 'x' of record Item: type short | Use int.",
        "char | component 'x' of record Item: type char | Use String.",
        "Float | component 'x' of record Item: type java.lang.Float | Use Double.",
        "Runnable | component 'x' of record Item: type java.lang.Runnable | A schema needs the"
            + " shape",
        "Set<String> | component 'x' of record Item: type java.util.Set<java.lang.String> | Use"
            + " List<T>.",
        "java.math.BigDecimal | component 'x' of record Item: type java.math.BigDecimal | Use"
            + " double or long, or String to keep every digit.",
        "List<Optional<String>> | the elements of component 'x' of record Item: type"
            + " java.util.Optional<java.lang.String> | Optional<T> is only a component's own type",
        "Optional<Optional<String>> | component 'x' of record Item: type"
            + " java.util.Optional<java.util.Optional<java.lang.String>> | A property is present"
            + " or absent, so one Optional says it all",
        "Optional | component 'x' of record Item: type java.util.Optional | A raw Optional does"
            + " not say what it holds",
        "Box<String> | component 'x' of record Item: type com.acme.Box<java.lang.String> | A"
            + " record with type parameters has no schema of its own",
        "List<List<Thread>> | the elements of component 'x' of record Item: type java.lang.Thread"
            + " | Use a record or an enum for a value of your own.",
      })
  void anUnsupportedComponentTypeIsAnErrorOnTheComponent(
      String declared, String found, String advice) {
    JavaFileObject source =
        file(
            "record Box<T>(T value) {}",
            "record Item(String name,",
            "    " + declared + " x) {}",
            "@ClaudeEndpoint(model = \"claude-sonnet-4-6\", maxTokens = 100)",
            "interface Assistant {",
            "  Item extract(String mail);",
            "}");
    Compilation compilation = compile(source);
    assertThat(compilation).hadErrorCount(1);
    assertThat(compilation)
        .hadErrorContaining("[ClaudegenStructuredType] " + found
            + " has no JSON schema claudegen can write; " + SUPPORTED + " " + advice)
        .inFile(source)
        .onLineContaining(" x) {}");
  }

  @Test
  void everyProblemOfATypeIsReportedOnceInOneCompilation() {
    JavaFileObject source =
        file(
            "record Line(Object a,",
            "    float b) {}",
            "record Order(Line first,",
            "    List<Line> rest,",
            "    Map<String, Line> c) {}",
            "@ClaudeEndpoint(model = \"claude-sonnet-4-6\", maxTokens = 100)",
            "interface Assistant {",
            "  Order one(String mail);",
            "  CompletableFuture<List<Order>> many(String mail);",
            "  Stream<Order> stream(String mail);",
            "}");
    Compilation compilation = compile(source);
    assertThat(compilation).hadErrorCount(3);
    assertThat(compilation).hadErrorContaining("component 'a' of record Line: type"
        + " java.lang.Object").inFile(source).onLineContaining("Object a,");
    assertThat(compilation).hadErrorContaining("component 'b' of record Line: type float")
        .inFile(source).onLineContaining("float b");
    assertThat(compilation).hadErrorContaining("component 'c' of record Order: type"
        + " java.util.Map").inFile(source).onLineContaining("Map<String, Line> c");
  }

  @Test
  void aGenericRecordAsThePayloadIsAnErrorOnTheMethod() {
    JavaFileObject source =
        file(
            "record Box<T>(T value) {}",
            "@ClaudeEndpoint(model = \"claude-sonnet-4-6\", maxTokens = 100)",
            "interface Assistant {",
            "  Box<String> box(String text);",
            "}");
    Compilation compilation = compile(source);
    assertThat(compilation).hadErrorCount(1);
    assertThat(compilation)
        .hadErrorContaining("[ClaudegenStructuredType] the payload of Assistant.box(String): type"
            + " com.acme.Box<java.lang.String> has no JSON schema claudegen can write; "
            + SUPPORTED + " A record with type parameters has no schema of its own")
        .inFile(source)
        .onLineContaining("box(String text)");
  }

  @Test
  void anInheritedMethodsRecordIsCheckedOnItsComponent() {
    JavaFileObject source =
        file(
            "record Ticket(",
            "    Object body) {}",
            "interface Base {",
            "  Ticket ticket(String text);",
            "}",
            "@ClaudeEndpoint(model = \"claude-sonnet-4-6\", maxTokens = 100)",
            "interface Assistant extends Base {}");
    Compilation compilation = compile(source);
    assertThat(compilation).hadErrorCount(1);
    assertThat(compilation)
        .hadErrorContaining("[ClaudegenStructuredType] component 'body' of record Ticket: type"
            + " java.lang.Object")
        .inFile(source)
        .onLineContaining("Object body");
  }

  @Test
  void aRecordTwoInterfacesReturnIsReportedOnce() {
    JavaFileObject source =
        file(
            "record Ticket(",
            "    Object body) {}",
            "@ClaudeEndpoint(model = \"claude-sonnet-4-6\", maxTokens = 100)",
            "interface Assistant {",
            "  Ticket ticket(String text);",
            "}",
            "@ClaudeEndpoint(model = \"claude-sonnet-4-6\", maxTokens = 100)",
            "interface Triage {",
            "  List<Ticket> tickets(String text);",
            "}");
    Compilation compilation = compile(source);
    assertThat(compilation).hadErrorCount(1);
    assertThat(compilation)
        .hadErrorContaining("[ClaudegenStructuredType] component 'body' of record Ticket")
        .inFile(source)
        .onLineContaining("Object body");
  }

  @Test
  void aRecordThatContainsItselfIsAnErrorNamingTheCycle() {
    JavaFileObject source =
        file(
            "record Node(String name,",
            "    List<Node> children) {}",
            "@ClaudeEndpoint(model = \"claude-sonnet-4-6\", maxTokens = 100)",
            "interface Assistant {",
            "  Node tree(String text);",
            "}");
    Compilation compilation = compile(source);
    assertThat(compilation).hadErrorCount(1);
    assertThat(compilation)
        .hadErrorContaining("[ClaudegenRecursiveType] record Node contains itself (Node.children"
            + " → Node), and the API accepts no recursive schema, so no method can ask for it."
            + " Break the cycle: refer to the inner value by an id (like a String), or give the"
            + " inner level a record of its own without the way back.")
        .inFile(source)
        .onLineContaining("List<Node> children");
  }

  @Test
  void aCycleThroughOtherRecordsIsReportedOnceHoweverItIsEntered() {
    JavaFileObject source =
        file(
            "record Alpha(String id,",
            "    Optional<Beta> beta) {}",
            "record Beta(List<Gamma> gammas) {}",
            "record Gamma(",
            "    Alpha alpha) {}",
            "@ClaudeEndpoint(model = \"claude-sonnet-4-6\", maxTokens = 100)",
            "interface Assistant {",
            "  Alpha a(String text);",
            "  Gamma g(String text);",
            "  Stream<Beta> b(String text);",
            "}");
    Compilation compilation = compile(source);
    assertThat(compilation).hadErrorCount(1);
    assertThat(compilation)
        .hadErrorContaining("[ClaudegenRecursiveType] record Alpha contains itself (Alpha.beta →"
            + " Beta.gammas → Gamma.alpha → Alpha)")
        .inFile(source)
        .onLineContaining("Alpha alpha");
  }

  @Test
  void aRecordUsedTwiceIsNoCycle() {
    JavaFileObject source =
        file(
            "record Address(String city) {}",
            "record Parties(Address from, Address to, List<Address> via) {}",
            "@ClaudeEndpoint(model = \"claude-sonnet-4-6\", maxTokens = 100)",
            "interface Assistant {",
            "  Parties parties(String text);",
            "}");
    assertNoClaudegenError(compile(source), "Claudegen");
  }

  @Test
  void moreThan24OptionalPropertiesInOneSchemaIsAnErrorOnTheMethod() {
    JavaFileObject source =
        file(
            "record Small(" + optionals("s", 12) + ") {}",
            "record Big(" + optionals("b", 13) + ", Small small, List<Small> more) {}",
            "@ClaudeEndpoint(model = \"claude-sonnet-4-6\", maxTokens = 100)",
            "interface Assistant {",
            "  Parsed<Big> big(String text);",
            "}");
    Compilation compilation = compile(source);
    assertThat(compilation).hadErrorCount(1);
    assertThat(compilation)
        .hadErrorContaining("[ClaudegenSchemaLimit] Assistant.big(String) asks for a schema with"
            + " 25 optional properties (Big 13, Small 12), above the 24 the API accepts in one"
            + " request (it answers 400 \"Schema is too complex for compilation\"). Make some"
            + " components required instead of Optional, or split the record and the call.")
        .inFile(source)
        .onLineContaining("Parsed<Big> big");
  }

  @Test
  void twentyFourOptionalPropertiesAreWithinTheLimit() {
    JavaFileObject source =
        file(
            "record Small(" + optionals("s", 12) + ") {}",
            "record Big(" + optionals("b", 12) + ", Small small, List<Small> more) {}",
            "@ClaudeEndpoint(model = \"claude-sonnet-4-6\", maxTokens = 100)",
            "interface Assistant {",
            "  Big big(String text);",
            "}");
    assertNoClaudegenError(compile(source), "Claudegen");
  }

  @Test
  void anEnumWithoutConstantsCannotBeAnswered() {
    JavaFileObject source =
        file(
            "enum Nothing {}",
            "@ClaudeEndpoint(model = \"claude-sonnet-4-6\", maxTokens = 100)",
            "interface Assistant {",
            "  Nothing pick(String text);",
            "}");
    Compilation compilation = compile(source);
    assertThat(compilation).hadErrorCount(1);
    assertThat(compilation)
        .hadErrorContaining("[ClaudegenStructuredType] enum Nothing has no constants, so no reply"
            + " could ever be one of them (a schema's enum needs one). Add its constants.")
        .inFile(source)
        .onLineContaining("enum Nothing");
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "Optional<Ticket> | A structured reply is never empty (a refusal, or JSON that does not"
            + " fit, throws ClaudeOutputException): return com.acme.Ticket, or"
            + " Parsed<com.acme.Ticket> to inspect the reply too.",
        "Stream<List<Ticket>> | A Stream<R> already reads one JSON array, yielding each element as"
            + " soon as it is complete: return Stream<com.acme.Ticket>, or List<com.acme.Ticket>"
            + " for the whole list at once.",
        "Stream<Parsed<Ticket>> | A stream yields values as they are complete, before the reply"
            + " is: return Stream<R>, or Parsed<List<R>> for the list with its Reply at the end.",
        "Parsed | A Parsed<T> says which type the reply is read into: write it, like"
            + " Parsed<Ticket>.",
        "Parsed<String> | Parsed<T> is a structured value with its reply; for the text with its"
            + " reply, return Reply.",
        "Parsed<Integer> | Parsed<T> wraps a structured type: T is a record, an enum, or a List of"
            + " them, not java.lang.Integer.",
        "CompletableFuture<Parsed<List<String>>> | Parsed<T> wraps a structured type: T is a"
            + " record, an enum, or a List of them, not java.util.List<java.lang.String>. A List"
            + " payload holds records or enums, not java.lang.String",
        "List<Integer> | A List payload holds records or enums, not java.lang.Integer: declare a"
            + " record around the list, like record Tags(List<String> tags), and return it.",
        "List | A raw List does not say what its JSON holds",
        "CompletableFuture<Optional<Ticket>> | A CompletableFuture completes with String, Reply, a"
            + " structured type or Parsed<T>, not java.util.Optional<com.acme.Ticket>. A"
            + " structured reply is never empty",
      })
  void structuredShapesThatCannotBeSayWhatToWriteInstead(String declared, String advice) {
    JavaFileObject source =
        file(
            "record Ticket(String summary) {}",
            "@ClaudeEndpoint(model = \"claude-sonnet-4-6\", maxTokens = 100)",
            "interface Assistant {",
            "  " + declared + " ask(String q);",
            "}");
    Compilation compilation = compile(source);
    assertThat(compilation).hadErrorCount(1);
    assertThat(compilation)
        .hadErrorContaining("[ClaudegenReturnType] Assistant.ask(String) returns ")
        .inFile(source)
        .onLineContaining(" ask(");
    assertThat(compilation).hadErrorContaining(advice);
  }

  @Test
  void everyStructuredShapeIsAcceptedByValidation() {
    JavaFileObject source =
        file(
            "enum Priority { LOW, HIGH }",
            "record Ticket(Priority priority, String summary, List<String> tags,",
            "    Optional<String> customerId, boolean urgent, int count, long id, double score,",
            "    Integer boxed, java.time.LocalDate day, java.time.OffsetDateTime at,",
            "    java.time.Instant seen, UUID uuid, java.net.URI link) {}",
            "@ClaudeEndpoint(model = \"claude-sonnet-4-6\", maxTokens = 100)",
            "interface Assistant {",
            "  Ticket a(String q);",
            "  Priority b(String q);",
            "  List<Ticket> c(String q);",
            "  List<Priority> d(String q);",
            "  Parsed<Ticket> e(String q);",
            "  Parsed<List<Ticket>> f(String q);",
            "  CompletableFuture<Ticket> g(String q);",
            "  CompletableFuture<Parsed<Priority>> h(String q);",
            "  Stream<Ticket> i(String q);",
            "  Stream<Priority> j(String q);",
            "}");
    assertNoClaudegenError(compile(source), "Claudegen");
  }

  @Test
  void aStreamOfItemsNeedsNoTimeoutAboveTheNonStreamingCapButAPlainRecordDoes() {
    JavaFileObject source =
        file(
            "record Ticket(String summary) {}",
            "@ClaudeEndpoint(model = \"claude-sonnet-4-6\", maxTokens = 30000)",
            "interface Assistant {",
            "  Stream<Ticket> many(String q);",
            "  Ticket one(String q);",
            "}");
    Compilation compilation = compile(source);
    assertThat(compilation).hadErrorCount(1);
    assertThat(compilation)
        .hadErrorContaining("[ClaudegenNeedsStreaming] maxTokens = 30000 is above 21333")
        .inFile(source)
        .onLineContaining("maxTokens = 30000");
  }

  @Test
  void aModelWithoutStructuredOutputsIsAnErrorOnTheModel() throws IOException {
    JavaFileObject source =
        file(
            "record Ticket(String summary) {}",
            "@ClaudeEndpoint(model = \"claude-sonnet-4-6\", maxTokens = 100)",
            "interface Assistant {",
            "  String text(String q);",
            "  @ClaudeEndpoint(",
            "      model = \"acme-plain\", maxTokens = 100)",
            "  Ticket ticket(String q);",
            "}");
    Compilation compilation = compileWith(catalog(), source);
    assertThat(compilation).hadErrorCount(1);
    assertThat(compilation)
        .hadErrorContaining("[ClaudegenNoStructuredOutputs] model = \"acme-plain\" has no"
            + " structured outputs (its catalog entry lacks \"structuredOutputs\": true), and"
            + " Assistant.ticket(String) returns a structured type, which needs them. Use a model"
            + " that has them, like \"acme-structured\", \"claude-fable-5-2\","
            + " \"claude-haiku-5-5\";"
            + " or, if this one has them now, say so in a catalog file"
            + " (-Aclaudegen.models=<file>).")
        .inFile(source)
        .onLineContaining("model = \"acme-plain\"");
  }

  @Test
  void anInterfaceModelWithoutStructuredOutputsIsMarkedOnTheInterface() throws IOException {
    JavaFileObject source =
        file(
            "record Ticket(String summary) {}",
            "@ClaudeEndpoint(",
            "    model = \"acme-plain\", maxTokens = 100)",
            "interface Assistant {",
            "  String text(String q);",
            "  Stream<Ticket> tickets(String q);",
            "}");
    Compilation compilation = compileWith(catalog(), source);
    assertThat(compilation).hadErrorCount(1);
    assertThat(compilation)
        .hadErrorContaining("[ClaudegenNoStructuredOutputs] model = \"acme-plain\" has no"
            + " structured outputs")
        .inFile(source)
        .onLineContaining("model = \"acme-plain\"");
  }

  @Test
  void aFallbackModelWithoutStructuredOutputsCannotServe() throws IOException {
    JavaFileObject source =
        file(
            "record Ticket(String summary) {}",
            "@ClaudeEndpoint(model = \"acme-structured\", maxTokens = 100,",
            "    fallbackModels = {\"claude-sonnet-4-6\",",
            "        \"acme-plain\"})",
            "interface Assistant {",
            "  Ticket ticket(String q);",
            "}");
    Compilation compilation = compileWith(catalog(), source);
    assertThat(compilation).hadErrorCount(1);
    assertThat(compilation)
        .hadErrorContaining("[ClaudegenFallbackModel] fallback model \"acme-plain\" cannot serve"
            + " these requests: it has no structured outputs (its catalog entry lacks"
            + " \"structuredOutputs\": true), and Assistant.ticket(String) returns a structured"
            + " type; remove it or choose a model that can.")
        .inFile(source)
        .onLineContaining("\"acme-plain\"})");
  }

  @Test
  void structuredOutputsMustBeTrueOrFalseInACatalogFile() throws IOException {
    Path file = dir.resolve("models.json");
    Files.writeString(file, "{\"models\": [{\"id\": \"acme\", \"maxOutputTokens\": 1000,"
        + " \"structuredOutputs\": \"yes\"}]}", StandardCharsets.UTF_8);
    JavaFileObject source =
        file(
            "@ClaudeEndpoint(model = \"claude-sonnet-4-6\", maxTokens = 100)",
            "interface Assistant {",
            "  String text(String q);",
            "}");
    Compilation compilation = compileWith(List.of("claudegen.models=" + file), source);
    assertThat(compilation).hadErrorContaining("\"structuredOutputs\" must be true or false, not"
        + " \"yes\"");
  }

  @Test
  void thinkingIsAllowedWithStructuredOutput() {
    JavaFileObject source =
        file(
            "record Ticket(String summary) {}",
            "@ClaudeEndpoint(model = \"claude-sonnet-4-6\", maxTokens = 4000)",
            "interface Assistant {",
            "  @Thinking(budgetTokens = 2000)",
            "  Ticket ticket(String q);",
            "}");
    assertNoClaudegenError(compile(source), "Claudegen");
  }

  @Test
  void aRecordOfAnotherCompilationIsCheckedFromItsClassFile() throws IOException {
    Path classes = Probe.compileToClasses(dir,
        source("com.lib.Shipment", "package com.lib;",
            "import java.util.Map;",
            "public record Shipment(String id, Map<String, String> labels) {}"));
    JavaFileObject source =
        file(
            "@ClaudeEndpoint(model = \"claude-sonnet-4-6\", maxTokens = 100)",
            "interface Assistant {",
            "  com.lib.Shipment track(String q);",
            "}");
    Compilation compilation =
        Probe.javacWithClasspath(classes).withProcessors(Compiler.processor())
            .withOptions("-Aclaudegen.today=" + Compiler.TODAY).compile(source);
    assertThat(compilation).hadErrorCount(1);
    assertThat(compilation)
        .hadErrorContaining("[ClaudegenStructuredType] component 'labels' of record Shipment"
            + " (marked on the method: the compiler cannot point at it): type"
            + " java.util.Map<java.lang.String,java.lang.String> has no JSON schema claudegen can"
            + " write")
        .inFile(source)
        .onLineContaining("track(String q)");
  }

  @Test
  void aComponentTypeAnotherProcessorGeneratesIsAwaited() {
    JavaFileObject source =
        file(
            "record Ticket(Priority priority) {}",
            "@ClaudeEndpoint(model = \"claude-sonnet-4-6\", maxTokens = 100)",
            "interface Assistant {",
            "  Ticket ticket(String q);",
            "}");
    Compilation compilation =
        com.google.testing.compile.Compiler.javac()
            .withProcessors(
                new SourceWritingProcessor(
                    "com.acme.Priority", "package com.acme;\npublic enum Priority { LOW }\n"),
                Compiler.processor())
            .withOptions("-Aclaudegen.today=" + Compiler.TODAY)
            .compile(source);
    assertNoClaudegenError(compilation, "Claudegen");
    // The client was generated once the type appeared (its structured code is another part's).
    assertTrue(compilation.generatedSourceFile("com.acme.ClaudeAssistant").isPresent());
  }

  @Test
  void aComponentTypeThatNeverAppearsIsJavacsErrorAndNoCrash() {
    JavaFileObject source =
        file(
            "record Ticket(",
            "    Missing priority) {}",
            "@ClaudeEndpoint(model = \"claude-sonnet-4-6\", maxTokens = 100)",
            "interface Assistant {",
            "  Ticket ticket(String q);",
            "}");
    Compilation compilation = compile(source);
    assertThat(compilation).failed();
    assertThat(compilation).hadErrorContaining("cannot find symbol").inFile(source)
        .onLineContaining("Missing priority");
    assertNoClaudegenError(compilation, "ClaudegenInternal");
    assertNoClaudegenError(compilation, "ClaudegenStructuredType");
  }

  @Test
  void descriptionOnRecordsEnumsAndMethodsIsNeitherMisplacedNorUnclaimed() {
    JavaFileObject source =
        source(
            "com.acme.Ticket",
            "package com.acme;",
            "import dev.claudegen.annotations.Description;",
            "@Description(\"A ticket\")",
            "public record Ticket(@Description(\"One line\") String summary) {",
            "  @Description(\"A tool\") static int count(@Description(\"how many\") int n) {",
            "    return n;",
            "  }",
            "  enum Priority { @Description(\"now\") URGENT }",
            "}");
    assertThat(compile(source)).succeededWithoutWarnings();
  }

  private List<String> catalog() throws IOException {
    Path file = dir.resolve("models.json");
    Files.writeString(file, String.join("\n",
        "{\"models\": [",
        "  {\"id\": \"acme-plain\", \"maxOutputTokens\": 1000},",
        "  {\"id\": \"acme-structured\", \"maxOutputTokens\": 1000, \"structuredOutputs\": true}",
        "]}"), StandardCharsets.UTF_8);
    return List.of("claudegen.models=" + file);
  }

  /** {@code Optional<String> s0, Optional<String> s1, ...}. */
  private static String optionals(String prefix, int count) {
    List<String> components = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      components.add("Optional<String> " + prefix + i);
    }
    return String.join(", ", components);
  }

  /**
   * No claudegen error with the tag: generation of structured methods is another part's, so a
   * success is judged by the checks alone.
   */
  static void assertNoClaudegenError(Compilation compilation, String tag) {
    List<String> errors = new ArrayList<>();
    for (Diagnostic<? extends JavaFileObject> diagnostic : compilation.diagnostics()) {
      String text = diagnostic.getMessage(Locale.ROOT);
      if (diagnostic.getKind() == Diagnostic.Kind.ERROR && text.contains("[" + tag)) {
        errors.add(text);
      }
    }
    assertEquals(List.of(), errors);
  }

  /** {@code com.acme.Assistant}'s file, with the imports structured methods use. */
  static JavaFileObject file(String... body) {
    List<String> lines = new ArrayList<>();
    lines.add("package com.acme;");
    lines.add("import dev.claudegen.annotations.*;");
    lines.add("import dev.claudegen.runtime.*;");
    lines.add("import java.util.*;");
    lines.add("import java.util.concurrent.*;");
    lines.add("import java.util.stream.Stream;");
    lines.addAll(List.of(body));
    return source("com.acme.Assistant", lines.toArray(String[]::new));
  }
}
