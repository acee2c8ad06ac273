package dev.claudegen.benchmarks;

import com.anthropic.client.AnthropicClient;
import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;

/**
 * One whole call with one tool round, start to final text, through each client against the tool
 * endpoint of one {@link LoopbackServer} (sample time, one thread, as {@link PerCallLatency}):
 * two HTTP exchanges, the first reply asking for {@code lookupOrder}, the tool run once ({@link
 * OrderLookup}, one instance per client), its result {@link OrderLookup#RESULT_JSON} sent back,
 * the second reply's text returned.
 *
 * <p>LangChain4j is not measured here: its tool loop is {@code AiServices}, in the {@code
 * dev.langchain4j:langchain4j} artifact, which is not on this module's class path (only {@code
 * langchain4j-core} and {@code langchain4j-anthropic} are).
 *
 * <p>{@link #start} checks once that each client gets {@link LoopbackServer#TOOL_TEXT} back, ran
 * its tool exactly once in the call and got one reply of each kind (the server's counts), so no
 * client is measured failing fast, skipping the tool or asking more than twice.
 */
@State(Scope.Benchmark)
@Fork(2)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Threads(1)
public class ToolRound {

  private static final String KEY = "bench-key";

  private LoopbackServer server;
  private final OrderLookup floorTools = new OrderLookup();
  private final OrderLookup claudegenTools = new OrderLookup();
  private final OrderLookup sdkTools = new OrderLookup();
  private RawToolFloor floor;
  private ToolEndpoint claudegen;
  private AnthropicClient sdk;

  @Setup
  public void start() throws Exception {
    server = LoopbackServer.start(PerCall.SERVER_THREADS);
    floor = new RawToolFloor(server.toolsUrl(), KEY, Duration.ofSeconds(30), floorTools);
    claudegen =
        ClaudeToolEndpoint.builder()
            .apiKey(KEY)
            .baseUrl(server.toolsUrl().toString())
            .tools(claudegenTools)
            .build();
    sdk = Peers.Sdk.client(server.toolsUrl(), KEY);
    check("floor", floorTools, this::floor);
    check("claudegen", claudegenTools, this::claudegen);
    check("sdk", sdkTools, this::sdk);
  }

  @TearDown
  public void stop() {
    sdk.close();
    server.close();
  }

  /** Raw {@code HttpClient.send} twice, Jackson's streaming parser and generator: the floor. */
  @Benchmark
  public String floor() throws IOException, InterruptedException {
    return floor.where(OrderLookup.ORDER_ID);
  }

  /** The generated client's {@code String} method with {@code @Tools(OrderLookup.class)}. */
  @Benchmark
  public String claudegen() {
    return claudegen.where(OrderLookup.ORDER_ID);
  }

  /** The official SDK's manual tool loop ({@link Peers.Sdk#lookup}). */
  @Benchmark
  public String sdk() {
    return Peers.Sdk.lookup(sdk, sdkTools, OrderLookup.ORDER_ID);
  }

  /** One call of a client. */
  interface Call {
    String call() throws Exception;
  }

  private void check(String client, OrderLookup tools, Call call) throws Exception {
    long asked = server.toolUseReplies();
    long finals = server.toolFinalReplies();
    long runs = tools.runs();
    String text = call.call();
    if (!LoopbackServer.TOOL_TEXT.equals(text)) {
      throw new IllegalStateException(client + " returned " + text);
    }
    if (tools.runs() != runs + 1) {
      throw new IllegalStateException(
          client + " ran its tool " + (tools.runs() - runs) + " times in one call");
    }
    if (server.toolUseReplies() != asked + 1 || server.toolFinalReplies() != finals + 1) {
      throw new IllegalStateException(
          client
              + " got "
              + (server.toolUseReplies() - asked)
              + " tool_use replies and "
              + (server.toolFinalReplies() - finals)
              + " final replies in one call");
    }
  }
}
