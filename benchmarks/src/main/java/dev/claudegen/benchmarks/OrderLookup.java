package dev.claudegen.benchmarks;

import dev.claudegen.annotations.Description;
import dev.claudegen.annotations.Tool;

/**
 * The one tool of {@link ToolRound}: every client measured runs this same Java method once per
 * call and sends back the same result, {@link #RESULT_JSON}. It counts its runs, so the set-up can
 * check that each client ran it exactly once per call.
 */
public final class OrderLookup {

  /** The order id the loopback server's {@code tool_use} block asks for. */
  public static final String ORDER_ID = "A-1001";

  /** The tool's result as JSON, which every client must send back as the tool_result's content. */
  public static final String RESULT_JSON = "{\"id\":\"A-1001\",\"status\":\"SHIPPED\"}";

  /** An order's state. */
  public enum Status {
    OPEN,
    SHIPPED
  }

  /** What the tool returns: a small record, written as JSON by each client its own way. */
  public record Order(String id, Status status) {}

  private long runs;

  /** Looks up an order; the benchmark's answer is the same for every id. */
  @Tool("Looks up an order by its id")
  public Order lookupOrder(@Description("The order id") String orderId) {
    runs++;
    return new Order(orderId, Status.SHIPPED);
  }

  /** How many times the tool ran (one thread runs each client, so a plain field is enough). */
  public long runs() {
    return runs;
  }
}
