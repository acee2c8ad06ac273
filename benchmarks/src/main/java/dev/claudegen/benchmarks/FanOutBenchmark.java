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
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;

/**
 * Fan-out at scale: {@code calls} {@code CompletableFuture} calls in flight at once through one
 * client, against a {@link LoopbackServer} that answers each {@code delay} after it arrived, the
 * generated client beside raw {@code HttpClient.sendAsync} in the same run.
 *
 * <p>{@code java -cp benchmarks.jar dev.claudegen.benchmarks.FanOutBenchmark [calls] [delayMs]
 * [rounds]} (defaults 10000, 2000, 3). The server lives in this JVM; each client runs in a fresh
 * JVM of its own per round (raw and claudegen alternate which goes first), so that its thread
 * count and resident memory are its own and not what an earlier round left. Per client and round
 * it prints the wall time from the first call to the last reply, the time submitting took, the
 * peak thread count, peak heap used and peak RSS of the client's JVM, replies, failures, calls
 * lost (not complete a minute past the timeout), latency median, p99 and max as the caller sees
 * it, the most requests the server held at once, and whether every caller's wait stayed within
 * the call's 30 s timeout (queueing inside the client included). A delay above 30 s shows what
 * each client does when the timeout must fire.
 */
public final class FanOutBenchmark {

  /** The timeout of both clients: {@link BenchEndpoint}'s, and the raw request's. */
  static final Duration TIMEOUT = Duration.ofSeconds(30);

  /** How late past the timeout a caller may hear of it and still count as bounded. */
  static final Duration SLACK = Duration.ofSeconds(2);

  /** The clients measured, by the name the table shows. */
  static final List<String> CLIENTS = List.of("raw", "claudegen");

  private FanOutBenchmark() {}

  public static void main(String[] args) throws Exception {
    if (args.length > 0 && args[0].equals("--phase")) {
      RetryCounter retries = RetryCounter.install();
      Result result = run(args[1], URI.create(args[2]), Integer.parseInt(args[3]));
      result.retryLogs = retries.count();
      System.out.println("RESULT " + result.encode());
      return;
    }
    int calls = args.length > 0 ? Integer.parseInt(args[0]) : 10_000;
    long delayMs = args.length > 1 ? Long.parseLong(args[1]) : 2_000;
    int rounds = args.length > 2 ? Integer.parseInt(args[2]) : 3;
    System.out.printf(
        Locale.ROOT,
        "Fan-out: %d calls at once, each answered after %d ms, %d rounds; %s %s, %d processors%n",
        calls, delayMs, rounds, System.getProperty("java.vm.name"), System.getProperty("java.version"),
        Runtime.getRuntime().availableProcessors());
    Map<String, List<Result>> byClient = new LinkedHashMap<>();
    CLIENTS.forEach(client -> byClient.put(client, new ArrayList<>()));
    try (LoopbackServer server = LoopbackServer.start(Duration.ofMillis(delayMs), 2)) {
      System.out.println();
      System.out.println(Result.HEADER);
      System.out.println(Result.RULE);
      for (int round = 1; round <= rounds; round++) {
        List<String> order = new ArrayList<>(CLIENTS);
        if (round % 2 == 0) {
          java.util.Collections.reverse(order);
        }
        for (String client : order) {
          server.resetCounts();
          Result result = inChildJvm(client, server.baseUrl(), calls).withServerPeak(server.peakInFlight());
          byClient.get(client).add(result);
          System.out.println(result.row(client + " #" + round));
        }
      }
    }
    System.out.println();
    System.out.println("Median over rounds (lowest-highest); failed, retries and lost summed over rounds:");
    System.out.println("| client | wall s | × raw | peak threads | peak RSS MB | peak heap MB | failed | retries logged | lost | p99 s | bounded by timeout |");
    System.out.println("|---|---|---|---|---|---|---|---|---|---|---|");
    double rawWall = median(byClient.get("raw"), Result::wallSeconds);
    byClient.forEach(
        (client, results) ->
            System.out.printf(
                Locale.ROOT,
                "| %s | %s | %.2f× | %s | %s | %s | %d | %d | %d | %s | %s |%n",
                client,
                spread(results, Result::wallSeconds),
                median(results, Result::wallSeconds) / rawWall,
                spread(results, r -> (double) r.peakThreads),
                spread(results, r -> r.peakRssMb),
                spread(results, r -> r.peakHeapMb),
                results.stream().mapToLong(r -> r.calls - r.ok - r.lost).sum(),
                results.stream().mapToLong(r -> r.retryLogs).sum(),
                results.stream().mapToLong(r -> r.lost).sum(),
                spread(results, r -> r.p99Ms / 1000.0),
                results.stream().allMatch(Result::bounded) ? "yes" : "NO"));
    // The pairs: a round's two clients ran back to back, so their ratio is the figure least
    // moved by whatever else the machine did.
    StringBuilder pairs = new StringBuilder("claudegen / raw wall time, round by round:");
    for (int i = 0; i < rounds; i++) {
      pairs.append(String.format(
          Locale.ROOT, " %.2f", byClient.get("claudegen").get(i).wallMs / byClient.get("raw").get(i).wallMs));
    }
    System.out.println();
    System.out.println(pairs);
  }

