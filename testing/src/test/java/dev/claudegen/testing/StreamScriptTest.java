package dev.claudegen.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** How replies split into deltas and where scripted stream faults land, without a server. */
class StreamScriptTest {
  private static final Duration SECOND = Duration.ofSeconds(1);

  @Test
  void wordsKeepTheWhitespaceBeforeThem() {
    assertEquals(List.of("Hello", " from", " it."), Sse.split("Hello from it.", 0));
    assertEquals(
        List.of("  lead", "  two", "\n\nthree", " "), Sse.split("  lead  two\n\nthree ", 0));
    assertEquals(List.of(), Sse.split("", 0));
    assertEquals(List.of(" "), Sse.split(" ", 0));
  }

  @Test
  void longWordsAreCutAtTheMaximum() {
    String word = "x".repeat(Sse.MAX_WORD_CHARS * 2 + 1);

    assertEquals(
        List.of("x".repeat(Sse.MAX_WORD_CHARS), "x".repeat(Sse.MAX_WORD_CHARS), "x"),
        Sse.split(word, 0));
    assertEquals(List.of(word.substring(0, 32), word.substring(32, 64), "x"), Sse.split(word, -1));
  }

  @Test
  void fixedPiecesCountCodePoints() {
    assertEquals(List.of("ab", "c"), Sse.split("abc", 2));
    assertEquals(List.of("\uD83D\uDE00a", "b"), Sse.split("\uD83D\uDE00ab", 2));
    assertEquals(
        List.of("\uD83D\uDE00", " ", "\uD83D\uDE01"), Sse.split("\uD83D\uDE00 \uD83D\uDE01", 1));
  }

  @Test
  void eventsEncodeAsSseWithOneDataLinePerLine() {
    assertEquals(
        "event: ping\ndata: {\"type\":\"ping\"}\n\n",
        new String(Sse.ping().encode(), StandardCharsets.UTF_8));
    assertEquals(
        "event: x\ndata: a\ndata: \ndata: b\ndata: c\n\n",
        new String(new Sse.Event("x", "a\n\nb\r\nc", false).encode(), StandardCharsets.UTF_8));
  }

  @Test
  void faultsAtOnePositionComeInTheOrderScriptedBeforeTheEnding() {
    List<String> plan =
        plan(
            FakeResponse.text("a b c")
                .withStreamError(1, "api_error", "x")
                .withStreamPause(1, SECOND)
                .withStreamEvent(1, "odd", "{}")
                .withStreamPingEvery(1));

    assertEquals(
        List.of(
            "message_start",
            "content_block_start",
            "ping",
            "content_block_delta",
            "ping",
            "pause PT1S",
            "odd",
            "error"),
        plan);
  }

  @Test
  void theLastEndingScriptedWins() {
    assertEquals(
        List.of("message_start", "content_block_start", "ping", "content_block_delta", "CUT"),
        plan(FakeResponse.text("a b").withStreamStall(0).withStreamCut(1)));
  }

  @Test
  void pausesBeforeEventsCountEveryEventSent() {
    assertEquals(
        List.of(
            "message_start",
            "content_block_start",
            "pause PT1S",
            "ping",
            "content_block_delta",
            "content_block_stop",
            "message_delta",
            "message_stop",
            "pause PT2S"),
        plan(
            FakeResponse.text("a")
                .withStreamPauseBeforeEvent(2, SECOND)
                .withStreamPauseBeforeEvent(40, Duration.ofSeconds(2))));
    assertEquals(
        List.of("message_start", "pause PT2S", "CUT"),
        plan(
            FakeResponse.text("a")
                .withStreamCut(0)
                .withStreamPauseBeforeEvent(5, Duration.ofSeconds(2))));
  }

  @Test
  void thePauseBetweenEventsPrecedesAllButTheFirst() {
    List<String> plan = plan(FakeResponse.message().withStreamPauseBetweenEvents(SECOND));

    assertEquals(
        List.of(
            "message_start",
            "pause PT1S",
            "ping",
            "pause PT1S",
            "message_delta",
            "pause PT1S",
            "message_stop"),
        plan);
  }

