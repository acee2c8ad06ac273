package dev.claudegen.benchmarks;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;

/**
 * {@link PerCall}'s clients in one JVM, taking turns: round after round, each client makes {@code
 * calls} calls one after another, and the median of its calls is that round's figure. Printed per
 * client: the median of its round medians, and its ratio to the floor's.
 *
 * <p>JMH gives every benchmark a JVM of its own (a fork), and on a small machine two JVMs of the
 * same code can differ by 15% or more (where their threads land, what the JIT did). Taking turns
 * in one JVM, every client meets the same conditions, so the ratios are steadier than across
 * forks; JMH's figures remain the absolute ones.
 *
 * <p>Usage: {@code PairedPerCall [calls per round] [rounds]}, default 3000 and 12; the first
 * round warms up and is not counted.
 */
public final class PairedPerCall {

  private PairedPerCall() {}

  public static void main(String[] args) throws Exception {
    int calls = args.length > 0 ? Integer.parseInt(args[0]) : 3000;
    int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 12;
    System.out.println(table(run(calls, rounds)));
    System.exit(0); // the peers' HTTP clients keep non-daemon threads
  }

  /** Each client's round medians in µs, the warm-up round left out. */
  static Map<String, List<Double>> run(int calls, int rounds) throws Exception {
    PerCallLatency clients = new PerCallLatency();
    clients.start();
    try {
      Map<String, Callable<String>> turns = new LinkedHashMap<>();
      turns.put("floor", clients::floor);
      turns.put("claudegen", clients::claudegen);
      turns.put("sdk", clients::sdk);
      turns.put("langchain4j", clients::langchain4j);
      turns.put("floorAsync", clients::floorAsync);
      turns.put("claudegenAsync", clients::claudegenAsync);
      return takeTurns(turns, calls, rounds);
    } finally {
      clients.stop();
    }
  }

  /**
   * Round after round, each client makes {@code calls} calls one after another: each client's
   * round medians in µs, the first (warm-up) round left out.
   */
  static Map<String, List<Double>> takeTurns(
      Map<String, Callable<String>> turns, int calls, int rounds) throws Exception {
    Map<String, List<Double>> medians = new LinkedHashMap<>();
    long[] nanos = new long[calls];
    for (int round = 0; round < rounds; round++) {
      for (Map.Entry<String, Callable<String>> turn : turns.entrySet()) {
        for (int i = 0; i < calls; i++) {
          long start = System.nanoTime();
          turn.getValue().call();
          nanos[i] = System.nanoTime() - start;
        }
        Arrays.sort(nanos);
        if (round > 0) {
          medians
              .computeIfAbsent(turn.getKey(), client -> new ArrayList<>())
              .add(nanos[calls / 2] / 1000.0);
        }
      }
    }
    return medians;
  }

  /** The Markdown table: median of the round medians, lowest and highest round, × floor. */
  static String table(Map<String, List<Double>> medians) {
    double floor = median(medians.get("floor"));
    StringBuilder out = new StringBuilder();
    out.append("| client | median µs (rounds) | × floor |\n|---|---|---|\n");
    medians.forEach(
        (client, rounds) ->
            out.append(
                String.format(
                    "| %s | %.0f (%.0f-%.0f) | %.2f× |%n",
                    client,
                    median(rounds),
                    Collections.min(rounds),
                    Collections.max(rounds),
                    median(rounds) / floor)));
    return out.toString();
  }

  private static double median(List<Double> values) {
    List<Double> sorted = new ArrayList<>(values);
    Collections.sort(sorted);
    return sorted.get(sorted.size() / 2);
  }
}
