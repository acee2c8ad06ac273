package dev.claudegen.processor;

import static com.google.testing.compile.CompilationSubject.assertThat;
import static dev.claudegen.processor.Compiler.assistant;
import static dev.claudegen.processor.Compiler.compile;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.google.testing.compile.Compilation;
import dev.claudegen.runtime.OverloadedException;
import dev.claudegen.testing.FakeClaude;
import dev.claudegen.testing.FakeResponse;
import dev.claudegen.testing.RecordedRequest;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.util.HashMap;
import java.util.Map;
import javax.tools.JavaFileObject;
import org.junit.jupiter.api.Test;

/**
 * An interface compiled by the real processor, its generated client loaded and called against
 * FakeClaude over loopback HTTP. (Reflection here is only the test's way of calling classes it
 * compiled at run time; the generated code itself uses none.)
 */
class EndToEndTest {

  private static final JavaFileObject ASSISTANT =
      assistant(
          "@ClaudeEndpoint(model = \"claude-sonnet-4-6\", maxTokens = 1024)",
          "@SystemPrompt(\"You edit for {audience}.\")",
          "public interface Assistant {",
          "  @UserPrompt(\"Summarize in {words} words: {text}\")",
          "  String summarize(String audience, int words, String text);",
          "",
          "  @ClaudeEndpoint(model = \"claude-haiku-4-5\", maxTokens = 64, temperature = 0.5,",
          "      topK = 5, stopSequences = \"END\", apiVersion = \"2023-06-01\")",
          "  @SystemPrompt(\"Answer with one word.\")",
          "  String ask(String question);",
          "}");

  @Test
  void generatedClientSendsTheTemplatedRequestAndReturnsTheReplyText() throws Throwable {
    try (FakeClaude claude = FakeClaude.start()) {
      claude.enqueue(FakeResponse.message("A short ", "summary."));
      Object client = build(claude, "test-key");

      Object text = invoke(client, "summarize", "lawyers", 12, "The \"contract\" ends\nin May.");

      assertEquals("A short summary.", text);
      RecordedRequest request = claude.takeRequest();
      assertEquals("POST", request.method());
      assertEquals("/v1/messages", request.path());
      assertEquals("test-key", request.header("x-api-key"));
      assertEquals("2026-10-21", request.header("anthropic-version"));
      JsonNode json = request.json();
      assertEquals("claude-sonnet-4-6", json.get("model").asText());
      assertEquals(1024, json.get("max_tokens").asInt());
      assertEquals("You edit for lawyers.", json.get("system").asText());
      assertEquals("user", json.get("messages").get(0).get("role").asText());
      assertEquals(
          "Summarize in 12 words: The \"contract\" ends\nin May.",
          json.get("messages").get(0).get("content").asText());
      assertFalse(json.has("temperature"));
      assertFalse(json.has("top_k"));
      assertFalse(json.has("stop_sequences"));
    }
  }

  @Test
  void methodLevelEndpointReplacesTheInterfacesOne() throws Throwable {
    try (FakeClaude claude = FakeClaude.start()) {
      Object client = build(claude, "test-key");

      invoke(client, "ask", "Capital of France?");

      RecordedRequest request = claude.takeRequest();
      assertEquals("2023-06-01", request.header("anthropic-version"));
      JsonNode json = request.json();
      assertEquals("claude-haiku-4-5", json.get("model").asText());
      assertEquals(64, json.get("max_tokens").asInt());
      assertEquals(0.5, json.get("temperature").asDouble());
      assertEquals(5, json.get("top_k").asInt());
      assertEquals("END", json.get("stop_sequences").get(0).asText());
      assertEquals("Answer with one word.", json.get("system").asText());
      assertEquals("Capital of France?", json.get("messages").get(0).get("content").asText());
    }
  }

  @Test
  void errorsArriveAsTypedExceptionsWithRequestId() throws Exception {
    try (FakeClaude claude = FakeClaude.start()) {
      claude.enqueue(
          FakeResponse.error(529, "overloaded_error", "Overloaded")
              .withHeader("request-id", "req_e2e_1"));
      Object client = build(claude, "test-key");

      OverloadedException error =
          assertThrows(OverloadedException.class, () -> invoke(client, "ask", "Hi?"));

      assertEquals(529, error.statusCode());
      assertEquals("overloaded_error", error.errorType());
      assertEquals("req_e2e_1", error.requestId());
      assertEquals("529 overloaded_error: Overloaded (request-id req_e2e_1)", error.getMessage());
    }
  }

  @Test
  void nullArgumentFailsBeforeAnyRequestNamingTheParameter() throws Exception {
    try (FakeClaude claude = FakeClaude.start()) {
      Object client = build(claude, "test-key");

      NullPointerException error =
          assertThrows(
              NullPointerException.class, () -> invoke(client, "summarize", "x", 3, null));

      assertTrue(error.getMessage().contains("parameter 'text' is null"), error.getMessage());
      assertEquals(0, claude.requestCount());
    }
  }

  private static Object build(FakeClaude claude, String key) throws Exception {
    Compilation compilation = compile(ASSISTANT);
    assertThat(compilation).succeededWithoutWarnings();
    ClassLoader loader = new CompiledClassLoader(compilation);
    Class<?> generated = loader.loadClass("com.acme.ClaudeAssistant");
    Object builder = generated.getMethod("builder").invoke(null);
    Class<?> builderType = builder.getClass();
    builderType.getMethod("apiKey", String.class).invoke(builder, key);
    builderType.getMethod("baseUrl", String.class).invoke(builder, claude.baseUrl().toString());
    return builderType.getMethod("build").invoke(builder);
  }

  private static Object invoke(Object client, String name, Object... args) throws Throwable {
    for (Method method : client.getClass().getMethods()) {
      if (method.getName().equals(name) && method.getParameterCount() == args.length) {
        try {
          return method.invoke(client, args);
        } catch (InvocationTargetException e) {
          throw e.getCause();
        }
      }
    }
    throw new AssertionError("no method " + name);
  }

  /** Loads the classes a Compile Testing compilation wrote, in memory. */
  private static final class CompiledClassLoader extends ClassLoader {
    private final Map<String, JavaFileObject> classes = new HashMap<>();

    CompiledClassLoader(Compilation compilation) {
      super(EndToEndTest.class.getClassLoader());
      for (JavaFileObject file : compilation.generatedFiles()) {
        if (file.getKind() == JavaFileObject.Kind.CLASS) {
          String path = file.toUri().getPath();
          String name = path.substring(path.indexOf("/CLASS_OUTPUT/") + "/CLASS_OUTPUT/".length());
          classes.put(name.replace(".class", "").replace('/', '.'), file);
        }
      }
    }

    @Override
    protected Class<?> findClass(String name) throws ClassNotFoundException {
      JavaFileObject file = classes.get(name);
      if (file == null) {
        throw new ClassNotFoundException(name);
      }
      try (InputStream in = file.openInputStream()) {
        byte[] bytes = in.readAllBytes();
        return defineClass(name, bytes, 0, bytes.length);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
  }
}
