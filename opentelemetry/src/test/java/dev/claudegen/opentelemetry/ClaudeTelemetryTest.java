package dev.claudegen.opentelemetry;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.claudegen.runtime.BadRequestException;
import dev.claudegen.runtime.ClaudeListener;
import dev.claudegen.runtime.Reply;
import dev.claudegen.testing.FakeClaude;
import dev.claudegen.testing.FakeResponse;
import dev.claudegen.testing.FakeScenarios;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.context.Scope;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.opentelemetry.sdk.metrics.SdkMeterProvider;
import io.opentelemetry.sdk.metrics.data.HistogramPointData;
import io.opentelemetry.sdk.metrics.data.LongPointData;
import io.opentelemetry.sdk.metrics.data.MetricData;
import io.opentelemetry.sdk.metrics.data.PointData;
import io.opentelemetry.sdk.testing.exporter.InMemoryMetricReader;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.data.EventData;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor;
import io.opentelemetry.semconv.ErrorAttributes;
import io.opentelemetry.semconv.ServerAttributes;
import io.opentelemetry.semconv.incubating.GenAiIncubatingAttributes;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Spans and metrics of real generated clients' calls to FakeClaude. */
class ClaudeTelemetryTest {

  private static final String SECRET_PROMPT = "my secret question 4711";
  private static final String SECRET_REPLY = "the secret answer 0815";

  private final InMemorySpanExporter spans = InMemorySpanExporter.create();
  private final InMemoryMetricReader metrics = InMemoryMetricReader.create();
  private OpenTelemetrySdk otel;
  private FakeClaude claude;

  @BeforeEach
  void start() {
    otel =
        OpenTelemetrySdk.builder()
            .setTracerProvider(
                SdkTracerProvider.builder()
                    .addSpanProcessor(SimpleSpanProcessor.create(spans))
                    .build())
            .setMeterProvider(SdkMeterProvider.builder().registerMetricReader(metrics).build())
            .build();
    claude = FakeClaude.start();
  }

  @AfterEach
  void stop() {
    claude.close();
    otel.close();
  }

  private Assistant assistant(ClaudeListener listener) {
    return ClaudeAssistant.builder()
        .testServer(claude.baseUrl())
        .sleeper(delay -> {})
        .listener(listener)
        .build();
  }

  private Assistant assistant() {
    return assistant(ClaudeTelemetry.create(otel));
  }

  @Test
  void theConventionsNameTheKeysRecorded() {
    assertEquals(GenAiIncubatingAttributes.GEN_AI_OPERATION_NAME, Keys.OPERATION_NAME);
    assertEquals(GenAiIncubatingAttributes.GEN_AI_PROVIDER_NAME, Keys.PROVIDER_NAME);
    assertEquals(GenAiIncubatingAttributes.GEN_AI_REQUEST_MODEL, Keys.REQUEST_MODEL);
    assertEquals(GenAiIncubatingAttributes.GEN_AI_REQUEST_MAX_TOKENS, Keys.REQUEST_MAX_TOKENS);
    assertEquals(GenAiIncubatingAttributes.GEN_AI_REQUEST_STREAM, Keys.REQUEST_STREAM);
    assertEquals(GenAiIncubatingAttributes.GEN_AI_OUTPUT_TYPE, Keys.OUTPUT_TYPE);
    assertEquals(GenAiIncubatingAttributes.GEN_AI_RESPONSE_MODEL, Keys.RESPONSE_MODEL);
    assertEquals(GenAiIncubatingAttributes.GEN_AI_RESPONSE_ID, Keys.RESPONSE_ID);
    assertEquals(
        GenAiIncubatingAttributes.GEN_AI_RESPONSE_FINISH_REASONS, Keys.RESPONSE_FINISH_REASONS);
    assertEquals(
        GenAiIncubatingAttributes.GEN_AI_RESPONSE_TIME_TO_FIRST_CHUNK,
        Keys.RESPONSE_TIME_TO_FIRST_CHUNK);
    assertEquals(GenAiIncubatingAttributes.GEN_AI_USAGE_INPUT_TOKENS, Keys.USAGE_INPUT_TOKENS);
    assertEquals(GenAiIncubatingAttributes.GEN_AI_USAGE_OUTPUT_TOKENS, Keys.USAGE_OUTPUT_TOKENS);
    assertEquals(
        GenAiIncubatingAttributes.GEN_AI_USAGE_CACHE_READ_INPUT_TOKENS,
        Keys.USAGE_CACHE_READ_INPUT_TOKENS);
    assertEquals(
        GenAiIncubatingAttributes.GEN_AI_USAGE_CACHE_CREATION_INPUT_TOKENS,
        Keys.USAGE_CACHE_CREATION_INPUT_TOKENS);
    assertEquals(GenAiIncubatingAttributes.GEN_AI_TOKEN_TYPE, Keys.TOKEN_TYPE);
    assertEquals(GenAiIncubatingAttributes.GEN_AI_TOOL_NAME, Keys.TOOL_NAME);
    assertEquals(GenAiIncubatingAttributes.GEN_AI_TOOL_CALL_ID, Keys.TOOL_CALL_ID);
    assertEquals(GenAiIncubatingAttributes.GEN_AI_TOOL_TYPE, Keys.TOOL_TYPE);
    assertEquals(ServerAttributes.SERVER_ADDRESS, Keys.SERVER_ADDRESS);
    assertEquals(ServerAttributes.SERVER_PORT, Keys.SERVER_PORT);
    assertEquals(ErrorAttributes.ERROR_TYPE, Keys.ERROR_TYPE);
    // The content attributes are of type "any", which this version of the constants leaves out.
    assertEquals("gen_ai.system_instructions", Keys.SYSTEM_INSTRUCTIONS.getKey());
    assertEquals("gen_ai.input.messages", Keys.INPUT_MESSAGES.getKey());
    assertEquals("gen_ai.output.messages", Keys.OUTPUT_MESSAGES.getKey());
  }

