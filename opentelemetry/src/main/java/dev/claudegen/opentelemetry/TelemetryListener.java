package dev.claudegen.opentelemetry;

import dev.claudegen.runtime.ClaudeListener;
import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.common.AttributesBuilder;
import io.opentelemetry.api.metrics.DoubleHistogram;
import io.opentelemetry.api.metrics.LongCounter;
import io.opentelemetry.api.metrics.LongHistogram;
import io.opentelemetry.api.metrics.Meter;
import io.opentelemetry.api.metrics.MeterBuilder;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.api.trace.TracerBuilder;
import java.net.URI;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The listener {@link ClaudeTelemetry} builds: holds the instruments, and gives each call a {@link
 * CallTelemetry} of its own.
 */
final class TelemetryListener implements ClaudeListener {

  static final String SCOPE = "dev.claudegen";

  private static final List<Double> SECONDS_BUCKETS =
      List.of(
          0.01, 0.02, 0.04, 0.08, 0.16, 0.32, 0.64, 1.28, 2.56, 5.12, 10.24, 20.48, 40.96, 81.92);
  private static final List<Long> TOKEN_BUCKETS =
      List.of(
          1L, 4L, 16L, 64L, 256L, 1024L, 4096L, 16384L, 65536L, 262144L, 1048576L, 4194304L,
          16777216L, 67108864L);
  private static final List<Long> ATTEMPT_BUCKETS = List.of(1L, 2L, 3L, 4L, 5L, 6L, 8L, 10L);

  // A client's methods are few, so the attributes every metric of a call carries are built once
  // per method, model and endpoint rather than once per call.
  private static final int MAX_CACHED = 1024;

  final Tracer tracer;
  final boolean captureContent;
  final DoubleHistogram duration;
  final LongHistogram tokenUsage;
  final DoubleHistogram timeToFirstChunk;
  final LongHistogram attempts;
  final LongCounter retries;
  final DoubleHistogram retryDelay;
  final LongCounter fallbacks;
  private final Map<CallKey, CallShape> shapes = new ConcurrentHashMap<>();

  TelemetryListener(OpenTelemetry openTelemetry, boolean captureContent) {
    this.captureContent = captureContent;
    String version = TelemetryListener.class.getPackage().getImplementationVersion();
    TracerBuilder tracerBuilder = openTelemetry.getTracerProvider().tracerBuilder(SCOPE);
    MeterBuilder meterBuilder = openTelemetry.getMeterProvider().meterBuilder(SCOPE);
    if (version != null) {
      tracerBuilder.setInstrumentationVersion(version);
      meterBuilder.setInstrumentationVersion(version);
    }
    tracer = tracerBuilder.build();
    Meter meter = meterBuilder.build();
    duration =
        meter
            .histogramBuilder("gen_ai.client.operation.duration")
            .setDescription("GenAI operation duration.")
            .setUnit("s")
            .setExplicitBucketBoundariesAdvice(SECONDS_BUCKETS)
            .build();
    tokenUsage =
        meter
            .histogramBuilder("gen_ai.client.token.usage")
            .ofLongs()
            .setDescription("Number of input and output tokens used.")
            .setUnit("{token}")
            .setExplicitBucketBoundariesAdvice(TOKEN_BUCKETS)
            .build();
    timeToFirstChunk =
        meter
            .histogramBuilder("gen_ai.client.operation.time_to_first_chunk")
            .setDescription("Time to receive the first chunk of a streamed reply.")
            .setUnit("s")
            .setExplicitBucketBoundariesAdvice(SECONDS_BUCKETS)
            .build();
    attempts =
        meter
            .histogramBuilder("claudegen.client.attempts")
            .ofLongs()
            .setDescription("Attempts a call sent, every model's and every tool round's.")
            .setUnit("{attempt}")
            .setExplicitBucketBoundariesAdvice(ATTEMPT_BUCKETS)
            .build();
    retries =
        meter
            .counterBuilder("claudegen.client.retries")
            .setDescription("Failed attempts that were retried.")
            .setUnit("{retry}")
            .build();
    retryDelay =
        meter
            .histogramBuilder("claudegen.client.retry.delay")
            .setDescription("Wait before a retry: the backoff, or what the server asked for.")
            .setUnit("s")
            .setExplicitBucketBoundariesAdvice(SECONDS_BUCKETS)
            .build();
    fallbacks =
        meter
            .counterBuilder("claudegen.client.fallbacks")
            .setDescription("Calls that moved on to a fallback model.")
            .setUnit("{fallback}")
            .build();
  }

  @Override
  public ClaudeListener onStart(CallStarted event) {
    try {
      return new CallTelemetry(this, shape(event), event);
    } catch (RuntimeException e) {
      // A broken SDK must not cost the call its other listeners' view; this call goes unrecorded.
      return ClaudeListener.NONE;
    }
  }

  private CallShape shape(CallStarted event) {
    CallKey key = new CallKey(event.method(), event.model(), event.endpoint());
    CallShape shape = shapes.get(key);
    if (shape == null) {
      shape = CallShape.of(key);
      if (shapes.size() < MAX_CACHED) {
        shapes.putIfAbsent(key, shape);
      }
    }
    return shape;
  }

  private record CallKey(String method, String model, URI endpoint) {}

  /** What every call of one method to one model and endpoint records alike. */
  record CallShape(
      String method,
      String model,
      String spanName,
      String serverAddress,
      long serverPort,
      Attributes metric,
      Attributes modelAndMethod) {

    static CallShape of(CallKey key) {
      URI endpoint = key.endpoint();
      String host = endpoint == null ? null : endpoint.getHost();
      long port = endpoint == null ? -1 : endpoint.getPort();
      if (port < 0 && endpoint != null) {
        port = "http".equalsIgnoreCase(endpoint.getScheme()) ? 80 : 443;
      }
      AttributesBuilder metric =
          Attributes.builder()
              .put(Keys.OPERATION_NAME, "chat")
              .put(Keys.PROVIDER_NAME, "anthropic")
              .put(Keys.METHOD, key.method());
      if (key.model() != null) {
        metric.put(Keys.REQUEST_MODEL, key.model());
      }
      if (host != null) {
        metric.put(Keys.SERVER_ADDRESS, host).put(Keys.SERVER_PORT, port);
      }
      return new CallShape(
          key.method(),
          key.model(),
          key.model() == null ? "chat" : "chat " + key.model(),
          host,
          port,
          metric.build(),
          modelAndMethod(key.method(), key.model()));
    }

    static Attributes modelAndMethod(String method, String model) {
      AttributesBuilder builder = Attributes.builder().put(Keys.METHOD, method);
      if (model != null) {
        builder.put(Keys.REQUEST_MODEL, model);
      }
      return builder.build();
    }
  }
}
