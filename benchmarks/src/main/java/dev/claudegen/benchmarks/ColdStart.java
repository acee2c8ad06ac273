package dev.claudegen.benchmarks;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.lang.management.ManagementFactory;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.ToDoubleFunction;

/**
 * Cold start: for each client a fresh JVM that builds the client, makes one call and exits, timed
 * from the moment it was spawned to its first reply.
 *
 * <p>{@code java -cp benchmarks.jar dev.claudegen.benchmarks.ColdStart [rounds]} (default 5). The
 * {@link LoopbackServer} lives in this JVM, the harness, and every child connects to it, so that a
 * child's start-up, classes and memory are its client's alone, as in an application that calls
 * the API. Each child runs with this JVM's {@code java}, options and class path. The clients
 * take turns in a rotated order, round by round, after one uncounted launch each that brings the
 * jar into the page cache.
 *
 * <p>Per launch: spawn to reply (the harness's clock when it spawned the child against the
 * child's clock when the reply's text was in hand, both the system clock, so the launcher and the
 * JVM's own boot are in it), JVM start to reply ({@code RuntimeMXBean.getStartTime()}), {@code
 * main} to reply (building the client and the one call, nothing of the JVM's boot), the CPU time
 * the process had used by the reply (all its threads, the JIT's and the collector's too), the whole
 * process's wall time to its exit, peak RSS ({@code VmHWM} after the reply) and classes loaded.
 * Then the medians, and, since on a shared machine a round's launches ran closest together, each
 * client's spawn-to-reply and CPU time over the floor's of the same round, round by round.
 */
public final class ColdStart {

  /** The clients measured, by the name the table shows. */
  static final List<String> CLIENTS = List.of("floor", "claudegen", "sdk", "langchain4j");

  private static final String KEY = "bench-key";
  private static final String NAME = "Ada";
  private static final Duration TIMEOUT = Duration.ofSeconds(30);

  private ColdStart() {}

  public static void main(String[] args) throws Exception {
    if (args.length > 0 && args[0].equals("--phase")) {
      long main = System.currentTimeMillis();
      String text = once(args[1], URI.create(args[2]));
      long replied = System.currentTimeMillis();
      if (!LoopbackServer.TEXT.equals(text)) {
        System.out.println(args[1] + " returned " + text);
        System.exit(1);
      }
      Launch launch = new Launch();
      launch.replyEpochMs = replied;
      launch.jvmToReplyMs = replied - ManagementFactory.getRuntimeMXBean().getStartTime();
      launch.mainToReplyMs = replied - main;
      launch.cpuToReplyMs =
          ProcessHandle.current().info().totalCpuDuration().map(Duration::toMillis).orElse(-1L);
      launch.peakRssMb = peakRssKb() / 1e3;
      launch.classes = ManagementFactory.getClassLoadingMXBean().getTotalLoadedClassCount();
      System.out.println("RESULT " + launch.encode());
      // Ends every client's JVM the same way, whatever threads its client leaves running.
      System.exit(0);
    }
    int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 5;
    System.out.printf(
        Locale.ROOT,
        "Cold start: one call per fresh JVM, %d rounds; %s %s, %d processors, options %s%n",
        rounds,
        System.getProperty("java.vm.name"),
        System.getProperty("java.version"),
        Runtime.getRuntime().availableProcessors(),
        ManagementFactory.getRuntimeMXBean().getInputArguments());
    Map<String, List<Launch>> byClient = new LinkedHashMap<>();
    CLIENTS.forEach(client -> byClient.put(client, new ArrayList<>()));
    try (LoopbackServer server = LoopbackServer.start(2)) {
      for (String client : CLIENTS) {
        inChildJvm(client, server.baseUrl());
      }
      System.out.println();
      System.out.println(Launch.HEADER);
      System.out.println(Launch.RULE);
      for (int round = 1; round <= rounds; round++) {
        for (int turn = 0; turn < CLIENTS.size(); turn++) {
          String client = CLIENTS.get((round - 1 + turn) % CLIENTS.size());
          Launch launch = inChildJvm(client, server.baseUrl());
          byClient.get(client).add(launch);
          System.out.println(launch.row(client + " #" + round));
        }
      }
    }
    System.out.println();
    System.out.println(summary(byClient));
    System.out.println(pairs(byClient, "spawn→reply", l -> l.spawnToReplyMs));
    System.out.println(pairs(byClient, "CPU to reply", l -> l.cpuToReplyMs));
  }

