package dev.claudegen.runtime;

import com.fasterxml.jackson.core.JsonParser;
import java.lang.System.Logger.Level;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * The tool loop of one call to a method with tools, its state between rounds: the prompt sent so
 * far and how many rounds of tools ran. Both drivers use it the same way, the plain one on the
 * caller's thread and the async one on the client's executor: when a round's reply {@link
 * #wantsTools asks for tools}, {@link #nextRound} runs them and returns the {@link RetryLoop} of
 * the next request; any other reply is decoded as the method's payload, as without tools. Used by
 * one call at a time, like the {@link RetryLoop}.
 *
 * <p>The rules are {@link ClaudeCall}'s: see its "Tools" section.
 */
final class ToolRounds {

  private static final System.Logger LOG = System.getLogger("dev.claudegen");

  private final Exchange exchange;
  private final CallSpec spec;
  private final ToolBox tools;
  private final Duration maxElapsed; // null: no deadline
  private Prompt prompt;
  private int rounds; // rounds of tools run so far

  ToolRounds(Exchange exchange, ToolBox tools, Duration maxElapsed, Prompt prompt) {
    this.exchange = exchange;
    this.spec = exchange.spec;
    this.tools = tools;
    this.maxElapsed = maxElapsed;
    this.prompt = prompt;
  }

  /**
   * Whether the reply asks for tools: it stopped with {@code tool_use} and holds at least one
   * {@code tool_use} block. A reply that stopped for tools without naming one has nothing to
   * answer, and is the final reply.
   */
  static boolean wantsTools(Reply reply) {
    if (!"tool_use".equals(reply.stopReason())) {
      return false;
    }
    for (ContentBlock block : reply.content()) {
      if (block instanceof ContentBlock.ToolUse) {
        return true;
      }
    }
    return false;
  }

  /** How many rounds of tools ran so far. */
  int rounds() {
    return rounds;
  }

  /**
   * Runs the tools {@code reply} asks for, in the order asked, and returns the loop that sends the
   * next round's request: the previous turns, the reply as the assistant turn, and the user turn of
   * the tools' results.
   *
   * @param finished the loop of the round that got {@code reply}: the next one tells the same
   *     call's events, its attempt numbers counting on
   * @throws ClaudeOutputException when the call already ran {@code maxRounds} rounds of tools
   * @throws IllegalArgumentException when the next request's body is above {@link
   *     ClaudeCall#MAX_REQUEST_BYTES}
   */
  RetryLoop nextRound(Reply reply, RetryLoop finished) {
    if (rounds >= spec.maxToolRounds()) {
      throw finished.giveUp(tooManyRounds(reply));
    }
    int round = ++rounds;
    CallObserver observer = finished.observer();
    observer.toolRound();
    List<ContentBlock> content = reply.content();
    List<ContentBlock> results = new ArrayList<>(content.size());
    for (int i = 0; i < content.size(); i++) {
      if (content.get(i) instanceof ContentBlock.ToolUse use) {
        results.add(run(use, round, observer));
      }
    }
    prompt = prompt.withToolRound(reply.toMessage(), new Message(Message.Role.USER, results));
    return new RetryLoop(exchange, maxElapsed, prompt, false, observer);
  }

  private ClaudeOutputException tooManyRounds(Reply reply) {
    int max = spec.maxToolRounds();
    return new ClaudeOutputException(
        spec.method()
            + ": the reply still asks for tools after "
            + max
            + (max == 1 ? " round" : " rounds")
            + " of tool use, the most @Tools(maxRounds = "
            + max
            + ") allows; not answered ("
            + (max + 1)
            + " requests sent). Raise maxRounds, or say in the prompt when to stop calling tools",
        reply);
  }

  /** Runs one tool; whatever happens becomes its result, an error result when it failed. */
  private ContentBlock.ToolResult run(
      ContentBlock.ToolUse use, int round, CallObserver observer) {
    ToolHandler handler = tools.handler(use.name());
    if (handler == null) {
      String error =
          "there is no tool named '"
              + use.name()
              + "'; the tools of "
              + spec.method()
              + " are: "
              + String.join(", ", tools.names());
      LOG.log(Level.DEBUG, () -> spec.method() + ": " + error);
      told(observer, use, round, 0, ClaudeListener.ToolOutcome.UNKNOWN_TOOL, error);
      return new ContentBlock.ToolResult(use.id(), error, true);
    }
    long started = System.nanoTime();
    String result;
    try (JsonParser parser = JsonIn.JSON.createParser(use.inputJson())) {
      result = handler.run(new JsonIn(parser));
    } catch (JsonIn.Mismatch mismatch) {
      long nanos = System.nanoTime() - started;
      String error =
          "the input does not fit " + use.name() + "'s parameters: " + mismatch.getMessage();
      LOG.log(
          Level.DEBUG,
          () -> spec.method() + ": tool " + use.name() + " (" + use.id() + "): " + error);
      told(observer, use, round, nanos, ClaudeListener.ToolOutcome.BAD_INPUT, error);
      return new ContentBlock.ToolResult(use.id(), error, true);
    } catch (Exception e) {
      long nanos = System.nanoTime() - started;
      if (e instanceof InterruptedException) {
        Thread.currentThread().interrupt(); // the next request sees it, and ends the call
      }
      String message = e.getMessage();
      String error = message == null || message.isBlank() ? e.getClass().getSimpleName() : message;
      // DEBUG: a tool that throws on purpose ("no such order") is an answer, not a fault to report.
      LOG.log(
          Level.DEBUG,
          () ->
              spec.method()
                  + ": tool "
                  + use.name()
                  + " ("
                  + use.id()
                  + ") threw; sent back as an error result",
          e);
      told(observer, use, round, nanos, ClaudeListener.ToolOutcome.THREW, error);
      return new ContentBlock.ToolResult(use.id(), error, true);
    }
    told(observer, use, round, System.nanoTime() - started, ClaudeListener.ToolOutcome.OK, null);
    return new ContentBlock.ToolResult(use.id(), result, false);
  }

  private void told(
      CallObserver observer,
      ContentBlock.ToolUse use,
      int round,
      long nanos,
      ClaudeListener.ToolOutcome outcome,
      String error) {
    if (observer.listening()) {
      observer.toolCalled(
          new ClaudeListener.ToolCalled(
              spec.method(), use.name(), use.id(), round, Duration.ofNanos(nanos), outcome, error));
    }
  }
}
