package dev.claudegen.runtime;

import dev.claudegen.annotations.ClaudeEndpoint;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * The settings of one interface method, as the processor resolved and checked them at compile
 * time. Generated clients hold one per method in a constant; nothing here is re-validated per
 * call.
 */
public final class CallSpec {

  /** The timeout of a non-streaming call when the annotation names none. */
  public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(120);

  /**
   * The timeout of a streaming call when the annotation names none: for a stream it is the
   * longest silence allowed, waiting for the headers or between two chunks of the body.
   */
  public static final Duration DEFAULT_STREAMING_TIMEOUT = Duration.ofSeconds(60);

  /** The {@code anthropic-version} sent when the annotation names none. */
  public static final String DEFAULT_API_VERSION = ClaudeEndpoint.DEFAULT_API_VERSION;

  private final String method;
  private final String model;
  private final int maxTokens;
  private final double temperature;
  private final double topP;
  private final int topK;
  private final List<String> stopSequences;
  private final int thinkingBudget;
  private final Duration timeout;
  private final String baseUrl;
  private final String apiKeyEnv;
  private final String apiVersion;
  private final List<String> fallbackModels;
  private final List<RetrySchedule> retrySchedules;
  private final List<String> userParameters;
  private final String conversationParameter;
  private final String outputSchema;
  private final String toolsJson;
  private final int maxToolRounds;
  private final String cacheTtl;

  private CallSpec(Builder builder) {
    this.method = builder.method;
    this.model = builder.model;
    this.maxTokens = builder.maxTokens;
    this.temperature = builder.temperature;
    this.topP = builder.topP;
    this.topK = builder.topK;
    this.stopSequences = List.copyOf(builder.stopSequences);
    this.thinkingBudget = builder.thinkingBudget;
    this.timeout = builder.timeout;
    this.baseUrl = builder.baseUrl;
    this.apiKeyEnv = builder.apiKeyEnv;
    this.apiVersion = builder.apiVersion;
    this.fallbackModels = List.copyOf(builder.fallbackModels);
    this.retrySchedules =
        builder.retrySchedules.isEmpty()
            ? List.of(RetrySchedule.DEFAULT)
            : List.copyOf(builder.retrySchedules);
    this.userParameters = List.copyOf(builder.userParameters);
    this.conversationParameter = builder.conversationParameter;
    this.outputSchema = builder.outputSchema;
    this.toolsJson = builder.toolsJson;
    this.maxToolRounds = builder.maxToolRounds;
    this.cacheTtl = builder.cacheTtl;
  }

  /**
   * Starts a spec.
   *
   * @param method how logs and errors name the method, like {@code "Assistant.summarize"}
   * @param model the model id
   * @param maxTokens the {@code max_tokens} of each request
   */
  public static Builder builder(String method, String model, int maxTokens) {
    return new Builder(method, model, maxTokens);
  }

  /** How logs and errors name the method, like {@code "Assistant.summarize"}. */
  public String method() {
    return method;
  }

  /** The model id or alias. */
  public String model() {
    return model;
  }

  /** The {@code max_tokens} of each request. */
  public int maxTokens() {
    return maxTokens;
  }

  /** The temperature, or NaN when not sent. */
  public double temperature() {
    return temperature;
  }

  /** The top-p, or NaN when not sent. */
  public double topP() {
    return topP;
  }

  /** The top-k, or -1 when not sent. */
  public int topK() {
    return topK;
  }

  /** The stop sequences; empty when none are sent. */
  public List<String> stopSequences() {
    return stopSequences;
  }

  /** The extended-thinking budget, or 0 for no {@code thinking} block. */
  public int thinkingBudget() {
    return thinkingBudget;
  }

  /** How long one attempt may take. */
  public Duration timeout() {
    return timeout;
  }

  /** The base URL from the annotation, or null to use the environment or the default. */
  public String baseUrl() {
    return baseUrl;
  }

  /** The environment variable holding the API key. */
  public String apiKeyEnv() {
    return apiKeyEnv;
  }

  /** The {@code anthropic-version} header. */
  public String apiVersion() {
    return apiVersion;
  }

  /** Models to fall back to once overload retries are spent; empty for none. */
  public List<String> fallbackModels() {
    return fallbackModels;
  }

  /**
   * How failures are retried: one schedule per {@code @Retry}, each for different kinds; {@link
   * RetrySchedule#DEFAULT} when the method has no {@code @Retry}. A kind no schedule names is not
   * retried.
   */
  public List<RetrySchedule> retrySchedules() {
    return retrySchedules;
  }

  /**
   * The parameters the user message is made of when its template has no other text than
   * whitespace (such as a single {@code String} parameter sent as it is): the ones to name when the
   * message turns out blank, which the API refuses. Empty when the template has text of its own,
   * so that the message cannot be blank.
   */
  public List<String> userParameters() {
    return userParameters;
  }

  /**
   * The name of the method's {@code List<Message>} parameter, for messages about its turns; null
   * when the method has none.
   */
  public String conversationParameter() {
    return conversationParameter;
  }

  /**
   * The JSON schema the reply's text must follow, sent as {@code output_config.format}; null for a
   * method whose payload is text.
   */
  public String outputSchema() {
    return outputSchema;
  }

  /**
   * The {@code tools} array sent with each request, as compact JSON the processor wrote at compile
   * time (with {@code cache_control} on its last tool when the method caches its prefix); null for
   * a method without tools.
   */
  public String toolsJson() {
    return toolsJson;
  }

  /**
   * The most times one call runs tools ({@code @Tools(maxRounds)}): a call sends at most this many
   * requests plus one. 0 for a method without tools.
   */
  public int maxToolRounds() {
    return maxToolRounds;
  }

