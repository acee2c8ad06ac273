package dev.claudegen.benchmarks;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The batch benchmarks run and read what they say, at small sizes: every reader reads every
 * result of both kinds with its status and payload, every submitter sends the batch's requests
 * (claudegen as many bytes as the floor), and both mains run to their tables.
 */
class BatchesSmokeTest {

  private static final int N = 1_000;

  @Test
  void theServersCountsAreMixed() {
    int[] counts = BatchServer.counts(N);
    assertArrayEquals(new int[] {920, 50, 10, 20}, counts);
  }

  @Test
  void everyReaderReadsEveryResultOfBothKinds() {
    try (BatchServer server = BatchServer.start()) {
      assertEquals(BatchClients.READERS, BatchClients.available(server.baseUrl()));
      for (String kind : List.of(BatchServer.TEXT, BatchServer.TRIAGE)) {
        for (String client : BatchClients.READERS) {
          BatchClients.Tally tally =
              BatchClients.read(client, kind, server.baseUrl(), BatchServer.batchId(kind, N));
          assertArrayEquals(BatchServer.counts(N), tally.counts(), client + " " + kind);
          // Throws unless every payload (each text's length, each record's urgency) was read.
          BatchRead.check(client, kind, N, tally);
        }
      }
    }
  }

  @Test
  void theCheckFailsAReadThatMissedAResult() {
    int[] counts = BatchServer.counts(N);
    counts[BatchServer.SUCCEEDED]--;
    assertThrows(
        IllegalStateException.class,
        () -> BatchRead.check("x", BatchServer.TEXT, N, new BatchClients.Tally(counts, 0)));
  }

  @Test
  void everySubmitterSendsEveryRequestAndClaudegenTheFloorsBytes() {
    try (BatchServer server = BatchServer.start()) {
      BatchSubmit.Submitters submitters = new BatchSubmit.Submitters(server);
      assertEquals(BatchSubmit.CLIENTS, submitters.available());
      long floorBytes = BatchClients.Floor.build(N).length;
      for (String client : BatchSubmit.CLIENTS) {
        BatchSubmit.Run run = submitters.run(client, N);
        assertEquals(N, server.lastCreateRequests(), client);
        assertEquals(N, run.requests(), client);
        if (!client.equals("sdk")) {
          assertEquals(floorBytes, run.bytes(), client);
        }
      }
    }
  }

  @Test
  void bothMainsRunToTheirTables() throws Exception {
    // A child JVM per client and kind, 300 results each, one timed read.
    BatchRead.main(new String[] {"300", "1", "1", "64m"});
    BatchSubmit.main(new String[] {"200", "2"});
  }
}
