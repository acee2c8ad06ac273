package dev.claudegen.examples;

import dev.claudegen.annotations.ClaudeEndpoint;
import dev.claudegen.annotations.SystemPrompt;
import dev.claudegen.annotations.UserPrompt;

/**
 * A support-ticket triage assistant: the interface a service team would write. claudegen
 * generates {@code ClaudeTicketTriage} from it at compile time.
 */
@ClaudeEndpoint(model = "claude-sonnet-4-6", maxTokens = 1024, timeout = "60s")
@SystemPrompt(
    "You triage support tickets for {product}. Be brief and concrete; never invent account"
        + " details.")
public interface TicketTriage {

  /** One of BUG, BILLING, HOW_TO or OUTAGE, then a colon and a one-line reason. */
  @UserPrompt(
      "Classify this ticket as BUG, BILLING, HOW_TO or OUTAGE. Answer as {{\"label\": ...,"
          + " \"reason\": ...}}.\n\nCustomer tier: {tier}\nTicket:\n{ticket}")
  String classify(String product, Tier tier, String ticket);

  /** A first reply to the customer, at most {@code sentences} sentences long. */
  @ClaudeEndpoint(model = "claude-haiku-4-5", maxTokens = 512)
  @UserPrompt("Draft a reply of at most {sentences} sentences to this ticket:\n{ticket}")
  String draftReply(String product, int sentences, String ticket);

  /** Customer tiers, which change how urgent a ticket is. */
  enum Tier {
    FREE,
    TEAM,
    ENTERPRISE
  }
}
