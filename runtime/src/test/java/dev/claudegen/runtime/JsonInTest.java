package dev.claudegen.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.claudegen.runtime.Tickets.Priority;
import dev.claudegen.runtime.Tickets.Ticket;
import dev.claudegen.runtime.Tickets.Triage;
import java.net.URI;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** Every rule of {@link JsonIn}, with the path each mismatch names. */
class JsonInTest {

  private static JsonIn.Mismatch mismatch(String json, JsonIn.Reader<?> reader) {
    return assertThrows(JsonIn.Mismatch.class, () -> JsonIn.parse(json, reader));
  }

  private static void assertMismatch(
      String path, String problem, String json, JsonIn.Reader<?> reader) {
    JsonIn.Mismatch mismatch = mismatch(json, reader);
    assertEquals(path, mismatch.path(), mismatch.getMessage());
    assertEquals(problem, mismatch.problem(), mismatch.getMessage());
    assertEquals(path + ": " + problem, mismatch.getMessage());
  }

  @Test
  void readsAnObjectSkippingUnknownPropertiesOfEveryShape() {
    Ticket ticket =
        JsonIn.parse(
            "{\"extra\":{\"a\":[1,{\"b\":null}]},\"summary\":\"Login fails\",\"more\":[true],"
                + "\"priority\":\"HIGH\",\"count\":3,\"note\":\"urgent\",\"last\":1.5}",
            Tickets::readTicket);
    assertEquals(new Ticket("Login fails", Priority.HIGH, 3, Optional.of("urgent")), ticket);
  }

  @Test
  void aMissingOptionalPropertyAndANullOneAreEmpty() {
    assertEquals(
        new Ticket("a", Priority.LOW, 1, Optional.empty()),
        JsonIn.parse(Tickets.ticket("a", "LOW", 1), Tickets::readTicket));
    assertEquals(
        new Ticket("a", Priority.LOW, 1, Optional.empty()),
        JsonIn.parse(
            "{\"summary\":\"a\",\"priority\":\"LOW\",\"count\":1,\"note\":null}",
            Tickets::readTicket));
  }

  @Test
  void aMissingRequiredPropertyIsReportedAtItsObject() {
    assertMismatch(
        "$",
        "missing required property 'summary'",
        "{\"priority\":\"LOW\",\"count\":1}",
        Tickets::readTicket);
    assertMismatch(
        "$.tickets[1]",
        "missing required property 'count'",
        "{\"tickets\":["
            + Tickets.ticket("a", "LOW", 1)
            + ",{\"summary\":\"b\","
            + "\"priority\":\"LOW\"}]}",
        Tickets::readTriage);
  }

  @Test
  void aValueOfTheWrongTypeIsReportedAtTheValue() {
    assertMismatch(
        "$.summary",
        "expected a string, got a number",
        "{\"summary\":42,\"priority\":\"LOW\",\"count\":1}",
        Tickets::readTicket);
    assertMismatch(
        "$.tickets[2].priority",
        "expected one of LOW, MEDIUM, HIGH, got a boolean",
        "{\"tickets\":["
            + Tickets.ticket("a", "LOW", 1)
            + ","
            + Tickets.ticket("b", "LOW", 2)
            + ",{\"summary\":\"c\",\"priority\":true,\"count\":3}]}",
        Tickets::readTriage);
    assertMismatch(
        "$.tickets", "expected an array, got an object", "{\"tickets\":{}}", Tickets::readTriage);
    assertMismatch("$", "expected an object, got an array", "[]", Tickets::readTicket);
    assertMismatch("$", "expected a boolean, got a string", "\"true\"", JsonIn::readBoolean);
    assertMismatch("$", "expected a number, got a string", "\"1.5\"", JsonIn::readDouble);
    assertMismatch("$", "expected an integer, got a string", "\"1\"", JsonIn::readInt);
  }

  @Test
  void jsonNullForARequiredValueIsAMismatch() {
    assertMismatch(
        "$.summary",
        "expected a string, got null",
        "{\"summary\":null,\"priority\":\"LOW\",\"count\":1}",
        Tickets::readTicket);
    assertMismatch("$", "expected an integer, got null", "null", JsonIn::readInt);
    assertMismatch(
        "$.tickets", "expected an array, got null", "{\"tickets\":null}", Tickets::readTriage);
  }

