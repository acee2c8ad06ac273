package dev.claudegen.runtime;

import dev.claudegen.annotations.ErrorKind;
import java.lang.System.Logger.Level;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * The retry policy of one call, and its state: which attempt comes next, with what body and
 * timeout, and after each {@link Exchange.Outcome} what to do: return the reply, wait and retry,
 * fall back to the next model, or give up. It never waits or sends itself; the plain driver
 * ({@link ClaudeCall#call}) sleeps and sends on the caller's thread, the async one ({@link
 * AsyncCall}) schedules and sends without blocking, and both ask this one piece of code every
 * question, so the two modes cannot drift apart. Used by one call at a time (the async driver
 * hands it from task to task, each handing-over a happens-before edge).
 *
 * <p>The policy is {@link ClaudeCall}'s: see its "Retries" section.
 */
final class RetryLoop {

  private static final System.Logger LOG = System.getLogger("dev.claudegen");

  /** The shortest timeout an attempt gets, even right at the deadline. */
  private static final Duration MIN_ATTEMPT_TIMEOUT = Duration.ofMillis(1);

  /** What the driver does next. */
  enum Action {
    /** Decode {@link Step#reply()} and return it. */
    DONE,
    /** Wait {@link Step#delay()}, call {@link #waited}, then send {@link #nextRequest()}. */
    WAIT,
    /** Send {@link #nextRequest()} at once: the call fell back to another model. */
    AGAIN,
    /** Throw {@link Step#failure()}, which carries every earlier attempt's failure. */
    FAIL
  }

  /** A decision; only the fields its action names are set. */
  record Step(Action action, Reply reply, Duration delay, ClaudeException failure) {}

  private final Exchange exchange;
  private final CallSpec spec;
  private final ClaudeClient client;
  private final Duration maxElapsed; // null: no deadline
  private final Prompt prompt;
  private final boolean stream;
  private final CallObserver observer;

  /** Failed attempts per schedule, on the current model, and the deadline. */
  private final RetryBudget budget;

  private final Function<ErrorKind, AttemptNumber> counter;

  private List<ClaudeException> earlier; // null until an attempt fails and another follows
  private String model;
  private byte[] body;
  private int fallbacksUsed;

  // The attempt in flight.
  private Duration timeout;
  private boolean cutByDeadline;
  private long sentNanos;

  /**
   * Starts a request of a call, writing its body for the method's model (asking for a streamed
   * reply when {@code stream} is set): the call's first, or a later round of its tool loop. Attempt numbers are the {@code observer}'s, so
   * they count every attempt of the call, across rounds; retry budgets and deadline are this
   * request's own.
   *
   * @throws IllegalArgumentException when the body is above {@link ClaudeCall#MAX_REQUEST_BYTES}
   */
  RetryLoop(
      Exchange exchange,
      Duration maxElapsed,
      Prompt prompt,
      boolean stream,
      CallObserver observer) {
    this.stream = stream;
    this.observer = observer;
    this.exchange = exchange;
    this.spec = exchange.spec;
    this.client = exchange.client;
    this.maxElapsed = maxElapsed;
    this.prompt = prompt;
    this.model = spec.model();
    this.body = requestBody(model);
    this.budget = new RetryBudget(spec.retrySchedules(), maxElapsed, client);
    this.counter = budget::count;
  }

  /** The call's events, which every round's loop tells. */
  CallObserver observer() {
    return observer;
  }

  /** How many attempts the call sent so far, every round's. */
  int attempts() {
    return observer.attempts();
  }

  /** The next attempt's request; tells the listener it is being sent. */
  Transport.Request nextRequest() {
    observer.request(model);
    timeout = spec.timeout();
    cutByDeadline = false;
    if (maxElapsed != null) {
      Duration left = maxElapsed.minus(budget.elapsed());
      if (left.compareTo(timeout) < 0) {
        timeout = left.compareTo(MIN_ATTEMPT_TIMEOUT) < 0 ? MIN_ATTEMPT_TIMEOUT : left;
        cutByDeadline = true;
      }
    }
    sentNanos = System.nanoTime();
    return exchange.request(body, timeout);
  }

  /** The attempt's response; a reply is told to the listener. */
  Exchange.Outcome received(Transport.Response response) {
    Exchange.Outcome outcome = exchange.received(response, counter);
    if (outcome.reply() != null) {
      observer.response(outcome.reply(), sentNanos, observer.attempts());
    }
    return outcome;
  }

  /** Numbers a failed attempt within the retry schedule of its kind, as the exchange does. */
  Function<ErrorKind, AttemptNumber> counter() {
    return counter;
  }

  /** When the attempt in flight was sent, on {@link System#nanoTime()}. */
  long sentNanos() {
    return sentNanos;
  }

  /** The attempt's transport failure: an {@link java.io.IOException} or an interrupt. */
  Exchange.Outcome failed(Throwable e) {
    return exchange.failed(e, timeout, cutByDeadline ? maxElapsed : null, counter);
  }