  @Test
  void aSuccessIsOneClientSpanWithUsageAndTheDurationAndTokenMetrics() {
    claude.enqueue(FakeResponse.text("Hi.").withUsage(10, 5).withCacheUsage(3, 7));
    Span parent = otel.getTracer("test").spanBuilder("parent").startSpan();
    Reply reply;
    Scope scope = parent.makeCurrent();
    try {
      reply = assistant().ask("Hello?");
    } finally {
      scope.close();
      parent.end();
    }

    SpanData span = only("chat claude-sonnet-4-6");
    assertEquals(SpanKind.CLIENT, span.getKind());
    assertEquals(parent.getSpanContext().getSpanId(), span.getParentSpanId());
    assertEquals(StatusCode.UNSET, span.getStatus().getStatusCode());
    assertEquals("dev.claudegen", span.getInstrumentationScopeInfo().getName());
    Attributes a = span.getAttributes();
    assertEquals("chat", a.get(Keys.OPERATION_NAME));
    assertEquals("anthropic", a.get(Keys.PROVIDER_NAME));
    assertEquals("claude-sonnet-4-6", a.get(Keys.REQUEST_MODEL));
    assertEquals(256L, a.get(Keys.REQUEST_MAX_TOKENS));
    assertNull(a.get(Keys.REQUEST_STREAM));
    assertNull(a.get(Keys.OUTPUT_TYPE));
    assertEquals("127.0.0.1", a.get(Keys.SERVER_ADDRESS).replace("localhost", "127.0.0.1"));
    assertEquals((long) claude.port(), a.get(Keys.SERVER_PORT));
    assertEquals("Assistant.ask(String)", a.get(Keys.METHOD));
    assertEquals(reply.model(), a.get(Keys.RESPONSE_MODEL));
    assertEquals(reply.messageId(), a.get(Keys.RESPONSE_ID));
    assertTrue(reply.messageId().startsWith("msg_fake_"));
    assertEquals(List.of("end_turn"), a.get(Keys.RESPONSE_FINISH_REASONS));
    assertEquals(20L, a.get(Keys.USAGE_INPUT_TOKENS));
    assertEquals(5L, a.get(Keys.USAGE_OUTPUT_TOKENS));
    assertEquals(7L, a.get(Keys.USAGE_CACHE_READ_INPUT_TOKENS));
    assertEquals(3L, a.get(Keys.USAGE_CACHE_CREATION_INPUT_TOKENS));
    assertEquals(1L, a.get(Keys.ATTEMPTS));
    assertEquals(0.0, a.get(Keys.RETRY_WAIT));
    assertNull(a.get(Keys.TOOL_ROUNDS));
    assertEquals(reply.requestId(), a.get(Keys.REQUEST_ID));
    assertTrue(reply.requestId().startsWith("req_fake_"));
    assertNull(a.get(Keys.ERROR_TYPE));
    assertTrue(span.getEvents().isEmpty());

    HistogramPointData duration = onlyHistogram("gen_ai.client.operation.duration");
    assertEquals(1, duration.getCount());
    assertEquals(
        List.of(
            0.01, 0.02, 0.04, 0.08, 0.16, 0.32, 0.64, 1.28, 2.56, 5.12, 10.24, 20.48, 40.96, 81.92),
        duration.getBoundaries());
    Attributes da = duration.getAttributes();
    assertEquals("chat", da.get(Keys.OPERATION_NAME));
    assertEquals("anthropic", da.get(Keys.PROVIDER_NAME));
    assertEquals("claude-sonnet-4-6", da.get(Keys.REQUEST_MODEL));
    assertEquals(reply.model(), da.get(Keys.RESPONSE_MODEL));
    assertEquals((long) claude.port(), da.get(Keys.SERVER_PORT));
    assertEquals("Assistant.ask(String)", da.get(Keys.METHOD));
    assertNull(da.get(Keys.ERROR_TYPE));
    assertEquals("s", metric("gen_ai.client.operation.duration").getUnit());

    List<HistogramPointData> tokens = histograms("gen_ai.client.token.usage");
    assertEquals(2, tokens.size());
    assertEquals("{token}", metric("gen_ai.client.token.usage").getUnit());
    assertEquals(20.0, tokenPoint(tokens, "input").getSum());
    assertEquals(5.0, tokenPoint(tokens, "output").getSum());
    assertEquals(
        "Assistant.ask(String)", tokenPoint(tokens, "input").getAttributes().get(Keys.METHOD));

    HistogramPointData attempts = onlyHistogram("claudegen.client.attempts");
    assertEquals(1.0, attempts.getSum());
    assertEquals("claude-sonnet-4-6", attempts.getAttributes().get(Keys.REQUEST_MODEL));
    assertNull(metricOrNull("claudegen.client.retries"));
    assertNull(metricOrNull("gen_ai.client.operation.time_to_first_chunk"));
  }

