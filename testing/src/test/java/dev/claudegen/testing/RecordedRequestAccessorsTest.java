package dev.claudegen.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.claudegen.testing.RecordedRequest.Turn;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The readable accessors over a Messages API request body. */
class RecordedRequestAccessorsTest {

  private static RecordedRequest request(String body) {
    return new RecordedRequest(
        "POST", "/v1/messages", Map.of(), body.getBytes(StandardCharsets.UTF_8), Instant.EPOCH);
  }

  @Test
  void readsStringSystemAndStringContent() {
    RecordedRequest request =
        request(
            "{\"model\":\"claude-sonnet-4-6\",\"max_tokens\":1024,\"system\":\"Be terse.\","
                + "\"messages\":[{\"role\":\"user\",\"content\":\"Hi\"},"
                + "{\"role\":\"assistant\",\"content\":\"Hello\"},"
                + "{\"role\":\"user\",\"content\":\"Capital of France?\"}]}");

    assertEquals("claude-sonnet-4-6", request.model());
    assertEquals(1024, request.maxTokens());
    assertEquals("Be terse.", request.system());
    assertEquals(
        List.of(
            new Turn("user", "Hi"),
            new Turn("assistant", "Hello"),
            new Turn("user", "Capital of France?")),
        request.messages());
    assertEquals("Capital of France?", request.userText());
  }

  @Test
  void streamIsTrueOnlyForABooleanTrue() {
    assertTrue(request("{\"stream\":true,\"model\":\"m\"}").stream());
    assertFalse(request("{\"stream\":false}").stream());
    assertFalse(request("{\"stream\":\"true\"}").stream());
    assertFalse(request("{\"stream\":1}").stream());
    assertFalse(request("{\"model\":\"m\"}").stream());
    assertFalse(request("[{\"stream\":true}]").stream());
    assertFalse(request("not json").stream());
    assertFalse(request("").stream());
  }

  @Test
  void outputSchemaIsTheSentSchemaAsCompactJson() {
    RecordedRequest request =
        request(
            """
            {"output_config": {"format": {"type": "json_schema",
              "schema": {"type": "object", "required": ["a"],
                         "properties": {"a": {"type": "string"}}}}}}
            """);

    assertTrue(request.hasOutputFormat());
    assertEquals(
        "{\"type\":\"object\",\"required\":[\"a\"],\"properties\":{\"a\":{\"type\":\"string\"}}}",
        request.outputSchema(),
        "keys in the order sent");
  }

  @Test
  void outputFormatWithoutSchemaOrNoFormatAtAll() {
    RecordedRequest noSchema =
        request("{\"output_config\":{\"format\":{\"type\":\"json_schema\"}}}");
    assertTrue(noSchema.hasOutputFormat());
    assertNull(noSchema.outputSchema());

    RecordedRequest beta =
        request("{\"output_format\":{\"type\":\"json_schema\",\"schema\":{\"type\":\"string\"}}}");
    assertTrue(beta.hasOutputFormat());
    assertEquals("{\"type\":\"string\"}", beta.outputSchema());

    for (String body :
        List.of(
            "{\"output_config\":{\"effort\":\"low\"}}",
            "{\"model\":\"m\"}",
            "[]",
            "not json",
            "")) {
      assertFalse(request(body).hasOutputFormat(), body);
      assertNull(request(body).outputSchema(), body);
    }
  }

  @Test
  void joinsTextBlocksAndSkipsOthers() {
    RecordedRequest request =
        request(
            """
            {"system": [{"type": "text", "text": "You are "},
                        {"type": "text", "text": "a pirate.", "cache_control": {"type": "ephemeral"}}],
             "messages": [
               {"role": "user", "content": [{"type": "image", "source": {}},
                                            {"type": "text", "text": "Describe "},
                                            {"type": "text", "text": "this."}]},
               {"role": "assistant", "content": [{"type": "tool_use", "id": "t1"}]},
               {"role": "user", "content": [{"type": "tool_result", "tool_use_id": "t1", "content": "42"}]}
             ]}
            """);

    assertEquals("You are a pirate.", request.system());
    assertEquals(
        List.of(
            new Turn("user", "Describe this."), new Turn("assistant", ""), new Turn("user", "")),
        request.messages());
    assertEquals("", request.userText(), "a tool-result turn has no text");
  }

  @Test
  void userTextIsTheLastUserTurnEvenWhenAnAssistantTurnFollows() {
    RecordedRequest request =
        request(
            "{\"messages\":[{\"role\":\"user\",\"content\":\"first\"},"
                + "{\"role\":\"user\",\"content\":\"second\"},"
                + "{\"role\":\"assistant\",\"content\":\"prefill\"}]}");

    assertEquals("second", request.userText());
  }

  @Test
  void absentFieldsAreNullOrEmpty() {
    RecordedRequest request =
        request("{\"messages\":[{\"role\":\"assistant\",\"content\":\"x\"}]}");

    assertNull(request.model());
    assertNull(request.maxTokens());
    assertNull(request.system());
    assertNull(request.userText(), "no user turn");
    assertEquals(List.of(new Turn("assistant", "x")), request.messages());
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "",
        "not json",
        "{\"model\":",
        "[1,2]",
        "\"text\"",
        "{\"model\":7,\"max_tokens\":\"many\",\"system\":{\"a\":1},\"messages\":{}}",
        "{\"max_tokens\":1.5,\"messages\":\"hi\"}",
        "{\"max_tokens\":99999999999}"
      })
  void malformedBodiesGiveNullsAndNeverThrow(String body) {
    RecordedRequest request = request(body);

    assertNull(request.model());
    assertNull(request.maxTokens());
    assertNull(request.system());
    assertEquals(List.of(), request.messages());
    assertNull(request.userText());
  }

  @Test
  void malformedTurnsAreSkippedOrNulled() {
    RecordedRequest request =
        request(
            "{\"messages\":[\"loose string\",7,{\"content\":\"no role\"},"
                + "{\"role\":\"user\"},{\"role\":1,\"content\":{\"type\":\"text\"}}]}");

    assertEquals(
        List.of(new Turn(null, "no role"), new Turn("user", null), new Turn(null, null)),
        request.messages());
    assertNull(request.userText(), "the user turn has no content");
  }

  @Test
  void messagesAreUnmodifiableAndJsonStaysAvailable() {
    RecordedRequest request = request("{\"messages\":[{\"role\":\"user\",\"content\":\"Hi\"}]}");

    assertThrows(UnsupportedOperationException.class, () -> request.messages().clear());
    assertTrue(request.json().get("messages").isArray());
  }
}
