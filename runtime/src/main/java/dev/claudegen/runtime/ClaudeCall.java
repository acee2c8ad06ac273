package dev.claudegen.runtime;

import dev.claudegen.annotations.ErrorKind;
import java.io.IOException;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.stream.Collectors;

/**
 * One interface method bound to a {@link ClaudeClient}: its URL, headers, settings and payload
 * decoder resolved once, ready to send. Generated methods build a {@link Prompt} and hand it to
 * {@link #call} or {@link #callAsync} (the call mode is the only thing that differs). Thread safe:
 * each call keeps its own retry state.
 *
 * <p>This class is a facade over three parts, split as OkHttp splits its interceptors: an {@link
 * Exchange} sends one attempt and maps its response or transport failure to an outcome; a {@link
 * RetryLoop} holds one call's retry state and is the only code that decides what follows an
 * outcome (return, wait and retry, fall back, give up); the {@link ReplyDecoder} turns the reply
 * into the payload, outside the loop. {@link #call} drives the loop on the caller's thread,
 * sleeping through waits with the client's {@link Sleeper}; {@link #callAsync} drives the same
 * loop with {@link Transport#sendAsync} and the client's scheduler ({@link AsyncCall}). A later
 * mode (a stream) is another driver of the same loop and exchange.
 *
 * @param <T> the method's payload: what {@link ReplyDecoder} makes of the reply
 *
 * <h2>Retries</h2>
 *
 * <p>A failed attempt is retried when the {@link CallSpec#retrySchedules() schedule} naming its
 * {@link ErrorKind} has attempts left; a kind no schedule names is not retried. Each schedule
 * counts the failures of its own kinds, so with a 429 schedule of 5 attempts and a 529 schedule
 * of 3, alternating failures spend both budgets separately and the call stops when the schedule
 * of the latest failure is spent. The server's {@code x-should-retry: false} stops retries;
 * {@code x-should-retry: true} cannot make a kind retried that no schedule names (nor exceed a
 * schedule's limits). A {@code retry-after} above {@code maxRetryAfter}, or a wait that would end
 * past the call's deadline (the smallest {@code maxElapsed} of its schedules, measured on the
 * client's clock), ends the call at once. Each attempt's timeout is also cut to what is left
 * before that deadline. An interrupted thread is never retried and keeps its interrupt status.
 *
 * <p>When an {@link ErrorKind#OVERLOADED} failure would end the call and the spec has {@link
 * CallSpec#fallbackModels() fallback models}, the call moves on to the next one at once, with a
 * fresh count of attempts, unless the deadline has passed. The exception finally thrown carries
 * every earlier attempt's exception, in order, as suppressed.
 *
 * <h2>Tools</h2>
 *
 * <p>A method with {@code @Tools} sends its tools' definitions ({@link CallSpec#toolsJson()}) with
 * each request. While a reply stops with {@code tool_use}, the call runs the tools it asks for and
 * sends their results back, then returns the first reply that stops for any other reason, decoded
 * as the method's payload exactly as without tools ({@code String}, {@link Reply}, a record). One
 * round of tool use:
 *
 * <ol>
 *   <li>each {@code tool_use} block of the reply runs its tool, one after another in the order
 *       asked: on the caller's thread for {@link #call}, on the client's executor for {@link
 *       #callAsync};
 *   <li>what each tool returned becomes a {@code tool_result} block with the block's {@code
 *       tool_use_id} ({@code content}: a {@code String} as it is, any other value as its JSON, none
 *       for {@code void}); every result of the reply goes in one user turn, in the order asked;
 *   <li>the next request is the previous one's turns, then the reply as the assistant turn, every
 *       block kept (thinking with its signature, text, tool calls), then that user turn.
 * </ol>
 *
 * <p>A tool that fails does not fail the call: Claude gets an error result ({@code "is_error":
 * true}) and can correct itself or answer without it. A tool that throws answers with the
 * exception's message (its class's simple name when the message is null), never a stack trace; the
 * throwable is logged at DEBUG on {@code dev.claudegen}, so tools that throw on purpose ("no such
 * order") stay quiet. An input that does not fit the tool's parameters answers naming the
 * property, like {@code the input does not fit lookupOrder's parameters: $.orderId: expected a
 * string, got a number}; a tool the method does not have answers listing the ones it has.
 *
 * <p>Each round's request is a call of its own for retries: its own attempts, timeout and {@code
 * maxElapsed}, starting on the method's model (a round that fell back to another model does not
 * move later rounds). A round that fails after its retries fails the call with the typed exception,
 * as without tools; rounds already done are not sent again. The listener hears {@link
 * ClaudeListener#onRequest onRequest} and {@link ClaudeListener#onResponse onResponse} per attempt
 * (attempt numbers count on across rounds), {@link ClaudeListener#onToolCall onToolCall} after
 * each tool, and one {@link ClaudeListener#onSuccess onSuccess} (the rounds counted, usage summed)
 * or {@link ClaudeListener#onFailure onFailure} for the whole call. A {@code
 * cancel} of {@link #callAsync}'s future aborts the round in flight; no later round starts, and a
 * tool already running finishes (its result is dropped).
 *
 * <p>{@code @Tools(maxRounds = N)} bounds the rounds: a reply that still asks for tools after N
 * rounds throws {@link ClaudeOutputException} (stop reason {@code tool_use}, the last reply's
 * request id and text), so a call sends at most N + 1 requests. The payload is built from the last
 * reply alone: a returned {@link Reply}'s {@link Reply#usage() usage} is the last round's, not the
 * call's total (a listener's {@code onSuccess} has the total). A method with tools cannot
 * stream: {@link #stream}, {@link #streamText} and {@link #streamItems} throw {@link
 * IllegalStateException}.
 *
 * <h2>Prompt caching</h2>
 *
 * <p>With {@link CallSpec#cacheTtl()} set ({@code @CacheControl}), each request marks the ends of
 * its stable prefix with {@code "cache_control": {"type": "ephemeral"}} (and {@code "ttl": "1h"}
 * when asked): the last system block (the system prompt is then sent as blocks), the last tool
 * (written so at compile time), the conversation parameter's last turn (its last text or tool
 * block; the {@code @UserPrompt} turn after it is not marked), and in a tool loop the latest turn
 * of tool results, so each round reads the previous rounds from the cache. That is at most four
 * markers, the API's limit.
 */
