package dev.claudegen.runtime;

import java.util.List;
import java.util.Optional;

/** Readers written by hand as the processor generates them, for the structured-output tests. */
final class Tickets {

  private Tickets() {}

  enum Priority {
    LOW,
    MEDIUM,
    HIGH
  }

  record Ticket(String summary, Priority priority, int count, Optional<String> note) {}

  record Triage(List<Ticket> tickets) {}

  static Ticket readTicket(JsonIn in) {
    String summary = null;
    Priority priority = null;
    Integer count = null;
    Optional<String> note = Optional.empty();
    in.beginObject();
    for (String field = in.nextField(); field != null; field = in.nextField()) {
      switch (field) {
        case "summary" -> summary = in.readString();
        case "priority" -> priority = in.readEnum(Priority.values());
        case "count" -> count = in.readInt();
        case "note" -> note = in.readOptional(JsonIn::readString);
        default -> in.skipValue();
      }
    }
    Ticket ticket =
        new Ticket(
            in.required(summary, "summary"),
            in.required(priority, "priority"),
            in.required(count, "count"),
            note);
    in.endObject();
    return ticket;
  }

  static Triage readTriage(JsonIn in) {
    List<Ticket> tickets = null;
    in.beginObject();
    for (String field = in.nextField(); field != null; field = in.nextField()) {
      if (field.equals("tickets")) {
        tickets = in.readList(Tickets::readTicket);
      } else {
        in.skipValue();
      }
    }
    Triage triage = new Triage(in.required(tickets, "tickets"));
    in.endObject();
    return triage;
  }

  static String ticket(String summary, String priority, int count) {
    return "{\"summary\":\""
        + summary
        + "\",\"priority\":\""
        + priority
        + "\",\"count\":"
        + count
        + "}";
  }
}
