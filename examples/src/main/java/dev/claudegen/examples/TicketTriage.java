package dev.claudegen.examples;

import dev.claudegen.annotations.ClaudeEndpoint;
import dev.claudegen.annotations.ErrorKind;
import dev.claudegen.annotations.Retry;
import dev.claudegen.annotations.SystemPrompt;
import dev.claudegen.annotations.UserPrompt;

/**
 * A support-ticket triage assistant: the interface a service team would write. claudegen
 * generates {@code ClaudeTicketTriage} from it at compile time.
 *
 * <p>Retries follow the error guide: rate limits from 1 s, overload from 5 s and then a switch to
 * a lighter model, server and network errors a couple of times.
 */
@ClaudeEndpoint(
    model = "claude-sonnet-4-6",
    maxTokens = 1024,
    timeout = "60s",
    fallbackModels = "claude-haiku-4-5")
@Retry(on = ErrorKind.RATE_LIMIT, maxAttempts = 5, initialDelay = "1s")
@Retry(on = ErrorKind.OVERLOADED, maxAttempts = 3, initialDelay = "5s")
@Retry(
    on = {ErrorKind.SERVER_ERROR, ErrorKind.CONNECTION, ErrorKind.TIMEOUT},
    maxAttempts = 3,
    initialDelay = "1s")
@SystemPrompt(
    "You triage support tickets for {product}. Be brief and concrete; never invent account"
        + " details.")
public interface TicketTriage {

  /**
   * Claude's answer as the prompt asks for it: a JSON object like {@code {"label": "BUG",
   * "reason": "..."}}, with label one of BUG, BILLING, HOW_TO or OUTAGE. The method returns the
   * reply's text as is; claudegen does not parse it.
   */
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
