package dev.claudegen.runtime;

import java.lang.System.Logger.Level;
import java.net.URI;
import java.time.Clock;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.Executor;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.DoubleSupplier;
import java.util.function.UnaryOperator;

/**
 * The run-time settings a generated client was built with: where the key and base URL come from,
 * the transport, the clock and sleeper, the listener. Generated clients make one through their
 * {@code Builder} and {@linkplain #bind bind} each interface method to it once, at construction;
 * nothing is looked up per call.
 *
 * <p>Precedence, highest first: values set on the builder, then the annotation ({@code baseUrl},
 * {@code apiKeyEnv}), then the environment ({@code ANTHROPIC_BASE_URL}, the key variable), then
 * the defaults.
 */
public final class ClaudeClient {

  /** The environment variable that names a base URL when neither builder nor annotation does. */
  public static final String BASE_URL_ENV = "ANTHROPIC_BASE_URL";

  private static final System.Logger LOG = System.getLogger("dev.claudegen");

  private final String clientName;
  private final String apiKey;
  private final String baseUrl;
  private final boolean allowForeignHost;
  private final Transport transport;
  private final Clock clock;
  private final Sleeper sleeper;
  private final ClaudeListener listener;
  private final ListenerFailures listenerFailures = new ListenerFailures();
  private final UnaryOperator<String> environment;
  private final DoubleSupplier random;
  private final Executor executor;
  private final ScheduledExecutorService scheduler;
  // One WARNING per build about a key that does not fit its host, however many methods bind.
  private final AtomicBoolean warnedKeyHost = new AtomicBoolean();

  ClaudeClient(ClaudeClientBuilder<?> builder) {
    this.clientName = builder.clientName;
    this.apiKey = builder.apiKey;
    this.baseUrl = builder.baseUrl;
    this.allowForeignHost = builder.allowForeignHost;
    this.scheduler = builder.scheduler != null ? builder.scheduler : defaultScheduler();
    this.executor = builder.executor != null ? builder.executor : defaultExecutor();
    // The default transport's HttpClient keeps its own threads: a dependent stage that makes a
    // plain call (and so blocks) on this executor must never starve the I/O that call waits for.
    this.transport =
        builder.transport != null
            ? builder.transport
            : HttpClientTransport.createDefault(builder.connectTimeout);
    this.clock = builder.clock;
    this.sleeper = builder.sleeper;
    this.listener = builder.listener;
    this.environment = builder.environment;
    this.random = builder.random;
  }

  /**
   * Resolves a method's key, URL and headers, once.
   *
   * @throws IllegalStateException when no API key is configured, or an Anthropic key would go to a
   *     host that is not Anthropic's
   * @throws IllegalArgumentException when the base URL is malformed, or plain http to a host that
   *     is not loopback
   */
  public <T> ClaudeCall<T> bind(CallSpec spec, ReplyDecoder<T> decoder) {
    return bind(spec, decoder, null);
  }