public final class ClaudeCall<T> {

  /**
   * The largest request body sent: 32 MiB. The API documents its limit as "32 MB"; a body above
   * 32 MiB is refused under either reading, while one between 32 000 000 bytes and 32 MiB is left
   * for the API to judge, so no request it would accept is refused here.
   */
  public static final int MAX_REQUEST_BYTES = 32 * 1024 * 1024;

  private final Exchange exchange;
  private final CallSpec spec;
  private final ReplyDecoder<T> decoder;
  private final ToolBox tools; // null: the method has no tools
  private final Duration maxElapsed; // null: no deadline

  ClaudeCall(
      ClaudeClient client,
      CallSpec spec,
      ReplyDecoder<T> decoder,
      ToolBox tools,
      URI uri,
      Map<String, String> headers,
      Redactor redactor,
      String authenticationHint) {
    this.exchange = new Exchange(client, spec, uri, headers, redactor, authenticationHint);
    this.spec = spec;
    this.decoder = decoder;
    this.tools = tools;
    this.maxElapsed =
        spec.retrySchedules().stream()
            .map(RetrySchedule::maxElapsed)
            .filter(Objects::nonNull)
            .min(Duration::compareTo)
            .orElse(null);
  }

  /**
   * Sends the prompt, waits for the reply and returns its payload.
   *
   * @throws ClaudeOutputException when the reply cannot become the payload (for a {@code String}
   *     method: a refusal, no text, or only whitespace), or, with tools, still asks for tools after
   *     {@code maxRounds} rounds; never retried
   * @throws ClaudeException (a subclass of it) when the call fails, after any retries (with tools:
   *     when any round's request fails)
   * @throws IllegalArgumentException before sending, for what the API would refuse: a blank user
   *     message, turns that do not alternate or do not end with a user turn, or a request body
   *     above {@link #MAX_REQUEST_BYTES}
   * @throws NullPointerException before sending, for a null turn
   */
  public T call(Prompt prompt) {
    return run(prompt, decoder);
  }

