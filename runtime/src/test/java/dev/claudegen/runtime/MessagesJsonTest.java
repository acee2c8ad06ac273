package dev.claudegen.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class MessagesJsonTest {

  private static String excerpt(String body) {
    return MessagesJson.excerpt(body.getBytes(StandardCharsets.UTF_8));
  }

  private static void assertWholeCharacters(String text) {
    assertFalse(text.contains("\uFFFD"), "replacement character in " + text);
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (Character.isHighSurrogate(c)) {
        assertTrue(i + 1 < text.length() && Character.isLowSurrogate(text.charAt(i + 1)), "cut at " + i);
        i++;
      } else {
        assertFalse(Character.isLowSurrogate(c), "lone low surrogate at " + i);
      }
    }
  }

  // ---- excerpt ----

  @Test
  void emptyBodyIsNamed() {
    assertEquals("(empty body)", MessagesJson.excerpt(new byte[0]));
  }

  @Test
  void shortBodyIsKeptWithWhitespaceCollapsed() {
    assertEquals("<p> Bad gateway </p>", excerpt("\n  <p>\r\n\tBad   gateway\n</p>  \n"));
  }

  @Test
  void whitespaceOnlyBodyBecomesEmpty() {
    assertEquals("", excerpt(" \n\t "));
  }

  @Test
  void bodyOfExactly200CharactersIsKeptWhole() {
    String body = "a".repeat(200);

    assertEquals(body, excerpt(body));
  }

  @Test
  void longerBodyIsCutTo200CharactersWithAnEllipsis() {
    String cut = excerpt("b".repeat(201));

    assertEquals(200, cut.length());
    assertEquals("b".repeat(199) + "…", cut);
  }

  @Test
  void veryLongBodyIsCut() {
    String cut = excerpt("<html>" + "x".repeat(100_000) + "</html>");

    assertEquals(200, cut.length());
    assertTrue(cut.startsWith("<html>xxx"));
    assertTrue(cut.endsWith("x…"));
  }

  @Test
  void bodyThatCollapsesUnder200CharactersIsStillMarkedCut() {
    // 1000 bytes, only the first 800 of which are decoded: the text is short but not all of it.
    String cut = excerpt("word" + " ".repeat(990) + "tail!!");

    assertEquals("word…", cut);
  }

  @Test
  void twoByteCharactersAreNotCutInHalf() {
    String cut = excerpt("é".repeat(500));

    assertEquals("é".repeat(199) + "…", cut);
    assertWholeCharacters(cut);
  }

  @Test
  void threeByteCharactersAreNotCutInHalf() {
    // 1200 bytes: the 800-byte decode window ends inside a character.
    String cut = excerpt("世".repeat(400));

    assertEquals("世".repeat(199) + "…", cut);
    assertWholeCharacters(cut);
  }

  @Test
  void supplementaryCharactersAfterAnOddPrefixAreNotCutInHalf() {
    String cut = excerpt("a" + "😀".repeat(300));

    assertTrue(cut.length() <= 200);
    assertEquals("a" + "😀".repeat(99) + "…", cut);
    assertWholeCharacters(cut);
  }

  @Test
  void emojiAtTheCutIsNotSplit() {
    String text = excerpt("\uD83D\uDE00".repeat(300));
    assertWholeCharacters(text);
    assertTrue(text.endsWith("…"), text);
    assertTrue(text.length() <= MessagesJson.EXCERPT_LENGTH, "length " + text.length());
  }

  @Test
  void characterCutByTheDecodeWindowLeavesNoReplacementCharacter() {
    // 799 spaces then a two-byte character: the 800-byte window ends inside it.
    String text = excerpt(" ".repeat(799) + "étail");
    assertWholeCharacters(text);
    assertEquals("…", text);
  }

  @Test
  void invalidUtf8DoesNotThrow() {
    byte[] body = {(byte) 0xff, (byte) 0xfe, 'o', 'k'};

    assertTrue(MessagesJson.excerpt(body).endsWith("ok"));
  }

  // ---- error bodies ----

  @Test
  void readsTheApiErrorShape() {
    MessagesJson.ApiError error =
        MessagesJson.error(
            ("{\"type\":\"error\",\"error\":{\"type\":\"rate_limit_error\",\"message\":\"slow\","
                    + "\"details\":{\"x\":[1]}},\"request_id\":\"req_1\",\"extra\":[{}]}")
                .getBytes(StandardCharsets.UTF_8));

    assertEquals(new MessagesJson.ApiError("rate_limit_error", "slow", "req_1"), error);
  }

  @Test
  void bodiesThatAreNotTheApiErrorShapeGiveNull() {
    for (String body :
        new String[] {"", "<html/>", "[]", "{}", "{\"error\":\"text\"}", "{\"error\":{\"type\":\"x\"", "null"}) {
      assertNull(MessagesJson.error(body.getBytes(StandardCharsets.UTF_8)), body);
    }
  }

  // ---- replies ----

  @Test
  void replyRejectsAnArrayAsContentOfWrongType() {
    MessagesJson.MalformedBodyException e =
        assertThrows(
            MessagesJson.MalformedBodyException.class,
            () -> MessagesJson.reply("{\"content\":{}}".getBytes(StandardCharsets.UTF_8), null));

    assertEquals("reply content is not an array: {\"content\":{}}", e.getMessage());
  }

  @Test
  void requestBodyIsCompactJson() {
    CallSpec spec = CallSpec.builder("m", "claude-x", 5).build();

    String json = new String(MessagesJson.request(spec, "claude-x", "s", "u"), StandardCharsets.UTF_8);

    assertEquals(
        "{\"model\":\"claude-x\",\"max_tokens\":5,\"system\":\"s\","
            + "\"messages\":[{\"role\":\"user\",\"content\":\"u\"}]}",
        json);
  }
}
