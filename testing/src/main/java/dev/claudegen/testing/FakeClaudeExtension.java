package dev.claudegen.testing;

import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * JUnit 5 extension that gives each test a fresh, started {@link FakeClaude} and closes it after
 * the test.
 *
 * <p>As a parameter, in a test method, a {@code @BeforeEach}/{@code @AfterEach} method or the test
 * class constructor; all parameters of one test get the same server:
 *
 * <pre>{@code
 * @ExtendWith(FakeClaudeExtension.class)
 * class MyClientTest {
 *   @Test
 *   void retriesOverloaded(FakeClaude claude) {
 *     claude.enqueue(FakeResponse.error(529, "overloaded_error", "Overloaded"));
 *     ...
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
 *     new MyClient(claude.server().baseUrl()).ask("Hi");
 *     assertEquals("2023-06-01", claude.server().takeRequest().header("anthropic-version"));
 *   }
 * }
 * }</pre>
 *
 * <p>A parameter of a {@code @BeforeAll} method, or of the constructor of a {@code
 * PER_CLASS}-lifecycle test class, gets one server shared by all tests of the class, closed after
 * them.
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

  /** Closes the test's server. */
  @Override
  public void afterEach(ExtensionContext context) {
    current = null;
    closeOwn(context);
  }

  /** Closes the class's server, if a class-level parameter created one. */
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

  private static void closeOwn(ExtensionContext context) {
    // remove() only touches this context's own store, so a shared class server survives a test.
    FakeClaude server = context.getStore(NAMESPACE).remove(KEY, FakeClaude.class);
    if (server != null) {
      server.close();
    }
  }
}
