package dev.claudegen.runtime;

import java.net.http.HttpClient;
import java.time.Clock;
import java.time.Duration;
import java.util.Objects;
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

  final String clientName;
  String apiKey;
  String baseUrl;
  boolean allowForeignHost;
  Transport transport;
  Duration connectTimeout = HttpClientTransport.DEFAULT_CONNECT_TIMEOUT;
  Clock clock = Clock.systemUTC();
  Sleeper sleeper = Sleeper.SYSTEM;
  ClaudeListener listener = ClaudeListener.NONE;
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

  /** What waits between retries; for tests, one that returns at once. */
  public B sleeper(Sleeper sleeper) {
    this.sleeper = Objects.requireNonNull(sleeper, "sleeper");
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

  /** The configured client, for the generated {@code build()} to bind its methods to. */
  protected final ClaudeClient buildClient() {
    return new ClaudeClient(this);
  }
}