  /**
   * Decides what follows an attempt.
   *
   * @param stopped whether the call was told to stop (an interrupted thread, a cancelled future):
   *     then nothing is retried and no fallback starts
   */
  Step decide(Exchange.Outcome outcome, boolean stopped) {
    if (outcome.reply() != null) {
      return new Step(Action.DONE, outcome.reply(), null, null);
    }
    ClaudeException failure = outcome.failure();
    if (outcome.retryable()) {
      Duration delay = retryDelay(failure, outcome.serverSaysRetry(), stopped);
      if (delay != null) {
        log(
            Level.WARNING,
            () -> failure.getMessage() + "; retrying in " + Durations.describe(delay));
        if (observer.listening()) {
          ClaudeListener.RetryScheduled event =
              new ClaudeListener.RetryScheduled(
                  spec.method(),
                  model,
                  failure.kind(),
                  failure.details().attempt(),
                  failure.details().maxAttempts(),
                  delay,
                  failure);
          observer.retry(event);
        }
        return new Step(Action.WAIT, null, delay, failure);
      }
      if (mayFallBack(failure, stopped)) {
        fallBack(failure, spec.fallbackModels().get(fallbacksUsed++));
        return new Step(Action.AGAIN, null, null, null);
      }
    }
    return new Step(Action.FAIL, null, null, withEarlierAttempts(failure));
  }

  /** The wait of a {@link Action#WAIT} step is over: its failure becomes an earlier one. */
  void waited(ClaudeException failure) {
    addEarlier(failure);
  }

  private void addEarlier(ClaudeException failure) {
    if (earlier == null) {
      earlier = new ArrayList<>(2);
    }
    earlier.add(failure);
  }

  /**
   * Ends the call with this failure (a wait that was interrupted, a reply that could not be
   * decoded), carrying every earlier attempt's failure.
   */
  ClaudeException giveUp(ClaudeException failure) {
    return withEarlierAttempts(failure);
  }

  /**
   * What a blocking driver does with a step that holds no reply: sleeps through a wait with the
   * client's {@code sleeper} and returns (send {@link #nextRequest()} next), returns at once for
   * {@link Action#AGAIN}, or throws the failure. An interrupt during the wait ends the call with
   * the failure it was about to retry, and the caller's thread keeps its interrupt status.
   */
  void awaitRetry(Step step, Sleeper sleeper) {
    switch (step.action()) {
      case WAIT -> {
        try {
          sleeper.sleep(step.delay());
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          throw giveUp(step.failure());
        }
        waited(step.failure());
      }
      case AGAIN -> {}
      case FAIL -> throw step.failure();
      case DONE -> throw new IllegalStateException("a reply is decoded, not retried");
    }
  }

  /**
   * The payload, decoded outside the retry loop on purpose: a reply that cannot become the payload
   * was produced and billed, and is not sent again.
   */
  <T> T decode(ReplyDecoder<T> decoder, Reply reply) {
    try {
      return decoder.decode(reply, spec);
    } catch (ClaudeOutputException e) {
      throw withEarlierAttempts(e);
    }
  }

  /** The wait before retrying this failure, or null when it must not be retried. */
  private Duration retryDelay(ClaudeException failure, Boolean serverSaysRetry, boolean stopped) {
    return budget.delay(failure, serverSaysRetry, stopped, detail -> log(Level.DEBUG, detail));
  }

  private boolean mayFallBack(ClaudeException failure, boolean stopped) {
    return failure.kind() == ErrorKind.OVERLOADED
        && fallbacksUsed < spec.fallbackModels().size()
        && !stopped
        && budget.beforeDeadline();
  }

  /** Moves on to the next model: the same prompt, written again only for the new model name. */
  private void fallBack(ClaudeException failure, String next) {
    log(Level.WARNING, () -> failure.getMessage() + "; falling back to " + next);
    if (observer.listening()) {
      observer.fallback(new ClaudeListener.FallbackStarted(spec.method(), model, next, failure));
    }
    addEarlier(failure);
    model = next;
    budget.reset();
    body = requestBody(model);
  }

  private byte[] requestBody(String forModel) {
    byte[] written = MessagesJson.request(spec, forModel, prompt, stream);
    if (written.length > ClaudeCall.MAX_REQUEST_BYTES) {
      throw tooLarge(written.length);
    }
    return written;
  }

  /** Above {@link ClaudeCall#MAX_REQUEST_BYTES} the API answers {@code 413 request_too_large}. */
  private IllegalArgumentException tooLarge(long bytes) {
    return new IllegalArgumentException(
        spec.method()
            + ": the request body is "
            + bytes
            + " bytes, above the API's limit of 32 MiB ("
            + ClaudeCall.MAX_REQUEST_BYTES
            + " bytes) for one message request, so it was not sent (the API would answer 413"
            + " request_too_large); shorten the prompt or split the work");
  }

  private ClaudeException withEarlierAttempts(ClaudeException failure) {
    if (earlier == null) {
      return failure;
    }
    for (ClaudeException e : earlier) {
      failure.addSuppressed(e);
    }
    return failure;
  }

  /** Logs a line about this call: {@code Assistant.ask(String) (claude-...): detail}. */
  private void log(Level level, Supplier<String> detail) {
    if (LOG.isLoggable(level)) {
      LOG.log(level, spec.method() + " (" + model + "): " + detail.get());
    }
  }
}
