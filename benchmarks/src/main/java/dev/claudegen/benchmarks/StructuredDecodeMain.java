package dev.claudegen.benchmarks;

import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Map;
import org.openjdk.jmh.profile.GCProfiler;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.options.CommandLineOptions;
import org.openjdk.jmh.runner.options.OptionsBuilder;

/**
 * Runs {@link StructuredDecode} with the GC profiler and prints, after JMH's own report, one
 * table: per method the time and bytes allocated per decode, each beside its ratio to databind's.
 * Any JMH option may be given ({@code -f 3 -wi 5 -i 10 ...}).
 */
public final class StructuredDecodeMain {

  private StructuredDecodeMain() {}

  public static void main(String[] args) throws Exception {
    CommandLineOptions cli = new CommandLineOptions(args);
    OptionsBuilder builder = new OptionsBuilder();
    builder.parent(cli).addProfiler(GCProfiler.class);
    if (cli.getIncludes().isEmpty()) {
      builder.include(StructuredDecode.class.getName() + "\\.");
    }
    Collection<RunResult> results = new Runner(builder.build()).run();
    System.out.println();
    System.out.println(summary(results));
  }

  /** The summary table, in Markdown, from the results of one run. */
  static String summary(Collection<RunResult> results) {
    Map<String, double[]> rows = new LinkedHashMap<>();
    for (String method : new String[] {"databind", "generated", "generatedDecoder"}) {
      rows.put(method, new double[] {Double.NaN, Double.NaN});
    }
    for (RunResult result : results) {
      String label = result.getParams().getBenchmark();
      String method = label.substring(label.lastIndexOf('.') + 1);
      rows.put(
          method,
          new double[] {result.getPrimaryResult().getScore(), PerCallMain.allocation(result)});
    }
    double[] databind = rows.get("databind");
    StringBuilder out = new StringBuilder();
    out.append("Reply: ").append(StructuredDecode.TEXT.length()).append(" characters of JSON\n\n");
    out.append("| method | ns/op | × databind | B/op | × databind |\n");
    out.append("|---|---|---|---|---|\n");
    rows.forEach(
        (method, row) -> {
          if (Double.isNaN(row[0])) {
            return;
          }
          out.append("| ")
              .append(method)
              .append(" | ")
              .append(PerCallMain.number(row[0]))
              .append(" | ")
              .append(PerCallMain.ratio(row[0], databind[0]))
              .append(" | ")
              .append(PerCallMain.number(row[1]))
              .append(" | ")
              .append(PerCallMain.ratio(row[1], databind[1]))
              .append(" |\n");
        });
    out.append("\nns/op: JMH's average time over all forks; B/op: -prof gc (gc.alloc.rate.norm).\n");
    return out.toString();
  }
}
