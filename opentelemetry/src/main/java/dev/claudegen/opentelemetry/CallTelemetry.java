package dev.claudegen.opentelemetry;

import dev.claudegen.runtime.ClaudeException;
import dev.claudegen.runtime.ClaudeListener;
import dev.claudegen.runtime.Reply;
import dev.claudegen.runtime.Usage;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.common.AttributesBuilder;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanBuilder;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.context.Context;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * One call's span and what its metrics need, as the per-call listener. Events can come from the
 * caller's thread, the client's executor and a canceller's, so what they share is atomic.
 */
final class CallTelemetry implements ClaudeListener {

  private static final Attributes INPUT = Attributes.of(Keys.TOKEN_TYPE, "input");
  private static final Attributes OUTPUT = Attributes.of(Keys.TOKEN_TYPE, "output");

  private final TelemetryListener telemetry;
  private final TelemetryListener.CallShape shape;
  private final Context parent;
  private final Span span;
  private final boolean stream;
  private final boolean tools;
  private final AtomicLong retryWaitNanos = new AtomicLong();
  private volatile double timeToFirstChunk = -1;

  CallTelemetry(TelemetryListener telemetry, TelemetryListener.CallShape shape, CallStarted event) {
    this.telemetry = telemetry;
    this.shape = shape;
    this.parent = Context.current();
    this.stream = event.mode() == Mode.STREAM;
    this.tools = event.tools();
    SpanBuilder builder =
        telemetry
            .tracer
            .spanBuilder(shape.spanName())
            .setParent(parent)
            .setSpanKind(SpanKind.CLIENT)
            .setAttribute(Keys.OPERATION_NAME, "chat")
            .setAttribute(Keys.PROVIDER_NAME, "anthropic")
            .setAttribute(Keys.REQUEST_MAX_TOKENS, (long) event.maxTokens())
            .setAttribute(Keys.METHOD, shape.method());
    if (shape.model() != null) {
      builder.setAttribute(Keys.REQUEST_MODEL, shape.model());
    }
    if (stream) {
      builder.setAttribute(Keys.REQUEST_STREAM, true);
    }
    if (event.structured()) {
      builder.setAttribute(Keys.OUTPUT_TYPE, "json");
    }
    if (shape.serverAddress() != null) {
      builder.setAttribute(Keys.SERVER_ADDRESS, shape.serverAddress());
      builder.setAttribute(Keys.SERVER_PORT, shape.serverPort());
    }
    span = builder.startSpan();
    if (telemetry.captureContent && event.prompt() != null) {
      if (!event.prompt().system().isEmpty()) {
        span.setAttribute(
            Keys.SYSTEM_INSTRUCTIONS, ContentJson.systemInstructions(event.prompt().system()));
      }
      span.setAttribute(Keys.INPUT_MESSAGES, ContentJson.inputMessages(event.prompt().messages()));
    }
  }

  @Override
  public void onRetry(RetryScheduled event) {
    try {
      String kind = event.kind() == null ? "UNKNOWN" : event.kind().name();
      double delay = seconds(event.delay());
      if (event.delay() != null) {
        retryWaitNanos.addAndGet(event.delay().toNanos());
      }
      AttributesBuilder attributes =
          Attributes.builder()
              .put(Keys.ERROR_KIND, kind)
              .put(Keys.RETRY_ATTEMPT, (long) event.attempt())
              .put(Keys.RETRY_DELAY, delay);
      ClaudeException cause = event.cause();
      if (cause != null) {
        attributes.put(Keys.ERROR_TYPE, errorType(cause));
      }
      span.addEvent("claudegen.retry", attributes.build());
      Attributes metric =
          TelemetryListener.CallShape.modelAndMethod(shape.method(), event.model()).toBuilder()
              .put(Keys.ERROR_KIND, kind)
              .build();
      telemetry.retries.add(1, metric);
      telemetry.retryDelay.record(delay, metric);
    } catch (RuntimeException e) {
      // Recording is best effort; the call goes on.
    }
  }

  @Override
  public void onFallback(FallbackStarted event) {
    try {
      AttributesBuilder attributes = Attributes.builder().put(Keys.METHOD, shape.method());
      if (event.fromModel() != null) {
        attributes.put(Keys.REQUEST_MODEL, event.fromModel());
      }
      if (event.toModel() != null) {
        attributes.put(Keys.FALLBACK_MODEL, event.toModel());
      }
      Attributes built = attributes.build();
      span.addEvent("claudegen.fallback", built.toBuilder().removeIf(Keys.METHOD::equals).build());
      telemetry.fallbacks.add(1, built);
    } catch (RuntimeException e) {
      // Recording is best effort; the call goes on.
    }
  }

  @Override
  public void onFirstToken(FirstToken event) {
    try {
      double seconds = seconds(event.latency());
      if (timeToFirstChunk < 0) {
        timeToFirstChunk = seconds;
        telemetry.timeToFirstChunk.record(seconds, shape.metric());
      }
    } catch (RuntimeException e) {
      // Recording is best effort; the call goes on.
    }
  }

