package dev.claudegen.opentelemetry;

import dev.claudegen.annotations.ClaudeEndpoint;
import dev.claudegen.annotations.SystemPrompt;
import dev.claudegen.runtime.Reply;
import java.util.concurrent.CompletableFuture;
import java.util.stream.Stream;

/** The client the tests record: one method per call mode. */
@ClaudeEndpoint(model = "claude-sonnet-4-6", maxTokens = 256)
@SystemPrompt("You are terse.")
interface Assistant {

  Reply ask(String question);

  CompletableFuture<String> askLater(String question);

  Stream<String> write(String topic);

  Verdict judge(String text);

  @ClaudeEndpoint(model = "claude-opus-4-7", maxTokens = 256, fallbackModels = "claude-sonnet-4-6")
  String askBig(String question);

  /** A structured payload. */
  record Verdict(String label) {}
}
