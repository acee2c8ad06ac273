package dev.claudegen.benchmarks;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeSet;
import org.openjdk.jmh.profile.GCProfiler;
import org.openjdk.jmh.results.BenchmarkResult;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.options.CommandLineOptions;
import org.openjdk.jmh.runner.options.OptionsBuilder;

/**
 * Runs {@link Streaming} with the GC profiler and prints, after JMH's own report, one table: the
 * time to the first delta (median and p99), a whole reply's time and its allocation per delta, for
 * the raw floor, the generated client and the body read alone, with claudegen's difference to the
 * floor. Medians carry their spread across forks, as {@link PerCallMain}'s do. Any JMH option may
 * be given; without an include pattern it runs the whole class, both reply lengths.
 *
 * <p>Allocation per delta is given two ways: a whole reply's B/op over its deltas (the call's own
 * cost spread over them), and the slope between the longest and the shortest reply, (B/op at N −
 * B/op at n) / (N − n), which is the cost of one more delta alone. Beside it, what the delta's own
 * {@code String} takes on the heap, the least any reader handing out {@code String}s allocates.
 */
public final class StreamingMain {

  private StreamingMain() {}

  public static void main(String[] args) throws Exception {
    CommandLineOptions cli = new CommandLineOptions(args);
    OptionsBuilder builder = new OptionsBuilder();
    builder.parent(cli).addProfiler(GCProfiler.class);
    if (cli.getIncludes().isEmpty()) {
      builder.include(Streaming.class.getName() + "\\.");
    }
    Collection<RunResult> results = new Runner(builder.build()).run();
    System.out.println();
    System.out.println(summary(results));
  }

  /** The summary table, in Markdown, from the results of one run. */
  static String summary(Collection<RunResult> results) {
    Map<String, Figures> figures = new HashMap<>();
    TreeSet<Integer> lengths = new TreeSet<>();
    for (RunResult result : results) {
      String label = result.getParams().getBenchmark();
      String method = label.substring(label.lastIndexOf('.') + 1);
      String param = result.getParams().getParam("deltas");
      if (param == null) {
        continue;
      }
      int deltas = Integer.parseInt(param);
      lengths.add(deltas);
      Figures f = new Figures();
      for (BenchmarkResult fork : result.getBenchmarkResults()) {
        f.medians.add(fork.getPrimaryResult().getStatistics().getPercentile(50));
      }
      f.p99 = result.getPrimaryResult().getStatistics().getPercentile(99);
      f.bytes = PerCallMain.allocation(result);
      figures.put(method + "@" + deltas, f);
    }
    if (lengths.isEmpty()) {
      return "(no Streaming results)";
    }
    int longest = lengths.last();
    int shortest = lengths.first();
    StringBuilder out = new StringBuilder();
    out.append("| ").append(longest).append("-delta reply unless said | body only | floor | claudegen | claudegen − floor | × floor |\n");
    out.append("|---|---|---|---|---|---|\n");
    for (int deltas : lengths) {
      row(out, "first delta, " + deltas + "-delta reply: median µs (forks)", figures, "firstDelta", "", deltas, Kind.MEDIAN);
      row(out, "first delta, " + deltas + "-delta reply: p99 µs", figures, "firstDelta", "", deltas, Kind.P99);
    }
    row(out, "whole reply: median µs (forks)", figures, "whole", "BodyOnly", longest, Kind.MEDIAN);
    row(out, "whole reply: p99 µs", figures, "whole", "BodyOnly", longest, Kind.P99);
    for (int deltas : lengths) {
      row(out, "B/op, " + deltas + "-delta reply", figures, "whole", "BodyOnly", deltas, Kind.BYTES);
    }
    if (Double.isNaN(bytes(figures, "Floor", longest)) && Double.isNaN(bytes(figures, "Claudegen", longest))) {
      return out.append(NOTE).toString();
    }
    out.append("| B/delta: B/op ÷ ").append(longest);
    for (String client : List.of("BodyOnly", "Floor", "Claudegen")) {
      out.append(" | ").append(PerCallMain.number(bytes(figures, client, longest) / longest));
    }
    double floorPer = bytes(figures, "Floor", longest) / longest;
    double claudegenPer = bytes(figures, "Claudegen", longest) / longest;
    out.append(" | ").append(signed(claudegenPer - floorPer)).append(" | ").append(PerCallMain.ratio(claudegenPer, floorPer)).append(" |\n");
    if (shortest < longest) {
      out.append("| B/delta, slope: (B/op at ").append(longest).append(" − at ").append(shortest).append(") ÷ ").append(longest - shortest);
      double[] slopes = new double[3];
      int i = 0;
      for (String client : List.of("BodyOnly", "Floor", "Claudegen")) {
        slopes[i] = (bytes(figures, client, longest) - bytes(figures, client, shortest)) / (longest - shortest);
        out.append(" | ").append(PerCallMain.number(slopes[i]));
        i++;
      }
      out.append(" | ").append(signed(slopes[2] - slopes[1])).append(" | ").append(PerCallMain.ratio(slopes[2], slopes[1])).append(" |\n");
      out.append(String.format(Locale.ROOT,
          "%nPer delta above the body read alone (slope): floor %s B, claudegen %s B. A delta's own String: %s B"
              + " on average here (24 B + a byte[] of 16 B + 1 per Latin-1 char, 8-aligned; compressed oops).%n",
          PerCallMain.number(slopes[1] - slopes[0]),
          PerCallMain.number(slopes[2] - slopes[0]),
          PerCallMain.number(ownStringBytes(longest))));
    }
    return out.append(NOTE).toString();
  }

