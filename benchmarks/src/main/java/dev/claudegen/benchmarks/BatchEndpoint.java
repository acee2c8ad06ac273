package dev.claudegen.benchmarks;

import dev.claudegen.annotations.ClaudeEndpoint;
import dev.claudegen.annotations.UserPrompt;

/**
 * The interface of the batch benchmarks ({@link BatchRead}, {@link BatchSubmit}): a support
 * ticket classified as text, or triaged into a record. claudegen generates {@code
 * ClaudeBatchEndpoint} (and its record reader) from it in this module's compilation.
 */
@ClaudeEndpoint(model = BenchEndpoint.MODEL, maxTokens = BatchEndpoint.MAX_TOKENS, timeout = "30s")
public interface BatchEndpoint {

  /** The max_tokens every batch request sends. */
  int MAX_TOKENS = 512;

  /** The user message of {@link #classify}, as every client writes it. */
  static String classifyPrompt(String ticket) {
    return "Classify this support ticket: " + ticket;
  }

  /** The {@code i}-th ticket of a submitted batch: short, distinct, plain ASCII. */
  static String ticket(int i) {
    return "Ticket " + i + ": I was charged twice for order A-" + i + " and need a refund.";
  }

  /** The text shape: one label and a sentence. */
  @UserPrompt("Classify this support ticket: {ticket}")
  String classify(String ticket);

  /** The structured shape: the reply's JSON read into a {@link Triage}. */
  @UserPrompt("Triage this support ticket: {ticket}")
  Triage triage(String ticket);

  /** What a ticket is about. */
  enum Category {
    BILLING,
    SHIPPING,
    ACCOUNT,
    OTHER
  }

  /** A ticket triaged. */
  record Triage(Category category, int urgency, String summary) {}
}
