package dev.claudegen.runtime;

import java.net.URI;
import java.net.http.HttpClient;
import java.time.Clock;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.Executor;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.DoubleSupplier;
import java.util.function.UnaryOperator;

/**
 * The settings every generated {@code Claude<Name>.Builder} shares. Values set here beat the
 * annotations, which beat the environment, which beats the defaults.
 *
 * <pre>{@code
 * Assistant assistant = ClaudeAssistant.builder()
 *     .apiKey(secrets.get("anthropic"))
 *     .baseUrl("https://api.anthropic.com")
 *     .build();
 * }</pre>
 *
 * @param <B> the generated builder, so chained calls keep its type
 */
public abstract class ClaudeClientBuilder<B extends ClaudeClientBuilder<B>> {

  /**
   * The API key {@link #testServer} sets when none was: visibly not a real key, and not an
   * Anthropic one ({@code sk-ant-}), so no host check objects to it.
   */
  public static final String TEST_API_KEY = "test-key";

  final String clientName;
  String apiKey;
  String baseUrl;
  boolean allowForeignHost;
  Transport transport;
  Duration connectTimeout = HttpClientTransport.DEFAULT_CONNECT_TIMEOUT;
  Clock clock = Clock.systemUTC();
  Sleeper sleeper = Sleeper.SYSTEM;
  private boolean sleeperSet;
  ClaudeListener listener = ClaudeListener.NONE;
  Executor executor;
  ScheduledExecutorService scheduler;
  UnaryOperator<String> environment = System::getenv;
  // In [0, 1): how much of the jitter each retry wait loses. Tests fix it to assert exact waits.
  DoubleSupplier random = () -> ThreadLocalRandom.current().nextDouble();

  /**
   * Starts a builder.
   *
   * @param clientName the generated class's simple name, used in error messages
   */
  protected ClaudeClientBuilder(String clientName) {
    this.clientName = Objects.requireNonNull(clientName, "clientName");
  }

  @SuppressWarnings("unchecked") // B is the concrete generated builder by construction.
  private B self() {
    return (B) this;
  }

  /** The API key, instead of the environment variable the annotation names. */
  public B apiKey(String apiKey) {
    Objects.requireNonNull(apiKey, "apiKey");
    if (apiKey.isBlank()) {
      throw new IllegalArgumentException("apiKey is blank");
    }
    this.apiKey = apiKey.strip();
    return self();
  }

  /**
   * The base URL, like {@code https://api.anthropic.com}, instead of the annotation's or {@code
   * ANTHROPIC_BASE_URL}. Plain {@code http} is accepted only to loopback.
   */
  public B baseUrl(String baseUrl) {
    this.baseUrl = Objects.requireNonNull(baseUrl, "baseUrl");
    return self();
  }

  /**
   * Allows sending a key that starts with {@code sk-ant-} (an Anthropic key) to a host outside
   * {@code anthropic.com}. Off by default: relays need keys of their own, and sending them an
   * Anthropic key leaks it.
   */
  public B allowForeignHost(boolean allow) {
    this.allowForeignHost = allow;
    return self();
  }

  /**
   * Points the client at a local test server, such as claudegen-testing's {@code FakeClaude}, in
   * one call: sets the {@linkplain #baseUrl base URL}, the {@linkplain #apiKey API key} {@value
   * #TEST_API_KEY} unless one was set before, and a {@linkplain #sleeper sleeper} that returns at
   * once unless one was set before, so that retry backoff and {@code retry-after} waits take no
   * real time (the retry schedule is otherwise followed as configured), for plain and {@code
   * CompletableFuture} methods alike. Later calls of those setters still win.
   *
   * <pre>{@code
   * try (FakeClaude claude = FakeClaude.start()) {
   *   claude.enqueue(FakeScenarios.overloaded(2));
   *   Assistant assistant = ClaudeAssistant.builder().testServer(claude.baseUrl()).build();
   *   assertEquals(FakeClaude.DEFAULT_TEXT, assistant.ask("Hi"));  // two retries, no waiting
   * }
   * }</pre>
   *
   * @param baseUrl an absolute {@code http} or {@code https} URL whose host is loopback: {@code
   *     localhost}, {@code 127.0.0.0/8} or {@code ::1}, given literally (no name is resolved)
   * @throws IllegalArgumentException if the URL is not absolute {@code http(s)}, or its host is not
   *     loopback: a client without backoff waits must never reach a real host
   */
  public B testServer(URI baseUrl) {
    Objects.requireNonNull(baseUrl, "baseUrl");
    String scheme = baseUrl.getScheme();
    if (scheme == null
        || !(scheme.equalsIgnoreCase("http") || scheme.equalsIgnoreCase("https"))
        || baseUrl.getHost() == null) {
      throw new IllegalArgumentException(
          "testServer needs an absolute http URL of a local test server, like"
              + " http://127.0.0.1:54321; got '"
              + baseUrl
              + "'");
    }
    if (!Endpoints.isLoopback(baseUrl.getHost())) {
      throw new IllegalArgumentException(
          "testServer refuses '"
              + baseUrl
              + "': its host is not loopback (localhost, 127.0.0.0/8, ::1). testServer turns off"
              + " retry waits and is meant for local fakes only; use baseUrl(...) for real hosts.");
    }
    this.baseUrl = baseUrl.toString();
    if (apiKey == null) {
      this.apiKey = TEST_API_KEY;
    }
    if (!sleeperSet) {
      this.sleeper = duration -> {};
    }
    return self();
  }