  /** One client's fan-out in a JVM of its own, this JVM's class path and options. */
  static Result inChildJvm(String client, URI baseUrl, int calls) throws IOException, InterruptedException {
    List<String> command = new ArrayList<>();
    command.add(ProcessHandle.current().info().command().orElse("java"));
    command.addAll(ManagementFactory.getRuntimeMXBean().getInputArguments());
    command.addAll(
        List.of(
            "-cp", System.getProperty("java.class.path"),
            FanOutBenchmark.class.getName(), "--phase", client, baseUrl.toString(), Integer.toString(calls)));
    Process process = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.INHERIT).start();
    String line;
    String encoded = null;
    try (BufferedReader out =
        new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
      while ((line = out.readLine()) != null) {
        if (line.startsWith("RESULT ")) {
          encoded = line.substring("RESULT ".length());
        }
      }
    }
    int exit = process.waitFor();
    if (encoded == null || exit != 0) {
      throw new IllegalStateException(client + " phase exited with " + exit + " and no result");
    }
    return Result.decode(encoded);
  }

  /** One client's fan-out, in this JVM. */
  static Result run(String client, URI baseUrl, int calls) throws InterruptedException {
    Function<String, CompletableFuture<String>> call = client(client, baseUrl);
    long[] started = new long[calls];
    long[] finished = new long[calls];
    AtomicLong ok = new AtomicLong();
    Map<String, AtomicLong> failures = new java.util.concurrent.ConcurrentHashMap<>();
    CountDownLatch done = new CountDownLatch(calls);
    try (Sampler sampler = new Sampler()) {
      long start = System.nanoTime();
      for (int i = 0; i < calls; i++) {
        int index = i;
        started[i] = System.nanoTime();
        CompletableFuture<String> future;
        try {
          future = call.apply("caller " + i);
        } catch (RuntimeException e) {
          future = CompletableFuture.failedFuture(e);
        }
        future.whenComplete(
            (text, failure) -> {
              finished[index] = System.nanoTime();
              if (failure == null && LoopbackServer.TEXT.equals(text)) {
                ok.incrementAndGet();
              } else {
                Throwable cause = failure instanceof CompletionException && failure.getCause() != null ? failure.getCause() : failure;
                String kind = cause == null ? "wrong text" : cause.getClass().getSimpleName();
                failures.computeIfAbsent(kind, k -> new AtomicLong()).incrementAndGet();
              }
              done.countDown();
            });
      }
      long submitted = System.nanoTime();
      // Lost: still not complete well after the timeout, which should have ended every call.
      done.await(TIMEOUT.plus(Duration.ofMinutes(1)).toMillis(), TimeUnit.MILLISECONDS);
      long end = System.nanoTime();
      Result result = new Result();
      result.calls = calls;
      result.submitMs = (submitted - start) / 1e6;
      long lastFinish = 0;
      List<Long> latencies = new ArrayList<>(calls);
      for (int i = 0; i < calls; i++) {
        if (finished[i] != 0) {
          latencies.add(finished[i] - started[i]);
          lastFinish = Math.max(lastFinish, finished[i]);
        } else {
          result.lost++;
          latencies.add(end - started[i]);
        }
      }
      result.wallMs = ((result.lost > 0 ? end : lastFinish) - start) / 1e6;
      latencies.sort(null);
      result.p50Ms = latencies.get(latencies.size() / 2) / 1e6;
      result.p99Ms = latencies.get((int) Math.min(latencies.size() - 1, Math.ceil(latencies.size() * 0.99) - 1)) / 1e6;
      result.maxMs = latencies.get(latencies.size() - 1) / 1e6;
      result.ok = ok.get();
      result.failures = new TreeMap<>();
      failures.forEach((kind, count) -> result.failures.put(kind, count.get()));
      result.peakThreads = ManagementFactory.getThreadMXBean().getPeakThreadCount();
      result.peakHeapMb = sampler.peakHeapBytes() / 1e6;
      result.peakRssMb = peakRssKb() / 1e3;
      return result;
    }
  }

  private static Function<String, CompletableFuture<String>> client(String client, URI baseUrl) {
    switch (client) {
      case "raw":
        RawFloor raw = new RawFloor(baseUrl, "bench-key", TIMEOUT);
        return raw::helloAsync;
      case "claudegen":
        BenchEndpoint claudegen =
            ClaudeBenchEndpoint.builder().apiKey("bench-key").baseUrl(baseUrl.toString()).build();
        return claudegen::helloAsync;
      default:
        throw new IllegalArgumentException("no client " + client + "; one of " + CLIENTS);
    }
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

  private static double median(List<Result> results, java.util.function.ToDoubleFunction<Result> figure) {
    double[] values = results.stream().mapToDouble(figure).sorted().toArray();
    int n = values.length;
    return n % 2 == 1 ? values[n / 2] : (values[n / 2 - 1] + values[n / 2]) / 2;
  }

  private static String spread(List<Result> results, java.util.function.ToDoubleFunction<Result> figure) {
    double[] values = results.stream().mapToDouble(figure).sorted().toArray();
    String median = format(median(results, figure));
    return values.length == 1 ? median : median + " (" + format(values[0]) + "-" + format(values[values.length - 1]) + ")";
  }

  private static String format(double value) {
    return value >= 100 || value == Math.rint(value) ? String.format(Locale.ROOT, "%.0f", value) : String.format(Locale.ROOT, "%.2f", value);
  }

  /**
   * Counts the runtime's retry WARNINGs in a child JVM instead of printing them: under a fan-out
   * thousands may come at once, and what matters here is how many. Counting through a handler
   * keeps the client's own work as it is (it still logs, nobody prints).
   */
  private static final class RetryCounter extends java.util.logging.Handler {
    private static final java.util.logging.Logger RUNTIME = java.util.logging.Logger.getLogger("dev.claudegen");
    private final AtomicLong count = new AtomicLong();

    static RetryCounter install() {
      RetryCounter counter = new RetryCounter();
      RUNTIME.setUseParentHandlers(false);
      RUNTIME.addHandler(counter);
      return counter;
    }

    long count() {
      return count.get();
    }

    @Override
    public void publish(java.util.logging.LogRecord record) {
      if (record.getLevel().intValue() >= java.util.logging.Level.WARNING.intValue()) {
        count.incrementAndGet();
      }
    }

    @Override
    public void flush() {}

    @Override
    public void close() {}
  }

  /** Samples heap use every 10 ms: the peak a fan-out reaches lies between two collections. */
  private static final class Sampler implements AutoCloseable {
    private final AtomicLong peak = new AtomicLong();
    private final Thread thread;

    Sampler() {
      thread =
          new Thread(
              () -> {
                var memory = ManagementFactory.getMemoryMXBean();
                while (!Thread.currentThread().isInterrupted()) {
                  peak.accumulateAndGet(memory.getHeapMemoryUsage().getUsed(), Math::max);
                  try {
                    Thread.sleep(10);
                  } catch (InterruptedException e) {
                    return;
                  }
                }
              },
              "heap-sampler");
      thread.setDaemon(true);
      thread.start();
    }

    long peakHeapBytes() {
      peak.accumulateAndGet(ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed(), Math::max);
      return peak.get();
    }

    @Override
    public void close() {
      thread.interrupt();
    }
  }

  /** What one client's fan-out measured. */
  static final class Result {
    static final String HEADER =
        "| run | wall s | submit s | peak threads | peak RSS MB | peak heap MB | ok | failed | retries logged | lost | p50 s | p99 s | max s | server peak in flight | bounded by timeout |";
    static final String RULE = "|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|";

    int calls;
    double wallMs;
    double submitMs;
    int peakThreads;
    double peakRssMb;
    double peakHeapMb;
    long ok;
    Map<String, Long> failures = new TreeMap<>();
    long lost;
    double p50Ms;
    double p99Ms;
    double maxMs;
    int serverPeakInFlight = -1;
    long retryLogs;

    double wallSeconds() {
      return wallMs / 1000;
    }

    /** Every caller heard back, success or failure, within the timeout and a little slack. */
    boolean bounded() {
      return lost == 0 && maxMs <= TIMEOUT.plus(SLACK).toMillis();
    }

    Result withServerPeak(int peak) {
      serverPeakInFlight = peak;
      return this;
    }

    String row(String run) {
      return String.format(
          Locale.ROOT,
          "| %s | %.2f | %.2f | %d | %.0f | %.0f | %d | %s | %d | %d | %.2f | %.2f | %.2f | %d | %s |",
          run, wallMs / 1000, submitMs / 1000, peakThreads, peakRssMb, peakHeapMb, ok,
          failures.isEmpty() ? "0" : failures.toString(), retryLogs, lost, p50Ms / 1000, p99Ms / 1000, maxMs / 1000,
          serverPeakInFlight, bounded() ? "yes" : "NO (max " + Math.round(maxMs / 1000) + " s)");
    }

    String encode() {
      StringBuilder failed = new StringBuilder();
      failures.forEach((kind, count) -> failed.append(kind).append(':').append(count).append(','));
      return String.join(
          " ",
          Integer.toString(calls), Double.toString(wallMs), Double.toString(submitMs),
          Integer.toString(peakThreads), Double.toString(peakRssMb), Double.toString(peakHeapMb),
          Long.toString(ok), Long.toString(lost), Double.toString(p50Ms), Double.toString(p99Ms),
          Double.toString(maxMs), failed.length() == 0 ? "-" : failed.toString(), Long.toString(retryLogs));
    }

    static Result decode(String encoded) {
      String[] f = encoded.split(" ");
      Result r = new Result();
      r.calls = Integer.parseInt(f[0]);
      r.wallMs = Double.parseDouble(f[1]);
      r.submitMs = Double.parseDouble(f[2]);
      r.peakThreads = Integer.parseInt(f[3]);
      r.peakRssMb = Double.parseDouble(f[4]);
      r.peakHeapMb = Double.parseDouble(f[5]);
      r.ok = Long.parseLong(f[6]);
      r.lost = Long.parseLong(f[7]);
      r.p50Ms = Double.parseDouble(f[8]);
      r.p99Ms = Double.parseDouble(f[9]);
      r.maxMs = Double.parseDouble(f[10]);
      r.retryLogs = Long.parseLong(f[12]);
      if (!f[11].equals("-")) {
        for (String pair : f[11].split(",")) {
          String[] kv = pair.split(":");
          r.failures.put(kv[0], Long.parseLong(kv[1]));
        }
      }
      return r;
    }

    @Override
    public String toString() {
      return row(calls + " calls");
    }
  }
}
