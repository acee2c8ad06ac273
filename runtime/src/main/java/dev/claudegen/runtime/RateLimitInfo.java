package dev.claudegen.runtime;

import java.io.Serializable;
import java.net.http.HttpHeaders;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Objects;

/**
 * Your organization's rate-limit state as the API reported it with a response, read from the
 * {@code anthropic-ratelimit-*} headers. Available on every {@link Reply} and every {@link
 * ClaudeException} that had a response; {@link #NONE} when the response carried none of them.
 *
 * <pre>{@code
 * Reply reply = call.reply(null, "Hi");
 * RateLimitInfo.Bucket tokens = reply.rateLimit().tokens();
 * if (tokens.remaining() >= 0 && tokens.remaining() < 10_000) {
 *   throttle(tokens.reset());
 * }
 * }</pre>
 *
 * <p>Each header may be missing or unreadable on its own; the value is then absent ({@code -1} for
 * counts, null for the reset time), never an error.
 *
 * @param requests {@code anthropic-ratelimit-requests-*}: requests per minute
 * @param tokens {@code anthropic-ratelimit-tokens-*}: tokens (input and output, whichever limit is
 *     closest), the remaining count rounded to the thousand by the API
 * @param inputTokens {@code anthropic-ratelimit-input-tokens-*}
 * @param outputTokens {@code anthropic-ratelimit-output-tokens-*}
 */
public record RateLimitInfo(Bucket requests, Bucket tokens, Bucket inputTokens, Bucket outputTokens)
    implements Serializable {

  private static final long serialVersionUID = 1L;

  /** No rate-limit header was sent. */
  public static final RateLimitInfo NONE =
      new RateLimitInfo(Bucket.NONE, Bucket.NONE, Bucket.NONE, Bucket.NONE);

  private static final String PREFIX = "anthropic-ratelimit-";

  /** Checks for nulls. */
  public RateLimitInfo {
    Objects.requireNonNull(requests, "requests");
    Objects.requireNonNull(tokens, "tokens");
    Objects.requireNonNull(inputTokens, "inputTokens");
    Objects.requireNonNull(outputTokens, "outputTokens");
  }

  /** Whether any rate-limit header was sent. */
  public boolean isPresent() {
    return !equals(NONE);
  }

  // Header names built once: every reply is read through from(), most without these headers.
  private static final String[] REQUESTS = names("requests");
  private static final String[] TOKENS = names("tokens");
  private static final String[] INPUT_TOKENS = names("input-tokens");
  private static final String[] OUTPUT_TOKENS = names("output-tokens");

  private static String[] names(String bucket) {
    String prefix = PREFIX + bucket + "-";
    return new String[] {prefix + "limit", prefix + "remaining", prefix + "reset"};
  }

  /**
   * Reads the headers of a response; {@link #NONE} when none is there. A response without any
   * rate-limit header (a relay, a test server) costs one pass over the header names, nothing
   * parsed or allocated for the twelve values.
   */
  static RateLimitInfo from(HttpHeaders headers) {
    if (!anyRateLimitHeader(headers)) {
      return NONE;
    }
    RateLimitInfo info =
        new RateLimitInfo(
            Bucket.from(headers, REQUESTS),
            Bucket.from(headers, TOKENS),
            Bucket.from(headers, INPUT_TOKENS),
            Bucket.from(headers, OUTPUT_TOKENS));
    return info.isPresent() ? info : NONE;
  }

  private static boolean anyRateLimitHeader(HttpHeaders headers) {
    for (String name : headers.map().keySet()) {
      if (name.regionMatches(true, 0, PREFIX, 0, PREFIX.length())) {
        return true;
      }
    }
    return false;
  }

  /**
   * The first value of a header, or null; {@link HttpHeaders#firstValue} without its stream and
   * {@code Optional}. {@code HttpHeaders} (a final class) keeps its names case-insensitive, in
   * {@code map()} too.
   */
  static String first(HttpHeaders headers, String name) {
    List<String> values = headers.map().get(name);
    return values == null || values.isEmpty() ? null : values.get(0);
  }

  /**
   * One limit: {@code anthropic-ratelimit-<name>-limit}, {@code -remaining} and {@code -reset}.
   *
   * @param limit the most allowed in the window, or -1 when not sent
   * @param remaining how many are left, or -1 when not sent
   * @param reset when the limit is fully replenished (RFC 3339 in the header), or null when not
   *     sent
   */
  public record Bucket(long limit, long remaining, Instant reset) implements Serializable {

    private static final long serialVersionUID = 1L;

    /** Nothing sent. */
    public static final Bucket NONE = new Bucket(-1, -1, null);

    /** Whether any of the three headers was sent. */
    public boolean isPresent() {
      return limit >= 0 || remaining >= 0 || reset != null;
    }

    /** The bucket whose limit, remaining and reset headers are these three names. */
    static Bucket from(HttpHeaders headers, String[] names) {
      Bucket bucket =
          new Bucket(
              count(headers, names[0]), count(headers, names[1]), instant(headers, names[2]));
      return bucket.isPresent() ? bucket : NONE;
    }

    private static long count(HttpHeaders headers, String name) {
      String value = first(headers, name);
      if (value == null) {
        return -1;
      }
      try {
        long parsed = Long.parseLong(value.strip());
        return parsed < 0 ? -1 : parsed;
      } catch (NumberFormatException e) {
        return -1;
      }
    }

    private static Instant instant(HttpHeaders headers, String name) {
      String value = first(headers, name);
      if (value == null) {
        return null;
      }
      try {
        return OffsetDateTime.parse(value.strip()).toInstant();
      } catch (DateTimeParseException e) {
        return null;
      }
    }
  }
}
