package dev.claudegen.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class EndpointsTest {

  @ParameterizedTest
  @ValueSource(
      strings = {"localhost", "LOCALHOST", "127.0.0.1", "127.1.2.3", "127.255.255.255", "[::1]", "::1",
        "[0:0:0:0:0:0:0:1]"})
  void loopback(String host) {
    assertTrue(Endpoints.isLoopback(host), host);
  }

  @ParameterizedTest
  @ValueSource(
      strings = {"128.0.0.1", "localhost.evil.com", "evil-localhost", "127.0.0.1.evil.com", "127.0.0",
        "10.0.0.1", "0.0.0.0", "[::2]", "example.com", "1127.0.0.1"})
  void notLoopback(String host) {
    assertFalse(Endpoints.isLoopback(host), host);
  }

  @ParameterizedTest
  @ValueSource(strings = {"anthropic.com", "api.anthropic.com", "API.Anthropic.COM", "eu.api.anthropic.com"})
  void anthropicHosts(String host) {
    assertTrue(Endpoints.isAnthropicHost(host), host);
  }

  @ParameterizedTest
  @ValueSource(strings = {"anthropic.com.evil.com", "evilanthropic.com", "anthropic.co", "api-anthropic.com"})
  void foreignHosts(String host) {
    assertFalse(Endpoints.isAnthropicHost(host), host);
  }

  @ParameterizedTest(name = "{0} -> {1}")
  @CsvSource({
    "https://api.anthropic.com, https://api.anthropic.com/v1/messages",
    "https://api.anthropic.com/, https://api.anthropic.com/v1/messages",
    "'  https://api.anthropic.com  ', https://api.anthropic.com/v1/messages",
    "HTTPS://api.anthropic.com, https://api.anthropic.com/v1/messages",
    "https://relay.example.com/team/claude//, https://relay.example.com/team/claude/v1/messages",
    "http://127.0.0.1:8080/relay/, http://127.0.0.1:8080/relay/v1/messages",
    "http://[::1]:9000, http://[::1]:9000/v1/messages",
  })
  void messagesUriAppendsThePath(String base, String expected) {
    assertEquals(URI.create(expected), Endpoints.messagesUri(base));
  }

  @ParameterizedTest
  @ValueSource(
      strings = {"", "api.anthropic.com", "ftp://api.anthropic.com", "https://", "http://example.com",
        "https://api.anthropic.com/?x=1", "https://api.anthropic.com/#top", "https://bad host"})
  void badBaseUrlsAreRefused(String base) {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Endpoints.messagesUri(base));

    assertTrue(e.getMessage().startsWith("base URL '" + base + "'"), e.getMessage());
  }
}
