package dev.claudegen.examples;

import dev.claudegen.annotations.ClaudeEndpoint;
import dev.claudegen.annotations.Description;
import dev.claudegen.annotations.ErrorKind;
import dev.claudegen.annotations.Retry;
import dev.claudegen.annotations.SystemPrompt;
import dev.claudegen.annotations.UserPrompt;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

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

  /**
   * What Claude reads out of a support email, as a record: claudegen writes its JSON schema at
   * compile time, sends it as the request's output format, and reads the reply into it with no
   * reflection. The {@code @param} lines become the properties' descriptions; the record's own is
   * {@code @Description}'s, since this javadoc is written for people.
   *
   * @param priority how urgent the ticket is
   * @param summary the problem in one sentence
   * @param tags a few lowercase keywords, such as "export" or "billing"
   * @param customerId the customer's or order's id, when the email gives one
   */
  @Description("A support ticket read from a customer's email.")
  record Ticket(Priority priority, String summary, List<String> tags, Optional<String> customerId) {}

  /** How urgent a ticket is. */
  enum Priority {
    LOW,
    NORMAL,
    HIGH,
    URGENT
  }

  /** One email, read into a {@link Ticket}. */
  @UserPrompt("Triage this support email:\n{email}")
  Ticket triage(String product, String email);

  /**
   * Many emails at once: each ticket is handed over as soon as its JSON is complete, while Claude
   * still writes the next ones.
   */
  @ClaudeEndpoint(model = "claude-haiku-4-5", maxTokens = 16000, timeout = "60s")
  @UserPrompt("Triage each of these support emails, one ticket per email, in order:\n{emails}")
  Stream<Ticket> triageAll(String product, String emails);

  /** Customer tiers, which change how urgent a ticket is. */
  enum Tier {
    FREE,
    TEAM,
    ENTERPRISE
  }
}
