package dev.claudegen.benchmarks;

import com.anthropic.client.AnthropicClient;
import dev.langchain4j.model.chat.ChatModel;
import java.io.IOException;
import java.net.URI;
import java.time.Duration;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * One call, start to text, through each client against the same {@link LoopbackServer}: the
 * benchmark methods and their shared state. JMH runs them through the two subclasses, {@link
 * PerCallLatency} (sample time, one thread) and {@link PerCallThroughput} (throughput, eight
 * threads); each fork starts one server that every client of that fork talks to.
 *
 * <p>Every method returns the reply's text so JMH consumes it, and {@link #start} checks once that
 * each client really gets {@link LoopbackServer#TEXT} back, so no client is measured failing fast.
 */
@State(Scope.Benchmark)
@Fork(2)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
public abstract class PerCall {

  /** The server's handler threads: enough that eight client threads never queue behind it. */
  static final int SERVER_THREADS = 8;

  private static final String KEY = "bench-key";
  private static final String NAME = "Ada";

  private LoopbackServer server;
  private RawFloor floor;
  private BenchEndpoint claudegen;
  private AnthropicClient sdk;
  private ChatModel langchain4j;

  @Setup
  public void start() throws Exception {
    server = LoopbackServer.start(SERVER_THREADS);
    URI url = server.baseUrl();
    floor = new RawFloor(url, KEY, Duration.ofSeconds(30));
    claudegen = ClaudeBenchEndpoint.builder().apiKey(KEY).baseUrl(url.toString()).build();
    sdk = Peers.Sdk.client(url, KEY);
    langchain4j = Peers.LangChain4j.model(url, KEY);
    check("floor", floor());
    check("floorAsync", floorAsync());
    check("claudegen", claudegen());
    check("claudegenAsync", claudegenAsync());
    check("sdk", sdk());
    check("langchain4j", langchain4j());
  }

  @TearDown
  public void stop() {
    sdk.close();
    server.close();
  }

  /** Raw {@code HttpClient.send} and Jackson's streaming parser: the floor. */
  @Benchmark
  public String floor() throws IOException, InterruptedException {
    return floor.hello(NAME);
  }

  /** Raw {@code HttpClient.sendAsync(...).join()}: the floor of the async shape. */
  @Benchmark
  public String floorAsync() {
    return floor.helloAsync(NAME).join();
  }

  /** The generated client's {@code String} method. */
  @Benchmark
  public String claudegen() {
    return claudegen.hello(NAME);
  }

  /** The generated client's {@code CompletableFuture<String>} method, joined. */
  @Benchmark
  public String claudegenAsync() {
    return claudegen.helloAsync(NAME).join();
  }

  /** The official SDK (OkHttp client), as {@link Peers.Sdk} sets it up. */
  @Benchmark
  public String sdk() {
    return Peers.Sdk.hello(sdk, NAME);
  }

  /**
   * LangChain4j's {@code AnthropicChatModel} (JDK HTTP client), as {@link Peers.LangChain4j} sets
   * it up.
   */
  @Benchmark
  public String langchain4j() {
    return Peers.LangChain4j.hello(langchain4j, NAME);
  }

  private static void check(String client, String text) {
    if (!LoopbackServer.TEXT.equals(text)) {
      throw new IllegalStateException(client + " returned " + text);
    }
  }
}
