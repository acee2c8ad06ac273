package dev.claudegen.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;

import java.io.IOException;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** What {@link Redactor} takes out of server-provided text, and what it leaves. */
class RedactorTest {

  private static final String RELAY_KEY = "cr_0123456789abcdef";

  @Test
  void configuredKeyGoesWhereverItIs() {
    Redactor redactor = Redactor.forKey(RELAY_KEY);

    assertEquals("invalid x-api-key: [redacted]", redactor.redact("invalid x-api-key: " + RELAY_KEY));
    assertEquals("token=x[redacted]y!", redactor.redact("token=x" + RELAY_KEY + "y!"));
    assertEquals("[redacted] and [redacted]", redactor.redact(RELAY_KEY + " and " + RELAY_KEY));
    // A quoted start of the key (a server that shows the first characters) goes too.
    assertEquals("key [redacted]... is revoked", redactor.redact("key cr_012345678... is revoked"));
  }

  @Test
  void anAnthropicKeyKeepsOnlyItsFamilyPrefix() {
    Redactor redactor = Redactor.forKey("sk-ant-api03-ours_123");

    assertEquals("bad sk-ant-[redacted].", redactor.redact("bad sk-ant-api03-ours_123."));
    // Not ours, still an Anthropic key; in any case.
    assertEquals("sk-ant-[redacted] x", redactor.redact("sk-ant-admin01-other-key x"));
    assertEquals("sk-ant-[redacted]", redactor.redact("SK-ANT-abc"));
    // The family named in prose is not a key.
    assertEquals("keys start with sk-ant-.", redactor.redact("keys start with sk-ant-."));
  }

  @Test
  void urlEncodedKeyGoesInEitherCase() {
    String key = "relay+key/with=base64";
    Redactor redactor = Redactor.forKey(key);

    assertEquals("k=[redacted]&", redactor.redact("k=relay%2Bkey%2Fwith%3Dbase64&"));
    assertEquals("k=[redacted]&", redactor.redact("k=relay%2bkey%2fwith%3dbase64&"));
    assertEquals("k=[redacted]&", redactor.redact("k=" + key + "&"));
  }

  @Test
  void aKeyCutByTheExcerptGoesToo() {
    Redactor redactor = Redactor.forKey(RELAY_KEY);

    assertEquals("<html> [redacted]…", redactor.redact("<html> cr_0123456…"));
    assertEquals("<html> [redacted]…", redactor.redact("<html> cr_01…"));
    // Three characters are the public family prefix, not the secret.
    assertEquals("<html> cr_…", redactor.redact("<html> cr_…"));
    // Only a cut excerpt ends in the key's start by accident of the cut.
    assertEquals("ends in cr_01", redactor.redact("ends in cr_01"));
  }

  @Test
  void aKeyShorterThanEightCharactersIsNotSearchedFor() {
    Redactor redactor = Redactor.forKey("abc123");

    assertEquals("abc123 and sk-ant-[redacted]", redactor.redact("abc123 and sk-ant-xyz"));
  }

  @Test
  void nullAndEmptyStayAsTheyAre() {
    Redactor redactor = Redactor.forKey(RELAY_KEY);

    assertNull(redactor.redact((String) null));
    assertEquals("", redactor.redact(""));
    assertEquals("plain text", redactor.redact("plain text"));
  }

  @Test
  void detailsLoseTheKeyInEveryText() {
    ErrorDetails details =
        new ErrorDetails(
            401, "t_" + RELAY_KEY, "m " + RELAY_KEY, "req_" + RELAY_KEY, Duration.ofSeconds(2), 1, 3);

    ErrorDetails redacted = Redactor.forKey(RELAY_KEY).redact(details);

    assertEquals(
        new ErrorDetails(401, "t_[redacted]", "m [redacted]", "req_[redacted]", Duration.ofSeconds(2), 1, 3),
        redacted);
  }

  @Test
  void aCauseThatQuotesTheKeyIsCopiedWithoutIt() {
    Redactor redactor = Redactor.forKey(RELAY_KEY);
    IOException inner = new IOException("Invalid status line: \"HTTP/1.1 4O1 " + RELAY_KEY + "\"");
    IOException outer = new IOException("wrapped", inner);
    HttpTimeoutException timeout = new HttpTimeoutException("no reply");

    Throwable copy = redactor.redact(outer);

    assertEquals("wrapped", copy.getMessage());
    assertEquals(
        "java.io.IOException: Invalid status line: \"HTTP/1.1 4O1 [redacted]\"",
        copy.getCause().toString());
    // Another type cannot be rebuilt; an IOException names it.
    Throwable other = redactor.redact(new java.io.UncheckedIOException(RELAY_KEY, inner));
    assertEquals(
        "java.io.IOException: java.io.UncheckedIOException: [redacted]", other.toString());
    assertEquals(outer.getStackTrace().length, copy.getStackTrace().length);
    assertFalse(copy.getCause().toString().contains("0123456789"));
    // Without a key in it, the cause is kept as thrown, type and all.
    assertSame(timeout, redactor.redact(timeout));
    assertInstanceOf(
        HttpTimeoutException.class, redactor.redact(new HttpTimeoutException("x " + RELAY_KEY)));
  }
}
