package dev.claudegen.benchmarks;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;

/**
 * {@link ToolRound}'s clients in one JVM, taking turns as {@link PairedPerCall}'s do: round after
 * round, each client makes {@code calls} calls (each with one tool round) one after another, and
 * the median of its calls is that round's figure. Printed per client: the median of its round
 * medians, the lowest and highest round, and its ratio to the floor's; steadier ratios than JMH's
 * forks, whose JVMs differ from one another.
 *
 * <p>Usage: {@code PairedToolRound [calls per round] [rounds]}, default 1500 and 12; the first
 * round warms up and is not counted.
 */
public final class PairedToolRound {

  private PairedToolRound() {}

  public static void main(String[] args) throws Exception {
    int calls = args.length > 0 ? Integer.parseInt(args[0]) : 1500;
    int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 12;
    System.out.println(PairedPerCall.table(run(calls, rounds)));
    System.exit(0); // the SDK's HTTP client keeps non-daemon threads
  }

  /** Each client's round medians in µs, the warm-up round left out. */
  static Map<String, List<Double>> run(int calls, int rounds) throws Exception {
    ToolRound clients = new ToolRound();
    clients.start();
    try {
      Map<String, Callable<String>> turns = new LinkedHashMap<>();
      turns.put("floor", clients::floor);
      turns.put("claudegen", clients::claudegen);
      turns.put("sdk", clients::sdk);
      return PairedPerCall.takeTurns(turns, calls, rounds);
    } finally {
      clients.stop();
    }
  }
}