  /**
   * Resolves a method with tools: its calls run the tools {@code tools} holds while replies ask
   * for them ({@link CallSpec#toolsJson()} says which are offered).
   *
   * @param tools the method's tools, or null for a method without
   * @throws IllegalStateException as {@link #bind(CallSpec, ReplyDecoder)} does
   * @throws IllegalArgumentException as {@link #bind(CallSpec, ReplyDecoder)} does, and when the
   *     spec offers tools but none are given, or the other way round
   */
  public <T> ClaudeCall<T> bind(CallSpec spec, ReplyDecoder<T> decoder, ToolBox tools) {
    Objects.requireNonNull(decoder, "decoder");
    if ((tools == null) != (spec.toolsJson() == null)) {
      throw new IllegalArgumentException(
          spec.method()
              + (tools == null
                  ? ": the spec offers tools but no ToolBox runs them"
                  : ": a ToolBox is given but the spec offers no tools"));
    }
    String key = apiKey != null ? apiKey : nonBlank(environment.apply(spec.apiKeyEnv()));
    if (key == null) {
      throw new IllegalStateException(
          clientName
              + " has no API key for "
              + spec.method()
              + ": the environment variable "
              + spec.apiKeyEnv()
              + " is not set. Set it, or pass a key with "
              + clientName
              + ".builder().apiKey(...).");
    }
    if (!isHeaderSafe(key)) {
      // The JDK would reject it per call, quoting the whole key in its message.
      throw new IllegalStateException(
          clientName
              + ": the API key for "
              + spec.method()
              + " contains a space, line break or invisible character, which HTTP headers cannot"
              + " carry; check how the key was copied into "
              + (apiKey != null ? "apiKey(...)" : spec.apiKeyEnv())
              + ".");
    }
    if (!isHeaderSafe(spec.apiVersion())) {
      throw new IllegalArgumentException(
          spec.method() + ": apiVersion '" + spec.apiVersion() + "' is not a header value");
    }
    String base = baseUrl;
    BaseUrlOrigin baseOrigin = BaseUrlOrigin.BUILDER;
    if (base == null) {
      base = spec.baseUrl();
      baseOrigin = BaseUrlOrigin.ANNOTATION;
    }
    if (base == null) {
      base = nonBlank(environment.apply(BASE_URL_ENV));
      baseOrigin = BaseUrlOrigin.ENVIRONMENT;
    }
    if (base == null) {
      base = Endpoints.DEFAULT_BASE_URL;
      baseOrigin = BaseUrlOrigin.DEFAULT;
    }
    URI uri = Endpoints.messagesUri(base);
    if (key.startsWith("sk-ant-") && !allowForeignHost && !Endpoints.isAnthropicHost(uri.getHost())) {
      throw new IllegalStateException(
          clientName
              + " will not send an Anthropic API key (sk-ant-***) to "
              + uri.getHost()
              + ", which is not an anthropic.com host. A relay or proxy needs its own key (an"
              + " Anthropic key there is a 401 at best, a leak at worst). If the host is yours"
              + " and should get this key, call "
              + clientName
              + ".builder().allowForeignHost(true).");
    }
    Map<String, String> headers =
        Map.of(
            "x-api-key", key,
            "anthropic-version", spec.apiVersion(),
            "content-type", "application/json",
            "accept", "application/json");
    KeyHostAdvice advice =
        new KeyHostAdvice(
            key.startsWith("sk-ant-"),
            apiKey != null ? "set with apiKey(...)" : "from the environment variable " + spec.apiKeyEnv(),
            uri.getHost(),
            baseOrigin);
    if (advice.relayKeyAtAnthropic() && !warnedKeyHost.getAndSet(true)) {
      LOG.log(Level.WARNING, clientName + ": the API key for " + spec.method() + " " + advice.warning());
    }
    return new ClaudeCall<>(
        this, spec, decoder, tools, uri, headers, Redactor.forKey(key), advice.hint());
  }

  /**
   * Resolves a method for Message Batches, as {@link #bind(CallSpec, ReplyDecoder)} resolves it
   * for calls (the same key, base URL and checks): what a generated client's {@code Batches} holds
   * per batchable method.
   *
   * @throws IllegalStateException as {@link #bind(CallSpec, ReplyDecoder)} does
   * @throws IllegalArgumentException as {@link #bind(CallSpec, ReplyDecoder)} does, and for a
   *     method with tools, whose loop a batch cannot run
   */
  public <T> BatchMethod<T> batch(CallSpec spec, ReplyDecoder<T> decoder) {
    if (spec.toolsJson() != null) {
      throw new IllegalArgumentException(
          spec.method()
              + " has tools, and a batch cannot run them: a batch request gets one reply, while a"
              + " call with tools answers each reply that asks for them. Call it with call or"
              + " callAsync; claudegen generates no batch entry for a method with @Tools");
    }
    return new BatchMethod<>(this, bind(spec, decoder), spec, decoder);
  }

  /** {@link #bind(CallSpec, ReplyDecoder)} with the {@code String} payload; for tests. */
  ClaudeCall<String> bind(CallSpec spec) {
    return bind(spec, ReplyDecoder.TEXT);
  }

  /** Where a call's base URL came from, which decides what a user changes to fix it. */
  private enum BaseUrlOrigin {
    BUILDER("base URL set with baseUrl(...)", "pass the relay's URL to baseUrl(...)"),
    ANNOTATION(
        "base URL from @ClaudeEndpoint(baseUrl)", "set @ClaudeEndpoint(baseUrl) to the relay's URL"),
    ENVIRONMENT("base URL from " + BASE_URL_ENV, "set " + BASE_URL_ENV + " to the relay's URL"),
    DEFAULT(
        "the default base URL, as " + BASE_URL_ENV + " is not set",
        "set " + BASE_URL_ENV + " (or baseUrl(...)) to the relay's URL");

    final String described;
    final String fix;

    BaseUrlOrigin(String described, String fix) {
      this.described = described;
      this.fix = fix;
    }
  }

