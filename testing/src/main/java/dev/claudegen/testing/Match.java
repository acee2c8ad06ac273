package dev.claudegen.testing;

import java.util.Objects;
import java.util.function.Predicate;

/**
 * Ready-made request predicates for {@link FakeClaude#when}. Each has a readable {@code
 * toString()}, which {@link FakeClaude#verifyAllUsed()} shows; combine them with {@link
 * Predicate#and} and {@link Predicate#or}.
 *
 * <pre>{@code
 * claude.when(Match.model("claude-haiku-4-5")).reply(FakeResponse.text("short answer"));
 * claude.when(Match.systemContains("pirate").and(Match.userTextContains("treasure")))
 *     .reply(FakeResponse.text("Arr!"));
 * }</pre>
 *
 * <p>They read the body through {@link RecordedRequest}'s accessors, so a request whose body is
 * malformed simply does not match.
 */
public final class Match {

  private Match() {}

  /**
   * Every request.
   *
   * <pre>{@code
   * claude.when(Match.any()).answer(request -> FakeResponse.text("echo: " + request.userText()));
   * }</pre>
   */
  public static Predicate<RecordedRequest> any() {
    return named("any()", request -> true);
  }

  /**
   * Requests whose {@code model} equals {@code model} exactly (an alias is not resolved).
   *
   * <pre>{@code
   * claude.when(Match.model("claude-opus-4-6")).reply(FakeScenarios.overloadedError());
   * }</pre>
   */
  public static Predicate<RecordedRequest> model(String model) {
    Objects.requireNonNull(model, "model");
    return named("model(\"" + model + "\")", request -> model.equals(request.model()));
  }

  /**
   * Requests whose {@linkplain RecordedRequest#system() system prompt text} contains {@code
   * fragment} (case-sensitive).
   *
   * <pre>{@code
   * claude.when(Match.systemContains("Answer in French")).reply(FakeResponse.text("Bonjour"));
   * }</pre>
   */
  public static Predicate<RecordedRequest> systemContains(String fragment) {
    Objects.requireNonNull(fragment, "fragment");
    return named(
        "systemContains(\"" + fragment + "\")",
        request -> request.system() != null && request.system().contains(fragment));
  }

  /**
   * Requests whose {@linkplain RecordedRequest#userText() last user turn's text} contains {@code
   * fragment} (case-sensitive).
   *
   * <pre>{@code
   * claude.when(Match.userTextContains("refund")).reply(FakeResponse.text("BILLING"));
   * }</pre>
   */
  public static Predicate<RecordedRequest> userTextContains(String fragment) {
    Objects.requireNonNull(fragment, "fragment");
    return named(
        "userTextContains(\"" + fragment + "\")",
        request -> request.userText() != null && request.userText().contains(fragment));
  }

  private static Predicate<RecordedRequest> named(
      String description, Predicate<RecordedRequest> test) {
    return new Predicate<>() {
      @Override
      public boolean test(RecordedRequest request) {
        return test.test(request);
      }

      @Override
      public String toString() {
        return description;
      }
    };
  }
}
