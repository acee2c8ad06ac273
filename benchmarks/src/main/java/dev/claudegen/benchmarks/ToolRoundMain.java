package dev.claudegen.benchmarks;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.openjdk.jmh.profile.GCProfiler;
import org.openjdk.jmh.results.BenchmarkResult;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.options.CommandLineOptions;
import org.openjdk.jmh.runner.options.OptionsBuilder;

/**
 * Runs {@link ToolRound} with the GC profiler and prints, after JMH's own report, one table: per
 * client the median (with its spread across forks) and p99 of one call with one tool round, and
 * bytes allocated per call, each beside its ratio to the floor. Any JMH option may be given ({@code
 * -f 3 -wi 5 -i 10 ...}); without an include pattern it runs {@link ToolRound}.
 */
public final class ToolRoundMain {

  private ToolRoundMain() {}

  public static void main(String[] args) throws Exception {
    CommandLineOptions cli = new CommandLineOptions(args);
    OptionsBuilder builder = new OptionsBuilder();
    builder.parent(cli).addProfiler(GCProfiler.class);
    if (cli.getIncludes().isEmpty()) {
      builder.include(ToolRound.class.getName() + "\\.");
    }
    Collection<RunResult> results = new Runner(builder.build()).run();
    System.out.println();
    System.out.println(summary(results));
  }

  /** The summary table, in Markdown, from the results of one run. */
  static String summary(Collection<RunResult> results) {
    Map<String, Row> rows = new LinkedHashMap<>();
    for (String client : List.of("floor", "claudegen", "sdk")) {
      rows.put(client, new Row());
    }
    for (RunResult result : results) {
      String label = result.getParams().getBenchmark();
      Row row = rows.computeIfAbsent(label.substring(label.lastIndexOf('.') + 1), c -> new Row());
      for (BenchmarkResult fork : result.getBenchmarkResults()) {
        row.medians.add(fork.getPrimaryResult().getStatistics().getPercentile(50));
      }
      row.p99 = result.getPrimaryResult().getStatistics().getPercentile(99);
      row.bytes = PerCallMain.allocation(result);
    }
    Row floor = rows.get("floor");
    StringBuilder out = new StringBuilder();
    out.append("| client | median µs (forks) | × floor | p99 µs | × floor | B/call | × floor |");
    out.append("\n");
    out.append("|---|---|---|---|---|---|---|\n");
    rows.forEach(
        (client, row) -> {
          if (row.medians.isEmpty()) {
            return;
          }
          out.append("| ").append(client)
              .append(" | ").append(PerCallMain.spread(row.medians))
              .append(" | ")
              .append(
                  PerCallMain.ratio(
                      PerCallMain.median(row.medians), PerCallMain.median(floor.medians)))
              .append(" | ").append(PerCallMain.number(row.p99))
              .append(" | ").append(PerCallMain.ratio(row.p99, floor.p99))
              .append(" | ").append(PerCallMain.number(row.bytes))
              .append(" | ").append(PerCallMain.ratio(row.bytes, floor.bytes))
              .append(" |\n");
        });
    out.append("\nOne call = two HTTP exchanges and the tool run once. median: the median of the")
        .append(" forks' medians, their lowest and highest in brackets; p99 over all samples;")
        .append(" B/call from -prof gc (gc.alloc.rate.norm), the whole JVM's, so the loopback")
        .append(" server's share, the same for every client, is in every row. × floor: the ratio")
        .append(" to the floor of the same run.\n");
    return out.toString();
  }

  /** What one client measured. */
  private static final class Row {
    final List<Double> medians = new ArrayList<>();
    double p99 = Double.NaN;
    double bytes = Double.NaN;
  }
}