  /**
   * What a call's key and host say about a 401, worked out once at bind. Anthropic keys start with
   * {@code sk-ant-} and work only at anthropic.com; any other key is a relay's (or a proxy's) and
   * works only there. A key sent where its family does not belong is the error guide's top cause of
   * 401s; the texts name it, and where key and URL came from, never the key.
   */
  private record KeyHostAdvice(
      boolean anthropicKey, String keyOrigin, String host, BaseUrlOrigin baseOrigin) {

    boolean relayKeyAtAnthropic() {
      return !anthropicKey && Endpoints.isAnthropicHost(host);
    }

    boolean anthropicKeyElsewhere() {
      return anthropicKey && !Endpoints.isAnthropicHost(host);
    }

    /** The WARNING at build time, after "the API key for <method>". */
    String warning() {
      return "("
          + keyOrigin
          + ") is not an Anthropic key (those start with sk-ant-) but goes to "
          + host
          + " ("
          + baseOrigin.described
          + "), which will refuse it with 401 authentication_error. If it is a relay's key, "
          + baseOrigin.fix
          + "; otherwise use an Anthropic key.";
    }

    /** What the message of a 401 adds. */
    String hint() {
      if (relayKeyAtAnthropic()) {
        return "Likely cause: the key ("
            + keyOrigin
            + ") is not an Anthropic key (those start with sk-ant-) but was sent to "
            + host
            + " ("
            + baseOrigin.described
            + "); it looks like a relay's key. Fix: "
            + baseOrigin.fix
            + ", or use an Anthropic key for "
            + host
            + ".";
      }
      if (anthropicKeyElsewhere()) {
        return "Likely cause: an Anthropic key (sk-ant-***, "
            + keyOrigin
            + ") was sent to "
            + host
            + " ("
            + baseOrigin.described
            + "), which is not an anthropic.com host; a relay or proxy usually needs its own key."
            + " Fix: use the key that belongs to "
            + host
            + ", or send this key to "
            + Endpoints.DEFAULT_BASE_URL
            + ".";
      }
      return "Check the key ("
          + keyOrigin
          + "; "
          + baseOrigin.described
          + "): it may be mistyped, revoked, or belong to another host.";
    }
  }

  /** Visible ASCII only: what an API key or version can be. */
  private static boolean isHeaderSafe(String value) {
    return !value.isEmpty() && value.chars().allMatch(c -> c > 0x20 && c < 0x7f);
  }

  private static String nonBlank(String value) {
    return value == null || value.isBlank() ? null : value.strip();
  }

  /**
   * The executor a client makes when the builder gives none: up to as many daemon threads as
   * processors (at least two), started on demand and ended after a minute idle, so that it never
   * keeps the JVM alive and needs no shutdown. The work it runs is short (completing exchanges,
   * decoding, listener events), so a few threads serve any number of calls in flight; a custom
   * blocking transport's sends queue behind one another here, which is why the builder takes an
   * executor of the caller's.
   */
  private static ThreadPoolExecutor defaultExecutor() {
    int threads = Math.max(2, Runtime.getRuntime().availableProcessors());
    ThreadPoolExecutor pool =
        new ThreadPoolExecutor(
            threads,
            threads,
            60,
            TimeUnit.SECONDS,
            new LinkedBlockingQueue<>(),
            daemonThreads("claudegen-executor-"));
    pool.allowCoreThreadTimeOut(true);
    return pool;
  }

  /**
   * The scheduler a client makes when the builder gives none: one daemon thread, started with the
   * first retry wait and ended after a minute idle. Its tasks only hand the next attempt to the
   * executor, so one thread serves every wait; a cancelled wait is removed from its queue at once.
   */
  private static ScheduledThreadPoolExecutor defaultScheduler() {
    ScheduledThreadPoolExecutor scheduler =
        new ScheduledThreadPoolExecutor(1, daemonThreads("claudegen-scheduler-"));
    scheduler.setRemoveOnCancelPolicy(true);
    scheduler.setKeepAliveTime(60, TimeUnit.SECONDS);
    scheduler.allowCoreThreadTimeOut(true);
    return scheduler;
  }

  private static ThreadFactory daemonThreads(String prefix) {
    AtomicInteger number = new AtomicInteger();
    return task -> {
      Thread thread = new Thread(task, prefix + number.incrementAndGet());
      thread.setDaemon(true);
      return thread;
    };
  }

  /** Where async calls run their steps: the builder's executor, or the client's own. */
  Executor executor() {
    return executor;
  }

  /** Where async calls wait between retries: the builder's scheduler, or the client's own. */
  ScheduledExecutorService scheduler() {
    return scheduler;
  }

  Transport transport() {
    return transport;
  }

  Clock clock() {
    return clock;
  }

  Sleeper sleeper() {
    return sleeper;
  }

  ClaudeListener listener() {
    return listener;
  }

  /** Where what this client's listeners throw is logged, once at WARNING. */
  ListenerFailures listenerFailures() {
    return listenerFailures;
  }

  DoubleSupplier random() {
    return random;
  }

  /** Shows the settings, with the key redacted. */
  @Override
  public String toString() {
    return clientName
        + "[apiKey="
        + (apiKey == null ? "(from environment)" : Secrets.redactKey(apiKey))
        + ", baseUrl="
        + Objects.requireNonNullElse(baseUrl, "(from annotation or environment)")
        + ", transport="
        + transport
        + "]";
  }
}