  @Override
  public void onToolCall(ToolCalled event) {
    try {
      Instant end = Instant.now();
      Duration took = event.duration() == null ? Duration.ZERO : event.duration();
      Span tool =
          telemetry
              .tracer
              .spanBuilder("execute_tool " + event.tool())
              .setParent(parent.with(span))
              .setSpanKind(SpanKind.INTERNAL)
              .setStartTimestamp(end.minus(took))
              .setAttribute(Keys.OPERATION_NAME, "execute_tool")
              .setAttribute(Keys.TOOL_NAME, event.tool())
              .setAttribute(Keys.TOOL_TYPE, "function")
              .startSpan();
      if (event.toolUseId() != null) {
        tool.setAttribute(Keys.TOOL_CALL_ID, event.toolUseId());
      }
      if (event.outcome() != null && event.outcome() != ToolOutcome.OK) {
        tool.setAttribute(Keys.ERROR_TYPE, event.outcome().name());
        // The error message sent back is the tool's own text, which can hold user data.
        tool.setStatus(StatusCode.ERROR, event.outcome().name());
      }
      tool.end(end);
    } catch (RuntimeException e) {
      // Recording is best effort; the call goes on.
    }
  }

  @Override
  public void onSuccess(CallSucceeded event) {
    try {
      Reply reply = event.reply();
      Usage usage = event.usage() != null ? event.usage() : reply == null ? null : reply.usage();
      String responseModel = reply == null ? null : reply.model();
      if (reply != null) {
        if (responseModel != null) {
          span.setAttribute(Keys.RESPONSE_MODEL, responseModel);
        }
        if (reply.messageId() != null) {
          span.setAttribute(Keys.RESPONSE_ID, reply.messageId());
        }
        if (reply.stopReason() != null) {
          span.setAttribute(Keys.RESPONSE_FINISH_REASONS, List.of(reply.stopReason()));
        }
        if (reply.requestId() != null) {
          span.setAttribute(Keys.REQUEST_ID, reply.requestId());
        }
        if (telemetry.captureContent) {
          span.setAttribute(Keys.OUTPUT_MESSAGES, ContentJson.outputMessages(reply));
        }
      }
      if (usage != null) {
        span.setAttribute(Keys.USAGE_INPUT_TOKENS, usage.totalInputTokens());
        span.setAttribute(Keys.USAGE_OUTPUT_TOKENS, usage.outputTokens());
        span.setAttribute(Keys.USAGE_CACHE_READ_INPUT_TOKENS, usage.cacheReadInputTokens());
        span.setAttribute(Keys.USAGE_CACHE_CREATION_INPUT_TOKENS, usage.cacheCreationInputTokens());
      }
      if (timeToFirstChunk >= 0) {
        span.setAttribute(Keys.RESPONSE_TIME_TO_FIRST_CHUNK, timeToFirstChunk);
      }
      span.setAttribute(Keys.ATTEMPTS, (long) event.attempts());
      if (tools) {
        span.setAttribute(Keys.TOOL_ROUNDS, (long) event.toolRounds());
      }
      span.setAttribute(Keys.RETRY_WAIT, retryWaitNanos.get() / 1e9);
      span.end();

      Attributes metric =
          responseModel == null
              ? shape.metric()
              : shape.metric().toBuilder().put(Keys.RESPONSE_MODEL, responseModel).build();
      telemetry.duration.record(seconds(event.duration()), metric);
      if (usage != null) {
        telemetry.tokenUsage.record(usage.totalInputTokens(), merge(metric, INPUT));
        telemetry.tokenUsage.record(usage.outputTokens(), merge(metric, OUTPUT));
      }
      telemetry.attempts.record(event.attempts(), shape.modelAndMethod());
    } catch (RuntimeException e) {
      span.end();
    }
  }

  @Override
  public void onFailure(CallFailed event) {
    try {
      String errorType = event.error() == null ? "unknown" : event.errorType();
      span.setAttribute(Keys.ERROR_TYPE, errorType);
      span.setAttribute(Keys.ATTEMPTS, (long) event.attempts());
      span.setAttribute(Keys.RETRY_WAIT, retryWaitNanos.get() / 1e9);
      span.setStatus(StatusCode.ERROR, description(event.error(), errorType));
      if (telemetry.captureContent && event.error() != null) {
        span.recordException(event.error());
      }
      span.end();
      telemetry.duration.record(
          seconds(event.duration()),
          shape.metric().toBuilder().put(Keys.ERROR_TYPE, errorType).build());
      telemetry.attempts.record(event.attempts(), shape.modelAndMethod());
    } catch (RuntimeException e) {
      span.end();
    }
  }

  @Override
  public void onCancel(CallCancelled event) {
    try {
      span.setAttribute(Keys.ERROR_TYPE, "cancelled");
      span.setAttribute(Keys.ATTEMPTS, (long) event.attempts());
      span.setAttribute(Keys.RETRY_WAIT, retryWaitNanos.get() / 1e9);
      span.end();
      telemetry.duration.record(
          seconds(event.duration()),
          shape.metric().toBuilder().put(Keys.ERROR_TYPE, "cancelled").build());
      telemetry.attempts.record(event.attempts(), shape.modelAndMethod());
    } catch (RuntimeException e) {
      span.end();
    }
  }

  /** The failure in words that quote nothing of the prompt or reply: its type and HTTP status. */
  private static String description(Throwable error, String errorType) {
    if (error instanceof ClaudeException e && e.statusCode() > 0) {
      return errorType + " (HTTP " + e.statusCode() + ")";
    }
    return errorType;
  }

  private static String errorType(ClaudeException e) {
    return e.errorType() != null ? e.errorType() : e.getClass().getName();
  }

  private static Attributes merge(Attributes a, Attributes b) {
    return a.toBuilder().putAll(b).build();
  }

  private static double seconds(Duration duration) {
    return duration == null ? 0 : duration.toNanos() / (double) TimeUnit.SECONDS.toNanos(1);
  }
}