  @Test
  void streamSettingsAreComparedAndShown() {
    FakeResponse faulted =
        FakeResponse.text("x")
            .withDeltaChars(2)
            .withStreamPingEvery(3)
            .withStreamPauseBetweenEvents(SECOND)
            .withStreamEvent(1, "future", "{}")
            .withStreamPause(2, SECOND)
            .withStreamPauseBeforeEvent(4, SECOND)
            .withStreamError(1, "overloaded_error", "Overloaded");

    assertEquals(
        "FakeResponse{200 message [\"x\"], stop_reason=end_turn, stream: deltas of 2 chars, ping"
            + " every 3 deltas, pause PT1S between events, event future after 1 delta, pause PT1S"
            + " after 2 deltas, pause PT1S before event 4, error overloaded_error \"Overloaded\""
            + " after 1 delta}",
        faulted.toString());
    assertEquals(
        "FakeResponse{200 message [\"ab\"], stop_reason=end_turn, in 2 deltas}",
        FakeResponse.textDeltas("a", "b").toString());
    assertNotEquals(FakeResponse.text("ab"), FakeResponse.textDeltas("a", "b"));
    assertNotEquals(FakeResponse.textDeltas("ab"), FakeResponse.textDeltas("a", "b"));
    assertEquals(FakeResponse.textDeltas("a", "b"), FakeResponse.textDeltas("a", "b"));
    assertNotEquals(FakeResponse.text("x"), FakeResponse.text("x").withStreamCut(1));
    assertNotEquals(
        FakeResponse.text("x").withStreamCut(1), FakeResponse.text("x").withStreamEnd(1));
    assertEquals(
        FakeResponse.text("x").withStreamStall(2).hashCode(),
        FakeResponse.text("x").withStreamStall(2).hashCode());
    assertTrue(FakeResponse.text("x").withStreamEnd(0).hasStreamFaults());
    assertFalse(FakeResponse.text("x").withDeltaChars(1).hasStreamFaults());
  }

  @Test
  void rejectsInvalidStreamArguments() {
    FakeResponse text = FakeResponse.text("x");
    assertThrows(IllegalArgumentException.class, () -> text.withDeltaChars(0));
    assertThrows(IllegalArgumentException.class, () -> text.withStreamCut(-1));
    assertThrows(
        IllegalArgumentException.class, () -> text.withStreamPause(0, Duration.ofMillis(-1)));
    assertThrows(IllegalArgumentException.class, () -> text.withStreamPauseBeforeEvent(-1, SECOND));
    assertThrows(IllegalArgumentException.class, () -> text.withStreamPingEvery(0));
    assertThrows(IllegalArgumentException.class, () -> text.withStreamEvent(0, "", "{}"));
    assertThrows(IllegalArgumentException.class, () -> text.withStreamEvent(0, "a\nb", "{}"));
    assertThrows(NullPointerException.class, () -> text.withStreamError(0, null, "x"));
    assertThrows(NullPointerException.class, () -> FakeResponse.textDeltas("a", null));
    FakeResponse error = FakeResponse.error(529, "overloaded_error", "Overloaded");
    IllegalStateException e =
        assertThrows(IllegalStateException.class, () -> error.withStreamError(0, "x", "y"));
    assertTrue(e.getMessage().startsWith("withStreamError applies to text/message replies only"));
    assertThrows(IllegalStateException.class, () -> FakeResponse.disconnect().withStreamStall(0));
  }

  /** The plan of a reply, each step as its event name, "pause D", "STALL" or "CUT". */
  private static List<String> plan(FakeResponse response) {
    return response.streamSteps("msg_1", "claude-fake", 40).stream()
        .map(
            step ->
                switch (step.kind()) {
                  case SEND -> {
                    String text = new String(step.bytes(), StandardCharsets.UTF_8);
                    yield text.substring("event: ".length(), text.indexOf('\n'));
                  }
                  case PAUSE -> "pause " + step.pause();
                  case STALL, CUT -> step.kind().name();
                })
        .collect(Collectors.toList());
  }
}
