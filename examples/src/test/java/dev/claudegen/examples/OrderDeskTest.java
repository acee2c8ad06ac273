package dev.claudegen.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.claudegen.runtime.Reply;
import dev.claudegen.testing.FakeClaude;
import dev.claudegen.testing.FakeClaudeExtension;
import dev.claudegen.testing.FakeResponse;
import dev.claudegen.testing.RecordedRequest;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** {@link OrderDesk}'s tool and prompt cache, as a user would test them against FakeClaude. */
@ExtendWith(FakeClaudeExtension.class)
class OrderDeskTest {

  private static final OrderTools TOOLS =
      new OrderTools(
          Map.of(
              "A-1001",
              new OrderTools.Order(
                  "A-1001",
                  OrderTools.Status.SHIPPED,
                  List.of("Trail tent"),
                  Optional.of(LocalDate.of(2026, 12, 3)))));

  private static OrderDesk desk(FakeClaude claude) {
    return ClaudeOrderDesk.builder().testServer(claude.baseUrl()).tools(TOOLS).build();
  }

  @Test
  void runsTheToolClaudeAsksForAndSendsTheOrderBackAsJson(FakeClaude claude) {
    claude.enqueue(
        FakeResponse.toolUse("lookupOrder", "{\"orderId\": \"a-1001\"}"),
        FakeResponse.text("It has shipped."));

    Reply reply = desk(claude).ask("Where is a-1001?");

    assertEquals("It has shipped.", reply.text());
    RecordedRequest first = claude.takeRequest();
    assertEquals(List.of("lookupOrder"), first.toolNames());
    RecordedRequest.ToolResult result = claude.takeRequest().toolResultFor("lookupOrder");
    assertFalse(result.isError());
    assertEquals(
        "{\"id\":\"A-1001\",\"status\":\"SHIPPED\",\"items\":[\"Trail tent\"],"
            + "\"expectedDelivery\":\"2026-12-03\"}",
        result.content());
  }

  @Test
  void anUnknownOrderGoesBackAsAnErrorResultWithTheToolsMessage(FakeClaude claude) {
    claude.enqueue(
        FakeResponse.toolUse("lookupOrder", "{\"orderId\": \"B-7\"}"),
        FakeResponse.text("I could not find B-7; could you check the id?"));

    desk(claude).ask("Where is B-7?");

    claude.takeRequest();
    RecordedRequest.ToolResult result = claude.takeRequest().toolResultFor("lookupOrder");
    assertTrue(result.isError());
    assertEquals("no order has the id B-7", result.content());
  }

  @Test
  void marksThePolicyAndToolsForThePromptCacheAndTheSecondCallReadsThem(FakeClaude claude) {
    claude.enqueue(FakeResponse.text("Within 30 days."), FakeResponse.text("Free in the EU."));
    OrderDesk desk = desk(claude);

    Reply first = desk.ask("How long do I have to return a tent?");
    Reply second = desk.ask("Are returns free?");

    assertEquals(List.of("tools[0]", "system[0]"), claude.takeRequest().cacheBreakpoints());
    assertTrue(first.usage().cacheCreationInputTokens() > 0);
    assertEquals(first.usage().cacheCreationInputTokens(), second.usage().cacheReadInputTokens());
  }

  @Test
  void buildFailsNamingTheMissingTools(FakeClaude claude) {
    IllegalStateException e =
        assertThrows(
            IllegalStateException.class,
            () -> ClaudeOrderDesk.builder().testServer(claude.baseUrl()).build());
    assertTrue(e.getMessage().contains("OrderTools"), e.getMessage());
  }
}
