package dev.claudegen.opentelemetry;

import dev.claudegen.annotations.ClaudeEndpoint;
import dev.claudegen.annotations.Tool;
import dev.claudegen.annotations.Tools;

/** A client with a tool. */
@ClaudeEndpoint(model = "claude-haiku-4-5", maxTokens = 256)
@Tools(OrderAgent.Lookup.class)
interface OrderAgent {

  String ask(String question);

  /** The tool. */
  final class Lookup {
    @Tool("Looks up an order")
    public String lookupOrder(String orderId) {
      return "shipped " + orderId;
    }
  }
}
