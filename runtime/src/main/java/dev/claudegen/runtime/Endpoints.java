package dev.claudegen.runtime;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.Locale;

/** Where requests go, and which hosts may receive which keys. */
final class Endpoints {

  /** The API's own base URL. */
  static final String DEFAULT_BASE_URL = "https://api.anthropic.com";

  private Endpoints() {}

  /**
   * {@code base + "/v1/messages"}, after checking the base: https, or plain http to loopback only
   * (a key must never cross a network in clear text).
   *
   * @throws IllegalArgumentException naming what is wrong with the base URL
   */
  static URI messagesUri(String baseUrl) {
    URI base;
    try {
      base = new URI(baseUrl.strip());
    } catch (URISyntaxException e) {
      throw new IllegalArgumentException("base URL '" + baseUrl + "' is not a URL: " + e.getMessage());
    }
    String scheme = base.getScheme() == null ? "" : base.getScheme().toLowerCase(Locale.ROOT);
    if (base.getHost() == null || !(scheme.equals("https") || scheme.equals("http"))) {
      throw new IllegalArgumentException(
          "base URL '" + baseUrl + "' must be an absolute https URL, like https://api.anthropic.com");
    }
    if (scheme.equals("http") && !isLoopback(base.getHost())) {
      throw new IllegalArgumentException(
          "base URL '"
              + baseUrl
              + "' uses plain http to a host that is not loopback; the API key would travel in"
              + " clear text. Use https (plain http is allowed only to localhost, 127.0.0.0/8 and"
              + " ::1).");
    }
    if (base.getRawUserInfo() != null) {
      throw new IllegalArgumentException(
          "base URL must not contain credentials (user:password@); the API key is sent as a"
              + " header");
    }
    if (base.getRawQuery() != null || base.getRawFragment() != null) {
      throw new IllegalArgumentException(
          "base URL '" + baseUrl + "' must not have a query or fragment");
    }
    String path = base.getRawPath() == null ? "" : base.getRawPath();
    while (path.endsWith("/")) {
      path = path.substring(0, path.length() - 1);
    }
    String authority = base.getRawAuthority();
    return URI.create(scheme + "://" + authority + path + "/v1/messages");
  }

  /** Loopback by name or literal address; no DNS lookup, which could be slow or spoofed. */
  static boolean isLoopback(String host) {
    String h = host.toLowerCase(Locale.ROOT);
    if (h.startsWith("[") && h.endsWith("]")) {
      h = h.substring(1, h.length() - 1);
    }
    return h.equals("localhost")
        || h.equals("::1")
        || h.equals("0:0:0:0:0:0:0:1")
        || h.matches("127(\\.\\d{1,3}){3}");
  }

  /** Whether a host belongs to Anthropic, so an Anthropic key may be sent there. */
  static boolean isAnthropicHost(String host) {
    String h = host.toLowerCase(Locale.ROOT);
    return h.equals("anthropic.com") || h.endsWith(".anthropic.com");
  }
}
