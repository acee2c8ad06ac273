package dev.claudegen.benchmarks;

import java.io.IOException;
import java.time.Duration;
import java.util.Iterator;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;

/**
 * A streamed reply, through the generated {@code Stream<String>} method and through the raw floor
 * ({@link RawStreamFloor}), against one {@link LoopbackServer} that streams {@link #deltas} text
 * deltas of four words in the API's event format. On one thread, every call's time sampled:
 *
 * <ul>
 *   <li>{@code firstDelta*}: from the call to the first delta's {@code String} in hand. The rest of
 *       the reply is read after the timed part, in {@link Rest}'s per-invocation tear-down, so the
 *       connection goes back to the pool and the next call starts as the first did.
 *   <li>{@code whole*}: the call and every delta, each handed to the black hole: with {@code -prof
 *       gc}, B/op over the deltas is the allocation per delta, the call's own share spread over
 *       them ({@link StreamingMain} also takes the slope between the two reply lengths, which is
 *       the per-delta cost alone).
 *   <li>{@code wholeBodyOnly}: the same request, the body read to its end and not looked at: the
 *       JDK's client and the server alone, under both readers.
 * </ul>
 *
 * {@link #start} checks once that each reader gets exactly the server's deltas, so no client is
 * measured failing fast.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Threads(1)
@Fork(2)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 4, time = 1)
public class Streaming {

  private static final String KEY = "bench-key";
  private static final String NAME = "Ada";

  /** How many text deltas the reply has. */
  @Param({"1", "1000"})
  public int deltas;

  private LoopbackServer server;
  private RawStreamFloor floor;
  private BenchEndpoint claudegen;
  private final byte[] bodyBuffer = new byte[8192];

  @Setup
  public void start() throws Exception {
    // One handler thread: one client thread never has two calls open.
    server = LoopbackServer.streaming(deltas, 1);
    floor = new RawStreamFloor(server.baseUrl(), KEY, Duration.ofSeconds(30));
    claudegen =
        ClaudeBenchEndpoint.builder().apiKey(KEY).baseUrl(server.baseUrl().toString()).build();
    check("floor", readAll(floor.stream(NAME)));
    StringBuilder text = new StringBuilder();
    try (Stream<String> stream = claudegen.helloStream(NAME)) {
      stream.forEach(text::append);
    }
    check("claudegen", text.toString());
    if (floor.bodyBytes(NAME, bodyBuffer) <= 0) {
      throw new IllegalStateException("bodyOnly read an empty body");
    }
  }

  @TearDown
  public void stop() {
    server.close();
  }

  /** The raw floor: from sending to the first delta's text. */
  @Benchmark
  public String firstDeltaFloor(Rest rest) throws IOException, InterruptedException {
    RawStreamFloor.Deltas stream = floor.stream(NAME);
    rest.hold(
        () -> {
          try (stream) {
            while (stream.next() != null) {
              // The rest, read untimed.
            }
          }
        });
    return stream.next();
  }

  /** The generated {@code Stream<String>} method: from the call to the first delta's text. */
  @Benchmark
  public String firstDeltaClaudegen(Rest rest) {
    Stream<String> stream = claudegen.helloStream(NAME);
    Iterator<String> texts = stream.iterator();
    rest.hold(
        () -> {
          try {
            while (texts.hasNext()) {
              texts.next();
            }
          } finally {
            stream.close();
          }
        });
    return texts.next();
  }

  /** The raw floor: the call and every delta. */
  @Benchmark
  public int wholeFloor(Blackhole black) throws IOException, InterruptedException {
    int count = 0;
    try (RawStreamFloor.Deltas stream = floor.stream(NAME)) {
      for (String text = stream.next(); text != null; text = stream.next()) {
        black.consume(text);
        count++;
      }
    }
    return count;
  }

  /** The generated {@code Stream<String>} method: the call and every delta. */
  @Benchmark
  public int wholeClaudegen(Blackhole black) {
    int[] count = {0};
    try (Stream<String> stream = claudegen.helloStream(NAME)) {
      stream.forEach(
          text -> {
            black.consume(text);
            count[0]++;
          });
    }
    return count[0];
  }

  /** The same call, its body read and not parsed: the transport under both readers. */
  @Benchmark
  public long wholeBodyOnly() throws IOException, InterruptedException {
    return floor.bodyBytes(NAME, bodyBuffer);
  }

  /**
   * What a {@code firstDelta} call left to read: read to its end after the call's time was taken,
   * as JMH runs a per-invocation tear-down outside it.
   */
  @State(Scope.Thread)
  public static class Rest {

    /** Reads the rest of a reply and closes it. */
    @FunctionalInterface
    interface Remainder {
      void read() throws IOException;
    }

    private Remainder remainder;

    void hold(Remainder rest) {
      remainder = rest;
    }

    @TearDown(Level.Invocation)
    public void read() throws IOException {
      Remainder rest = remainder;
      remainder = null;
      if (rest != null) {
        rest.read();
      }
    }
  }

  private static String readAll(RawStreamFloor.Deltas stream) throws IOException {
    StringBuilder text = new StringBuilder();
    try (stream) {
      for (String piece = stream.next(); piece != null; piece = stream.next()) {
        text.append(piece);
      }
    }
    return text.toString();
  }

  private void check(String client, String text) {
    String expected = LoopbackServer.streamedText(deltas);
    if (!expected.equals(text)) {
      throw new IllegalStateException(
          client + " read " + text.length() + " chars, not the server's " + expected.length());
    }
  }
}
