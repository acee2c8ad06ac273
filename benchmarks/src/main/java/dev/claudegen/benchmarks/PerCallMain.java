package dev.claudegen.benchmarks;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.openjdk.jmh.profile.GCProfiler;
import org.openjdk.jmh.results.BenchmarkResult;
import org.openjdk.jmh.results.Result;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.options.CommandLineOptions;
import org.openjdk.jmh.runner.options.Options;
import org.openjdk.jmh.runner.options.OptionsBuilder;

/**
 * Runs {@link PerCallLatency} and {@link PerCallThroughput} in one JMH run with the GC profiler
 * and prints, after JMH's own report, one table: per client the median and p99 of one call, calls
 * per second on eight threads and bytes allocated per call, each beside its ratio to the floor.
 * Medians and throughput carry their spread across forks (lowest to highest fork), as each fork
 * is a JVM of its own. Any JMH option may be given ({@code -f 3 -wi 5 -i 10 ...}); without an
 * include pattern it runs both classes.
 */
public final class PerCallMain {

  private PerCallMain() {}

  public static void main(String[] args) throws Exception {
    CommandLineOptions cli = new CommandLineOptions(args);
    OptionsBuilder builder = new OptionsBuilder();
    builder.parent(cli).addProfiler(GCProfiler.class);
    if (cli.getIncludes().isEmpty()) {
      builder.include(PerCallLatency.class.getName() + "\\.").include(PerCallThroughput.class.getName() + "\\.");
    }
    Options options = builder.build();
    Collection<RunResult> results = new Runner(options).run();
    System.out.println();
    System.out.println(summary(results));
  }

  /** The summary table, in Markdown, from the results of one run. */
  static String summary(Collection<RunResult> results) {
    Map<String, Row> rows = new LinkedHashMap<>();
    for (String client : List.of("floor", "claudegen", "sdk", "langchain4j", "floorAsync", "claudegenAsync")) {
      rows.put(client, new Row());
    }
    for (RunResult result : results) {
      String label = result.getParams().getBenchmark();
      String client = label.substring(label.lastIndexOf('.') + 1);
      Row row = rows.computeIfAbsent(client, c -> new Row());
      boolean latency = label.contains(PerCallLatency.class.getSimpleName() + ".");
      for (BenchmarkResult fork : result.getBenchmarkResults()) {
        Result<?> primary = fork.getPrimaryResult();
        if (latency) {
          row.medians.add(primary.getStatistics().getPercentile(50));
        } else {
          row.throughputs.add(primary.getScore());
        }
      }
      if (latency) {
        row.p99 = result.getPrimaryResult().getStatistics().getPercentile(99);
        row.bytesOneThread = allocation(result);
      } else {
        row.bytesEightThreads = allocation(result);
      }
    }
    Row floor = rows.get("floor");
    StringBuilder out = new StringBuilder();
    out.append("| client | median µs (forks) | × floor | p99 µs | × floor | calls/s, 8 threads (forks) | × floor | B/call, 1 thread | B/call, 8 threads | × floor |\n");
    out.append("|---|---|---|---|---|---|---|---|---|---|\n");
    rows.forEach(
        (client, row) -> {
          if (row.medians.isEmpty() && row.throughputs.isEmpty()) {
            return;
          }
          out.append("| ").append(client)
              .append(" | ").append(spread(row.medians))
              .append(" | ").append(ratio(median(row.medians), median(floor.medians)))
              .append(" | ").append(number(row.p99))
              .append(" | ").append(ratio(row.p99, floor.p99))
              .append(" | ").append(spread(row.throughputs))
              .append(" | ").append(ratio(median(row.throughputs), median(floor.throughputs)))
              .append(" | ").append(number(row.bytesOneThread))
              .append(" | ").append(number(row.bytesEightThreads))
              .append(" | ").append(ratio(row.bytesEightThreads, floor.bytesEightThreads))
              .append(" |\n");
        });
    out.append("\nmedian and calls/s: the median of the forks' figures, their lowest and highest in brackets;")
        .append(" p99 over all samples; B/call from -prof gc (gc.alloc.rate.norm). × floor: the ratio to")
        .append(" the floor of the same run (asyncs too are beside the blocking floor; floorAsync is raw sendAsync).")
        .append(" B/call counts the whole JVM, so the loopback server's own share, the same for every client, is in every row.\n");
    return out.toString();
  }

  static double allocation(RunResult result) {
    Result<?> norm = result.getSecondaryResults().get("gc.alloc.rate.norm");
    return norm == null ? Double.NaN : norm.getScore();
  }

  static double median(List<Double> values) {
    if (values.isEmpty()) {
      return Double.NaN;
    }
    List<Double> sorted = new ArrayList<>(values);
    sorted.sort(null);
    int n = sorted.size();
    return n % 2 == 1 ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2;
  }

  static String spread(List<Double> values) {
    if (values.isEmpty()) {
      return "-";
    }
    double low = values.stream().mapToDouble(Double::doubleValue).min().orElseThrow();
    double high = values.stream().mapToDouble(Double::doubleValue).max().orElseThrow();
    String median = number(median(values));
    return values.size() == 1 ? median : median + " (" + number(low) + "-" + number(high) + ")";
  }

  static String number(double value) {
    if (Double.isNaN(value)) {
      return "-";
    }
    return value >= 100 ? String.format(Locale.ROOT, "%,.0f", value) : String.format(Locale.ROOT, "%.1f", value);
  }

  static String ratio(double value, double floor) {
    if (Double.isNaN(value) || Double.isNaN(floor) || floor == 0) {
      return "-";
    }
    return String.format(Locale.ROOT, "%.2f×", value / floor);
  }

  /** What one client measured. */
  private static final class Row {
    final List<Double> medians = new ArrayList<>();
    final List<Double> throughputs = new ArrayList<>();
    double p99 = Double.NaN;
    double bytesOneThread = Double.NaN;
    double bytesEightThreads = Double.NaN;
  }
}
