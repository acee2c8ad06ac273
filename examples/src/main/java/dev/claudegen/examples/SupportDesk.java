package dev.claudegen.examples;

import dev.claudegen.annotations.ClaudeEndpoint;
import dev.claudegen.annotations.Retry;
import dev.claudegen.annotations.SystemPrompt;
import dev.claudegen.runtime.Message;
import dev.claudegen.runtime.Reply;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.stream.Stream;

/**
 * A help desk that answers product questions: one interface with each method shape a service
 * uses after the quickstart. claudegen generates {@code ClaudeSupportDesk} from it.
 */
@ClaudeEndpoint(model = "claude-haiku-4-5", maxTokens = 512, timeout = "30s")
@SystemPrompt("You answer questions about Acme Reports in two sentences at most.")
@Retry(maxAttempts = 3)
public interface SupportDesk {

  /** The whole reply: its text, and the usage, stop reason and ids a service logs or bills by. */
  Reply answer(String question);

  /** Returns at once; the future completes with the answer's text, or the typed failure. */
  CompletableFuture<String> answerLater(String question);

  /** The conversation so far, then the next question. */
  Reply followUp(List<Message> history, String question);

  /**
   * A long answer, as it is written: each piece of text as it arrives. A stream may ask for the
   * model's whole output (64,000 tokens here) without a timeout; its timeout is the longest
   * silence allowed, here the interface's 30 s.
   */
  @ClaudeEndpoint(model = "claude-haiku-4-5", maxTokens = 64000, timeout = "30s")
  Stream<String> explain(String topic);
}
