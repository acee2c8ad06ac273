package dev.claudegen.opentelemetry;

import dev.claudegen.runtime.ClaudeListener;
import io.opentelemetry.api.OpenTelemetry;
import java.util.Objects;

/**
 * Traces and measures the calls of generated clients with OpenTelemetry, following the GenAI
 * semantic conventions (v1.41.1) for Anthropic: one {@code CLIENT} span {@code chat {model}} per
 * call, an {@code INTERNAL} span {@code execute_tool {tool}} per tool run, and the {@code
 * gen_ai.client.*} metrics, with claudegen's retries and fallbacks as span events and metrics of
 * their own.
 *
 * <pre>{@code
 * Assistant assistant = ClaudeAssistant.builder()
 *     .listener(ClaudeTelemetry.create(openTelemetry))
 *     .build();
 * }</pre>
 *
 * <p>Prompt and reply text are not recorded unless {@link Builder#captureContent} asks for them. A
 * call's span is the child of the context current on the thread that made the call. A call
 * cancelled by its caller (a future cancelled, a stream closed before its end) ends its span with
 * {@code error.type} {@code cancelled} and the status left unset, since nothing failed.
 *
 * <p>Only the OpenTelemetry API is a dependency: with no SDK installed everything is a no-op.
 */
public final class ClaudeTelemetry {

  private ClaudeTelemetry() {}

  /** A listener recording spans and metrics by default settings: no prompt or reply text. */
  public static ClaudeListener create(OpenTelemetry openTelemetry) {
    return builder(openTelemetry).build();
  }

  /** Starts a listener with settings of its own. */
  public static Builder builder(OpenTelemetry openTelemetry) {
    return new Builder(Objects.requireNonNull(openTelemetry, "openTelemetry"));
  }

  /** Builds the listener of {@link ClaudeTelemetry}. */
  public static final class Builder {
    private final OpenTelemetry openTelemetry;
    private boolean captureContent;

    private Builder(OpenTelemetry openTelemetry) {
      this.openTelemetry = openTelemetry;
    }

    /**
     * Whether spans carry the text sent and received: {@code gen_ai.system_instructions}, {@code
     * gen_ai.input.messages} and {@code gen_ai.output.messages} as JSON, and the failure's
     * exception with its message (which can quote the reply). Off by default: turn it on only when
     * your users agreed to their prompts being recorded.
     */
    public Builder captureContent(boolean captureContent) {
      this.captureContent = captureContent;
      return this;
    }

    /** The listener, to set with a generated builder's {@code listener(...)}. */
    public ClaudeListener build() {
      return new TelemetryListener(openTelemetry, captureContent);
    }
  }
}
