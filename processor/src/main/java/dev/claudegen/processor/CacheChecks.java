package dev.claudegen.processor;

import java.util.List;

/**
 * Checks a method's {@code @CacheControl}: its ttl, and whether it marks a prefix the API would
 * cache at all.
 */
final class CacheChecks {

  /** The ttls the API accepts (§1.5). */
  static final List<String> TTLS = List.of("5m", "1h");

  private CacheChecks() {}

  /** The ttl; good when no error was reported. */
  static String ttl(AnnotationView cache, Reporter reporter)
      throws AnnotationView.ErroneousValueException {
    String ttl = cache.string("ttl");
    if (!TTLS.contains(ttl)) {
      reporter.on(Message.CACHE_TTL, cache, "ttl", Message.quote(ttl));
    }
    return ttl;
  }
}
