package dev.claudegen.benchmarks;

import dev.claudegen.annotations.ClaudeEndpoint;
import dev.claudegen.annotations.Tools;
import dev.claudegen.annotations.UserPrompt;

/**
 * The interface of {@link ToolRound}, as a user writes it: one plain method whose calls may run
 * {@link OrderLookup}'s tool. claudegen generates {@code ClaudeToolEndpoint} from it; the prompt
 * and limits match what {@link RawToolFloor} and the SDK's loop ({@link Peers.Sdk#lookup}) send.
 */
@ClaudeEndpoint(model = BenchEndpoint.MODEL, maxTokens = BenchEndpoint.MAX_TOKENS, timeout = "30s")
@Tools(OrderLookup.class)
public interface ToolEndpoint {

  /** The one user message: the prompt below with {@code orderId} filled in. */
  static String prompt(String orderId) {
    return "Where is order " + orderId + "?";
  }

  /** A plain call: the tool runs on the calling thread, and the final reply's text is returned. */
  @UserPrompt("Where is order {orderId}?")
  String where(String orderId);
}
