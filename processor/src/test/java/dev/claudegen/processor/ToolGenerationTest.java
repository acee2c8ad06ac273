package dev.claudegen.processor;

import static com.google.testing.compile.CompilationSubject.assertThat;
import static dev.claudegen.processor.StructuredGenerationTest.generate;
import static dev.claudegen.processor.StructuredGenerationTest.generated;

import com.google.testing.compile.Compilation;
import dev.claudegen.processor.ClientPlan.ReturnPlan.Mode;
import dev.claudegen.processor.PlannedGeneration.Returns;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ToolGenerationTest {

  static Map<String, Returns> deskPlans() {
    ClientPlan.ToolsPlan both =
        new ClientPlan.ToolsPlan(List.of(ToolPlans.orderTools(), ToolPlans.weather()), 8, true);
    ClientPlan.ToolsPlan orders =
        new ClientPlan.ToolsPlan(List.of(ToolPlans.orderTools()), 3, false);
    return Map.of(
        "ask", new Returns(Mode.PLAIN, new ClientPlan.ReturnPlan.Text(), both, null),
        "askLater", new Returns(Mode.ASYNC, new ClientPlan.ReturnPlan.WholeReply(), both, null),
        "find",
        new Returns(
            Mode.PLAIN,
            new ClientPlan.ReturnPlan.Structured(
                new StructuredType.Root(ToolPlans.order(), null), false),
            orders,
            "1h"),
        "plain", new Returns(Mode.PLAIN, new ClientPlan.ReturnPlan.Text(), null, "5m"));
  }

  @Test
  void dump() throws Exception {
    Compilation compilation = generate("com.acme.Desk", deskPlans(), ToolPlans.deskSources());
    try {
      java.nio.file.Files.writeString(
          java.nio.file.Path.of("/tmp/gen/ClaudeDesk.java"),
          generated(compilation, "com.acme.ClaudeDesk"));
    } catch (Exception e) {
      // nothing generated
    }
    assertThat(compilation).succeededWithoutWarnings();
  }
}
