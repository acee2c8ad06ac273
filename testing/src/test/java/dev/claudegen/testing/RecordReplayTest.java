package dev.claudegen.testing;

import static dev.claudegen.testing.Messages.MAPPER;
import static dev.claudegen.testing.Messages.body;
import static dev.claudegen.testing.Messages.errorMessage;
import static dev.claudegen.testing.Messages.post;
import static dev.claudegen.testing.Messages.text;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Recording through a proxy to an upstream (a second FakeClaude), and replaying the files. */
class RecordReplayTest {
  private static final String KEY = "sk-ant-api03-SECRET-do-not-write-me";
  private static final String MODEL = "claude-sonnet-4-6";

  @TempDir Path dir;

  private final FakeClaude upstream = FakeClaude.start();

  @AfterEach
  void close() {
    upstream.close();
  }

  private List<Path> files() throws IOException {
    try (Stream<Path> list = Files.list(dir)) {
      return list.sorted().collect(Collectors.toList());
    }
  }

  private void record(String... userTexts) throws Exception {
    try (FakeClaude recorder = FakeClaude.recording(upstream.baseUrl(), KEY, dir)) {
      for (String user : userTexts) {
        assertEquals(200, post(recorder.baseUrl(), body(MODEL, "Be brief.", user)).statusCode());
      }
      recorder.verifyAllUsed();
    }
  }

  @Test
  void recordingForwardsWithTheKeyAndReturnsTheUpstreamReply() throws Exception {
    upstream.when(Match.userTextContains("France")).reply(FakeResponse.text("Paris"));

    try (FakeClaude recorder = FakeClaude.recording(upstream.baseUrl(), KEY, dir)) {
      HttpResponse<String> response =
          post(recorder.baseUrl(), "client-placeholder", body(MODEL, "Be brief.", "France?"));

      assertEquals(200, response.statusCode());
      assertEquals("Paris", text(response));
      assertEquals("req_fake_000001", response.headers().firstValue("request-id").orElseThrow());
    }
    RecordedRequest forwarded = upstream.takeRequest();
    assertEquals(KEY, forwarded.header("x-api-key"));
    assertEquals(List.of(KEY), forwarded.headers().get("x-api-key"), "client key dropped");
    assertEquals("2026-10-21", forwarded.header("anthropic-version"));
    assertEquals("France?", forwarded.userText());
  }

  @Test
  void theFileIsReadableJsonWithTheKeyRedactedEverywhere() throws Exception {
    // The key in a body, as when a test (wrongly) puts it in a prompt and the model repeats it.
    upstream.when(Match.any()).answer(r -> FakeResponse.text("you said " + r.userText()));

    try (FakeClaude recorder = FakeClaude.recording(upstream.baseUrl(), KEY, dir)) {
      post(recorder.baseUrl(), KEY, body(MODEL, "Be brief.", "my key is " + KEY));
    }

    List<Path> files = files();
    assertEquals(1, files.size());
    String name = files.get(0).getFileName().toString();
    assertTrue(name.matches("POST-v1-messages-[0-9a-f]{12}-001\\.json"), name);
    String text = Files.readString(files.get(0), StandardCharsets.UTF_8);
    assertFalse(text.contains("SECRET"), text);
    JsonNode file = MAPPER.readTree(text);
    assertEquals("claudegen-recording/1", file.get("format").asText());
    assertEquals("POST", file.at("/request/method").asText());
    assertEquals("/v1/messages", file.at("/request/path").asText());
    assertEquals("[REDACTED]", file.at("/request/headers/x-api-key").asText());
    assertEquals("2026-10-21", file.at("/request/headers/anthropic-version").asText());
    assertEquals("my key is [REDACTED]", file.at("/request/body/messages/0/content").asText());
    assertEquals(200, file.at("/response/status").asInt());
    assertEquals("application/json", file.at("/response/headers/content-type").asText());
    assertEquals(
        "you said my key is [REDACTED]", file.at("/response/body/content/0/text").asText());
  }

  @Test
  void replayServesRecordedRepliesMatchedByCanonicalBodyIgnoringHeaders() throws Exception {
    upstream
        .when(Match.userTextContains("France"))
        .reply(FakeResponse.text("Paris"))
        .when(Match.userTextContains("Italy"))
        .reply(FakeResponse.text("Rome"));
    record("France?", "Italy?");
    upstream.close();

    try (FakeClaude replay = FakeClaude.replaying(dir)) {
      String reordered =
          "{ \"messages\": [{\"content\": \"Italy?\", \"role\": \"user\"}],"
              + " \"system\": \"Be brief.\", \"max_tokens\": 64, \"model\": \""
              + MODEL
              + "\" }";

      assertEquals("Rome", text(post(replay.baseUrl(), "other-key", reordered)));
      assertEquals("Paris", text(post(replay.baseUrl(), "", body(MODEL, "Be brief.", "France?"))));
      replay.verifyAllUsed();
      assertEquals(2, replay.requestCount());
    }
  }