  @Test
  void anAsyncCallsSpanIsTheChildOfTheCallersContextThoughItEndsOnAnotherThread() {
    Span parent = otel.getTracer("test").spanBuilder("parent").startSpan();
    CompletableFuture<String> future;
    Scope scope = parent.makeCurrent();
    try {
      future = assistant().askLater("Hello?");
    } finally {
      scope.close();
      parent.end();
    }
    future.join();

    SpanData span = only("chat claude-sonnet-4-6");
    assertEquals(parent.getSpanContext().getSpanId(), span.getParentSpanId());
    assertEquals("Assistant.askLater(String)", span.getAttributes().get(Keys.METHOD));
    assertEquals(1, onlyHistogram("gen_ai.client.operation.duration").getCount());
  }

  @Test
  void aStructuredCallSaysItsOutputTypeIsJson() {
    assistant().judge("Fine?");

    assertEquals("json", only("chat claude-sonnet-4-6").getAttributes().get(Keys.OUTPUT_TYPE));
  }

  @Test
  void aRetried529IsARetryEventAndCountedWithItsKind() {
    claude.enqueue(FakeScenarios.overloaded(1));

    assistant().ask("Hello?");

    SpanData span = only("chat claude-sonnet-4-6");
    assertEquals(2L, span.getAttributes().get(Keys.ATTEMPTS));
    assertTrue(span.getAttributes().get(Keys.RETRY_WAIT) > 0);
    assertEquals(StatusCode.UNSET, span.getStatus().getStatusCode());
    EventData retry = onlyEvent(span, "claudegen.retry");
    assertEquals("OVERLOADED", retry.getAttributes().get(Keys.ERROR_KIND));
    assertEquals(1L, retry.getAttributes().get(Keys.RETRY_ATTEMPT));
    assertEquals("overloaded_error", retry.getAttributes().get(Keys.ERROR_TYPE));
    assertEquals(
        span.getAttributes().get(Keys.RETRY_WAIT), retry.getAttributes().get(Keys.RETRY_DELAY));

    LongPointData retries = onlyLong("claudegen.client.retries");
    assertEquals(1, retries.getValue());
    assertEquals("OVERLOADED", retries.getAttributes().get(Keys.ERROR_KIND));
    assertEquals("Assistant.ask(String)", retries.getAttributes().get(Keys.METHOD));
    assertEquals("claude-sonnet-4-6", retries.getAttributes().get(Keys.REQUEST_MODEL));
    HistogramPointData delay = onlyHistogram("claudegen.client.retry.delay");
    assertEquals(1, delay.getCount());
    assertEquals("OVERLOADED", delay.getAttributes().get(Keys.ERROR_KIND));
    assertEquals(2.0, onlyHistogram("claudegen.client.attempts").getSum());
  }