  @Test
  void integersMustFitAndHaveNoFraction() {
    assertEquals(Integer.MAX_VALUE, JsonIn.parse("2147483647", JsonIn::readInt));
    assertEquals(Integer.MIN_VALUE, JsonIn.parse("-2147483648", JsonIn::readInt));
    assertMismatch("$", "the number 2147483648 does not fit an int", "2147483648", JsonIn::readInt);
    assertMismatch(
        "$",
        "the number 99999999999999999999 does not fit an int",
        "99999999999999999999",
        JsonIn::readInt);
    assertEquals(Long.MAX_VALUE, JsonIn.parse("9223372036854775807", JsonIn::readLong));
    assertMismatch(
        "$",
        "the number 9223372036854775808 does not fit a long",
        "9223372036854775808",
        JsonIn::readLong);
    assertMismatch(
        "$.count",
        "expected an integer, got the number 1.5 (a fraction)",
        "{\"summary\":\"a\",\"priority\":\"LOW\",\"count\":1.5}",
        Tickets::readTicket);
    // JSON Schema's integer: a number whose value is whole, however written.
    assertEquals(2, JsonIn.parse("2.0", JsonIn::readInt));
    assertEquals(1000L, JsonIn.parse("1e3", JsonIn::readLong));
    assertMismatch("$", "the number 1e10 does not fit an int", "1e10", JsonIn::readInt);
  }

  @Test
  void doublesAndBooleans() {
    assertEquals(1.5, JsonIn.parse("1.5", JsonIn::readDouble));
    assertEquals(3.0, JsonIn.parse("3", JsonIn::readDouble));
    assertEquals(false, JsonIn.parse(" false ", JsonIn::readBoolean));
  }

  @Test
  void enumsMatchTheirNameIgnoringCase() {
    assertEquals(Priority.MEDIUM, JsonIn.parse("\"medium\"", in -> in.readEnum(Priority.values())));
    assertEquals(Priority.HIGH, JsonIn.parse("\"High\"", in -> in.readEnum(Priority.values())));
    assertMismatch(
        "$",
        "expected one of LOW, MEDIUM, HIGH, got \"urgent\"",
        "\"urgent\"",
        in -> in.readEnum(Priority.values()));
    assertMismatch(
        "$",
        "expected one of LOW, MEDIUM, HIGH, got \"LOWER\"",
        "\"LOWER\"",
        in -> in.readEnum(Priority.values()));
  }

  @Test
  void datesUuidsAndUris() {
    assertEquals(LocalDate.of(2025, 1, 31), JsonIn.parse("\"2025-01-31\"", JsonIn::readLocalDate));
    assertEquals(
        OffsetDateTime.of(2025, 1, 31, 9, 30, 0, 0, ZoneOffset.ofHours(2)),
        JsonIn.parse("\"2025-01-31T09:30:00+02:00\"", JsonIn::readOffsetDateTime));
    assertEquals(
        Instant.parse("2025-01-31T07:30:00Z"),
        JsonIn.parse("\"2025-01-31T09:30:00+02:00\"", JsonIn::readInstant));
    UUID uuid = UUID.randomUUID();
    assertEquals(uuid, JsonIn.parse("\"" + uuid + "\"", JsonIn::readUuid));
    assertEquals(
        URI.create("https://example.com/a?b=c"),
        JsonIn.parse("\"https://example.com/a?b=c\"", JsonIn::readUri));

    assertMismatch(
        "$",
        "expected a date like 2025-01-31, got \"31/01/2025\"",
        "\"31/01/2025\"",
        JsonIn::readLocalDate);
    assertMismatch(
        "$",
        "expected a date-time with an offset like 2025-01-31T09:30:00Z, got \"2025-01-31T09:30\"",
        "\"2025-01-31T09:30\"",
        JsonIn::readOffsetDateTime);
    assertMismatch("$", "expected a UUID, got \"1-2-3-4-5\"", "\"1-2-3-4-5\"", JsonIn::readUuid);
    assertTrue(mismatch("\"a b\"", JsonIn::readUri).problem().startsWith("expected a URI, got"));
    assertMismatch("$", "expected a string, got a number", "20250131", JsonIn::readLocalDate);
  }

  @Test
  void datesOfTenCharactersAreReadAsLocalDateParseReadsThem() {
    assertEquals(LocalDate.of(2024, 2, 29), JsonIn.parse("\"2024-02-29\"", JsonIn::readLocalDate));
    assertEquals(LocalDate.of(1, 1, 1), JsonIn.parse("\"0001-01-01\"", JsonIn::readLocalDate));
    assertEquals(
        LocalDate.of(10000, 1, 1), JsonIn.parse("\"+10000-01-01\"", JsonIn::readLocalDate));
    // In an object, the fast path reads the value's own characters, not the buffer's start.
    assertEquals(
        LocalDate.of(2025, 12, 31),
        JsonIn.parse(
            "{\"a\": \"1999-01-01x\", \"b\": \"2025-12-31\"}",
            in -> in.readWrapped("b", JsonIn::readLocalDate)));
    for (String invalid :
        new String[] {"2023-02-29", "2025-13-01", "2025-00-10", "2025-01-32", "2025-1-031",
          "2025/01/31", "2025-01-3a", "-025-01-31"}) {
      assertMismatch(
          "$.b",
          "expected a date like 2025-01-31, got \"" + invalid + "\"",
          "{\"b\": \"" + invalid + "\"}",
          in -> in.readWrapped("b", JsonIn::readLocalDate));
    }
  }

