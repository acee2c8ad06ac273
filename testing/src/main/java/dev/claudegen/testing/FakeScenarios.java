package dev.claudegen.testing;

import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.Objects;

/**
 * Ready-made reply sequences for the failures the Claude API really produces, to enqueue on a
 * {@link FakeClaude}. Each ends in a success (the {@link FakeClaude#DEFAULT_TEXT default text},
 * echoing the request's model) unless its name says otherwise, so a client that retries as it
 * should gets an answer, and one that does not gets the typed failure.
 *
 * <pre>{@code
 * claude.enqueue(FakeScenarios.overloaded(2));       // 529, 529, then success
 * assertEquals(FakeClaude.DEFAULT_TEXT, assistant.ask("Hi"));
 * assertEquals(3, claude.requestCount());
 * }</pre>
 *
 * <p>Every method returns a new array; the responses in it can be changed further with their
 * {@code with*} methods.
 */
public final class FakeScenarios {

  private FakeScenarios() {}

  /** The success that ends each scenario. */
  public static FakeResponse success() {
    return FakeResponse.text(FakeClaude.DEFAULT_TEXT);
  }

  /** {@code 529 overloaded_error}, as the API sends it when it is overloaded as a whole. */
  public static FakeResponse overloadedError() {
    return FakeResponse.error(529, "overloaded_error", "Overloaded");
  }

  /**
   * The same response {@code times} times, and nothing after it: for a fault that outlasts every
   * retry, e.g. {@code repeated(overloadedError(), 3)}.
   *
   * @throws IllegalArgumentException if {@code times} is negative
   */
  public static FakeResponse[] repeated(FakeResponse response, int times) {
    Objects.requireNonNull(response, "response");
    if (times < 0) {
      throw new IllegalArgumentException("times must not be negative: " + times);
    }
    FakeResponse[] responses = new FakeResponse[times];
    Arrays.fill(responses, response);
    return responses;
  }

  /**
   * The API overloaded {@code times} times in a row ({@code 529 overloaded_error}), then a success.
   *
   * @throws IllegalArgumentException if {@code times} is negative
   */
  public static FakeResponse[] overloaded(int times) {
    FakeResponse[] responses = Arrays.copyOf(repeated(overloadedError(), times), times + 1);
    responses[times] = success();
    return responses;
  }

  /**
   * Your organization's rate limit hit: {@code 429 rate_limit_error} with {@code retry-after:
   * <seconds>} and request rate-limit headers saying none are left until then, then a success.
   *
   * @throws IllegalArgumentException if {@code retryAfterSeconds} is negative
   */
  public static FakeResponse[] rateLimited(long retryAfterSeconds) {
    FakeResponse limited =
        FakeResponse.error(
                429,
                "rate_limit_error",
                "This request would exceed the rate limit for your organization of 50 requests"
                    + " per minute.")
            .withRetryAfterSeconds(retryAfterSeconds)
            .withRateLimit(
                "requests", 50, 0, Instant.now().plus(Duration.ofSeconds(retryAfterSeconds)));
    return new FakeResponse[] {limited, success()};
  }

  /** {@code 500 api_error} (an unexpected error at the provider), then a success. */
  public static FakeResponse[] serverErrorThenSuccess() {
    return new FakeResponse[] {
      FakeResponse.error(500, "api_error", "Internal server error"), success()
    };
  }

  /** A proxy's {@code 502} HTML error page instead of the API's JSON, then a success. */
  public static FakeResponse[] proxyErrorPageThenSuccess() {
    return new FakeResponse[] {
      FakeResponse.raw(
          502,
          "text/html",
          "<html><head><title>502 Bad Gateway</title></head>"
              + "<body><h1>502 Bad Gateway</h1></body></html>"),
      success()
    };
  }

  /** The connection reset before any response (TCP RST), then a success. */
  public static FakeResponse[] connectionResetThenSuccess() {
    return new FakeResponse[] {FakeResponse.reset(), success()};
  }

  /** The connection dropped before any response, then a success. */
  public static FakeResponse[] disconnectThenSuccess() {
    return new FakeResponse[] {FakeResponse.disconnect(), success()};
  }

  /**
   * A success whose body is cut off after 20 bytes (the connection closes), then a success. A
   * claudegen client throws at the first (a 2xx was billed, so it is never sent again) and never
   * asks for the second: use it to test a client that re-sends, or mark the test {@link
   * AllowUnusedResponses}.
   */
  public static FakeResponse[] truncatedBodyThenSuccess() {
    return new FakeResponse[] {success().withTruncatedBody(20), success()};
  }

  /**
   * A server that sends the headers of a success and then stalls until {@link FakeClaude#close()}
   * (only the client's timeout ends the wait), then a success. As with {@link
   * #truncatedBodyThenSuccess()}, a claudegen client throws at the stall and never asks for the
   * success.
   */
  public static FakeResponse[] stalledThenSuccess() {
    return new FakeResponse[] {success().withStallAfterHeaders(), success()};
  }

  /**
   * One round of tool use: the model calls {@code name} with {@code inputJson} ({@link
   * FakeResponse#toolUse}), then, once the client has sent the result, answers {@code finalText}.
   *
   * <pre>{@code
   * claude.enqueue(FakeScenarios.toolCall("lookupOrder", "{\"orderId\":\"A-17\"}", "Shipped."));
   * assertEquals("Shipped.", support.ask("Where is A-17?"));
   * assertFalse(claude.requests().get(1).toolResultFor("lookupOrder").isError());
   * }</pre>
   *
   * @throws IllegalArgumentException if {@code inputJson} is not a JSON object
   */
  public static FakeResponse[] toolCall(String name, String inputJson, String finalText) {
    return new FakeResponse[] {FakeResponse.toolUse(name, inputJson), FakeResponse.text(finalText)};
  }

  /**
   * {@code 401 authentication_error}, as when a key is revoked or belongs to another host (a relay's
   * key sent to Anthropic, or the other way round). Not followed by a success: retrying cannot
   * help.
   */
  public static FakeResponse[] invalidApiKey() {
    return new FakeResponse[] {
      FakeResponse.error(401, "authentication_error", "invalid x-api-key")
    };
  }
}
