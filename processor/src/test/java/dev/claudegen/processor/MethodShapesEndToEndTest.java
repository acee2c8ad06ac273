package dev.claudegen.processor;

import static dev.claudegen.processor.Compiler.source;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.claudegen.runtime.BadRequestException;
import dev.claudegen.runtime.Message;
import dev.claudegen.runtime.Reply;
import dev.claudegen.testing.FakeClaude;
import dev.claudegen.testing.FakeResponse;
import dev.claudegen.testing.RecordedRequest;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import javax.tools.JavaFileObject;
import org.junit.jupiter.api.Test;

/**
 * One interface with a {@code Reply}, a {@code CompletableFuture<String>} and a conversation
 * method, compiled by the real processor, its client loaded and called against FakeClaude over
 * loopback HTTP.
 */
class MethodShapesEndToEndTest {

  private static final JavaFileObject ASSISTANT =
      source(
          "com.acme.Assistant",
          "package com.acme;",
          "import dev.claudegen.annotations.*;",
          "import dev.claudegen.runtime.Message;",
          "import dev.claudegen.runtime.Reply;",
          "import java.util.List;",
          "import java.util.concurrent.CompletableFuture;",
          "@ClaudeEndpoint(model = \"claude-haiku-4-5\", maxTokens = 64)",
          "@SystemPrompt(\"Be brief.\")",
          "public interface Assistant {",
          "  Reply ask(String q);",
          "",
          "  CompletableFuture<String> askLater(String q);",
          "",
          "  Reply chat(List<Message> history, String q);",
          "}");

  @Test
  void replyMethodReturnsTheWholeReply() throws Throwable {
    try (FakeClaude claude = FakeClaude.start()) {
      claude.enqueue(
          FakeResponse.message("Paris", ".")
              .withUsage(12, 3)
              .withStopReason("end_turn")
              .withHeader("request-id", "req_shape_1"));
      Object client = build(claude);

      Reply reply = (Reply) invoke(client, "ask", "Capital of France?");

      assertEquals("Paris.", reply.text());
      assertEquals("end_turn", reply.stopReason());
      assertEquals("claude-haiku-4-5", reply.model());
      assertTrue(reply.messageId().startsWith("msg_fake_"), reply.messageId());
      assertEquals("req_shape_1", reply.requestId());
      assertEquals(12, reply.usage().inputTokens());
      assertEquals(3, reply.usage().outputTokens());
      assertEquals(List.of("text", "text"), reply.blockTypes());
      RecordedRequest request = claude.takeRequest();
      assertEquals("Be brief.", request.system());
      assertEquals(List.of(new RecordedRequest.Turn("user", "Capital of France?")),
          request.messages());
    }
  }

  @Test
  void replyCutAtMaxTokensIsStillAReply() throws Throwable {
    try (FakeClaude claude = FakeClaude.start()) {
      claude.enqueue(FakeResponse.message("Once upon").withStopReason("max_tokens"));
      Object client = build(claude);

      Reply reply = (Reply) invoke(client, "ask", "Tell a story.");

      assertEquals("max_tokens", reply.stopReason());
      assertTrue(reply.truncated());
      assertEquals("Once upon", reply.text());
    }
  }

  @Test
  void futureCompletesWithTheText() throws Throwable {
    try (FakeClaude claude = FakeClaude.start()) {
      claude.enqueue(FakeResponse.message("Hello."));
      Object client = build(claude);

      CompletableFuture<?> future = (CompletableFuture<?>) invoke(client, "askLater", "Hi?");

      assertEquals("Hello.", future.join());
      assertEquals("Hi?", claude.takeRequest().userText());
    }
  }

  @Test
  void futureFailsWithTheTypedException() throws Throwable {
    try (FakeClaude claude = FakeClaude.start()) {
      claude.enqueue(
          FakeResponse.error(400, "invalid_request_error", "Bad")
              .withHeader("request-id", "req_shape_400"));
      Object client = build(claude);

      CompletableFuture<?> future = (CompletableFuture<?>) invoke(client, "askLater", "Hi?");

      CompletionException failure = assertThrows(CompletionException.class, future::join);
      BadRequestException cause = assertInstanceOf(BadRequestException.class, failure.getCause());
      assertEquals("req_shape_400", cause.requestId());
      assertEquals(1, claude.requestCount());
    }
  }

  @Test
  void conversationTurnsAreSentInOrder() throws Throwable {
    try (FakeClaude claude = FakeClaude.start()) {
      claude.enqueue(FakeResponse.message("11."));
      Object client = build(claude);
      List<Message> history =
          List.of(Message.user("Name a prime."), Message.assistant("7."));

      invoke(client, "chat", history, "And the next one?");

      RecordedRequest request = claude.takeRequest();
      assertEquals("Be brief.", request.system());
      assertEquals(
          List.of(
              new RecordedRequest.Turn("user", "Name a prime."),
              new RecordedRequest.Turn("assistant", "7."),
              new RecordedRequest.Turn("user", "And the next one?")),
          request.messages());
    }
  }

  @Test
  void aReplyBecomesTheNextAssistantTurn() throws Throwable {
    try (FakeClaude claude = FakeClaude.start()) {
      claude.enqueue(FakeResponse.message("7."));
      claude.enqueue(FakeResponse.message("11."));
      Object client = build(claude);

      List<Message> history = new ArrayList<>();
      Reply first = (Reply) invoke(client, "ask", "Name a prime.");
      history.add(Message.user("Name a prime."));
      history.add(first.toMessage());
      invoke(client, "chat", history, "And the next one?");

      claude.takeRequest();
      assertEquals(
          List.of(
              new RecordedRequest.Turn("user", "Name a prime."),
              new RecordedRequest.Turn("assistant", "7."),
              new RecordedRequest.Turn("user", "And the next one?")),
          claude.takeRequest().messages());
    }
  }

  @Test
  void turnsThatDoNotAlternateFailBeforeSendingNamingTheConversationParameter()
      throws Exception {
    try (FakeClaude claude = FakeClaude.start()) {
      Object client = build(claude);
      List<Message> history = List.of(Message.user("One."), Message.assistant("Two."),
          Message.assistant("Three."));

      IllegalArgumentException error =
          assertThrows(
              IllegalArgumentException.class, () -> invoke(client, "chat", history, "Four?"));

      assertTrue(error.getMessage().startsWith("Assistant.chat(List, String): parameter 'history'"
          + " turn 2"), error.getMessage());
      assertEquals(0, claude.requestCount());
    }
  }

  @Test
  void nullConversationFailsBeforeAnyRequestNamingTheParameter() throws Exception {
    try (FakeClaude claude = FakeClaude.start()) {
      Object client = build(claude);

      NullPointerException error =
          assertThrows(NullPointerException.class, () -> invoke(client, "chat", null, "Hi?"));

      assertTrue(error.getMessage().contains("parameter 'history' is null"), error.getMessage());
      assertEquals(0, claude.requestCount());
    }
  }

  private static Object build(FakeClaude claude) throws Exception {
    return GeneratedClients.build(ASSISTANT, "com.acme.ClaudeAssistant", claude, duration -> {});
  }

  private static Object invoke(Object client, String name, Object... args) throws Throwable {
    return GeneratedClients.invoke(client, name, args);
  }
}