  /**
   * Sends the prompt without blocking the caller: the future completes with the payload, or
   * exceptionally with the {@link ClaudeException} {@link #call} would throw (so {@code join()}
   * throws a {@link java.util.concurrent.CompletionException} with it as the cause).
   *
   * <p>The checks {@link #call} makes before sending (the turns, the body's size) run on the
   * caller's thread and throw at once, as {@link #call} does; the request body is written there
   * too. Everything after runs without blocking a thread: the default transport sends with {@link
   * java.net.http.HttpClient#sendAsync}, retry waits are tasks on the client's scheduler, and
   * decoding and listener events run on the client's executor. So many calls in flight, or parked
   * in retry waits, hold no thread each. A transport without an asynchronous send of its own runs
   * its blocking {@link Transport#send} on the executor.
   *
   * <p>{@code cancel(true)} (or {@code cancel(false)}: they do the same) aborts the attempt in
   * flight, cancels a scheduled retry, and no attempt is sent after it; the listener hears {@link
   * ClaudeListener#onCancel} instead of {@link ClaudeListener#onFailure}.
   *
   * @throws IllegalArgumentException before sending, as {@link #call} does
   * @throws NullPointerException before sending, for a null turn
   */
  public CompletableFuture<T> callAsync(Prompt prompt) {
    checkPrompt(prompt);
    CallObserver observer = CallObserver.start(exchange, ClaudeListener.Mode.ASYNC, prompt);
    RetryLoop loop = firstLoop(prompt, false, observer);
    ToolRounds rounds = tools == null ? null : new ToolRounds(exchange, tools, maxElapsed, prompt);
    return new AsyncCall<>(exchange, loop, decoder, rounds).start();
  }

  /**
   * Sends the prompt asking for a streamed reply, and returns once its first text arrived (or the
   * reply ended without text), on the caller's thread. Every failure before that (an error
   * status, a refused or reset connection, an {@code error} event, a silence longer than the
   * method's {@code timeout}, a stream cut short) is retried as {@code @Retry} says, with fallback
   * models on overload, as for {@link #call}: nothing reached the caller yet. After it nothing is
   * sent again; a failure is thrown from reading the {@link ReplyStream}.
   *
   * <p>For a streaming method the {@code timeout} is the longest silence allowed: waiting for the
   * response headers, then between two chunks of the body. A long reply that keeps coming is never
   * cut.
   *
   * @throws ClaudeException (a subclass of it) when every attempt failed before any text
   * @throws IllegalArgumentException before sending, as {@link #call} does
   * @throws NullPointerException before sending, for a null turn
   */
  public ReplyStream stream(Prompt prompt) {
    return startStream(prompt, true);
  }

  /**
   * {@link #stream}'s text, lazily; closing the stream aborts the exchange, as {@link
   * ReplyStream#close()} does. What a generated {@code Stream<String>} method returns.
   *
   * @throws ClaudeException (a subclass of it) when every attempt failed before any text
   * @throws IllegalArgumentException before sending, as {@link #call} does
   * @throws NullPointerException before sending, for a null turn
   */
  public java.util.stream.Stream<String> streamText(Prompt prompt) {
    // The deltas are all the caller sees: the reply's text is kept only for a listener.
    return startStream(prompt, exchange.listening()).text();
  }

  /**
   * The elements of a streamed structured payload, each read by {@code element} as soon as its
   * JSON is complete: the reply's text is a JSON object whose property {@code property} is the
   * array of elements (the schema the processor wrote for a {@code Stream<R>} method). What a
   * generated {@code Stream<R>} method returns; closing the stream aborts the exchange.
   *
   * @throws ClaudeException (a subclass of it) when every attempt failed before any text
   * @throws ClaudeOutputException while iterating, when the text stops fitting the type (after the
   *     elements already delivered), or the reply is a refusal or cut at {@code max_tokens}
   */
  public <E> java.util.stream.Stream<E> streamItems(
      Prompt prompt, String property, JsonIn.Reader<E> element) {
    Objects.requireNonNull(property, "property");
    Objects.requireNonNull(element, "element");
    // As for streamText: the items are what the caller sees; the stream keeps its own text.
    return ItemStream.of(startStream(prompt, exchange.listening()), spec, property, element);
  }

  private ReplyStream startStream(Prompt prompt, boolean keepText) {
    if (tools != null) {
      throw new IllegalStateException(
          spec.method()
              + " has tools, and a call with tools cannot stream: its replies are read whole to run"
              + " the tools they ask for. Call it with call or callAsync; claudegen never generates"
              + " a streaming method with @Tools (a compile error)");
    }
    checkPrompt(prompt);
    CallObserver observer = CallObserver.start(exchange, ClaudeListener.Mode.STREAM, prompt);
    return StreamCall.start(exchange, firstLoop(prompt, true, observer), keepText);
  }