  private static final String NOTE =
      "\nmedian: the median of the forks' medians, their lowest and highest in brackets; p99 over all samples."
          + " first delta: from the call to the first delta's String (the rest read untimed). B/op from -prof gc"
          + " (gc.alloc.rate.norm), the whole JVM: the loopback server's share and the JDK client's are in every column;"
          + " body only is the same request with its body read and not parsed.\n";

  private enum Kind {
    MEDIAN,
    P99,
    BYTES
  }

  private static void row(
      StringBuilder out, String what, Map<String, Figures> figures, String prefix, String base, int deltas, Kind kind) {
    if (!figures.containsKey(prefix + "Floor@" + deltas)
        && !figures.containsKey(prefix + "Claudegen@" + deltas)) {
      // Left out of this run (an include pattern): no row of dashes.
      return;
    }
    out.append("| ").append(what);
    Figures baseline = base.isEmpty() ? null : figures.get(prefix + base + "@" + deltas);
    Figures floor = figures.get(prefix + "Floor@" + deltas);
    Figures claudegen = figures.get(prefix + "Claudegen@" + deltas);
    out.append(" | ").append(cell(baseline, kind));
    out.append(" | ").append(cell(floor, kind));
    out.append(" | ").append(cell(claudegen, kind));
    double f = value(floor, kind);
    double c = value(claudegen, kind);
    out.append(" | ").append(signed(c - f)).append(" | ").append(PerCallMain.ratio(c, f)).append(" |\n");
  }

  private static String cell(Figures figures, Kind kind) {
    if (figures == null) {
      return "-";
    }
    return kind == Kind.MEDIAN ? PerCallMain.spread(figures.medians) : PerCallMain.number(value(figures, kind));
  }

  private static double value(Figures figures, Kind kind) {
    if (figures == null) {
      return Double.NaN;
    }
    return switch (kind) {
      case MEDIAN -> PerCallMain.median(figures.medians);
      case P99 -> figures.p99;
      case BYTES -> figures.bytes;
    };
  }

  private static double bytes(Map<String, Figures> figures, String client, int deltas) {
    Figures f = figures.get("whole" + client + "@" + deltas);
    return f == null ? Double.NaN : f.bytes;
  }

  private static String signed(double value) {
    if (Double.isNaN(value)) {
      return "-";
    }
    return (value >= 0 ? "+" : "−") + PerCallMain.number(Math.abs(value));
  }

  /**
   * The heap a reply's delta Strings take, on average per delta: a String of 24 bytes and its
   * Latin-1 byte[] (a 16-byte header and a byte per char), each 8-aligned, with compressed oops.
   */
  static double ownStringBytes(int deltas) {
    long total = 0;
    for (int i = 0; i < deltas; i++) {
      total += 24 + ((16 + LoopbackServer.delta(i).length() + 7) / 8) * 8;
    }
    return (double) total / deltas;
  }

  /** What one method measured at one reply length. */
  private static final class Figures {
    final List<Double> medians = new ArrayList<>();
    double p99 = Double.NaN;
    double bytes = Double.NaN;
  }
}