  /** Each client's {@code figure} over the floor's in the same round, round by round. */
  static String pairs(
      Map<String, List<Launch>> byClient, String name, ToDoubleFunction<Launch> figure) {
    List<Launch> floor = byClient.get("floor");
    StringBuilder out = new StringBuilder(name).append(" / floor's, round by round:\n");
    byClient.forEach(
        (client, launches) -> {
          if (client.equals("floor")) {
            return;
          }
          out.append("  ").append(client).append(':');
          for (int i = 0; i < launches.size(); i++) {
            double ratio =
                figure.applyAsDouble(launches.get(i)) / figure.applyAsDouble(floor.get(i));
            out.append(String.format(Locale.ROOT, " %.2f", ratio));
          }
          out.append('\n');
        });
    return out.toString();
  }

  /** The one call of a child, {@code client} built from nothing. */
  static String once(String client, URI baseUrl) throws IOException, InterruptedException {
    // Each branch touches only its own client's classes, so no child loads another's.
    switch (client) {
      case "floor":
        return new RawFloor(baseUrl, KEY, TIMEOUT).hello(NAME);
      case "claudegen":
        return ClaudeBenchEndpoint.builder()
            .apiKey(KEY)
            .baseUrl(baseUrl.toString())
            .build()
            .hello(NAME);
      case "sdk":
        return Peers.Sdk.hello(Peers.Sdk.client(baseUrl, KEY), NAME);
      case "langchain4j":
        return Peers.LangChain4j.hello(Peers.LangChain4j.model(baseUrl, KEY), NAME);
      default:
        throw new IllegalArgumentException("no client " + client + "; one of " + CLIENTS);
    }
  }

  /** One launch of a child JVM for {@code client}: this JVM's {@code java}, options, class path. */
  static Launch inChildJvm(String client, URI baseUrl) throws IOException, InterruptedException {
    List<String> command = new ArrayList<>();
    command.add(ProcessHandle.current().info().command().orElse("java"));
    command.addAll(ManagementFactory.getRuntimeMXBean().getInputArguments());
    command.addAll(
        List.of(
            "-cp", System.getProperty("java.class.path"),
            ColdStart.class.getName(), "--phase", client, baseUrl.toString()));
    ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
    long spawnEpochMs = System.currentTimeMillis();
    long spawnNanos = System.nanoTime();
    Process process = builder.start();
    // A peer's own warnings (LangChain4j's logging facade finding no binding) are kept and shown
    // only if the child fails, so the table stays readable.
    List<String> output = new ArrayList<>();
    String encoded = null;
    try (BufferedReader out =
        new BufferedReader(
            new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
      String line;
      while ((line = out.readLine()) != null) {
        if (line.startsWith("RESULT ")) {
          encoded = line.substring("RESULT ".length());
        } else {
          output.add(line);
        }
      }
    }
    int exit = process.waitFor();
    long wallNanos = System.nanoTime() - spawnNanos;
    if (encoded == null || exit != 0) {
      throw new IllegalStateException(
          client + " child exited with " + exit + " and no result:\n" + String.join("\n", output));
    }
    Launch launch = Launch.decode(encoded);
    launch.spawnToReplyMs = launch.replyEpochMs - spawnEpochMs;
    launch.processWallMs = wallNanos / 1e6;
    return launch;
  }

  /** The medians over rounds, lowest and highest in brackets, each one's ratio to the floor's. */
  static String summary(Map<String, List<Launch>> byClient) {
    List<Launch> floor = byClient.get("floor");
    StringBuilder out =
        new StringBuilder("Median over rounds (lowest-highest), × floor: the ratio of medians.\n");
    out.append("| client | spawn→reply ms | × floor | JVM start→reply ms | × floor ")
        .append("| main→reply ms | × floor | CPU to reply ms | × floor | process wall ms | × floor ")
        .append("| peak RSS MB | × floor | classes loaded |\n");
    out.append("|---|---|---|---|---|---|---|---|---|---|---|---|---|---|\n");
    List<ToDoubleFunction<Launch>> figures =
        List.of(
            l -> l.spawnToReplyMs,
            l -> l.jvmToReplyMs,
            l -> l.mainToReplyMs,
            l -> l.cpuToReplyMs,
            l -> l.processWallMs,
            l -> l.peakRssMb);
    byClient.forEach(
        (client, launches) -> {
          out.append("| ").append(client);
          for (ToDoubleFunction<Launch> figure : figures) {
            out.append(" | ").append(spread(launches, figure));
            double ratio = median(launches, figure) / median(floor, figure);
            out.append(" | ").append(String.format(Locale.ROOT, "%.2f×", ratio));
          }
          out.append(" | ").append(format(median(launches, l -> l.classes))).append(" |\n");
        });
    return out.toString();
  }

  /** VmHWM, the most memory this process had resident, in kB; NaN off Linux. */
  private static double peakRssKb() {
    try {
      for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
        if (line.startsWith("VmHWM:")) {
          return Double.parseDouble(line.replaceAll("[^0-9]", ""));
        }
      }
    } catch (IOException | RuntimeException e) {
      return Double.NaN;
    }
    return Double.NaN;
  }

