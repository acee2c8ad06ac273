package dev.claudegen.benchmarks;

import dev.claudegen.annotations.ClaudeEndpoint;
import dev.claudegen.annotations.UserPrompt;
import java.time.LocalDate;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * The structured interface of {@link StructuredDecode}: an order extracted from a customer's mail,
 * a realistic payload with a nested record, lists of records and of strings, enums, {@code
 * Optional}s, dates and a UUID. claudegen generates {@code ClaudeOrderExtraction} and its readers
 * (package-private, so the benchmark calls them as the client does) in this module's compilation.
 */
@ClaudeEndpoint(model = BenchEndpoint.MODEL, maxTokens = 4096, timeout = "30s")
public interface OrderExtraction {

  /** The structured shape: the reply's JSON read into an {@link Order}. */
  @UserPrompt("Extract the order from this mail: {mail}")
  Order extract(String mail);

  /** Where an order stands. */
  enum Status {
    RECEIVED,
    PAID,
    SHIPPED,
    DELIVERED,
    CANCELLED
  }

  /** Who carries a shipment. */
  enum Carrier {
    UPS,
    DHL,
    FEDEX,
    USPS,
    OTHER
  }

  /** A postal address. */
  record Address(
      String name,
      String street,
      String city,
      String postalCode,
      String country,
      Optional<String> phone) {}

  /** One line of the order. */
  record Line(
      String sku, String description, int quantity, double unitPrice, Optional<String> note) {}

  /** One parcel sent. */
  record Shipment(
      Carrier carrier,
      String trackingNumber,
      LocalDate shippedOn,
      Optional<LocalDate> expectedOn,
      List<String> skus) {}

  /** The order. */
  record Order(
      UUID id,
      String customer,
      String email,
      LocalDate orderedOn,
      Status status,
      Address shippingAddress,
      Optional<Address> billingAddress,
      List<Line> lines,
      List<Shipment> shipments,
      double total,
      String currency,
      long loyaltyPoints,
      boolean gift,
      List<String> tags,
      Optional<String> notes) {}
}
