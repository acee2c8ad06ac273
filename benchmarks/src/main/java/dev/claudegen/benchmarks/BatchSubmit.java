package dev.claudegen.benchmarks;

import com.anthropic.client.AnthropicClient;
import com.anthropic.models.messages.batches.BatchCreateParams;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Submitting a batch of {@code n} {@link BatchEndpoint#classify} requests (default 10,000) to the
 * {@link BatchServer} on loopback, the clients taking turns in one JVM: building the requests
 * (claudegen's draft writes each entry's JSON as it is added; the SDK builds its params objects
 * and serialises them when it sends; the floor writes the body with Jackson's generator), then the
 * submit (one create; the SDK's serialisation is in it), and the body's bytes as the server read
 * them.
 *
 * <p>{@code java -cp benchmarks.jar dev.claudegen.benchmarks.BatchSubmit [n] [rounds]} (defaults
 * 10000, 12). The first round warms up and is not counted; the order rotates round by round.
 * Printed: each client's median build, submit and total time, with the lowest and highest round,
 * and the body's bytes.
 */
public final class BatchSubmit {

  static final List<String> CLIENTS = List.of("floor", "claudegen", "sdk");

  private BatchSubmit() {}

  /** One submit's figures. */
  record Run(double buildMs, double submitMs, long bytes, int requests) {
    double totalMs() {
      return buildMs + submitMs;
    }
  }

  public static void main(String[] args) {
    int n = args.length > 0 ? Integer.parseInt(args[0]) : 10_000;
    int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 12;
    System.out.printf(Locale.ROOT, "Batch submit: %,d requests, %d rounds (the first not"
            + " counted); %s %s, %d processors, max heap %d MB%n", n, rounds,
        System.getProperty("java.vm.name"), System.getProperty("java.version"),
        Runtime.getRuntime().availableProcessors(), Runtime.getRuntime().maxMemory() >> 20);
    try (BatchServer server = BatchServer.start()) {
      Submitters submitters = new Submitters(server);
      List<String> clients = submitters.available();
      Map<String, List<Run>> runs = new LinkedHashMap<>();
      clients.forEach(client -> runs.put(client, new ArrayList<>()));
      for (int round = 0; round < rounds; round++) {
        for (int turn = 0; turn < clients.size(); turn++) {
          String client = clients.get((round + turn) % clients.size());
          Run run = submitters.run(client, n);
          if (round > 0) {
            runs.get(client).add(run);
          }
        }
      }
      System.out.println(summary(runs));
    }
  }

  /** The three clients, each built once, against one server. */
  static final class Submitters {
    private final BatchServer server;
    private final ClaudeBatchEndpoint.Batches claudegen;
    private final AnthropicClient sdk;

    Submitters(BatchServer server) {
      this.server = server;
      this.claudegen = BatchClients.Claudegen.batches(server.baseUrl());
      this.sdk = Peers.Sdk.client(server.baseUrl(), BatchClients.KEY);
    }

    /** The clients that run here: claudegen once the runtime's batch engine is there. */
    List<String> available() {
      try {
        BatchClients.Claudegen.build(claudegen, 1);
        return CLIENTS;
      } catch (UnsupportedOperationException e) {
        System.out.println("claudegen not measured: the runtime's batch engine is missing (" + e
            + ")");
        return List.of("floor", "sdk");
      }
    }

    /** Builds and submits {@code n} requests with {@code client}; checks the server got them. */
    Run run(String client, int n) {
      long start = System.nanoTime();
      String id;
      long built;
      switch (client) {
        case "floor":
          byte[] body = BatchClients.Floor.build(n);
          built = System.nanoTime();
          id = BatchClients.Floor.submit(server.baseUrl(), body);
          break;
        case "claudegen":
          ClaudeBatchEndpoint.ClassifyBatch draft = BatchClients.Claudegen.build(claudegen, n);
          built = System.nanoTime();
          id = BatchClients.Claudegen.submit(draft);
          break;
        case "sdk":
          BatchCreateParams params = BatchClients.Sdk.build(n);
          built = System.nanoTime();
          id = BatchClients.Sdk.submit(sdk, params);
          break;
        default:
          throw new IllegalArgumentException("no client " + client + "; one of " + CLIENTS);
      }
      long end = System.nanoTime();
      if (server.lastCreateRequests() != n || !id.equals("msgbatch_created_" + n)) {
        throw new IllegalStateException(client + " sent " + server.lastCreateRequests()
            + " requests for " + n + ", batch " + id);
      }
      return new Run((built - start) / 1e6, (end - built) / 1e6, server.lastCreateBytes(), n);
    }
  }

  static String summary(Map<String, List<Run>> runs) {
    StringBuilder out = new StringBuilder(
        "Median over rounds (lowest-highest); × floor is the ratio of the medians.\n");
    out.append("| client | body bytes | build ms | submit ms | total ms | × floor (total) |\n")
        .append("|---|---|---|---|---|---|\n");
    double floor = median(runs.get("floor"), Run::totalMs);
    runs.forEach((client, list) -> out.append(String.format(Locale.ROOT,
        "| %s | %,d | %s | %s | %s | %.2f× |%n", client, list.get(0).bytes(),
        spread(list, Run::buildMs), spread(list, Run::submitMs), spread(list, Run::totalMs),
        median(list, Run::totalMs) / floor)));
    return out.toString();
  }

  private static String spread(List<Run> runs, java.util.function.ToDoubleFunction<Run> figure) {
    double[] values = runs.stream().mapToDouble(figure).sorted().toArray();
    return String.format(Locale.ROOT, "%.1f (%.1f-%.1f)", median(runs, figure), values[0],
        values[values.length - 1]);
  }

  private static double median(List<Run> runs, java.util.function.ToDoubleFunction<Run> figure) {
    double[] values = runs.stream().mapToDouble(figure).sorted().toArray();
    int n = values.length;
    return n % 2 == 1 ? values[n / 2] : (values[n / 2 - 1] + values[n / 2]) / 2;
  }
}
