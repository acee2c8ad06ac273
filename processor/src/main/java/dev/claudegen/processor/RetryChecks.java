package dev.claudegen.processor;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import javax.lang.model.element.AnnotationValue;

/**
 * Checks the {@code @Retry} annotations of an interface or a method and resolves them into
 * {@link ClientPlan.RetryPlan}s. Every value the runtime's {@code RetrySchedule.Builder} would
 * refuse is refused here first, so a generated constant never throws while its class loads; the
 * upper bounds keep a synchronous call from waiting for hours.
 */
final class RetryChecks {

  /** The most attempts one {@code @Retry} may allow, the first included. */
  static final int MAX_ATTEMPTS = 20;

  /** The largest multiplier: beyond it the second wait already reaches any sane maximum. */
  static final double MAX_MULTIPLIER = 10;

  /** The longest {@code initialDelay}, {@code maxDelay} and {@code maxRetryAfter}. */
  static final long MAX_WAIT = Durations.HOUR;

  /** The longest {@code maxElapsed}. */
  static final long MAX_ELAPSED = 24 * Durations.HOUR;

  /** The kinds that a retry cannot fix, and why. */
  static final Map<String, String> NOT_RETRYABLE =
      Map.of(
          "BAD_REQUEST",
          "a 400 means the request itself is wrong, and the same request fails the same way",
          "AUTHENTICATION",
          "a 401 means the API key is missing or wrong, and it stays so",
          "PERMISSION",
          "a 402 or 403 means the key may not do this, or billing stops it, and a retry changes"
              + " neither",
          "NOT_FOUND",
          "a 404 means the model or endpoint does not exist, and a retry does not create it",
          "REQUEST_TOO_LARGE",
          "a 413 means the request is over the size limit, and a retry sends the same size");

  private RetryChecks() {}

  /**
   * Checks the annotations of one element; the plans are good when a {@link Report.Scope} opened
   * before finds no error.
   *
   * @param owner how messages name the element, like {@code Assistant} or {@code
   *     Assistant.ask(String)}
   * @return one plan per annotation
   */
  static List<ClientPlan.RetryPlan> check(List<AnnotationView> retries, String owner,
      Reporter reporter) throws AnnotationView.ErroneousValueException {
    Set<String> retried = new HashSet<>();
    List<ClientPlan.RetryPlan> plans = new ArrayList<>();
    for (int i = 0; i < retries.size(); i++) {
      AnnotationView retry = retries.get(i);
      // Messages say which @Retry, for compilers that mark the element rather than the @Retry.
      String label = retries.size() == 1 ? "@Retry" : "@Retry #" + (i + 1);
      List<String> kinds = kinds(retry, label, owner, retried, reporter);
      int maxAttempts = retry.integer("maxAttempts");
      if (maxAttempts < 1 || maxAttempts > MAX_ATTEMPTS) {
        reporter.on(Message.RETRY_VALUE, retry, "maxAttempts", label, "maxAttempts", maxAttempts,
            "from 1 (no retry) to " + MAX_ATTEMPTS + ", the first attempt included");
      }
      Report.Scope initialDelayRead = reporter.scope();
      long initialDelay = wait(retry, label, "initialDelay", reporter);
      initialDelayRead.close();
      double multiplier = retry.decimal("multiplier");
      if (!(multiplier >= 1 && multiplier <= MAX_MULTIPLIER)) {
        reporter.on(Message.RETRY_VALUE, retry, "multiplier", label, "multiplier", multiplier,
            "from 1.0 (the same wait each time) to " + MAX_MULTIPLIER);
      }
      Report.Scope maxDelayRead = reporter.scope();
      long maxDelay = wait(retry, label, "maxDelay", reporter);
      maxDelayRead.close();
      // Two waits that are wrong on their own are not compared.
      if (initialDelayRead.isClean() && maxDelayRead.isClean() && maxDelay < initialDelay) {
        reporter.on(Message.RETRY_DELAYS, retry,
            retry.isWritten("maxDelay") ? "maxDelay" : "initialDelay", label,
            retry.string("maxDelay"), retry.string("initialDelay"));
      }
      double jitter = retry.decimal("jitter");
      if (!(jitter >= 0 && jitter <= 1)) {
        reporter.on(Message.RETRY_VALUE, retry, "jitter", label, "jitter", jitter,
            "from 0.0 (no jitter) to 1.0");
      }
      long maxRetryAfter = wait(retry, label, "maxRetryAfter", reporter);
      long maxElapsed = -1;
      if (!retry.string("maxElapsed").isEmpty()) {
        maxElapsed =
            Durations.read(retry, "maxElapsed", label + " maxElapsed", 1, MAX_ELAPSED, reporter);
      }
      plans.add(
          new ClientPlan.RetryPlan(kinds, maxAttempts, initialDelay, multiplier, maxDelay, jitter,
              retry.bool("honorRetryAfter"), maxRetryAfter, maxElapsed));
    }
    return plans;
  }

  private static List<String> kinds(AnnotationView retry, String label, String owner,
      Set<String> retried, Reporter reporter) throws AnnotationView.ErroneousValueException {
    List<String> kinds = retry.enumConstants("on");
    Set<String> here = new HashSet<>();
    for (int i = 0; i < kinds.size(); i++) {
      String kind = kinds.get(i);
      AnnotationValue value = retry.writtenElement("on", i);
      if (NOT_RETRYABLE.containsKey(kind)) {
        reporter.at(Message.RETRY_NOT_RETRYABLE, retry, value, label, kind,
            NOT_RETRYABLE.get(kind), kind);
      } else if (!here.add(kind)) {
        reporter.at(Message.RETRY_KIND_REPEATED, retry, value, label, kind);
      } else if (!retried.add(kind)) {
        reporter.at(Message.RETRY_KIND_TWICE, retry, value, label, kind, kind, owner);
      }
    }
    return kinds;
  }

  /** A wait of {@code [0, MAX_WAIT]}, as {@link Durations#read} reads it. */
  private static long wait(AnnotationView retry, String label, String attribute,
      Reporter reporter) throws AnnotationView.ErroneousValueException {
    return Durations.read(retry, attribute, label + " " + attribute, 0, MAX_WAIT, reporter);
  }
}
