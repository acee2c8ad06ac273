package dev.claudegen.examples;

import dev.claudegen.runtime.BatchResult;
import dev.claudegen.runtime.BatchResults;
import dev.claudegen.runtime.BatchStatus;
import dev.claudegen.runtime.ClaudeListener;
import dev.claudegen.runtime.Message;
import dev.claudegen.runtime.MessageBatch;
import dev.claudegen.runtime.Reply;
import dev.claudegen.runtime.Usage;
import dev.claudegen.testing.FakeClaude;
import dev.claudegen.testing.FakeResponse;
import dev.claudegen.testing.RecordedRequest;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.logging.LogManager;
import java.util.stream.Stream;

/**
 * Runs {@link TicketTriage} once. With {@code ANTHROPIC_API_KEY} set it calls the real API;
 * without, it starts {@link FakeClaude} on loopback, says so, shows the request claudegen sent and
 * the reply it got, then each method shape of {@link SupportDesk}, structured output, and a tool
 * call of {@link OrderDesk} with its prompt cache, and a Message Batch of tickets, so it runs with
 * no key and no network. With {@code --trace} ({@code -Dexec.args=--trace}) every call's
 * OpenTelemetry span is logged as it ends, and the metrics at exit ({@link Tracing}).
 */
public final class TriageExample {

  private static final String TICKET =
      "Since this morning every export to CSV fails with 'Error 500'. We have a board meeting"
          + " tomorrow and need the numbers. Order #48213.";

  private TriageExample() {}

  /** The listener every client of the example gets: spans and metrics with {@code --trace}. */
  private static ClaudeListener tracing = ClaudeListener.NONE;

  public static void main(String[] args) {
    logOneLinePerRecord();
    try (Tracing otel = Tracing.fromArgs(args)) {
      tracing = otel.listener();
      run();
    }
  }

  private static void run() {
    String key = System.getenv("ANTHROPIC_API_KEY");
    if (key != null && !key.isBlank()) {
      TicketTriage triage = ClaudeTicketTriage.builder().listener(tracing).build();
      System.out.println("Calling the Claude API (ANTHROPIC_API_KEY is set).");
      System.out.println("classify   -> " + triage.classify("Acme Reports", TicketTriage.Tier.TEAM, TICKET));
      return;
    }
    try (FakeClaude claude = FakeClaude.start()) {
      System.out.println(
          "ANTHROPIC_API_KEY is not set: using FakeClaude, a fake Claude server on " + claude.baseUrl());
      System.out.println("(set ANTHROPIC_API_KEY to call the real API)");
      System.out.println();
      // The first attempt meets an overloaded API that asks for a 300 ms pause (the retry is
      // logged as a WARNING); the second one gets the answer.
      claude.enqueue(
          FakeResponse.error(529, "overloaded_error", "Overloaded").withRetryAfterMillis(300),
          FakeResponse.text("{\"label\": \"BUG\", \"reason\": \"CSV export fails with a 500.\"}"));
      TicketTriage triage =
          ClaudeTicketTriage.builder()
              .apiKey("fake-key")
              .baseUrl(claude.baseUrl().toString())
              .listener(tracing)
              .build();

      String label = triage.classify("Acme Reports", TicketTriage.Tier.TEAM, TICKET);

      claude.takeRequest(); // the overloaded attempt
      RecordedRequest request = claude.takeRequest();
      System.out.println();
      System.out.println("Request sent: " + request.method() + " " + request.path());
      System.out.println("  anthropic-version: " + request.header("anthropic-version"));
      System.out.println("  x-api-key: *** (never printed)");
      System.out.println("  body: " + request.json().toPrettyString().replace("\n", "\n  "));
      System.out.println();
      System.out.println("Reply: " + label);
      System.out.println();
      showMethodShapes(claude);
      showStructuredOutput(claude, triage);
      showTools(claude);
      showBatch(claude);
    }
  }