  /**
   * The call's first retry loop, which writes the body: a body above the size limit fails the call
   * that just started.
   */
  private RetryLoop firstLoop(Prompt prompt, boolean stream, CallObserver observer) {
    try {
      return new RetryLoop(exchange, maxElapsed, prompt, stream, observer);
    } catch (RuntimeException e) {
      observer.failed(e);
      throw e;
    }
  }

  /** The method's exchange: its URL, headers and redactor, which batches of it share. */
  Exchange exchange() {
    return exchange;
  }

  /** The smallest {@code maxElapsed} of the method's retry schedules, or null for none. */
  Duration maxElapsed() {
    return maxElapsed;
  }

  /** {@link #call} of a one-turn prompt, as a String; for the runtime's own tests. */
  String text(String system, String user) {
    return run(Prompt.of(system, user), ReplyDecoder.TEXT);
  }

  /** {@link #call} of a one-turn prompt, as the whole reply; for the runtime's own tests. */
  Reply reply(String system, String user) {
    return run(Prompt.of(system, user), ReplyDecoder.REPLY);
  }

  /**
   * The plain driver: sends and sleeps on the caller's thread, as the loop decides; with tools,
   * one request per round, each its own retry loop.
   */
  private <P> P run(Prompt prompt, ReplyDecoder<P> payload) {
    checkPrompt(prompt);
    CallObserver observer = CallObserver.start(exchange, ClaudeListener.Mode.PLAIN, prompt);
    ToolRounds rounds = tools == null ? null : new ToolRounds(exchange, tools, maxElapsed, prompt);
    RetryLoop loop = firstLoop(prompt, false, observer);
    try {
      Reply reply = send(loop);
      while (rounds != null && ToolRounds.wantsTools(reply)) {
        loop = rounds.nextRound(reply, loop);
        reply = send(loop);
      }
      P decoded = loop.decode(payload, reply);
      observer.succeeded(reply);
      return decoded;
    } catch (RuntimeException | Error e) {
      observer.failed(e);
      throw e;
    }
  }

  /**
   * Sends the loop's attempts, sleeping between them, until one gets a reply.
   *
   * @throws ClaudeException when the loop gives up
   */
  private Reply send(RetryLoop loop) {
    Transport transport = exchange.client.transport();
    Sleeper sleeper = exchange.client.sleeper();
    while (true) {
      Transport.Request request = loop.nextRequest();
      Exchange.Outcome outcome;
      try {
        outcome = loop.received(transport.send(request));
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        outcome = loop.failed(e);
      } catch (IOException e) {
        outcome = loop.failed(e);
      }
      RetryLoop.Step step = loop.decide(outcome, Thread.currentThread().isInterrupted());
      if (step.action() == RetryLoop.Action.DONE) {
        return step.reply();
      }
      loop.awaitRetry(step, sleeper);
    }
  }

  /**
   * The exception a generated method throws for a null argument, naming the method and parameter.
   */
  public NullPointerException nullParameter(String parameter) {
    return new NullPointerException(
        spec.method()
            + ": parameter '"
            + parameter
            + "' is null; prompts cannot be built from null");
  }