  @Test
  void aFallbackIsAFallbackEventAndCounted() {
    claude.enqueue(FakeScenarios.overloaded(3));

    assistant().askBig("Hello?");

    SpanData span = only("chat claude-opus-4-7");
    assertEquals(4L, span.getAttributes().get(Keys.ATTEMPTS));
    assertEquals("claude-sonnet-4-6", span.getAttributes().get(Keys.RESPONSE_MODEL));
    EventData fallback = onlyEvent(span, "claudegen.fallback");
    assertEquals("claude-opus-4-7", fallback.getAttributes().get(Keys.REQUEST_MODEL));
    assertEquals("claude-sonnet-4-6", fallback.getAttributes().get(Keys.FALLBACK_MODEL));
    assertEquals(
        2, span.getEvents().stream().filter(e -> e.getName().equals("claudegen.retry")).count());

    LongPointData fallbacks = onlyLong("claudegen.client.fallbacks");
    assertEquals(1, fallbacks.getValue());
    assertEquals("claude-opus-4-7", fallbacks.getAttributes().get(Keys.REQUEST_MODEL));
    assertEquals("claude-sonnet-4-6", fallbacks.getAttributes().get(Keys.FALLBACK_MODEL));
    assertEquals("Assistant.askBig(String)", fallbacks.getAttributes().get(Keys.METHOD));
  }

  @Test
  void aFailureIsAnErrorSpanWithItsTypeAndNoMessage() {
    claude.enqueue(FakeResponse.error(400, "invalid_request_error", SECRET_REPLY));

    assertThrows(BadRequestException.class, () -> assistant().ask(SECRET_PROMPT));

    SpanData span = only("chat claude-sonnet-4-6");
    assertEquals(StatusCode.ERROR, span.getStatus().getStatusCode());
    assertEquals("invalid_request_error (HTTP 400)", span.getStatus().getDescription());
    assertEquals("invalid_request_error", span.getAttributes().get(Keys.ERROR_TYPE));
    assertEquals(1L, span.getAttributes().get(Keys.ATTEMPTS));
    assertTrue(span.getEvents().isEmpty(), "no exception recorded without content capture");
    assertNoText(span);

    HistogramPointData duration = onlyHistogram("gen_ai.client.operation.duration");
    assertEquals("invalid_request_error", duration.getAttributes().get(Keys.ERROR_TYPE));
    assertNull(metricOrNull("gen_ai.client.token.usage"));
  }

  @Test
  void aFailureWithContentCaptureRecordsTheException() {
    claude.enqueue(FakeResponse.error(400, "invalid_request_error", SECRET_REPLY));
    Assistant assistant = assistant(ClaudeTelemetry.builder(otel).captureContent(true).build());

    assertThrows(BadRequestException.class, () -> assistant.ask("Hello?"));

    EventData exception = onlyEvent(only("chat claude-sonnet-4-6"), "exception");
    assertTrue(
        exception
            .getAttributes()
            .get(AttributeKey.stringKey("exception.message"))
            .contains(SECRET_REPLY));
  }