  private static double median(List<Launch> launches, ToDoubleFunction<Launch> figure) {
    double[] values = launches.stream().mapToDouble(figure).sorted().toArray();
    int n = values.length;
    return n % 2 == 1 ? values[n / 2] : (values[n / 2 - 1] + values[n / 2]) / 2;
  }

  private static String spread(List<Launch> launches, ToDoubleFunction<Launch> figure) {
    double[] values = launches.stream().mapToDouble(figure).sorted().toArray();
    String median = format(median(launches, figure));
    if (values.length == 1) {
      return median;
    }
    return median + " (" + format(values[0]) + "-" + format(values[values.length - 1]) + ")";
  }

  private static String format(double value) {
    return String.format(Locale.ROOT, "%.0f", value);
  }

  /** What one child measured, and what the harness measured of it. */
  static final class Launch {
    static final String HEADER =
        "| launch | spawn→reply ms | JVM start→reply ms | main→reply ms | CPU to reply ms "
            + "| process wall ms | peak RSS MB | classes loaded |";
    static final String RULE = "|---|---|---|---|---|---|---|---|";

    long replyEpochMs;
    double spawnToReplyMs;
    double jvmToReplyMs;
    double mainToReplyMs;
    double cpuToReplyMs;
    double processWallMs;
    double peakRssMb;
    long classes;

    String row(String label) {
      return String.format(
          Locale.ROOT,
          "| %s | %.0f | %.0f | %.0f | %.0f | %.0f | %.1f | %d |",
          label,
          spawnToReplyMs,
          jvmToReplyMs,
          mainToReplyMs,
          cpuToReplyMs,
          processWallMs,
          peakRssMb,
          classes);
    }

    /** The child's half, on one line: what only the child can see. */
    String encode() {
      return String.format(
          Locale.ROOT,
          "replyEpochMs=%d jvmToReplyMs=%.0f mainToReplyMs=%.0f cpuToReplyMs=%.0f peakRssMb=%.3f"
              + " classes=%d",
          replyEpochMs, jvmToReplyMs, mainToReplyMs, cpuToReplyMs, peakRssMb, classes);
    }

    static Launch decode(String encoded) {
      Map<String, String> fields = new LinkedHashMap<>();
      for (String pair : encoded.trim().split(" ")) {
        int equals = pair.indexOf('=');
        fields.put(pair.substring(0, equals), pair.substring(equals + 1));
      }
      Launch launch = new Launch();
      launch.replyEpochMs = Long.parseLong(fields.get("replyEpochMs"));
      launch.jvmToReplyMs = Double.parseDouble(fields.get("jvmToReplyMs"));
      launch.mainToReplyMs = Double.parseDouble(fields.get("mainToReplyMs"));
      launch.cpuToReplyMs = Double.parseDouble(fields.get("cpuToReplyMs"));
      launch.peakRssMb = Double.parseDouble(fields.get("peakRssMb"));
      launch.classes = Long.parseLong(fields.get("classes"));
      return launch;
    }

    @Override
    public String toString() {
      return encode() + " spawnToReplyMs=" + spawnToReplyMs + " processWallMs=" + processWallMs;
    }
  }
}
