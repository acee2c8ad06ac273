package dev.claudegen.processor;

import static com.google.testing.compile.CompilationSubject.assertThat;
import static dev.claudegen.processor.Compiler.source;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;

import com.google.testing.compile.Compilation;
import com.google.testing.compile.Compiler;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import javax.tools.JavaFileObject;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The checked model of structured types: properties, formats, wrappers and descriptions. */
class StructuredModelTest {

  @TempDir Path dir;

  private static final JavaFileObject TICKET =
      source(
          "com.acme.Ticket",
          "package com.acme;",
          "import dev.claudegen.annotations.Description;",
          "import java.util.List;",
          "import java.util.Optional;",
          "/**",
          " * A support ticket,   triaged from",
          " * an {@code email}. <p>See {@link Priority}.",
          " *",
          " * @param priority how soon   someone must",
          " *     answer",
          " * @param summary not this one",
          " * @param when the day it was written",
          " */",
          "public record Ticket(Priority priority,",
          "    @Description(\"One sentence,\\n in the customer's language\") String summary,",
          "    List<String> tags, Optional<String> customerId, java.time.LocalDate when,",
          "    Address from, List<Address> via, int count) {",
          "  /** Where. */",
          "  @Description(\"A postal address\")",
          "  public record Address(String city) {}",
          "}");

  private static final JavaFileObject PRIORITY =
      source(
          "com.acme.Priority",
          "package com.acme;",
          "import dev.claudegen.annotations.Description;",
          "/** How soon. */",
          "public enum Priority {",
          "  /** Within the hour. */",
          "  URGENT,",
          "  @Description(\"Within the day\") NORMAL,",
          "  LOW",
          "}");

  @Test
  void aRecordBecomesAnObjectWithItsDescriptionsFromAnnotationsAndJavadoc() {
    Probe probe = new Probe("com.acme.Ticket", "com.acme.Priority");
    Compilation compilation = Compiler.javac().withProcessors(probe).compile(TICKET, PRIORITY);
    assertThat(compilation).succeededWithoutWarnings();

    StructuredType.Root root = probe.roots.get("com.acme.Ticket");
    assertNull(root.wrapper());
    StructuredType.ObjectType ticket = (StructuredType.ObjectType) root.type();
    assertEquals("A support ticket, triaged from an email. See Priority.", ticket.description());
    List<StructuredType.Property> properties = ticket.properties();
    assertEquals(
        List.of("priority", "summary", "tags", "customerId", "when", "from", "via", "count"),
        properties.stream().map(StructuredType.Property::name).toList());
    assertEquals("how soon someone must answer", properties.get(0).description());
    assertEquals("One sentence, in the customer's language", properties.get(1).description());
    assertNull(properties.get(2).description());
    assertEquals("the day it was written", properties.get(4).description());

    StructuredType.EnumType priority = (StructuredType.EnumType) properties.get(0).type();
    assertEquals("How soon.", priority.description());
    assertEquals(
        List.of(new StructuredType.Constant("URGENT", "Within the hour."),
            new StructuredType.Constant("NORMAL", "Within the day"),
            new StructuredType.Constant("LOW", null)),
        priority.constants());

    StructuredType.ListType tags = (StructuredType.ListType) properties.get(2).type();
    assertEquals(StructuredType.ScalarKind.STRING,
        ((StructuredType.Scalar) tags.element()).kind());
    assertEquals("java.util.List<java.lang.String>", tags.javaType().toString());
    StructuredType.Property customerId = properties.get(3);
    assertEquals(true, customerId.optional());
    assertEquals(StructuredType.ScalarKind.STRING,
        ((StructuredType.Scalar) customerId.type()).kind());
    assertEquals(StructuredType.ScalarKind.LOCAL_DATE,
        ((StructuredType.Scalar) properties.get(4).type()).kind());
    assertEquals(StructuredType.ScalarKind.INT,
        ((StructuredType.Scalar) properties.get(7).type()).kind());
    assertEquals("int", properties.get(7).type().javaType().toString());

    StructuredType.ObjectType from = (StructuredType.ObjectType) properties.get(5).type();
    assertEquals("A postal address", from.description());
    assertEquals("com.acme.Ticket.Address", from.javaType().canonicalName());
    // A record used twice is one object, for the schema's $defs.
    assertSame(from, ((StructuredType.ListType) properties.get(6).type()).element());

    StructuredType.Root enumRoot = probe.roots.get("com.acme.Priority");
    assertEquals("value", enumRoot.wrapper());
    assertSame(priority, enumRoot.type());
  }

  @Test
  void aRecordFromAClassFileHasItsComponentsAndAnnotationsButNoJavadoc() throws IOException {
    Path classes = Probe.compileToClasses(dir, TICKET, PRIORITY);
    Probe probe = new Probe("com.acme.Ticket");
    Compilation compilation =
        Probe.javacWithClasspath(classes).withProcessors(probe)
            .compile(source("com.acme.Other", "package com.acme;", "class Other {}"));
    assertThat(compilation).succeeded();
    StructuredType.ObjectType ticket =
        (StructuredType.ObjectType) probe.roots.get("com.acme.Ticket").type();
    assertNull(ticket.description());
    assertEquals(8, ticket.properties().size());
    assertNull(ticket.properties().get(0).description());
    assertEquals("One sentence, in the customer's language",
        ticket.properties().get(1).description());
    assertEquals(true, ticket.properties().get(3).optional());
    assertEquals("java.util.List<com.acme.Ticket.Address>",
        ticket.properties().get(6).type().javaType().toString());
  }

  @Test
  void javadocTextIsPlain() {
    assertEquals("Reads a b and C.d, then x < y.",
        Javadoc.body("Reads <b>a</b> {@code b} and {@link C#d},\n then x &lt; y.\n@see X"));
    assertEquals("the label", Javadoc.params("Body.\n@param a {@linkplain A the label}\n")
        .get("a"));
    assertNull(Javadoc.body("   \n@param a text"));
    assertEquals(List.of("a", "b"),
        List.copyOf(Javadoc.params("x\n@param a one\n@return r\n@param b two").keySet()));
  }
}
