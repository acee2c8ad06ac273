package dev.claudegen.benchmarks;

import com.fasterxml.jackson.databind.Module;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.claudegen.runtime.CallSpec;
import dev.claudegen.runtime.JsonIn;
import dev.claudegen.runtime.ReplyDecoder;
import dev.claudegen.runtime.Reply;
import dev.claudegen.runtime.StructuredDecoder;
import dev.claudegen.runtime.Usage;
import java.io.IOException;
import java.util.List;
import java.util.ServiceLoader;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Decoding one structured reply (about 2 KB of JSON, {@link OrderReply}) into {@link
 * OrderExtraction.Order}, no network: the reader claudegen generated beside Jackson databind's
 * {@code readValue} into the same record.
 *
 * <ul>
 *   <li>{@code generated}: {@code JsonIn.parse(text, ClaudeOrderExtraction::readOrder)}, the
 *       generated reader alone;
 *   <li>{@code generatedDecoder}: the generated client's decoder, {@code StructuredDecoder.of(...)
 *       .decode(reply, spec)} on a prebuilt {@code Reply}: the stop-reason checks added;
 *   <li>{@code databind}: one shared {@code ObjectMapper}, with the jdk8 ({@code Optional}) and
 *       JSR-310 ({@code LocalDate}) modules, {@code readValue(text, Order.class)}.
 * </ul>
 *
 * <p>The modules are on the class path only at run time (through the SDK), so they are found by
 * {@code ServiceLoader} rather than named; {@link #start} fails if either is missing, and checks
 * that all three give equal records.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Fork(2)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
public class StructuredDecode {

  /** The reply text read by every method. */
  static final String TEXT = OrderReply.json();

  private static final ObjectMapper MAPPER = mapper();

  private static final ReplyDecoder<OrderExtraction.Order> DECODER =
      StructuredDecoder.of("Order", ClaudeOrderExtraction::readOrder);

  private static final CallSpec SPEC =
      CallSpec.builder("OrderExtraction.extract(String)", BenchEndpoint.MODEL, 4096).build();

  private static final Reply REPLY =
      new Reply(
          TEXT,
          "end_turn",
          BenchEndpoint.MODEL,
          "msg_bench",
          null,
          new Usage(812, TEXT.length() / 3, 0, 0));

  /** Databind as a user sets it up for these records: the two modules their types need. */
  static ObjectMapper mapper() {
    List<String> wanted =
        List.of(
            "com.fasterxml.jackson.datatype.jdk8.Jdk8Module",
            "com.fasterxml.jackson.datatype.jsr310.JavaTimeModule");
    ObjectMapper mapper = new ObjectMapper();
    // By name through ServiceLoader, not findAndRegisterModules(): that would register every
    // module on the class path (the SDK's Kotlin one too), which a user's mapper would not have.
    List<Module> modules =
        ServiceLoader.load(Module.class).stream()
            .filter(provider -> wanted.contains(provider.type().getName()))
            .map(ServiceLoader.Provider::get)
            .toList();
    if (modules.size() != wanted.size()) {
      throw new IllegalStateException(
          "jackson-datatype-jdk8 and jackson-datatype-jsr310 must be on the class path, found "
              + modules);
    }
    return mapper.registerModules(modules);
  }

  @Setup
  public void start() throws IOException {
    OrderExtraction.Order generated = generated();
    if (!generated.equals(databind()) || !generated.equals(generatedDecoder())) {
      throw new IllegalStateException(
          "the readers disagree:\n" + generated + "\n" + databind() + "\n" + generatedDecoder());
    }
  }

  @Benchmark
  public OrderExtraction.Order generated() {
    return JsonIn.parse(TEXT, ClaudeOrderExtraction::readOrder);
  }

  @Benchmark
  public OrderExtraction.Order generatedDecoder() {
    return DECODER.decode(REPLY, SPEC);
  }

  @Benchmark
  public OrderExtraction.Order databind() throws IOException {
    return MAPPER.readValue(TEXT, OrderExtraction.Order.class);
  }
}