  @Test
  void aCancelledAsyncCallEndsItsOneSpanAsCancelledWithoutAnError() throws Exception {
    claude.enqueue(FakeResponse.text("late").withStallAfterHeaders());

    CompletableFuture<String> future = assistant().askLater("Hello?");
    claude.takeRequest();
    assertTrue(future.cancel(true));
    assertThrows(CancellationException.class, () -> future.get(5, TimeUnit.SECONDS));

    SpanData span = only("chat claude-sonnet-4-6");
    assertEquals(StatusCode.UNSET, span.getStatus().getStatusCode());
    assertEquals("cancelled", span.getAttributes().get(Keys.ERROR_TYPE));
    assertEquals(1L, span.getAttributes().get(Keys.ATTEMPTS));
    assertEquals(1, spans.getFinishedSpanItems().size());
    assertEquals(
        "cancelled",
        onlyHistogram("gen_ai.client.operation.duration").getAttributes().get(Keys.ERROR_TYPE));
  }

  @Test
  void aStreamRecordsItsTimeToFirstChunkWhenReadToItsEnd() {
    claude.enqueue(FakeResponse.textDeltas("Once ", "upon ", "a time."));

    String text;
    try (Stream<String> stream = assistant().write("a story")) {
      text = stream.collect(Collectors.joining());
    }

    assertEquals("Once upon a time.", text);
    SpanData span = only("chat claude-sonnet-4-6");
    assertEquals(true, span.getAttributes().get(Keys.REQUEST_STREAM));
    Double ttfc = span.getAttributes().get(Keys.RESPONSE_TIME_TO_FIRST_CHUNK);
    assertTrue(ttfc != null && ttfc >= 0, "time to first chunk: " + ttfc);
    HistogramPointData point = onlyHistogram("gen_ai.client.operation.time_to_first_chunk");
    assertEquals(1, point.getCount());
    assertEquals(ttfc, point.getSum(), 1e-9);
    assertEquals("Assistant.write(String)", point.getAttributes().get(Keys.METHOD));
  }

  @Test
  void aToolRunIsAnExecuteToolChildSpan() {
    claude.enqueue(FakeScenarios.toolCall("lookupOrder", "{\"orderId\":\"A-1\"}", "Shipped."));
    OrderAgent agent =
        ClaudeOrderAgent.builder()
            .testServer(claude.baseUrl())
            .tools(new OrderAgent.Lookup())
            .sleeper(delay -> {})
            .listener(ClaudeTelemetry.create(otel))
            .build();

    assertEquals("Shipped.", agent.ask("Where is A-1?"));

    SpanData call = only("chat claude-haiku-4-5");
    SpanData tool = only("execute_tool lookupOrder");
    assertEquals(SpanKind.INTERNAL, tool.getKind());
    assertEquals(call.getSpanContext().getSpanId(), tool.getParentSpanId());
    assertEquals(call.getTraceId(), tool.getTraceId());
    assertEquals("execute_tool", tool.getAttributes().get(Keys.OPERATION_NAME));
    assertEquals("lookupOrder", tool.getAttributes().get(Keys.TOOL_NAME));
    assertEquals("function", tool.getAttributes().get(Keys.TOOL_TYPE));
    assertTrue(tool.getAttributes().get(Keys.TOOL_CALL_ID).startsWith("toolu_"));
    assertNull(tool.getAttributes().get(Keys.ERROR_TYPE));
    assertTrue(tool.getStartEpochNanos() <= tool.getEndEpochNanos());
    assertTrue(tool.getStartEpochNanos() >= call.getStartEpochNanos());
    assertEquals(1L, call.getAttributes().get(Keys.TOOL_ROUNDS));
    assertEquals(2L, call.getAttributes().get(Keys.ATTEMPTS));
  }

  @Test
  void aToolThatCouldNotRunIsAnErrorToolSpanWithItsOutcome() {
    claude.enqueue(FakeResponse.toolUse("cancelOrder", "{}"), FakeResponse.text("Sorry."));
    OrderAgent agent =
        ClaudeOrderAgent.builder()
            .testServer(claude.baseUrl())
            .tools(new OrderAgent.Lookup())
            .sleeper(delay -> {})
            .listener(ClaudeTelemetry.create(otel))
            .build();

    assertEquals("Sorry.", agent.ask("Cancel A-1"));

    SpanData tool = only("execute_tool cancelOrder");
    assertEquals("UNKNOWN_TOOL", tool.getAttributes().get(Keys.ERROR_TYPE));
    assertEquals(StatusCode.ERROR, tool.getStatus().getStatusCode());
    assertEquals(
        StatusCode.UNSET, only("chat claude-haiku-4-5").getStatus().getStatusCode());
  }