  /**
   * {@link OrderDesk}: Claude asks for {@link OrderTools#lookupOrder}, the client runs it and sends
   * the order back, and Claude answers; the second question reads the policy and tools from the
   * prompt cache.
   */
  private static void showTools(FakeClaude claude) {
    OrderTools tools =
        new OrderTools(
            Map.of(
                "A-1001",
                new OrderTools.Order(
                    "A-1001",
                    OrderTools.Status.SHIPPED,
                    List.of("Trail tent, 2 persons", "Sleeping mat"),
                    Optional.of(LocalDate.of(2026, 12, 3)))));
    List<String> cacheUse = new ArrayList<>();
    OrderDesk desk =
        ClaudeOrderDesk.builder()
            .apiKey("fake-key")
            .baseUrl(claude.baseUrl().toString())
            .tools(tools)
            .listener(
                ClaudeListener.of(
                    tracing,
                    new ClaudeListener() {
                  @Override
                  public void onToolCall(ToolCalled event) {
                    System.out.println(
                        "  ran tool " + event.tool() + " (round " + event.round() + "): "
                            + event.outcome());
                  }

                  @Override
                  public void onResponse(ResponseReceived event) {
                    Usage usage = event.reply().usage();
                    cacheUse.add(
                        "request "
                            + (cacheUse.size() + 1)
                            + ": "
                            + usage.cacheReadInputTokens()
                            + " tokens read from the cache, "
                            + usage.cacheCreationInputTokens()
                            + " written, "
                            + usage.inputTokens()
                            + " not cached");
                  }
                }))
            .build();
    // FakeClaude plays Claude: first it asks for the tool, then it answers from the result. Like
    // the API, it caches no prefix below the model's minimum (1,024 tokens for Sonnet 4.6).
    claude.minCacheableTokens(1024);
    claude.enqueue(
        FakeResponse.toolUse("lookupOrder", "{\"orderId\": \"A-1001\"}"),
        FakeResponse.text(
            "Your order A-1001 has shipped and should arrive on 3 December; the tracking link is"
                + " in your confirmation email."),
        FakeResponse.text("Yes: returns are free in the EU, within 30 days of delivery."));
    System.out.println();
    System.out.println("ask         -> (Claude asks for a tool; the client runs it, sends the result)");
    Reply answer = desk.ask("Where is my order A-1001?");
    claude.takeRequest();
    System.out.println(
        "  sent back: " + claude.takeRequest().toolResultFor("lookupOrder").content());
    System.out.println("  answer: " + answer.text());
    desk.ask("Can I return the sleeping mat for free?");
    claude.takeRequest();
    System.out.println(
        "  prompt cache, per request (Usage): the policy and tool definitions are written once,"
            + " then read");
    cacheUse.forEach(line -> System.out.println("    " + line));
  }

  /**
   * {@link TicketTriage#triage} as a Message Batch: submitted, its id kept as a service would
   * persist it, resumed by a fresh client (as another process would), awaited, and each result
   * read as a {@link TicketTriage.Ticket} or its typed error, matched by custom_id.
   */
  private static void showBatch(FakeClaude claude) {
    Map<String, String> emails = new LinkedHashMap<>();
    emails.put("ticket-101", "I was charged twice for my December invoice.");
    emails.put("ticket-102", "The dashboard is blank since the update this morning.");
    emails.put("ticket-103", "Please add a dark theme.");
    emails.put("ticket-104", "Can I get a refund for the unused seats?");
    // FakeClaude plays the batch: two replies in order, one request the API could not run, one
    // that the 24 hours passed before.
    claude.enqueue(
        FakeResponse.text(
            "{\"priority\":\"HIGH\",\"summary\":\"Charged twice for the December invoice.\","
                + "\"tags\":[\"billing\"]}"),
        FakeResponse.text(
            "{\"priority\":\"URGENT\",\"summary\":\"Dashboard blank since this morning's update.\","
                + "\"tags\":[\"dashboard\",\"outage\"]}"));
    claude.when(request -> request.userText().contains("dark theme"))
        .reply(FakeResponse.error(500, "api_error", "Internal server error"));
    claude.batches().expireWhen(request -> request.userText().contains("refund"));

    ClaudeTicketTriage.TriageBatch draft = batches(claude).triage();
    emails.forEach((customId, email) -> draft.add(customId, "Acme Reports", email));
    MessageBatch<TicketTriage.Ticket> submitted = draft.submit();
    String batchId = submitted.id(); // what a service stores, to resume after a restart
    System.out.println();
    System.out.println(
        "batch       -> submitted " + draft.size() + " tickets at half price as " + batchId);

    MessageBatch<TicketTriage.Ticket> batch = batches(claude).resumeTriage(batchId);
    BatchStatus status = batch.await(Duration.ofHours(25));
    System.out.println(
        "  resumed in a fresh client; ended: "
            + status.succeeded() + " succeeded, "
            + status.errored() + " errored, "
            + status.expired() + " expired");
    Map<String, BatchResult<TicketTriage.Ticket>> byCustomId = new LinkedHashMap<>();
    try (BatchResults<TicketTriage.Ticket> results = batch.results()) {
      // Results come in any order: matched by custom_id.
      results.forEach(result -> byCustomId.put(result.customId(), result));
    }
    emails.keySet().forEach(customId -> {
      BatchResult<TicketTriage.Ticket> result = byCustomId.get(customId);
      System.out.println(
          "  " + customId + ": "
              + (result.succeeded()
                  ? result.payload()
                  : result.status() + ", " + result.error().orElseThrow().getClass().getSimpleName()));
    });
  }