  @Test
  void repeatedRequestsReplayInRecordedOrderThenTheLastAgain() throws Exception {
    upstream.enqueue(FakeScenarios.overloaded(1));
    try (FakeClaude recorder = FakeClaude.recording(upstream.baseUrl(), KEY, dir)) {
      assertEquals(529, post(recorder.baseUrl(), body(MODEL, null, "hi")).statusCode());
      assertEquals(200, post(recorder.baseUrl(), body(MODEL, null, "hi")).statusCode());
    }
    assertEquals(2, files().size());

    try (FakeClaude replay = FakeClaude.replaying(dir)) {
      HttpResponse<String> first = post(replay.baseUrl(), body(MODEL, null, "hi"));
      assertEquals(529, first.statusCode());
      assertEquals("overloaded_error", MAPPER.readTree(first.body()).at("/error/type").asText());
      assertEquals(FakeClaude.DEFAULT_TEXT, text(post(replay.baseUrl(), body(MODEL, null, "hi"))));
      assertEquals(FakeClaude.DEFAULT_TEXT, text(post(replay.baseUrl(), body(MODEL, null, "hi"))));
    }
  }

  @Test
  void anUnmatchedRequestGetsAClearErrorAndFailsVerification() throws Exception {
    record("France?");

    try (FakeClaude replay = FakeClaude.replaying(dir)) {
      HttpResponse<String> response = post(replay.baseUrl(), body(MODEL, "Be brief.", "Spain?"));

      assertEquals(404, response.statusCode());
      assertTrue(errorMessage(response).contains("no recording in " + dir), response.body());
      AssertionError failure = assertThrows(AssertionError.class, replay::verifyAllUsed);
      assertTrue(failure.getMessage().contains("no recording matched"), failure.getMessage());
      assertTrue(failure.getMessage().contains("Spain?"), failure.getMessage());
    }
  }

  @Test
  void theQueueStillComesFirstWhenReplaying() throws Exception {
    record("France?");

    try (FakeClaude replay = FakeClaude.replaying(dir)) {
      replay.enqueue(FakeScenarios.overloadedError());

      assertEquals(529, post(replay.baseUrl(), body(MODEL, "Be brief.", "France?")).statusCode());
      assertEquals(200, post(replay.baseUrl(), body(MODEL, "Be brief.", "France?")).statusCode());
    }
  }

  @Test
  void recordingAgainReplacesTheFileOfTheSameRequest() throws Exception {
    upstream.defaultText("first run");
    record("France?");
    upstream.defaultText("second run");
    record("France?");

    assertEquals(1, files().size());
    try (FakeClaude replay = FakeClaude.replaying(dir)) {
      assertEquals("second run", text(post(replay.baseUrl(), body(MODEL, "Be brief.", "France?"))));
    }
  }

  @Test
  void anUnreachableUpstreamIsA502AndNothingIsWritten() throws Exception {
    upstream.close(); // its port now refuses connections

    try (FakeClaude recorder = FakeClaude.recording(upstream.baseUrl(), KEY, dir)) {
      HttpResponse<String> response = post(recorder.baseUrl(), body(MODEL, null, "hi"));

      assertEquals(502, response.statusCode());
      assertTrue(errorMessage(response).contains("127.0.0.1"), response.body());
      assertFalse(response.body().contains("SECRET"), response.body());
      assertThrows(AssertionError.class, recorder::verifyAllUsed);
    }
    assertEquals(List.of(), files());
  }

  @ParameterizedTest
  @ValueSource(strings = {"http://api.anthropic.com", "http://10.0.0.1", "ftp://127.0.0.1", "/v1"})
  void recordingRefusesUpstreamsTheKeyMustNotGoTo(String url) {
    assertThrows(
        IllegalArgumentException.class, () -> FakeClaude.recording(URI.create(url), KEY, dir));
  }

  @Test
  void replayingRefusesAMissingDirectoryAndNamesABadFile() throws IOException {
    assertThrows(IllegalArgumentException.class, () -> FakeClaude.replaying(dir.resolve("none")));
    Files.writeString(dir.resolve("broken.json"), "{\"format\":\"something-else\"}");

    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> FakeClaude.replaying(dir));
    assertTrue(e.getMessage().contains("broken.json"), e.getMessage());
  }

  @Test
  void recordOrReplayRecordsWithAKeyAndReplaysWithout() throws Exception {
    upstream.defaultText("recorded");
    Map<String, String> withKey =
        Map.of("ANTHROPIC_API_KEY", KEY, "ANTHROPIC_BASE_URL", upstream.baseUrl().toString());

    try (FakeClaude claude = FakeClaude.recordOrReplay(dir, withKey::get)) {
      assertEquals("recorded", text(post(claude.baseUrl(), body(MODEL, null, "hi"))));
    }
    assertEquals(1, upstream.requestCount());
    upstream.close();
    try (FakeClaude claude = FakeClaude.recordOrReplay(dir, name -> null)) {
      assertEquals("recorded", text(post(claude.baseUrl(), body(MODEL, null, "hi"))));
    }
  }
}
