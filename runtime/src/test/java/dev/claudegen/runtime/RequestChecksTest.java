package dev.claudegen.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.claudegen.testing.FakeClaude;
import dev.claudegen.testing.FakeClaudeExtension;
import dev.claudegen.testing.FakeResponse;
import dev.claudegen.testing.RecordedRequest;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * What the API would refuse with a 400 or a 413 is refused before sending, with an {@link
 * IllegalArgumentException} naming the method (and the parameters, when known): nothing reaches the
 * server, and the listener hears nothing, as with a null parameter.
 */
@ExtendWith(FakeClaudeExtension.class)
class RequestChecksTest {

  private static final String ASK = "Assistant.ask(String)";

  private final EventRecorder recorder = new EventRecorder();

  private ClaudeCall<String> call(FakeClaude fake, CallSpec spec) {
    return TestBuilder.against(fake).listener(recorder).client().bind(spec);
  }

  private static CallSpec.Builder ask() {
    return CallSpec.builder(ASK, TestBuilder.MODEL, 1024);
  }

  @ParameterizedTest(name = "user \"{0}\"")
  @ValueSource(strings = {"", " ", "   ", "\n\t ", "\u2003"})
  void blankUserMessageIsRefusedNamingTheParameter(String blank, FakeClaude fake) {
    ClaudeCall<String> call = call(fake, ask().userParameters("question").build());

    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> call.text("system", blank));

    assertEquals(
        ASK
            + ": parameter 'question' is blank, and so is the user message made of it (empty or"
            + " only whitespace); the API refuses such a message, so it was not sent",
        e.getMessage());
    assertEquals(0, fake.requestCount());
    assertEquals(List.of(), recorder.events);
  }

  @Test
  void blankUserMessageOfSeveralParametersNamesThemAll(FakeClaude fake) {
    ClaudeCall<String> call = call(fake, ask().userParameters("topic", "detail").build());

    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> call.reply(null, " \n "));

    assertTrue(
        e.getMessage()
            .startsWith(
                ASK + ": parameters 'topic', 'detail' are blank, and so is the user message made"
                    + " of them"),
        e.getMessage());
    assertEquals(0, fake.requestCount());
  }

  @Test
  void blankUserMessageWithoutKnownParametersIsRefusedToo(FakeClaude fake) {
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class, () -> call(fake, ask().build()).text(null, "  "));

    assertEquals(
        ASK
            + ": the user message is blank (empty or only whitespace); the API refuses such a"
            + " message, so it was not sent",
        e.getMessage());
    assertEquals(0, fake.requestCount());
  }

  @Test
  void userMessageWithSomeTextIsSentAsItIs(FakeClaude fake) {
    assertEquals(
        FakeClaude.DEFAULT_TEXT,
        call(fake, ask().userParameters("question").build()).text(null, "  x  "));

    assertEquals("  x  ", fake.takeRequest().userText());
  }

  @ParameterizedTest(name = "system \"{0}\"")
  @ValueSource(strings = {"", " ", "\n\t "})
  void blankSystemPromptIsNotSent(String blank, FakeClaude fake) {
    assertEquals(FakeClaude.DEFAULT_TEXT, call(fake, ask().build()).text(blank, "hi"));

    RecordedRequest request = fake.takeRequest();
    assertFalse(request.json().has("system"), request.body());
    assertEquals("hi", request.userText());
  }

  /** The body of a request for a user message of {@code length} ASCII characters. */
  private static int bodyLength(CallSpec spec, int length) {
    return MessagesJson.request(spec, spec.model(), null, "x").length - 1 + length;
  }

  @Test
  void bodyAbove32MibIsRefusedBeforeSending(FakeClaude fake) {
    CallSpec spec = ask().build();
    String document = "x".repeat(34_000_000);

    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> call(fake, spec).text(null, document));

    assertEquals(
        ASK
            + ": the request body is "
            + bodyLength(spec, document.length())
            + " bytes, above the API's limit of 32 MiB (33554432 bytes) for one message request,"
            + " so it was not sent (the API would answer 413 request_too_large); shorten the"
            + " prompt or split the work",
        e.getMessage());
    assertEquals(0, fake.requestCount());
    // The prompt passed the checks, so the call started, and failed writing the body.
    assertEquals(
        List.of(ClaudeListener.CallStarted.class, ClaudeListener.CallFailed.class),
        recorder.types());
    ClaudeListener.CallFailed failed = recorder.of(ClaudeListener.CallFailed.class).get(0);
    assertSame(e, failed.error());
    assertEquals(0, failed.attempts());
  }

  @Test
  void bodyOfExactly32MibIsSentAndOneByteMoreIsNot(FakeClaude fake) {
    CallSpec spec = ask().build();
    int fits = ClaudeCall.MAX_REQUEST_BYTES - bodyLength(spec, 0);
    fake.enqueue(FakeResponse.text("ok"));
    ClaudeCall<String> call = call(fake, spec);

    assertThrows(IllegalArgumentException.class, () -> call.text(null, "y".repeat(fits + 1)));
    assertEquals(0, fake.requestCount());

    // FakeClaude, like the API under either reading of its "32 MB", takes this one.
    assertEquals("ok", call.text(null, "y".repeat(fits)));
    assertEquals(1, fake.requestCount());
    assertEquals(ClaudeCall.MAX_REQUEST_BYTES, fake.takeRequest().body().length());
  }
}
