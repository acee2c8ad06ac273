package dev.claudegen.benchmarks;

import com.anthropic.client.AnthropicClient;
import com.anthropic.client.okhttp.AnthropicOkHttpClient;
import com.anthropic.core.JsonValue;
import com.anthropic.models.messages.ContentBlock;
import com.anthropic.models.messages.ContentBlockParam;
import com.anthropic.models.messages.Message;
import com.anthropic.models.messages.MessageCreateParams;
import com.anthropic.models.messages.StopReason;
import com.anthropic.models.messages.Tool;
import com.anthropic.models.messages.ToolResultBlockParam;
import com.anthropic.models.messages.ToolUseBlock;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.langchain4j.model.anthropic.AnthropicChatModel;
import dev.langchain4j.model.chat.ChatModel;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

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

    /**
     * {@link OrderLookup}'s tool as the SDK's users declare one: built once, with the schema the
     * generated client sends ({@link RawToolFloor#TOOLS}).
     */
    static final Tool LOOKUP_ORDER =
        Tool.builder()
            .name("lookupOrder")
            .description("Looks up an order by its id")
            .inputSchema(
                Tool.InputSchema.builder()
                    .properties(
                        Tool.InputSchema.Properties.builder()
                            .putAdditionalProperty(
                                "orderId",
                                JsonValue.from(
                                    Map.of("type", "string", "description", "The order id")))
                            .build())
                    .addRequired("orderId")
                    .putAdditionalProperty("additionalProperties", JsonValue.from(false))
                    .build())
            .strict(true)
            .build();

    /** Writes the tools' results, as the SDK's users would: Jackson databind is on its path. */
    private static final ObjectMapper RESULTS = new ObjectMapper();

    /** {@code lookupOrder}'s input, read with the SDK's {@code JsonValue.convert}. */
    record LookupInput(String orderId) {}

    /**
     * One call with its tool loop, the SDK's documented manual form: {@code messages().create},
     * then while the reply stops with {@code tool_use}: the reply added as the assistant turn, each
     * {@code ToolUseBlock} run, their {@code ToolResultBlockParam}s added as one user turn, and
     * {@code create} again; at most eight rounds, as the generated client.
     */
    static String lookup(AnthropicClient sdk, OrderLookup tools, String orderId) {
      MessageCreateParams.Builder params =
          MessageCreateParams.builder()
              .model(BenchEndpoint.MODEL)
              .maxTokens(BenchEndpoint.MAX_TOKENS)
              .addTool(LOOKUP_ORDER)
              .addUserMessage(ToolEndpoint.prompt(orderId));
      Message reply = sdk.messages().create(params.build());
      for (int round = 0; StopReason.TOOL_USE.equals(reply.stopReason().orElse(null)); round++) {
        if (round == 8) {
          throw new IllegalStateException("more than 8 rounds of tools");
        }
        params.addMessage(reply);
        List<ContentBlockParam> results = new ArrayList<>();
        for (ContentBlock block : reply.content()) {
          if (block.toolUse().isEmpty()) {
            continue;
          }
          ToolUseBlock use = block.toolUse().get();
          if (!use.name().equals("lookupOrder")) {
            throw new IllegalStateException("unknown tool " + use.name());
          }
          LookupInput input = use._input().convert(LookupInput.class);
          String result;
          try {
            result = RESULTS.writeValueAsString(tools.lookupOrder(input.orderId()));
          } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
          }
          results.add(
              ContentBlockParam.ofToolResult(
                  ToolResultBlockParam.builder().toolUseId(use.id()).content(result).build()));
        }
        params.addUserMessageOfContentBlockParams(results);
        reply = sdk.messages().create(params.build());
      }
      return reply.content().get(0).text().orElseThrow().text();
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
