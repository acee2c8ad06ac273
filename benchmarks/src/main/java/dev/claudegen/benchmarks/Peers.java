package dev.claudegen.benchmarks;

import com.anthropic.client.AnthropicClient;
import com.anthropic.client.okhttp.AnthropicOkHttpClient;
import com.anthropic.models.messages.MessageCreateParams;
import dev.langchain4j.model.anthropic.AnthropicChatModel;
import dev.langchain4j.model.chat.ChatModel;
import java.net.URI;
import java.time.Duration;

/**
 * The two peers measured beside claudegen, each set up the way its own documentation shows and
 * sending what {@link BenchEndpoint} sends (its model, max tokens and prompt), so that {@link
 * PerCall} and {@link ColdStart} measure the same configuration. One class each: verifying a
 * class may load the types its methods name, and a cold start of one peer must load nothing of
 * the other.
 */
final class Peers {

  private Peers() {}

  /**
   * The official SDK, {@code com.anthropic:anthropic-java} with its OkHttp client: default settings
   * (two retries, its own timeouts) but the base URL.
   */
  static final class Sdk {

    private Sdk() {}

    static AnthropicClient client(URI baseUrl, String apiKey) {
      return AnthropicOkHttpClient.builder().apiKey(apiKey).baseUrl(baseUrl.toString()).build();
    }

    /** One call, its parameters built per call as the SDK's users do. */
    static String hello(AnthropicClient sdk, String name) {
      MessageCreateParams params =
          MessageCreateParams.builder()
              .model(BenchEndpoint.MODEL)
              .maxTokens(BenchEndpoint.MAX_TOKENS)
              .addUserMessage(BenchEndpoint.prompt(name))
              .build();
      return sdk.messages().create(params).content().get(0).text().orElseThrow().text();
    }
  }

  /**
   * LangChain4j's {@code AnthropicChatModel} ({@code dev.langchain4j:langchain4j-anthropic}):
   * default settings (two retries; the HTTP client its service loader finds, which here can only
   * be {@code langchain4j-http-client-jdk}, over {@code java.net.http}) but the base URL, and a
   * 30 s timeout as {@link BenchEndpoint} and the floor have.
   */
  static final class LangChain4j {

    private LangChain4j() {}

    static ChatModel model(URI baseUrl, String apiKey) {
      return AnthropicChatModel.builder()
          // Its base URL names the API version's path, to which it adds "messages".
          .baseUrl(baseUrl.resolve("/v1/").toString())
          .apiKey(apiKey)
          .modelName(BenchEndpoint.MODEL)
          .maxTokens(BenchEndpoint.MAX_TOKENS)
          .timeout(Duration.ofSeconds(30))
          .build();
    }

    /** One call through {@code ChatModel.chat(String)}, the one-line form its users write. */
    static String hello(ChatModel model, String name) {
      return model.chat(BenchEndpoint.prompt(name));
    }
  }
}
