package dev.claudegen.benchmarks;

import dev.claudegen.annotations.ClaudeEndpoint;
import dev.claudegen.annotations.UserPrompt;
import java.util.concurrent.CompletableFuture;
import java.util.stream.Stream;

/**
 * The interface benchmarked, as a user writes it: claudegen generates {@code ClaudeBenchEndpoint}
 * from it in this module's own compilation, so the benchmarks measure the code users run. The
 * prompt and limits match what {@link RawFloor} and the peers ({@link Peers}) send.
 */
@ClaudeEndpoint(model = BenchEndpoint.MODEL, maxTokens = BenchEndpoint.MAX_TOKENS, timeout = "30s")
public interface BenchEndpoint {

  /** The model every client in the benchmarks names. */
  String MODEL = "claude-sonnet-4-6";

  /** The max_tokens every client in the benchmarks sends. */
  int MAX_TOKENS = 256;

  /** The one user message: the prompt below with {@code name} filled in. */
  static String prompt(String name) {
    return "Say hello to " + name + ".";
  }

  /** The plain shape: blocks the calling thread until the reply's text is there. */
  @UserPrompt("Say hello to {name}.")
  String hello(String name);

  /** The async shape: the same call as a future. */
  @UserPrompt("Say hello to {name}.")
  CompletableFuture<String> helloAsync(String name);

  /**
   * The streaming shape: returns once the first delta arrived, then the rest as they come. The
   * interface's 30 s timeout is its longest silence.
   */
  @UserPrompt("Say hello to {name}.")
  Stream<String> helloStream(String name);
}