  /**
   * The {@code ttl} of the method's cache markers, {@code "5m"} or {@code "1h"}; null when it has
   * no {@code @CacheControl}. See {@code @CacheControl} for where the markers go.
   */
  public String cacheTtl() {
    return cacheTtl;
  }

  @Override
  public String toString() {
    return method + " -> " + model + " (max_tokens " + maxTokens + ", timeout " + timeout + ")";
  }

  /** Builds a {@link CallSpec}; anything not set keeps the annotation's default. */
  public static final class Builder {
    private final String method;
    private final String model;
    private final int maxTokens;
    private double temperature = Double.NaN;
    private double topP = Double.NaN;
    private int topK = -1;
    private List<String> stopSequences = List.of();
    private int thinkingBudget;
    private Duration timeout = DEFAULT_TIMEOUT;
    private String baseUrl;
    private String apiKeyEnv = ClaudeEndpoint.DEFAULT_API_KEY_ENV;
    private String apiVersion = DEFAULT_API_VERSION;
    private List<String> fallbackModels = List.of();
    private final List<RetrySchedule> retrySchedules = new ArrayList<>();
    private List<String> userParameters = List.of();
    private String conversationParameter;
    private String outputSchema;
    private String toolsJson;
    private int maxToolRounds;
    private String cacheTtl;

    private Builder(String method, String model, int maxTokens) {
      this.method = Objects.requireNonNull(method, "method");
      this.model = Objects.requireNonNull(model, "model");
      if (maxTokens < 1) {
        throw new IllegalArgumentException("maxTokens must be at least 1, was " + maxTokens);
      }
      this.maxTokens = maxTokens;
    }

    /** Sends {@code temperature}. */
    public Builder temperature(double temperature) {
      this.temperature = temperature;
      return this;
    }

    /** Sends {@code top_p}. */
    public Builder topP(double topP) {
      this.topP = topP;
      return this;
    }

    /** Sends {@code top_k}. */
    public Builder topK(int topK) {
      this.topK = topK;
      return this;
    }

    /** Sends {@code stop_sequences}. */
    public Builder stopSequences(String... stopSequences) {
      this.stopSequences = List.of(stopSequences);
      return this;
    }

    /** Sends {@code thinking: {type: enabled, budget_tokens}}. */
    public Builder thinkingBudget(int budgetTokens) {
      this.thinkingBudget = budgetTokens;
      return this;
    }

    /** Bounds each attempt, in milliseconds. */
    public Builder timeoutMillis(long millis) {
      if (millis <= 0) {
        throw new IllegalArgumentException("timeout must be positive, was " + millis + "ms");
      }
      this.timeout = Duration.ofMillis(millis);
      return this;
    }

    /** The base URL from the annotation. */
    public Builder baseUrl(String baseUrl) {
      this.baseUrl = baseUrl;
      return this;
    }

    /** The environment variable holding the API key. */
    public Builder apiKeyEnv(String apiKeyEnv) {
      this.apiKeyEnv = Objects.requireNonNull(apiKeyEnv, "apiKeyEnv");
      return this;
    }

    /** The {@code anthropic-version} header. */
    public Builder apiVersion(String apiVersion) {
      this.apiVersion = Objects.requireNonNull(apiVersion, "apiVersion");
      return this;
    }

    /** Models to fall back to once overload retries are spent. */
    public Builder fallbackModels(String... models) {
      this.fallbackModels = List.of(models);
      return this;
    }

    /**
     * Adds a retry schedule (one per {@code @Retry}); the first call replaces the default
     * schedule.
     */
    public Builder retry(RetrySchedule schedule) {
      retrySchedules.add(Objects.requireNonNull(schedule, "schedule"));
      return this;
    }

    /** The parameters a blank user message can only come from; see {@link #userParameters()}. */
    public Builder userParameters(String... parameters) {
      this.userParameters = List.of(parameters);
      return this;
    }

    /** The name of the method's conversation parameter; see {@link #conversationParameter()}. */
    public Builder conversationParameter(String parameter) {
      this.conversationParameter = Objects.requireNonNull(parameter, "parameter");
      return this;
    }

    /**
     * The JSON schema of a structured payload, as compact JSON text (the processor writes it at
     * compile time); sent as {@code output_config.format} of type {@code json_schema}.
     */
    public Builder outputSchema(String schema) {
      this.outputSchema = Objects.requireNonNull(schema, "schema");
      return this;
    }

    /**
     * The tools sent with each request, as the compact JSON of the {@code tools} array, and the
     * most rounds of tool use in one call.
     *
     * @throws IllegalArgumentException when {@code maxRounds} is below 1
     */
    public Builder tools(String toolsJson, int maxRounds) {
      this.toolsJson = Objects.requireNonNull(toolsJson, "toolsJson");
      if (maxRounds < 1) {
        throw new IllegalArgumentException("maxRounds must be at least 1, was " + maxRounds);
      }
      this.maxToolRounds = maxRounds;
      return this;
    }

    /**
     * Marks the request's static prefix cacheable, with this {@code ttl}.
     *
     * @throws IllegalArgumentException for a ttl other than {@code "5m"} or {@code "1h"}
     */
    public Builder cacheTtl(String ttl) {
      Objects.requireNonNull(ttl, "ttl");
      if (!ttl.equals("5m") && !ttl.equals("1h")) {
        throw new IllegalArgumentException("cache ttl must be \"5m\" or \"1h\", was \"" + ttl + "\"");
      }
      this.cacheTtl = ttl;
      return this;
    }

    /** The spec. */
    public CallSpec build() {
      return new CallSpec(this);
    }
  }
}