  @Test
  void listsAreUnmodifiableAndTheirElementsIndexed() {
    List<Integer> numbers = JsonIn.parse("[1, 2, 3]", in -> in.readList(JsonIn::readInt));
    assertEquals(List.of(1, 2, 3), numbers);
    assertThrows(UnsupportedOperationException.class, () -> numbers.add(4));
    assertEquals(List.of(), JsonIn.parse("[]", in -> in.readList(JsonIn::readInt)));
    assertMismatch(
        "$[2]",
        "expected an integer, got a string",
        "[1, 2, \"3\"]",
        in -> in.readList(JsonIn::readInt));
    assertMismatch(
        "$[1][0]",
        "expected a string, got a number",
        "[[\"a\"], [1]]",
        in -> in.readList(list -> list.readList(JsonIn::readString)));
    assertEquals(
        List.of(Optional.of("a"), Optional.empty()),
        JsonIn.parse("[\"a\", null]", in -> in.readList(e -> e.readOptional(JsonIn::readString))));
  }

  @Test
  void aWrappedRootIsReadFromItsProperty() {
    assertEquals(
        Priority.LOW,
        JsonIn.parse(
            "{\"other\":1,\"value\":\"low\"}",
            in -> in.readWrapped("value", v -> v.readEnum(Priority.values()))));
    assertMismatch(
        "$",
        "missing required property 'value'",
        "{\"other\":1}",
        in -> in.readWrapped("value", v -> v.readEnum(Priority.values())));
    assertMismatch(
        "$.items[1]",
        "expected a string, got a number",
        "{\"items\":[\"a\",2]}",
        in -> in.readWrapped("items", v -> v.readList(JsonIn::readString)));
  }

  @Test
  void textThatIsNotJsonIsAMismatchAtTheRoot() {
    JsonIn.Mismatch prose = mismatch("Sure! Here is the ticket: {}", Tickets::readTicket);
    assertEquals("$", prose.path());
    assertTrue(
        prose.problem().startsWith("not valid JSON: Unrecognized token 'Sure'"), prose.problem());
    assertMismatch("$", "expected an object, got the end of the text", "", Tickets::readTicket);
    assertMismatch("$", "expected an object, got the end of the text", "  ", Tickets::readTicket);
  }

  @Test
  void truncatedJsonIsAMismatchWhereParsingStopped() {
    assertMismatch(
        "$.tickets[1]",
        "the JSON ends early",
        "{\"tickets\":[" + Tickets.ticket("a", "LOW", 1) + ",{\"summary\":\"b\",\"prio",
        Tickets::readTriage);
    assertMismatch(
        "$.tickets[1].summary",
        "the JSON ends early",
        "{\"tickets\":[" + Tickets.ticket("a", "LOW", 1) + ",{\"summary\":\"b",
        Tickets::readTriage);
    assertMismatch(
        "$.tickets[1]",
        "the JSON ends early",
        "{\"tickets\":[" + Tickets.ticket("a", "LOW", 1) + ",",
        Tickets::readTriage);
    JsonIn.Mismatch broken =
        mismatch("{\"summary\":\"a\",\"priority\":\"LOW\",\"count\":1,}", Tickets::readTicket);
    assertEquals("$", broken.path());
    assertTrue(broken.problem().startsWith("not valid JSON: "), broken.problem());
    assertTrue(!broken.problem().contains("\n"), broken.problem());
  }

  @Test
  void onlyWhitespaceMayFollowTheRoot() {
    assertEquals(new Triage(List.of()), JsonIn.parse(" {\"tickets\":[]} \n", Tickets::readTriage));
    assertMismatch(
        "$",
        "the JSON value is followed by more text (an object)",
        "{\"tickets\":[]} {}",
        Tickets::readTriage);
    JsonIn.Mismatch prose = mismatch("{\"tickets\":[]} Hope this helps!", Tickets::readTriage);
    assertEquals("$", prose.path());
    assertTrue(prose.problem().startsWith("not valid JSON"), prose.problem());
  }

  @Test
  void propertyNamesThatAreNotIdentifiersAreQuotedInPaths() {
    assertMismatch(
        "$['a b']",
        "expected a string, got a number",
        "{\"a b\":1}",
        in -> {
          in.beginObject();
          for (String field = in.nextField(); field != null; field = in.nextField()) {
            in.readString();
          }
          in.endObject();
          return "";
        });
  }

  @Test
  void endObjectSkipsWhatAHandWrittenReaderLeft() {
    assertEquals(
        "a",
        JsonIn.parse(
            "{\"first\":\"a\",\"second\":{\"x\":[1]},\"third\":3}",
            in -> {
              in.beginObject();
              in.nextField();
              String first = in.readString();
              in.endObject();
              return first;
            }));
  }
}
