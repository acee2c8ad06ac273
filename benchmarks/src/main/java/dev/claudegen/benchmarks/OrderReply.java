package dev.claudegen.benchmarks;

import java.util.Locale;

/**
 * The reply text {@link StructuredDecode} reads: an {@link OrderExtraction.Order} of about 2 KB of
 * compact JSON, as a model writes it under a JSON schema (properties in the schema's order, no
 * spaces), built the same way every time. Some optionals are present, some absent, one is null.
 */
final class OrderReply {

  private OrderReply() {}

  private static final String[] ITEMS = {
    "Espresso machine, brushed steel", "Burr grinder", "Milk jug 600 ml", "Tamper 58 mm",
    "Descaling tablets (12)", "Cleaning brush set", "Double-wall cups (4)", "Coffee beans 1 kg",
  };

  /** The JSON text. */
  static String json() {
    StringBuilder out = new StringBuilder(2400);
    out.append("{\"id\":\"3f6c1a2e-8b4d-4c1e-9a7f-2d5b6e8c0f13\"")
        .append(",\"customer\":\"Ada Lovelace\",\"email\":\"ada.lovelace@example.com\"")
        .append(",\"orderedOn\":\"2026-11-24\",\"status\":\"SHIPPED\"")
        .append(",\"shippingAddress\":")
        .append(address("Ada Lovelace", "12 St James's Square", "London", "SW1Y 4JH", true))
        .append(",\"billingAddress\":")
        .append(address("Analytical Engines Ltd", "1 Marylebone Road", "London", "NW1 5LR", false))
        .append(",\"lines\":[");
    double total = 0;
    for (int i = 0; i < ITEMS.length; i++) {
      int quantity = 1 + i % 3;
      double price = 4.5 + 37.25 * ((i * 7) % 5);
      total += quantity * price;
      out.append(i == 0 ? "" : ",")
          .append("{\"sku\":\"SKU-")
          .append(10_000 + i * 137)
          .append("\",\"description\":\"")
          .append(ITEMS[i])
          .append("\",\"quantity\":")
          .append(quantity)
          .append(",\"unitPrice\":")
          .append(String.format(Locale.ROOT, "%.2f", price));
      if (i % 3 == 0) {
        out.append(",\"note\":\"gift wrap, no invoice in the parcel\"");
      }
      out.append('}');
    }
    out.append("],\"shipments\":[")
        .append(
            "{\"carrier\":\"DHL\",\"trackingNumber\":\"JD014600006281234567\","
                + "\"shippedOn\":\"2026-11-25\",\"expectedOn\":\"2026-11-28\","
                + "\"skus\":[\"SKU-10000\",\"SKU-10137\",\"SKU-10274\",\"SKU-10411\"]}")
        .append(
            ",{\"carrier\":\"UPS\",\"trackingNumber\":\"1Z999AA10123456784\","
                + "\"shippedOn\":\"2026-11-26\","
                + "\"skus\":[\"SKU-10548\",\"SKU-10685\",\"SKU-10822\",\"SKU-10959\"]}")
        .append("],\"total\":")
        .append(String.format(Locale.ROOT, "%.2f", total))
        .append(",\"currency\":\"GBP\",\"loyaltyPoints\":1843,\"gift\":true")
        .append(",\"tags\":[\"coffee\",\"kitchen\",\"repeat-customer\",\"priority\"]")
        .append(
            ",\"notes\":\"Customer asks that the second parcel be left with the neighbour at"
                + " number 14 if nobody answers; the grinder replaces one returned last month"
                + " (order 7d1e), so no second welcome voucher.\"}");
    return out.toString();
  }

  private static String address(
      String name, String street, String city, String postalCode, boolean phone) {
    return "{\"name\":\""
        + name
        + "\",\"street\":\""
        + street
        + "\",\"city\":\""
        + city
        + "\",\"postalCode\":\""
        + postalCode
        + "\",\"country\":\"GB\",\"phone\":"
        + (phone ? "\"+44 20 7946 0958\"" : "null")
        + "}";
  }
}
