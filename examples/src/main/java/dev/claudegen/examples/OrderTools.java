package dev.claudegen.examples;

import dev.claudegen.annotations.Description;
import dev.claudegen.annotations.Tool;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Optional;

/**
 * What {@link OrderDesk} lets Claude look up: orders in a map here, a database in a real service.
 * The processor writes each tool's input schema from its parameters, and the code that calls it,
 * at compile time.
 */
public final class OrderTools {

  /** An order, sent back to Claude as JSON. */
  public record Order(
      String id, Status status, List<String> items, Optional<LocalDate> expectedDelivery) {}

  /** Where an order is. */
  public enum Status {
    PROCESSING,
    SHIPPED,
    DELIVERED,
    CANCELLED
  }

  private final Map<String, Order> orders;

  /** Tools over these orders, by id. */
  public OrderTools(Map<String, Order> orders) {
    this.orders = Map.copyOf(orders);
  }

  /**
   * Looks up one order. An unknown id throws: Claude gets the message as an error result and can
   * ask the customer again.
   */
  @Tool("Looks up one order by its id: its status, items and expected delivery date")
  public Order lookupOrder(@Description("The order id, like A-1001") String orderId) {
    Order order = orders.get(orderId.strip().toUpperCase(java.util.Locale.ROOT));
    if (order == null) {
      throw new NoSuchElementException("no order has the id " + orderId);
    }
    return order;
  }
}
