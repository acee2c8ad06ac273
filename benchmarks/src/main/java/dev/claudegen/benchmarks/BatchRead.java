package dev.claudegen.benchmarks;

import com.sun.management.GarbageCollectionNotificationInfo;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.lang.management.MemoryUsage;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import javax.management.NotificationEmitter;
import javax.management.openmbean.CompositeData;

/**
 * Reading a batch's results: {@code n} JSONL results (default 100,000) through each client, time
 * and heap, in a fresh JVM per client and kind with a small heap ({@code -Xmx}, default 64m), a
 * heap that holding the results (100,000 replies) could not fit in.
 *
 * <p>{@code java -cp benchmarks.jar dev.claudegen.benchmarks.BatchRead [n] [rounds] [reads]
 * [xmx]} (defaults 100000, 3, 5, 64m). The {@link BatchServer} runs in this JVM and generates the
 * lines as it writes them. Each round, each client ({@link BatchClients#READERS}, the order
 * rotating round by round) reads the {@code text} batch (the {@code String} method) and the
 * {@code triage} batch (the record method) in a child JVM of its own: one uncounted read to warm
 * up, then {@code reads} timed reads. Per child: the median read time, the heap pools' peak usage
 * summed (reset after the warm-up and a GC, so the peak is the timed reads'), the most heap in use
 * right after any collection during the timed reads (the live set: what the reader kept), and the
 * bytes the reading thread allocated per result. Then the medians over rounds, each beside the
 * floor's and the SDK's.
 */
public final class BatchRead {

  private static final List<String> KINDS = List.of(BatchServer.TEXT, BatchServer.TRIAGE);

  private BatchRead() {}

  public static void main(String[] args) throws Exception {
    if (args.length > 0 && args[0].equals("--child")) {
      child(args[1], args[2], Integer.parseInt(args[3]), Integer.parseInt(args[4]),
          URI.create(args[5]));
      System.exit(0);
    }
    int n = args.length > 0 ? Integer.parseInt(args[0]) : 100_000;
    int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 3;
    int reads = args.length > 2 ? Integer.parseInt(args[2]) : 5;
    String xmx = args.length > 3 ? args[3] : "64m";
    System.out.printf(
        Locale.ROOT,
        "Batch results: %,d per read, %d rounds x %d reads, child JVMs -Xmx%s; %s %s, %d"
            + " processors%n",
        n, rounds, reads, xmx, System.getProperty("java.vm.name"),
        System.getProperty("java.version"), Runtime.getRuntime().availableProcessors());
    Map<String, List<Run>> runs = new LinkedHashMap<>();
    try (BatchServer server = BatchServer.start()) {
      System.out.println("| run | ms / read | ns / result | peak heap MB | live after GC MB"
          + " | B / result (reading thread) |");
      System.out.println("|---|---|---|---|---|---|");
      List<String> clients = BatchClients.available(server.baseUrl());
      for (int round = 1; round <= rounds; round++) {
        for (String kind : KINDS) {
          for (int turn = 0; turn < clients.size(); turn++) {
            String client = clients.get((round - 1 + turn) % clients.size());
            Run run = inChild(client, kind, n, reads, xmx, server.baseUrl());
            runs.computeIfAbsent(client + " " + kind, k -> new ArrayList<>()).add(run);
            System.out.println(run.row(client + " " + kind + " #" + round, n));
          }
        }
      }
    }
    System.out.println();
    System.out.println(summary(runs, n));
  }

  /** The child's side: warm up, reset the peaks, read {@code reads} times, print the figures. */
  static void child(String client, String kind, int n, int reads, URI baseUrl) {
    String batchId = BatchServer.batchId(kind, n);
    check(client, kind, n, BatchClients.read(client, kind, baseUrl, batchId));
    System.gc();
    AtomicLong liveAfterGc = new AtomicLong();
    watchCollections(liveAfterGc);
    List<MemoryPoolMXBean> heap = heapPools();
    heap.forEach(MemoryPoolMXBean::resetPeakUsage);
    com.sun.management.ThreadMXBean threads =
        (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
    long allocatedBefore = threads.getCurrentThreadAllocatedBytes();
    double[] millis = new double[reads];
    for (int i = 0; i < reads; i++) {
      long start = System.nanoTime();
      BatchClients.Tally tally = BatchClients.read(client, kind, baseUrl, batchId);
      millis[i] = (System.nanoTime() - start) / 1e6;
      check(client, kind, n, tally);
    }
    long allocated = threads.getCurrentThreadAllocatedBytes() - allocatedBefore;
    long peak = 0;
    for (MemoryPoolMXBean pool : heap) {
      peak += pool.getPeakUsage().getUsed();
    }
    Arrays.sort(millis);
    System.out.printf(
        Locale.ROOT,
        "RESULT %.3f %.3f %.3f %.1f%n",
        millis[reads / 2],
        peak / 1e6,
        liveAfterGc.get() / 1e6,
        allocated / (double) reads / n);
  }

  /** Fails the child unless the read saw every result with its status and payload. */
  static void check(String client, String kind, int n, BatchClients.Tally tally) {
    int[] expected = BatchServer.counts(n);
    if (!Arrays.equals(expected, tally.counts())) {
      throw new IllegalStateException(client + " " + kind + " counted "
          + Arrays.toString(tally.counts()) + ", expected " + Arrays.toString(expected));
    }
    long checksum = 0;
    for (int i = 0; i < n; i++) {
      checksum += BatchServer.customId(i).length();
      if (BatchServer.status(i) == BatchServer.SUCCEEDED) {
        checksum +=
            kind.equals(BatchServer.TRIAGE) ? BatchServer.urgency(i) : BatchServer.text(i).length();
      }
    }
    if (checksum != tally.checksum()) {
      throw new IllegalStateException(client + " " + kind + " read payloads summing to "
          + tally.checksum() + ", expected " + checksum);
    }
  }

  private static List<MemoryPoolMXBean> heapPools() {
    List<MemoryPoolMXBean> heap = new ArrayList<>();
    for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
      if (pool.getType() == MemoryType.HEAP) {
        heap.add(pool);
      }
    }
    return heap;
  }

