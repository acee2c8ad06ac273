package dev.claudegen.examples;

import dev.claudegen.opentelemetry.ClaudeTelemetry;
import dev.claudegen.runtime.ClaudeListener;
import io.opentelemetry.exporter.logging.LoggingMetricExporter;
import io.opentelemetry.exporter.logging.LoggingSpanExporter;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.opentelemetry.sdk.metrics.SdkMeterProvider;
import io.opentelemetry.sdk.metrics.export.PeriodicMetricReader;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor;
import java.util.List;

/**
 * The example's OpenTelemetry, on with {@code --trace}: every call's span is logged as it ends,
 * and the metrics once at exit, through OpenTelemetry's logging exporters. A service would set up
 * its SDK (or the agent's) once and pass it to {@link ClaudeTelemetry#create} the same way.
 */
final class Tracing implements AutoCloseable {

  private final OpenTelemetrySdk sdk; // null: tracing is off
  private final ClaudeListener listener;

  private Tracing(OpenTelemetrySdk sdk, ClaudeListener listener) {
    this.sdk = sdk;
    this.listener = listener;
  }

  static Tracing fromArgs(String[] args) {
    if (!List.of(args).contains("--trace")) {
      return new Tracing(null, ClaudeListener.NONE);
    }
    OpenTelemetrySdk sdk =
        OpenTelemetrySdk.builder()
            .setTracerProvider(
                SdkTracerProvider.builder()
                    .addSpanProcessor(SimpleSpanProcessor.create(LoggingSpanExporter.create()))
                    .build())
            .setMeterProvider(
                SdkMeterProvider.builder()
                    .registerMetricReader(
                        PeriodicMetricReader.builder(LoggingMetricExporter.create()).build())
                    .build())
            .build();
    return new Tracing(sdk, ClaudeTelemetry.create(sdk));
  }

  /** What the example's clients get as their listener: {@link ClaudeListener#NONE} when off. */
  ClaudeListener listener() {
    return listener;
  }

  /** Flushes the metrics to the log, then shuts the SDK down. */
  @Override
  public void close() {
    if (sdk != null) {
      sdk.close();
    }
  }
}