  @Test
  void withoutContentCaptureNoTextIsRecorded() {
    claude.enqueue(FakeResponse.text(SECRET_REPLY));

    assistant().ask(SECRET_PROMPT);

    SpanData span = only("chat claude-sonnet-4-6");
    assertNull(span.getAttributes().get(Keys.SYSTEM_INSTRUCTIONS));
    assertNull(span.getAttributes().get(Keys.INPUT_MESSAGES));
    assertNull(span.getAttributes().get(Keys.OUTPUT_MESSAGES));
    assertNoText(span);
  }

  @Test
  void withContentCaptureThePromptAndReplyAreRecordedAsTheConventionsJson() {
    claude.enqueue(FakeResponse.text("Fine \"thanks\"."));
    Assistant assistant = assistant(ClaudeTelemetry.builder(otel).captureContent(true).build());

    assistant.ask("How are you?");

    Attributes a = only("chat claude-sonnet-4-6").getAttributes();
    assertEquals(
        "[{\"type\":\"text\",\"content\":\"You are terse.\"}]", a.get(Keys.SYSTEM_INSTRUCTIONS));
    assertEquals(
        "[{\"role\":\"user\",\"parts\":[{\"type\":\"text\",\"content\":\"How are you?\"}]}]",
        a.get(Keys.INPUT_MESSAGES));
    assertEquals(
        "[{\"role\":\"assistant\",\"parts\":[{\"type\":\"text\",\"content\":"
            + "\"Fine \\\"thanks\\\".\"}],\"finish_reason\":\"stop\"}]",
        a.get(Keys.OUTPUT_MESSAGES));
  }

  @Test
  void aListenerThatThrowsNothingWithANoopOpenTelemetry() {
    claude.enqueue(FakeResponse.text("Hi."));
    Assistant assistant =
        assistant(ClaudeTelemetry.create(io.opentelemetry.api.OpenTelemetry.noop()));

    assertEquals("Hi.", assistant.ask("Hello?").text());
    assertFalse(spans.getFinishedSpanItems().iterator().hasNext());
  }

  private static void assertNoText(SpanData span) {
    List<String> values = new ArrayList<>();
    span.getAttributes().forEach((k, v) -> values.add(String.valueOf(v)));
    for (EventData event : span.getEvents()) {
      event.getAttributes().forEach((k, v) -> values.add(String.valueOf(v)));
    }
    values.add(span.getStatus().getDescription());
    for (String value : values) {
      assertFalse(value.contains("secret"), "recorded: " + value);
    }
  }

  private SpanData only(String name) {
    List<SpanData> named =
        spans.getFinishedSpanItems().stream().filter(s -> s.getName().equals(name)).toList();
    assertEquals(1, named.size(), "spans named " + name + ": " + spans.getFinishedSpanItems());
    return named.get(0);
  }

  private static EventData onlyEvent(SpanData span, String name) {
    List<EventData> named =
        span.getEvents().stream().filter(e -> e.getName().equals(name)).toList();
    assertEquals(1, named.size(), "events named " + name + ": " + span.getEvents());
    return named.get(0);
  }

  private Collection<MetricData> collected;

  private MetricData metricOrNull(String name) {
    if (collected == null) {
      collected = metrics.collectAllMetrics();
    }
    return collected.stream().filter(m -> m.getName().equals(name)).findFirst().orElse(null);
  }

  private MetricData metric(String name) {
    MetricData metric = metricOrNull(name);
    assertTrue(metric != null, "no metric " + name + " in " + collected);
    return metric;
  }

  private List<HistogramPointData> histograms(String name) {
    return List.copyOf(metric(name).getHistogramData().getPoints());
  }

  private HistogramPointData onlyHistogram(String name) {
    return onlyPoint(histograms(name), name);
  }

  private LongPointData onlyLong(String name) {
    return onlyPoint(List.copyOf(metric(name).getLongSumData().getPoints()), name);
  }

  private static <P extends PointData> P onlyPoint(List<P> points, String name) {
    assertEquals(1, points.size(), name + ": " + points);
    return points.get(0);
  }

  private static HistogramPointData tokenPoint(List<HistogramPointData> points, String type) {
    return points.stream()
        .filter(p -> type.equals(p.getAttributes().get(Keys.TOKEN_TYPE)))
        .findFirst()
        .orElseThrow();
  }
}