  /** Sends requests through this transport instead of a new {@link HttpClient}. */
  public B transport(Transport transport) {
    this.transport = Objects.requireNonNull(transport, "transport");
    return self();
  }

  /**
   * How long the default transport waits for a TCP (and TLS) connection; 10 s unless set. A
   * connection not made in time is a {@link ClaudeTimeoutException}. Has no effect with {@link
   * #transport} or {@link #httpClient}, whose own settings apply.
   */
  public B connectTimeout(Duration connectTimeout) {
    Objects.requireNonNull(connectTimeout, "connectTimeout");
    if (connectTimeout.isNegative() || connectTimeout.isZero()) {
      throw new IllegalArgumentException("connectTimeout must be positive, was " + connectTimeout);
    }
    this.connectTimeout = connectTimeout;
    return self();
  }

  /** Sends requests through this {@link HttpClient}, for a proxy, TLS or executor of yours. */
  public B httpClient(HttpClient httpClient) {
    return transport(new HttpClientTransport(httpClient));
  }

  /**
   * The clock that {@code retry-after} dates are read against and a retry policy's {@code
   * maxElapsed} is measured with; for tests.
   */
  public B clock(Clock clock) {
    this.clock = Objects.requireNonNull(clock, "clock");
    return self();
  }

  /**
   * What waits between retries; for tests, one that returns at once. Plain calls wait with it on
   * the caller's thread. {@code CompletableFuture} methods wait on the {@link #scheduler} while
   * the sleeper is {@link Sleeper#SYSTEM}; any other sleeper is used for their waits too, on the
   * executor, so that a test's sleeper sees (and skips) the waits of both modes. Pass {@code
   * Sleeper.SYSTEM} to restore the scheduler.
   */
  public B sleeper(Sleeper sleeper) {
    this.sleeper = Objects.requireNonNull(sleeper, "sleeper");
    this.sleeperSet = true;
    return self();
  }

  /**
   * Where {@code CompletableFuture} methods run their steps: completing an exchange, decoding the
   * reply, telling the listener, and a custom transport's blocking {@link Transport#send}. The
   * future's own dependent stages run here too, unless added with an {@code ...Async} variant. The
   * client never shuts it down. Without one the client makes its own: as many daemon threads as
   * processors (at least two), ended when idle, so it never keeps the JVM alive. Its tasks are
   * short, so do not block in a dependent stage (chain further calls with {@code thenCompose}),
   * and give an executor of yours to a custom blocking transport, whose sends hold a thread each.
   */
  public B executor(Executor executor) {
    this.executor = Objects.requireNonNull(executor, "executor");
    return self();
  }

  /**
   * Where {@code CompletableFuture} methods wait between retries: each wait is one scheduled task,
   * so calls parked in backoff hold no thread. Its tasks only hand the next attempt to the {@link
   * #executor}. The client never shuts it down. Without one the client makes its own, of one
   * daemon thread that ends when idle. A {@link #sleeper} set on the builder (as {@link
   * #testServer} does) replaces it for tests: async waits then go through the sleeper.
   */
  public B scheduler(ScheduledExecutorService scheduler) {
    this.scheduler = Objects.requireNonNull(scheduler, "scheduler");
    return self();
  }

  /** Jitter's random source, numbers in [0, 1); package-private so that only tests fix it. */
  B random(DoubleSupplier random) {
    this.random = Objects.requireNonNull(random, "random");
    return self();
  }

  /** Hears requests, replies, retries, fallbacks and failures. */
  public B listener(ClaudeListener listener) {
    this.listener = Objects.requireNonNull(listener, "listener");
    return self();
  }

  /**
   * Where environment variables are read from; {@code System::getenv} by default. Lets tests and
   * configuration systems supply {@code ANTHROPIC_API_KEY} and {@code ANTHROPIC_BASE_URL}.
   */
  public B environment(UnaryOperator<String> environment) {
    this.environment = Objects.requireNonNull(environment, "environment");
    return self();
  }

  /**
   * The exception a generated {@code build()} throws when tools types were left without an
   * implementation, naming each.
   *
   * @param missing the simple names of the {@code @Tools} types not set, in declaration order
   */
  protected final IllegalStateException missingTools(java.util.List<String> missing) {
    return new IllegalStateException(
        clientName
            + " needs an implementation of "
            + String.join(", ", missing)
            + " for its tools; pass "
            + (missing.size() == 1 ? "it" : "each")
            + " with "
            + clientName
            + ".builder().tools(...) before build()");
  }

  /** The configured client, for the generated {@code build()} to bind its methods to. */
  protected final ClaudeClient buildClient() {
    return new ClaudeClient(this);
  }
}
