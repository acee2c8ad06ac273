package dev.claudegen.testing;

import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;
import org.junit.platform.commons.support.AnnotationSupport;

/**
 * JUnit 5 extension that gives each test a fresh, started {@link FakeClaude}, closes it after the
 * test and then checks that the test used every reply it scripted.
 *
 * <p>As a parameter, in a test method, a {@code @BeforeEach}/{@code @AfterEach} method or the test
 * class constructor; all parameters of one test get the same server:
 *
 * <pre>{@code
 * @ExtendWith(FakeClaudeExtension.class)
 * class MyClientTest {
 *   @Test
 *   void retriesOverloaded(FakeClaude claude) {
 *     claude.enqueue(FakeScenarios.overloaded(1));
 *     Assistant assistant = ClaudeAssistant.builder().testServer(claude.baseUrl()).build();
 *     assertEquals(FakeClaude.DEFAULT_TEXT, assistant.ask("Hi"));
 *   }
 * }
 * }</pre>
 *
 * <p>Or as a field, reaching the current test's server through {@link #server()}:
 *
 * <pre>{@code
 * class MyClientTest {
 *   @RegisterExtension static FakeClaudeExtension claude = new FakeClaudeExtension();
 *
 *   @Test
 *   void sendsVersionHeader() {
 *     ClaudeAssistant.builder().testServer(claude.server().baseUrl()).build().ask("Hi");
 *     assertEquals("2026-10-21", claude.server().takeRequest().header("anthropic-version"));
 *   }
 * }
 * }</pre>
 *
 * <p>A parameter of a {@code @BeforeAll} method, or of the constructor of a {@code
 * PER_CLASS}-lifecycle test class, gets one server shared by all tests of the class, closed after
 * them.
 *
 * <h2>The end-of-test check</h2>
 *
 * <p>After a test that passed, the extension closes its server and calls {@link
 * FakeClaude#verifyAllUsed()}, so a test fails when a queued or {@link FakeClaude.Rule#replyInOrder
 * in-order} reply was never sent (the code under test made fewer calls than scripted), a rule
 * threw, or a replayed request matched no recording. The failure lists what was left. A test that
 * failed already is not checked, so that its own failure stays the one reported. A server shared by
 * a class is checked once, after all its tests. To skip the check, annotate the test method or
 * class with {@link AllowUnusedResponses @AllowUnusedResponses}, or call {@link
 * FakeClaude#allowUnusedResponses()} on the server.
 *
 * <p>{@link #server()} tracks a single current test per extension instance; when the tests of a
 * class run in parallel, use parameters instead.
 */
public final class FakeClaudeExtension
    implements ParameterResolver, BeforeEachCallback, AfterEachCallback, AfterAllCallback {
  private static final ExtensionContext.Namespace NAMESPACE =
      ExtensionContext.Namespace.create(FakeClaudeExtension.class);
  private static final String KEY = "server";

  private volatile FakeClaude current;

  /** Creates the extension; JUnit does so itself for {@code @ExtendWith}. */
  public FakeClaudeExtension() {}

  /**
   * The server of the test that is running.
   *
   * @throws IllegalStateException outside a test (before {@code beforeEach} or after {@code
   *     afterEach})
   */
  public FakeClaude server() {
    FakeClaude server = current;
    if (server == null) {
      throw new IllegalStateException(
          "FakeClaudeExtension.server() is only available while a test runs");
    }
    return server;
  }

  /** Whether the parameter is of type {@link FakeClaude}. */
  @Override
  public boolean supportsParameter(ParameterContext parameterContext, ExtensionContext context) {
    return parameterContext.getParameter().getType() == FakeClaude.class;
  }

  /** The server of the current test, or of the class for class-level parameters. */
  @Override
  public Object resolveParameter(ParameterContext parameterContext, ExtensionContext context) {
    return serverFor(context);
  }

  /**
   * Asks JUnit to resolve constructor parameters in the test method's context, so that the
   * constructor gets the same fresh server as the test rather than one shared by the class.
   */
  @Override
  public ExtensionContextScope getTestInstantiationExtensionContextScope(
      ExtensionContext rootContext) {
    return ExtensionContextScope.TEST_METHOD;
  }

  /** Starts the test's server (unless a parameter already did). */
  @Override
  public void beforeEach(ExtensionContext context) {
    current = serverFor(context);
  }

  /**
   * Closes the test's server and, if the test passed, checks it with {@link
   * FakeClaude#verifyAllUsed()}.
   */
  @Override
  public void afterEach(ExtensionContext context) {
    current = null;
    closeOwn(context);
  }

  /**
   * Closes the class's server, if a class-level parameter created one, and checks it like {@link
   * #afterEach}.
   */
  @Override
  public void afterAll(ExtensionContext context) {
    closeOwn(context);
  }

  private static FakeClaude serverFor(ExtensionContext context) {
    // Looks in the enclosing (class) stores too, which is what shares a @BeforeAll server.
    return context
        .getStore(NAMESPACE)
        .getOrComputeIfAbsent(KEY, key -> FakeClaude.start(), FakeClaude.class);
  }

  private static boolean allowsUnused(ExtensionContext context) {
    return AnnotationSupport.isAnnotated(context.getTestMethod(), AllowUnusedResponses.class)
        || AnnotationSupport.isAnnotated(context.getTestClass(), AllowUnusedResponses.class);
  }

  private static void closeOwn(ExtensionContext context) {
    // remove() only touches this context's own store, so a shared class server survives a test.
    FakeClaude server = context.getStore(NAMESPACE).remove(KEY, FakeClaude.class);
    if (server != null) {
      // Closed first, so that no late request can change what is checked.
      server.close();
      if (server.checkedAfterTest()
          && context.getExecutionException().isEmpty()
          && !allowsUnused(context)) {
        server.verifyAllUsed();
      }
    }
  }
}
