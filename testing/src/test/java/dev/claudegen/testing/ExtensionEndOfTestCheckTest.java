package dev.claudegen.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectMethod;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIf;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.platform.engine.TestExecutionResult;
import org.junit.platform.launcher.Launcher;
import org.junit.platform.launcher.TestExecutionListener;
import org.junit.platform.launcher.TestIdentifier;
import org.junit.platform.launcher.core.LauncherDiscoveryRequestBuilder;
import org.junit.platform.launcher.core.LauncherFactory;

/** What FakeClaudeExtension's check after each test does to that test's outcome. */
class ExtensionEndOfTestCheckTest {

  // The scripted tests below run only when launched from here, never by the build on their own.
  private static volatile boolean launchedHere;

  static boolean launchedHere() {
    return launchedHere;
  }

  @ExtendWith(FakeClaudeExtension.class)
  @EnabledIf("dev.claudegen.testing.ExtensionEndOfTestCheckTest#launchedHere")
  static class Scripted {
    @Test
    void leavesAReplyUnused(FakeClaude claude) throws Exception {
      claude.enqueue(FakeResponse.text("used"), FakeResponse.text("forgotten"));
      Messages.post(claude.baseUrl(), Messages.body("claude-sonnet-4-6", null, "hi"));
    }

    @Test
    void usesEveryReply(FakeClaude claude) throws Exception {
      claude.enqueue(FakeResponse.text("used"));
      Messages.post(claude.baseUrl(), Messages.body("claude-sonnet-4-6", null, "hi"));
    }

    @Test
    void optsOut(FakeClaude claude) {
      claude.allowUnusedResponses().enqueue(FakeResponse.text("spare"));
    }

    @Test
    @AllowUnusedResponses
    void annotatedToAllowUnused(FakeClaude claude) {
      claude.enqueue(FakeResponse.text("spare"));
    }

    @Test
    void failsOnItsOwn(FakeClaude claude) {
      claude.enqueue(FakeResponse.text("spare"));
      throw new AssertionError("the test's own failure");
    }
  }

  private static Throwable outcomeOf(String method) {
    List<TestExecutionResult> results = new ArrayList<>();
    Launcher launcher = LauncherFactory.create();
    launchedHere = true;
    try {
      launcher.execute(
          LauncherDiscoveryRequestBuilder.request()
              .selectors(selectMethod(Scripted.class, method, FakeClaude.class.getName()))
              .build(),
          new TestExecutionListener() {
            @Override
            public void executionFinished(TestIdentifier id, TestExecutionResult result) {
              if (id.isTest()) {
                results.add(result);
              }
            }
          });
    } finally {
      launchedHere = false;
    }
    assertEquals(1, results.size(), "tests run");
    return results.get(0).getThrowable().orElse(null);
  }

  @Test
  void aTestThatLeavesAQueuedReplyFailsNamingIt() {
    Throwable failure = outcomeOf("leavesAReplyUnused");

    assertTrue(failure instanceof AssertionError, String.valueOf(failure));
    assertTrue(failure.getMessage().contains("1 queued response not used"), failure.getMessage());
    assertTrue(failure.getMessage().contains("forgotten"), failure.getMessage());
  }

  @Test
  void aTestThatUsesEveryReplyPasses() {
    assertEquals(null, outcomeOf("usesEveryReply"));
  }

  @Test
  void allowUnusedResponsesSkipsTheCheck() {
    assertEquals(null, outcomeOf("optsOut"));
  }

  @Test
  void theAnnotationSkipsTheCheck() {
    assertEquals(null, outcomeOf("annotatedToAllowUnused"));
  }

  @Test
  void aFailedTestKeepsItsOwnFailureAlone() {
    Throwable failure = outcomeOf("failsOnItsOwn");

    assertEquals("the test's own failure", failure.getMessage());
    assertEquals(0, failure.getSuppressed().length, "no check failure added");
  }
}