  private static ClaudeTicketTriage.Batches batches(FakeClaude claude) {
    return ClaudeTicketTriage.builder()
        .apiKey("fake-key")
        .baseUrl(claude.baseUrl().toString())
        .batches();
  }

  /** {@link TicketTriage#triage} and {@link TicketTriage#triageAll}: records, not text. */
  private static void showStructuredOutput(FakeClaude claude, TicketTriage triage) {
    claude.takeRequest(); // explain's, from showMethodShapes
    claude.enqueue(
        FakeResponse.text(
            "{\"priority\":\"urgent\",\"summary\":\"CSV exports fail with Error 500 since this"
                + " morning.\",\"tags\":[\"export\",\"csv\"],\"customerId\":\"48213\"}"));
    TicketTriage.Ticket ticket = triage.triage("Acme Reports", TICKET);
    System.out.println();
    System.out.println("triage      -> " + ticket);
    System.out.println(
        "  sent output_config.format with the schema claudegen wrote at compile time: "
            + claude.takeRequest().outputSchema().length()
            + " characters");

    claude.enqueue(
        FakeResponse.text(
                "{\"items\":["
                    + "{\"priority\":\"HIGH\",\"summary\":\"Invoice charged twice.\","
                    + "\"tags\":[\"billing\"]},"
                    + "{\"priority\":\"LOW\",\"summary\":\"Asks for a dark theme.\","
                    + "\"tags\":[\"ui\",\"feature-request\"]}]}")
            .withDeltaChars(8));
    System.out.println("triageAll   -> (each ticket as soon as its JSON is complete)");
    try (Stream<TicketTriage.Ticket> tickets =
        triage.triageAll("Acme Reports", "1. I was charged twice.\n2. Please add a dark theme.")) {
      tickets.forEach(each -> System.out.println("  " + each));
    }
    claude.takeRequest();
  }

  /**
   * {@link SupportDesk}: a whole {@code Reply}, a {@code CompletableFuture}, a conversation, a
   * stream.
   */
  private static void showMethodShapes(FakeClaude claude) {
    claude.enqueue(
        FakeResponse.text("Open the report, then choose Export > CSV."),
        FakeResponse.text("The export runs in the background and emails you a link."),
        FakeResponse.text("Yes: Export > PDF, from the same menu."),
        FakeResponse.text(
            "Scheduled exports run at night, one report after another, and each one emails a"
                + " link when it is ready."));
    SupportDesk desk =
        ClaudeSupportDesk.builder()
            .apiKey("fake-key")
            .baseUrl(claude.baseUrl().toString())
            .listener(tracing)
            .build();

    Reply answer = desk.answer("How do I export a report to CSV?");
    System.out.println(
        "answer      -> "
            + answer.text()
            + " ["
            + answer.stopReason()
            + ", "
            + answer.usage().inputTokens()
            + " tokens in, "
            + answer.usage().outputTokens()
            + " out, request-id "
            + answer.requestId()
            + "]");

    CompletableFuture<String> later = desk.answerLater("What happens to a very large export?");
    System.out.println("answerLater -> (returned at once) " + later.join());

    List<Message> history =
        List.of(Message.user("How do I export a report to CSV?"), answer.toMessage());
    Reply followUp = desk.followUp(history, "Can I export to PDF too?");
    System.out.println("followUp    -> " + followUp.text());
    claude.takeRequest();
    claude.takeRequest();
    System.out.println(
        "  sent the 2 turns of history, then the question: "
            + claude.takeRequest().messages().size()
            + " turns");

    System.out.print("explain     -> ");
    int[] pieces = {0};
    try (Stream<String> text = desk.explain("scheduled exports")) {
      text.forEach(
          piece -> {
            pieces[0]++;
            System.out.print(piece);
            System.out.flush();
          });
    }
    System.out.println();
    System.out.println("  streamed in " + pieces[0] + " pieces, each printed as it arrived");
  }

  /**
   * claudegen logs through {@code System.Logger}, which goes to {@code java.util.logging} unless
   * the application has another backend; this gives it a one-line format.
   */
  private static void logOneLinePerRecord() {
    try (InputStream config = TriageExample.class.getResourceAsStream("/logging.properties")) {
      LogManager.getLogManager().readConfiguration(config);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