  /** Keeps in {@code max} the most heap used right after any collection from now on. */
  private static void watchCollections(AtomicLong max) {
    for (GarbageCollectorMXBean collector : ManagementFactory.getGarbageCollectorMXBeans()) {
      ((NotificationEmitter) collector)
          .addNotificationListener(
              (notification, handback) -> {
                if (!notification.getType()
                    .equals(GarbageCollectionNotificationInfo.GARBAGE_COLLECTION_NOTIFICATION)) {
                  return;
                }
                GarbageCollectionNotificationInfo info =
                    GarbageCollectionNotificationInfo.from(
                        (CompositeData) notification.getUserData());
                long used = 0;
                for (MemoryUsage usage : info.getGcInfo().getMemoryUsageAfterGc().values()) {
                  used += usage.getUsed();
                }
                // Non-heap pools (metaspace, code cache) are in the map too: take the heap's.
                long nonHeap = 0;
                for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
                  if (pool.getType() != MemoryType.HEAP) {
                    MemoryUsage after =
                        info.getGcInfo().getMemoryUsageAfterGc().get(pool.getName());
                    nonHeap += after == null ? 0 : after.getUsed();
                  }
                }
                max.accumulateAndGet(used - nonHeap, Math::max);
              },
              null,
              null);
    }
  }

  static Run inChild(String client, String kind, int n, int reads, String xmx, URI baseUrl)
      throws IOException, InterruptedException {
    List<String> command = new ArrayList<>();
    command.add(ProcessHandle.current().info().command().orElse("java"));
    command.add("-Xmx" + xmx);
    command.addAll(
        List.of("-cp", System.getProperty("java.class.path"), BatchRead.class.getName(),
            "--child", client, kind, Integer.toString(n), Integer.toString(reads),
            baseUrl.toString()));
    Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
    List<String> output = new ArrayList<>();
    String encoded = null;
    try (BufferedReader out = new BufferedReader(
        new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
      for (String line; (line = out.readLine()) != null; ) {
        if (line.startsWith("RESULT ")) {
          encoded = line.substring("RESULT ".length());
        } else {
          output.add(line);
        }
      }
    }
    int exit = process.waitFor();
    if (encoded == null || exit != 0) {
      throw new IllegalStateException(client + " " + kind + " child exited with " + exit
          + " and no result:\n" + String.join("\n", output));
    }
    String[] fields = encoded.split(" ");
    return new Run(Double.parseDouble(fields[0]), Double.parseDouble(fields[1]),
        Double.parseDouble(fields[2]), Double.parseDouble(fields[3]));
  }

  /** One child's figures. */
  record Run(double millis, double peakHeapMb, double liveAfterGcMb, double bytesPerResult) {
    String row(String label, int n) {
      return String.format(Locale.ROOT, "| %s | %.1f | %.0f | %.1f | %.1f | %.0f |", label, millis,
          millis * 1e6 / n, peakHeapMb, liveAfterGcMb, bytesPerResult);
    }
  }

  static String summary(Map<String, List<Run>> runs, int n) {
    StringBuilder out = new StringBuilder(
        "Medians over rounds; × floor and × sdk are ratios of the medians of ms / read.\n");
    out.append("| client, kind | ms / read | ns / result | × floor | × sdk | peak heap MB"
        + " | live after GC MB | B / result |\n|---|---|---|---|---|---|---|---|\n");
    runs.forEach((name, list) -> {
      String kind = name.substring(name.indexOf(' ') + 1);
      double millis = median(list, Run::millis);
      out.append(String.format(Locale.ROOT, "| %s | %.1f | %.0f | %.2f× | %.2f× | %.1f | %.1f"
              + " | %.0f |%n", name, millis, millis * 1e6 / n,
          millis / median(runs.get("floor " + kind), Run::millis),
          millis / median(runs.get("sdk " + kind), Run::millis),
          median(list, Run::peakHeapMb), median(list, Run::liveAfterGcMb),
          median(list, Run::bytesPerResult)));
    });
    return out.toString();
  }

  private static double median(List<Run> runs, java.util.function.ToDoubleFunction<Run> figure) {
    double[] values = runs.stream().mapToDouble(figure).sorted().toArray();
    int n = values.length;
    return n % 2 == 1 ? values[n / 2] : (values[n / 2 - 1] + values[n / 2]) / 2;
  }
}