  /**
   * Refuses, before sending, what the API would answer with a 400: no turns, turns that do not
   * alternate or start or end with an assistant turn, an empty turn or a blank text block (the API
   * says {@code text content blocks must contain non-whitespace text}). Messages name the method
   * and the parameter the turn came from, as {@link #nullParameter} does.
   */
  void checkPrompt(Prompt prompt) {
    List<Message> turns = prompt.messages();
    String conversation = spec.conversationParameter();
    if (turns.isEmpty()) {
      throw new IllegalArgumentException(
          spec.method()
              + ": nothing to send: "
              + (conversation == null
                  ? "the prompt has no turns"
                  : "the conversation '" + conversation + "' is empty")
              + "; the API needs at least one user turn");
    }
    for (int i = 0; i < turns.size(); i++) {
      Message turn = turns.get(i);
      if (turn == null) {
        throw new NullPointerException(
            spec.method()
                + ": "
                + turnName(prompt, i)
                + " is null; a conversation holds turns, not nulls");
      }
      if (i == 0 && turn.role() != Message.Role.USER) {
        throw badTurns(prompt, i, "is an assistant turn, but the first turn must be the user's");
      }
      if (i > 0 && turns.get(i - 1) != null && turns.get(i - 1).role() == turn.role()) {
        if (isConversationTurn(prompt, i - 1) && !isConversationTurn(prompt, i)) {
          // The method's own user turn after a conversation that already ended with the user's.
          throw new IllegalArgumentException(
              spec.method()
                  + ": "
                  + turnName(prompt, i)
                  + " follows "
                  + turnName(prompt, i - 1)
                  + ", a user turn; the conversation must end with an assistant turn when a user"
                  + " turn follows it; not sent");
        }
        throw badTurns(
            prompt,
            i,
            "is a "
                + turn.role().wireName()
                + " turn after a "
                + turn.role().wireName()
                + " turn; turns must alternate user, assistant, user");
      }
      if (turn.content().isEmpty()) {
        throw badTurns(prompt, i, "has no content");
      }
      List<ContentBlock> content = turn.content();
      // Indexed (content is a List.copyOf): this runs on every call, and an iterator is garbage.
      for (int b = 0; b < content.size(); b++) {
        if (content.get(b) instanceof ContentBlock.Text text && text.text().isBlank()) {
          if (!isConversationTurn(prompt, i)) {
            throw blankUserMessage();
          }
          throw badTurns(
              prompt, i, "has a text block that is empty or only whitespace, which the API refuses");
        }
      }
    }
    Message last = turns.get(turns.size() - 1);
    if (last.role() != Message.Role.USER) {
      throw badTurns(
          prompt,
          turns.size() - 1,
          spec.outputSchema() != null
              ? "is an assistant turn, a prefill, which the API refuses with structured output"
                  + " (JSON outputs); the last turn must be the user's"
              : "is an assistant turn, but the last turn must be the user's (the API would"
                  + " continue the assistant's text instead of answering)");
    }
  }

  private static boolean isConversationTurn(Prompt prompt, int index) {
    return index >= prompt.conversationStart() && index < prompt.conversationEnd();
  }

  private String turnName(Prompt prompt, int index) {
    int rounds = prompt.toolRoundsStart();
    if (rounds >= 0 && index >= rounds) {
      // Turns a tool loop appended: pairs of the reply that asked for tools and their results.
      return "round "
          + ((index - rounds) / 2 + 1)
          + (((index - rounds) % 2 == 0) ? "'s reply asking for tools" : "'s turn of tool results");
    }
    String conversation = spec.conversationParameter();
    if (isConversationTurn(prompt, index)) {
      return (conversation == null ? "conversation" : "parameter '" + conversation + "'")
          + " turn "
          + (index - prompt.conversationStart())
          + " (counting from 0)";
    }
    if (index >= prompt.conversationEnd() && prompt.conversationStart() >= 0) {
      // The turn the method's @UserPrompt (or its String parameter) made, after the conversation.
      List<String> parameters = spec.userParameters();
      if (parameters.isEmpty()) {
        return "the user turn after the conversation";
      }
      return "the user turn from "
          + (parameters.size() == 1 ? "parameter " : "parameters ")
          + parameters.stream().map(name -> "'" + name + "'").collect(Collectors.joining(", "));
    }
    return "turn " + index + " (counting from 0)";
  }

  private IllegalArgumentException badTurns(Prompt prompt, int index, String problem) {
    return new IllegalArgumentException(
        spec.method() + ": " + turnName(prompt, index) + " " + problem + "; not sent");
  }

  /**
   * The API answers a blank user message with a 400 ({@code text content blocks must contain
   * non-whitespace text}); refused here instead, naming the parameters it came from, as {@link
   * #nullParameter} does.
   */
  private IllegalArgumentException blankUserMessage() {
    List<String> parameters = spec.userParameters();
    String source =
        parameters.isEmpty()
            ? "the user message is blank"
            : (parameters.size() == 1 ? "parameter " : "parameters ")
                + parameters.stream()
                    .map(name -> "'" + name + "'")
                    .collect(Collectors.joining(", "))
                + (parameters.size() == 1 ? " is" : " are")
                + " blank, and so is the user message made of "
                + (parameters.size() == 1 ? "it" : "them");
    return new IllegalArgumentException(
        spec.method()
            + ": "
            + source
            + " (empty or only whitespace); the API refuses such a message, so it was not sent");
  }

  @Override
  public String toString() {
    return spec.method() + " -> POST " + exchange.uri + " " + Secrets.redactHeaders(exchange.headers);
  }
}
