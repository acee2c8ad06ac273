package dev.claudegen.runtime;

import java.io.Serializable;
import java.net.http.HttpHeaders;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
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

  /** Reads the headers of a response; {@link #NONE} when none is there. */
  static RateLimitInfo from(HttpHeaders headers) {
    RateLimitInfo info =
        new RateLimitInfo(
            Bucket.from(headers, "requests"),
            Bucket.from(headers, "tokens"),
            Bucket.from(headers, "input-tokens"),
            Bucket.from(headers, "output-tokens"));
    return info.isPresent() ? info : NONE;
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

    static Bucket from(HttpHeaders headers, String name) {
      String prefix = PREFIX + name + "-";
      return new Bucket(
          count(headers, prefix + "limit"),
          count(headers, prefix + "remaining"),
          instant(headers, prefix + "reset"));
    }

    private static long count(HttpHeaders headers, String name) {
      String value = headers.firstValue(name).orElse(null);
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
      String value = headers.firstValue(name).orElse(null);
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
