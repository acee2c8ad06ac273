package dev.claudegen.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.claudegen.annotations.ErrorKind;
import dev.claudegen.testing.FakeClaude;
import dev.claudegen.testing.FakeClaudeExtension;
import dev.claudegen.testing.FakeResponse;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Bodies the API never sends but clients meet anyway: proxy pages, empty and truncated bodies. */
@ExtendWith(FakeClaudeExtension.class)
class MalformedResponseTest {

  private static ClaudeException call(FakeClaude fake, FakeResponse response) {
    fake.enqueue(response);
    ClaudeException e = assertThrows(ClaudeException.class, () -> TestBuilder.callOnce(fake).text(null, "hi"));
    assertNoJacksonIn(e);
    return e;
  }

  /** Neither the exception nor anything it wraps or suppresses is one of Jackson's. */
  private static void assertNoJacksonIn(Throwable thrown) {
    Deque<Throwable> todo = new ArrayDeque<>();
    Set<Throwable> seen = new HashSet<>();
    todo.add(thrown);
    while (!todo.isEmpty()) {
      Throwable t = todo.pop();
      if (!seen.add(t)) {
        continue;
      }
      assertFalse(t.getClass().getName().startsWith("com.fasterxml"), "Jackson exception leaked: " + t);
      if (t.getCause() != null) {
        todo.add(t.getCause());
      }
      todo.addAll(java.util.List.of(t.getSuppressed()));
    }
  }

  @Test
  void htmlPageFromAProxyIsAnInternalServerErrorWithAShortExcerpt(FakeClaude fake) {
    String page =
        "<html>\n  <head><title>502 Bad Gateway</title></head>\n  <body>\n"
            + "<p>upstream unavailable</p>\n".repeat(300)
            + "END-OF-PAGE</body>\n</html>";
    ClaudeException e = call(fake, FakeResponse.raw(502, "text/html", page));

    assertSame(InternalServerException.class, e.getClass());
    assertEquals(502, e.statusCode());
    assertEquals(ErrorKind.SERVER_ERROR, e.kind());
    assertNull(e.errorType());
    assertEquals("req_fake_000001", e.requestId());
    String prefix = "response is not the API's JSON (text/html): ";
    String errorMessage = e.details().errorMessage();
    assertTrue(errorMessage.startsWith(prefix), errorMessage);
    String excerpt = errorMessage.substring(prefix.length());
    assertTrue(excerpt.length() <= 200, excerpt.length() + ": " + excerpt);
    assertTrue(excerpt.startsWith("<html> <head><title>502 Bad Gateway</title></head> <body> <p>"), excerpt);
    assertTrue(excerpt.endsWith("…"), excerpt);
    assertFalse(e.getMessage().contains("END-OF-PAGE"));
    assertTrue(e.getMessage().startsWith("502 " + prefix), e.getMessage());
    assertTrue(e.getMessage().endsWith("(request-id req_fake_000001)"), e.getMessage());
  }

  @Test
  void emptyBody503(FakeClaude fake) {
    ClaudeException e = call(fake, FakeResponse.raw(503, null, ""));

    assertSame(InternalServerException.class, e.getClass());
    assertEquals(503, e.statusCode());
    assertNull(e.errorType());
    assertEquals("response is not the API's JSON: (empty body)", e.details().errorMessage());
  }

  @Test
  void truncatedJsonErrorBody(FakeClaude fake) {
    String body = "{\"type\":\"error\",\"error\":{\"type\":\"api_error\",\"message\":\"Internal ser";
    ClaudeException e = call(fake, FakeResponse.raw(500, "application/json", body));

    assertSame(InternalServerException.class, e.getClass());
    assertNull(e.errorType());
    assertEquals("response is not the API's JSON (application/json): " + body, e.details().errorMessage());
  }

  @Test
  void jsonErrorBodyOfAnotherShape(FakeClaude fake) {
    ClaudeException e = call(fake, FakeResponse.raw(400, "application/json", "{\"error\":\"bad\",\"detail\":[1]}"));

    assertSame(BadRequestException.class, e.getClass());
    assertNull(e.errorType());
    assertTrue(e.getMessage().contains("{\"error\":\"bad\",\"detail\":[1]}"), e.getMessage());
  }

  @ParameterizedTest(name = "200 {0}")
  @CsvSource(
      delimiter = '|',
      value = {
        "'{\"content\":[{\"type\":\"text\",\"text\":\"hal' | reply JSON ends early",
        "'{\"content\":[{\"type\":\"text\",\"text\":\"half\"}]' | reply JSON ends early",
        "'{\"foo\":1}' | reply has no content",
        "'Hello, I am not JSON' | reply is not valid JSON",
        "'[1,2,3]' | reply is not a JSON object",
        "'{\"content\":\"text\"}' | reply content is not an array",
        "'' | reply is not a JSON object",
      })
  void unreadableSuccessBodyIsAClaudeApiExceptionWithStatus200(String body, String problem, FakeClaude fake) {
    ClaudeException e = call(fake, FakeResponse.raw(200, "application/json", body));

    assertSame(ClaudeApiException.class, e.getClass());
    assertEquals(200, e.statusCode());
    assertEquals(ErrorKind.SERVER_ERROR, e.kind());
    assertNull(e.errorType());
    assertNull(e.getCause());
    assertEquals("req_fake_000001", e.requestId());
    assertTrue(e.details().errorMessage().startsWith(problem + ": "), e.details().errorMessage());
    assertTrue(e.getMessage().startsWith("200 " + problem), e.getMessage());
  }

  @Test
  void successBodyExcerptIsShortToo(FakeClaude fake) {
    ClaudeException e = call(fake, FakeResponse.raw(200, "text/plain", "not json ".repeat(500)));

    String prefix = "reply is not valid JSON: ";
    String errorMessage = e.details().errorMessage();
    assertTrue(errorMessage.startsWith(prefix), errorMessage);
    String excerpt = errorMessage.substring(prefix.length());
    assertTrue(excerpt.length() <= 200, excerpt);
    assertTrue(excerpt.startsWith("not json not json"), excerpt);
  }
}
