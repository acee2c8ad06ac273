package dev.claudegen.testing;

import com.fasterxml.jackson.databind.JsonNode;
import dev.claudegen.testing.HttpRequestReader.RawRequest;
import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Deque;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.function.UnaryOperator;

/**
 * A fake Claude Messages API server for tests: a real HTTP/1.1 server on {@code 127.0.0.1} and a
 * random free port, which replies with scripted {@link FakeResponse}s and records every request.
 *
 * <pre>{@code
 * try (FakeClaude claude = FakeClaude.start()) {
 *   claude.enqueue(
 *       FakeResponse.error(529, "overloaded_error", "Overloaded"),
 *       FakeResponse.text("Hello"));
 *   Assistant assistant = ClaudeAssistant.builder().testServer(claude.baseUrl()).build();
 *
 *   assertEquals("Hello", assistant.ask("Hi"));  // POSTs to baseUrl + "/v1/messages", twice
 *
 *   assertEquals(2, claude.requestCount());
 *   RecordedRequest first = claude.takeRequest();
 *   assertEquals("2026-10-21", first.header("anthropic-version"));
 *   assertEquals("claude-sonnet-4-6", first.model());
 *   assertEquals("Hi", first.userText());
 *   claude.verifyAllUsed();
 * }
 * }</pre>
 *
 * <h2>Which reply a request gets</h2>
 *
 * <p>Each request, whatever its method and path, is answered by the first of these that has a reply
 * for it:
 *
 * <ol>
 *   <li>the <em>queue</em> filled by {@link #enqueue}: its oldest response, taken off the queue,
 *       without looking at the request;
 *   <li>the <em>rules</em> added by {@link #when}, in the order they were added: the first whose
 *       predicate accepts the request and that still has a reply for it (see {@link Rule});
 *   <li>the <em>default reply</em> below (for a server made by {@link #replaying} or {@link
 *       #recording}: the recording, or the upstream, instead).
 * </ol>
 *
 * <p>Queued and rule replies are sent as they are, so a test can force any reply, with one
 * exception: a success reply ({@link FakeResponse#text text}, {@link FakeResponse#message message},
 * {@link FakeResponse#blocks blocks}, {@link FakeResponse#toolUse toolUse}...) goes only to a
 * request whose tools, tool turns and cache markers the API would accept (see "Tool use" and
 * "Prompt caching" below); for any other request it is replaced by the API's {@code 400}, and used
 * up all the same, so that a test sees the error production would send. The default reply is a
 * {@code 200} success with one text block ({@value #DEFAULT_TEXT} unless changed by {@link
 * #defaultText(String)}) and the request's {@code model} echoed. Before that, the request is
 * checked the way the real API checks it, and a JSON error is sent instead if it fails, in this
 * order:
 *
 * <ol>
 *   <li>not {@code POST /v1/messages}: {@code 404 not_found_error};
 *   <li>neither {@code x-api-key} nor {@code authorization} header: {@code 401
 *       authentication_error};
 *   <li>no {@code anthropic-version} header: {@code 400 invalid_request_error};
 *   <li>body not a JSON object, or {@code model} not a non-empty string, {@code max_tokens} not an
 *       integer of at least 1, or {@code messages} not a non-empty array: {@code 400
 *       invalid_request_error} whose message starts with the field's name;
 *   <li>tools, tool turns or cache markers the API refuses (see "Tool use" and "Prompt caching"
 *       below): {@code 400 invalid_request_error};
 *   <li>an {@code output_config.format} the API refuses (see below): {@code 400
 *       invalid_request_error} naming the keyword and where it is in the schema.
 * </ol>
 *
 * <h2>Structured output</h2>
 *
 * <p>The default reply to a request with {@code output_config.format} (or the beta {@code
 * output_format}) is not the default text but the smallest JSON instance of the sent schema, in
 * compact JSON, so that code that parses structured replies works unscripted: an object has its
 * {@code required} properties only, in schema order; a string is {@code ""}, or a fixed value of
 * its {@code format} ({@code "2026-01-01"} for {@code date}, {@code "2026-01-01T00:00:00Z"} for
 * {@code date-time}, {@code "user@example.com"} for {@code email}...) or a short match of its
 * {@code pattern}; a number or integer is {@code 0}, a boolean {@code false}; an {@code enum} gives
 * its first value, a {@code const} itself, {@code anyOf} its first branch, a {@code type} array its
 * first type that is not {@code null}; an array is {@code []}, or one element with {@code
 * "minItems": 1}; {@code $ref} to {@code #/$defs/...} or {@code #/definitions/...} is followed. A
 * streamed request gets the same text as text deltas. {@link FakeResponse#schemaInstance()} scripts
 * that reply with other options (deltas, a {@code max_tokens} cut, faults).
 *
 * <p>Before that, the schema is checked as the API checks it, and refused with {@code 400
 * invalid_request_error} for: a {@code type} other than {@code json_schema}, no {@code schema}, an
 * object without {@code "additionalProperties": false}, {@code minimum}, {@code maximum}, {@code
 * exclusiveMinimum}, {@code exclusiveMaximum}, {@code multipleOf}, {@code minLength}, {@code
 * maxLength}, array constraints other than {@code minItems} 0 or 1, an enum with an object or array
 * value, an external or unresolvable {@code $ref}, a recursive one, {@code allOf} with {@code
 * $ref}, an unknown {@code format} or {@code type}, a {@code pattern} with backreferences,
 * lookaround or word boundaries, a {@code required} name not in {@code properties}; and {@code
 * "Schema is too complex for compilation"} past 24 optional properties or 16 union-typed schemas
 * (counted over the schema and the input schemas of the {@code "strict": true} tools together), or
 * 20 strict tools. The output schema is not checked before queued and rule replies (the strict
 * tools are: see "Tool use").
 *
 * <p>{@link RecordedRequest#hasOutputFormat()} and {@link RecordedRequest#outputSchema()} show what
 * a request sent.
 *
 * <h2>Tool use</h2>
 *
 * <p>{@link FakeResponse#toolUse} scripts a reply that calls a tool; {@link
 * RecordedRequest#toolResultFor(String)} and {@link RecordedRequest#toolResults()} show what the
 * client answered, {@link RecordedRequest#toolNames()} which tools it offered.
 *
 * <pre>{@code
 * claude.enqueue(FakeScenarios.toolCall("lookupOrder", "{\"orderId\":\"A-17\"}", "Shipped."));
 * assertEquals("Shipped.", support.ask("Where is my order A-17?"));
 * RecordedRequest second = claude.requests().get(1);
 * assertEquals(List.of("lookupOrder"), second.toolNames());
 * assertEquals("{\"status\":\"SHIPPED\"}", second.toolResultFor("lookupOrder").content());
 * }</pre>
 *
 * <p>Before a success reply, scripted or default, the request's tools and turns are checked as the
 * API checks them, and refused with {@code 400 invalid_request_error} and a message like the API's
 * for: a {@code tools} entry without a {@code name}, a client tool (no {@code type}, or {@code
 * "custom"}) whose name does not match {@code ^[a-zA-Z0-9_-]{1,64}$}, two tools of one name, a
 * client tool without an {@code input_schema} of {@code "type": "object"}; a {@code "strict": true}
 * tool whose input schema breaks the rules of structured output (see above; the message names
 * {@code tools.N.input_schema}), or the complexity limits counted over the strict tools and the
 * output schema; an assistant turn with {@code tool_use} blocks not followed by a user turn with a
 * {@code tool_result} for each of their ids, placed before any other block; a {@code tool_result}
 * whose {@code tool_use_id} is not one of the previous assistant turn's. Server tools (with another
 * {@code type}) count for unique names only.
 *
 * <h2>Prompt caching</h2>
 *
 * <p>{@link RecordedRequest#cacheBreakpoints()} shows where a request put its {@code cache_control}
 * markers. Before a success reply they are checked as the API checks them ({@code 400
 * invalid_request_error}): at most 4 breakpoints, a top-level {@code cache_control} (automatic
 * caching) counting as one; {@code "type": "ephemeral"}; a {@code ttl} of {@code 5m} (the default)
 * or {@code 1h}; no {@code 1h} breakpoint after a {@code 5m} one, in the API's order {@code tools},
 * {@code system}, {@code messages}.
 *
 * <p>The server keeps a prompt cache, so that the usage of a reply to a request with markers shows
 * what the API's would (unless the reply sets it with {@link FakeResponse#withCacheUsage}):
 *
 * <ul>
 *   <li>The request is a sequence of blocks in cache order: each tool, each system block (a string
 *       {@code system} is one block), each message's content blocks (a string {@code content} is
 *       one block). A breakpoint marks the prefix that ends with its block; the top-level one, the
 *       whole sequence.
 *   <li>Tokens are estimated as {@code ceil(b / 4)}, {@code b} being the UTF-8 length of the
 *       compact JSON of the blocks (key order as sent) without their {@code cache_control}.
 *   <li>{@code cache_read_input_tokens}: the longest prefix of this request, up to its last
 *       breakpoint, that an earlier request to this server wrote. Prefixes are the same when the
 *       model, the blocks (markers aside) and the roles of their turns are; unlike the API, the
 *       server does not limit how far back from a breakpoint it looks (the API looks 20 blocks
 *       back).
 *   <li>{@code cache_creation_input_tokens}: from there to the last breakpoint; those prefixes are
 *       written. {@code usage.cache_creation} splits them into {@code ephemeral_5m_input_tokens}
 *       and {@code ephemeral_1h_input_tokens} by the ttl of the breakpoint that ends each part.
 *   <li>{@code input_tokens}: the rest, after the last breakpoint (unless {@link
 *       FakeResponse#withUsage} sets it).
 * </ul>
 *
 * <p>A breakpoint whose prefix is shorter than {@link #minCacheableTokens(int)} (default 0) is
 * ignored, without an error, as the API ignores markers below the model's minimum (1,024 tokens for
 * Sonnet 4.6); with no breakpoint left, the cache fields say 0. Written prefixes are kept for the
 * server's life, whatever their ttl, as the server has no clock to expire them by; {@link
 * #clearCache()} forgets them, as if their ttl had passed. A refused request writes nothing.
 * Streamed replies carry the same usage in {@code message_start}.
 *
 * <pre>{@code
 * Reply first = assistant.reply("Where is my order?");   // @CacheControl: system prompt written
 * Reply second = assistant.reply("And the other one?");  // the same system prompt: read
 * assertEquals(0, first.usage().cacheReadInputTokens());
 * assertTrue(second.usage().cacheReadInputTokens() > 0);
 * assertEquals(List.of("system[0]", "messages[0].content[0]"),
 *     claude.requests().get(1).cacheBreakpoints());
 * }</pre>
 *
 * <p>Every response carries a {@code request-id: req_fake_NNNNNN} header, numbered from 1 in the
 * order requests arrive, and error bodies repeat that id in {@code request_id}. Success bodies get
 * the matching {@code msg_fake_NNNNNN} id.
 *
 * <h2>At the end of a test</h2>
 *
 * <p>{@link #verifyAllUsed()} fails if a queued or rule reply was never sent, which usually means
 * the code under test made fewer calls than the test expected. {@link FakeClaudeExtension} runs it
 * after each test.
 *
 * <h2>Faults</h2>
 *
 * <p>A scripted response can misbehave the way networks and proxies do: {@link
 * FakeResponse#withDelay wait} before answering, {@link FakeResponse#disconnect() close} or {@link
 * FakeResponse#reset() reset} the connection without answering, {@link
 * FakeResponse#withStallAfterHeaders() stall} after the headers, or {@link
 * FakeResponse#withTruncatedBody cut the body short}. {@link FakeScenarios} combines them into the
 * usual failure sequences. {@link #close()} ends every wait and stall at once.
 *
 * <h2>Streaming</h2>
 *
 * <p>A request whose body has {@code "stream": true} gets its success reply, the default one
 * included, as server-sent events, each flushed as it is written; error replies stay plain HTTP
 * errors, as with the real API. A streamed reply can carry stream faults: an {@code error} event, a
 * pause, a stall, a cut, extra pings, unknown events (see {@link FakeResponse}). {@link
 * RecordedRequest#stream()} tells whether a request asked to stream.
 *
 * <h2>Connections</h2>
 *
 * <p>The server speaks HTTP/1.1 with persistent connections (one thread per connection), accepts
 * {@code Content-Length} and chunked request bodies, honours {@code Expect: 100-continue} and
 * ignores attempts to upgrade to HTTP/2. Request header sections are limited to 64 KiB and bodies
 * to 32 MiB ({@code 413 request_too_large}). A connection idle for {@value #IDLE_TIMEOUT_MILLIS} ms
 * is closed, so that a broken client cannot hang a test; a scripted stall is not idleness, and
 * lasts until the client closes the connection or the server is closed.
 *
 * <p>All methods are thread safe.
 */
public final class FakeClaude implements AutoCloseable {
  /** The text of the default reply until {@link #defaultText(String)} changes it. */
  public static final String DEFAULT_TEXT = "Hello from FakeClaude.";

  /** How long {@link #takeRequest()} waits for a request to arrive. */
  public static final Duration DEFAULT_TAKE_TIMEOUT = Duration.ofSeconds(2);

  /** How long a connection may sit idle, or stall inside a request, before the server closes it. */
  public static final int IDLE_TIMEOUT_MILLIS = 30_000;

  private static final String MESSAGES_PATH = "/v1/messages";
  private static final int ACCEPT_BACKLOG = 128;
  private static final int IO_BUFFER = 16 * 1024;
  private static final byte[] CRLF = {'\r', '\n'};
  private static final byte[] LAST_CHUNK = "0\r\n\r\n".getBytes(StandardCharsets.US_ASCII);

  // After an HTTP-level error the server closes the connection; it first reads what the client is
  // still sending for up to this long, because closing with unread input makes TCP send a reset
  // that can destroy the error response before the client has read it.
  private static final int LINGER_MILLIS = 1_000;

  private final ServerSocket serverSocket;
  private final URI baseUrl;
  private final ExecutorService pool;
  private final AtomicBoolean closed = new AtomicBoolean();
  private final CountDownLatch closedLatch = new CountDownLatch(1);
  private final Set<Socket> openSockets = ConcurrentHashMap.newKeySet();
  private final AtomicInteger sequence = new AtomicInteger();
  private final AtomicInteger toolUseIds = new AtomicInteger();
  private final PromptCache cache = new PromptCache();
  private volatile int minCacheableTokens;
  private final Deque<FakeResponse> script = new ArrayDeque<>(); // guarded by itself
  private final List<RecordedRequest> received = new ArrayList<>(); // guarded by itself
  private final BlockingQueue<RecordedRequest> untaken = new LinkedBlockingQueue<>();
  private volatile FakeResponse defaultReply = FakeResponse.text(DEFAULT_TEXT);
  private final List<Stub> rules = new CopyOnWriteArrayList<>();
  private final AtomicInteger ruleNumbers = new AtomicInteger();
  private final List<String> ruleFailures = new CopyOnWriteArrayList<>();
  private final List<String> streamMismatches = new CopyOnWriteArrayList<>();
  private final Backend backend;
  private final FakeBatches batches = new FakeBatches(this);
  private volatile boolean checkedAfterTest = true;

  private FakeClaude(ServerSocket serverSocket, Backend backend) {
    this.serverSocket = serverSocket;
    this.backend = backend != null ? backend : this::validate;
    this.baseUrl = URI.create("http://127.0.0.1:" + serverSocket.getLocalPort());
    AtomicInteger threadNumber = new AtomicInteger();
    this.pool =
        Executors.newCachedThreadPool(
            task -> {
              Thread thread =
                  new Thread(
                      task,
                      "FakeClaude-"
                          + serverSocket.getLocalPort()
                          + "-"
                          + threadNumber.incrementAndGet());
              // A test that forgets close() must not keep the JVM alive.
              thread.setDaemon(true);
              return thread;
            });
  }

  /**
   * Starts a server on {@code 127.0.0.1} and a free port chosen by the operating system.
   *
   * @throws UncheckedIOException if no port can be bound
   */
  public static FakeClaude start() {
    return start(null);
  }

  /** Starts a server whose last resort is {@code backend} ({@code null}: the default reply). */
  static FakeClaude start(Backend backend) {
    ServerSocket serverSocket;
    try {
      // Literal address rather than "localhost", which may resolve to ::1.
      InetAddress loopback = InetAddress.getByAddress("localhost", new byte[] {127, 0, 0, 1});
      serverSocket = new ServerSocket(0, ACCEPT_BACKLOG, loopback);
    } catch (IOException e) {
      throw new UncheckedIOException("FakeClaude could not bind a port on 127.0.0.1", e);
    }
    FakeClaude server = new FakeClaude(serverSocket, backend);
    server.pool.execute(server::acceptLoop);
    return server;
  }

  /**
   * Starts a recording proxy: each request that neither the queue nor a rule answers is forwarded
   * to {@code upstream} with {@code apiKey} as its {@code x-api-key} (whatever credentials the
   * client sent are dropped), the upstream's reply is returned to the client unchanged, and the
   * exchange is written to a file in {@code dir} (created if missing), for {@link #replaying} to
   * serve later without a key or a network.
   *
   * <pre>{@code
   * Path dir = Path.of("src/test/resources/recordings/triage");
   * URI upstream = URI.create("https://api.anthropic.com");
   * String key = System.getenv("ANTHROPIC_API_KEY");
   * try (FakeClaude claude = FakeClaude.recording(upstream, key, dir)) {
   *   Triage triage = ClaudeTriage.builder().testServer(claude.baseUrl()).build();
   *   assertEquals(Category.BILLING, triage.classify("I was charged twice"));
   * }
   * }</pre>
   *
   * <h4>The file format</h4>
   *
   * <p>One UTF-8 JSON file per exchange, indented for reading and diffing:
   *
   * <pre>{@code
   * {
   *   "format" : "claudegen-recording/1",
   *   "request" : {
   *     "method" : "POST",
   *     "path" : "/v1/messages",
   *     "headers" : { "anthropic-version" : "2026-10-21", "x-api-key" : "[REDACTED]", ... },
   *     "body" : { "model" : "claude-sonnet-4-6", "max_tokens" : 1024, "messages" : [ ... ] }
   *   },
   *   "response" : {
   *     "status" : 200,
   *     "headers" : { "content-type" : "application/json", "request-id" : "req_...", ... },
   *     "body" : { "id" : "msg_...", "type" : "message", "content" : [ ... ], ... }
   *   }
   * }
   * }</pre>
   *
   * <ul>
   *   <li>{@code request.query} is present only when the request had a query string.
   *   <li>{@code body} holds a body that is JSON, as JSON; any other body (such as a streamed
   *       {@code text/event-stream} reply) is the string {@code body_text} instead; an empty body
   *       has neither.
   *   <li>Header names are lower case; several values of one header are joined with {@code ", "}.
   *       Response headers leave out {@code content-length}, {@code transfer-encoding}, {@code
   *       connection}, {@code keep-alive}, {@code content-encoding} and {@code set-cookie}.
   *   <li>Redaction: the values of {@code x-api-key}, {@code authorization} and {@code
   *       proxy-authorization} are written as {@code [REDACTED]}, and so is every occurrence of
   *       {@code apiKey} anywhere in the file (headers and both bodies).
   * </ul>
   *
   * <p>The file is named {@code METHOD-path-HASH-NNN.json}, e.g. {@code
   * POST-v1-messages-3fa2b9c01d2e-001.json}: {@code HASH} is derived from what replay matches on
   * (method, path and query, canonical body), and {@code NNN} counts, from 001, the exchanges of
   * that same request during this server's life (a retried request records each attempt). So
   * recording again replaces the files of an earlier run, request by request; delete the directory
   * to drop recordings no test makes any more.
   *
   * <p>If the upstream cannot be reached, the client gets {@code 502 api_error} naming the host and
   * the cause, nothing is written, and {@link #verifyAllUsed()} reports it.
   *
   * @param upstream the API's base URL, e.g. {@code https://api.anthropic.com}; {@code https}, or
   *     plain {@code http} to a loopback host only (the key must not travel in clear text)
   * @param apiKey the key to send upstream; it is never written, printed or logged
   * @param dir where the files go
   * @throws IllegalArgumentException if {@code upstream} is not such a URL or {@code apiKey} is
   *     blank
   * @throws UncheckedIOException if {@code dir} cannot be created or no port can be bound
   */
  public static FakeClaude recording(URI upstream, String apiKey, Path dir) {
    Objects.requireNonNull(upstream, "upstream");
    Objects.requireNonNull(apiKey, "apiKey");
    Objects.requireNonNull(dir, "dir");
    return start(new Recordings.Recorder(upstream, apiKey, dir));
  }

  /**
   * Starts a server that answers from the files {@link #recording} wrote to {@code dir}: each
   * request that neither the queue nor a rule answers gets the recorded reply of the recording with
   * the same method, path and query, and body. Bodies are compared as canonical JSON (object keys
   * in any order, whitespace ignored; a body that is not JSON is compared as text); headers,
   * including the API key, are ignored, so replay needs no key.
   *
   * <pre>{@code
   * Path dir = Path.of("src/test/resources/recordings/triage");
   * try (FakeClaude claude = FakeClaude.replaying(dir)) {
   *   Triage triage = ClaudeTriage.builder().testServer(claude.baseUrl()).build();
   *   assertEquals(Category.BILLING, triage.classify("I was charged twice"));
   * }
   * }</pre>
   *
   * <p>Several recordings of the same request (a retry, or a request made twice) are served in the
   * order of their file names, one per request; after the last, the last is served again. A request
   * that matches no recording gets {@code 404 not_found_error} whose message says that no recording
   * in {@code dir} matched, and {@link #verifyAllUsed()} (so {@link FakeClaudeExtension} too) fails
   * naming the request. Every {@code *.json} file directly in {@code dir} is read, once, at start.
   *
   * @throws IllegalArgumentException if {@code dir} is not a directory, or a file in it is not a
   *     valid recording (the message names the file)
   * @throws UncheckedIOException if a file cannot be read or no port can be bound
   */
  public static FakeClaude replaying(Path dir) {
    return start(new Recordings.Replay(Objects.requireNonNull(dir, "dir")));
  }

  /**
   * {@link #recording} when {@code ANTHROPIC_API_KEY} is set (to {@code ANTHROPIC_BASE_URL}, or
   * {@code https://api.anthropic.com} when that is unset), else {@link #replaying}: the same test
   * records real replies on a developer's machine and replays them in CI.
   *
   * <pre>{@code
   * Path dir = Path.of("src/test/resources/recordings/triage");
   * try (FakeClaude claude = FakeClaude.recordOrReplay(dir)) {
   *   ...
   * }
   * }</pre>
   */
  public static FakeClaude recordOrReplay(Path dir) {
    return recordOrReplay(dir, System::getenv);
  }

  /**
   * Like {@link #recordOrReplay(Path)}, reading the variables from {@code environment} instead of
   * the process environment.
   */
  public static FakeClaude recordOrReplay(Path dir, UnaryOperator<String> environment) {
    Objects.requireNonNull(dir, "dir");
    Objects.requireNonNull(environment, "environment");
    String key = environment.apply("ANTHROPIC_API_KEY");
    if (key == null || key.isBlank()) {
      return replaying(dir);
    }
    String base = environment.apply("ANTHROPIC_BASE_URL");
    URI upstream =
        URI.create(base == null || base.isBlank() ? "https://api.anthropic.com" : base.strip());
    return recording(upstream, key, dir);
  }

  /** The server's root, {@code http://127.0.0.1:PORT}, without a trailing slash. */
  public URI baseUrl() {
    return baseUrl;
  }

  /** The port the server listens on. */
  public int port() {
    return serverSocket.getLocalPort();
  }

  /**
   * Sets the text of the default reply (see the class documentation) for requests arriving from now
   * on. A structured request (one with {@code output_config.format}) gets the minimal instance of
   * its schema instead, which this text would not fit.
   *
   * @return this server
   */
  public FakeClaude defaultText(String text) {
    defaultReply = FakeResponse.text(Objects.requireNonNull(text, "text"));
    return this;
  }

  /**
   * Appends responses to the queue; each request takes the oldest one. The responses of one call
   * stay together even when other threads enqueue concurrently.
   *
   * @return this server
   */
  public FakeClaude enqueue(FakeResponse... responses) {
    Objects.requireNonNull(responses, "responses");
    for (int i = 0; i < responses.length; i++) {
      Objects.requireNonNull(responses[i], "responses[" + i + "]");
    }
    synchronized (script) {
      script.addAll(List.of(responses));
    }
    return this;
  }

  /** How many enqueued responses no request has taken yet. */
  public int pendingResponses() {
    synchronized (script) {
      return script.size();
    }
  }

  /**
   * Starts a rule that answers the requests {@code matcher} accepts; it takes effect once one of
   * {@link Rule}'s {@code reply} methods is called. Rules are consulted in the order added, after
   * the queue and before the default reply (see the class documentation). {@link Match} has
   * ready-made predicates.
   *
   * <pre>{@code
   * claude.when(Match.model("claude-haiku-4-5")).reply(FakeResponse.text("quick"));
   * claude.when(r -> r.userText().contains("refund")).replyInOrder(
   *     FakeScenarios.overloadedError(), FakeResponse.text("BILLING"));
   * claude.when(Match.any()).answer(r -> FakeResponse.text("You said: " + r.userText()));
   * }</pre>
   *
   * <p>A predicate or responder that throws does not break the server: the request gets a {@code
   * 500 api_error} naming the rule and the exception, and {@link #verifyAllUsed()} reports it.
   */
  public Rule when(Predicate<? super RecordedRequest> matcher) {
    return new Rule(this, Objects.requireNonNull(matcher, "matcher"));
  }

  /**
   * A rule being set up by {@link FakeClaude#when}: call exactly one of its methods, which adds the
   * rule to the server and returns the server for chaining.
   *
   * <pre>{@code
   * claude.when(Match.systemContains("pirate"))
   *     .reply(FakeResponse.text("Arr!"))
   *     .when(Match.any())
   *     .reply(FakeResponse.error(400, "invalid_request_error", "unexpected request"));
   * }</pre>
   */
  public static final class Rule {
    private final FakeClaude server;
    private final Predicate<? super RecordedRequest> matcher;
    private final AtomicBoolean added = new AtomicBoolean();

    private Rule(FakeClaude server, Predicate<? super RecordedRequest> matcher) {
      this.server = server;
      this.matcher = matcher;
    }

    /**
     * Answers every matching request with {@code response}, as often as they come. Such a rule
     * never counts as unused.
     *
     * @throws IllegalStateException if a reply method of this rule was called before
     */
    public FakeClaude reply(FakeResponse response) {
      Objects.requireNonNull(response, "response");
      return add(request -> response, null);
    }

    /**
     * Answers the matching requests with these responses, one each, in order. Once all are sent the
     * rule no longer matches, and later requests go on to the next rule. Responses not sent by the
     * end of a test make {@link FakeClaude#verifyAllUsed()} fail.
     *
     * <pre>{@code
     * claude.when(Match.model("claude-opus-4-6")).replyInOrder(FakeScenarios.overloaded(2));
     * }</pre>
     *
     * @throws IllegalArgumentException if no response is given
     * @throws IllegalStateException if a reply method of this rule was called before
     */
    public FakeClaude replyInOrder(FakeResponse... responses) {
      Objects.requireNonNull(responses, "responses");
      if (responses.length == 0) {
        throw new IllegalArgumentException("replyInOrder needs at least one response");
      }
      for (int i = 0; i < responses.length; i++) {
        Objects.requireNonNull(responses[i], "responses[" + i + "]");
      }
      return add(null, new ArrayDeque<>(List.of(responses)));
    }

    /**
     * Answers each matching request with what {@code responder} returns for it; {@code null}
     * declines, and the request goes on to the next rule. The responder runs on the server's
     * connection thread, possibly for several requests at once.
     *
     * <pre>{@code
     * claude.when(Match.any()).answer(r ->
     *     r.userText().contains("?") ? FakeResponse.text("Yes.") : null);
     * }</pre>
     *
     * @throws IllegalStateException if a reply method of this rule was called before
     */
    public FakeClaude answer(Function<? super RecordedRequest, FakeResponse> responder) {
      return add(Objects.requireNonNull(responder, "responder"), null);
    }

    private FakeClaude add(
        Function<? super RecordedRequest, FakeResponse> responder, Deque<FakeResponse> inOrder) {
      if (!added.compareAndSet(false, true)) {
        throw new IllegalStateException("This rule already has its reply; start another with when");
      }
      server.rules.add(new Stub(server.ruleNumbers.incrementAndGet(), matcher, responder, inOrder));
      return server;
    }
  }

  /** An added rule: either a responder or replies in order (guarded by itself). */
  private static final class Stub {
    final int number;
    final Predicate<? super RecordedRequest> matcher;
    final Function<? super RecordedRequest, FakeResponse> responder;
    final Deque<FakeResponse> inOrder;

    Stub(
        int number,
        Predicate<? super RecordedRequest> matcher,
        Function<? super RecordedRequest, FakeResponse> responder,
        Deque<FakeResponse> inOrder) {
      this.number = number;
      this.matcher = matcher;
      this.responder = responder;
      this.inOrder = inOrder;
    }

    FakeResponse answer(RecordedRequest request) {
      if (inOrder != null) {
        // Checked and taken under one lock, so that two requests cannot both take the last reply.
        synchronized (inOrder) {
          return !inOrder.isEmpty() && matcher.test(request) ? inOrder.poll() : null;
        }
      }
      return matcher.test(request) ? responder.apply(request) : null;
    }

    List<FakeResponse> unused() {
      if (inOrder == null) {
        return List.of();
      }
      synchronized (inOrder) {
        return List.copyOf(inOrder);
      }
    }

    @Override
    public String toString() {
      return "rule " + number + " (" + matcher + ")";
    }
  }

  /**
   * Fails if anything scripted was left unused or went wrong: responses still in the queue,
   * responses of {@link Rule#replyInOrder} rules not sent, rules whose predicate or responder
   * threw, replies with stream faults sent to requests that did not ask to stream, and, for a
   * {@linkplain #replaying replaying} server, requests that matched no recording. Call it at the
   * end of a test, after the code under test has finished; {@link FakeClaudeExtension} does so
   * itself.
   *
   * <pre>{@code
   * claude.enqueue(FakeScenarios.overloaded(2));
   * assistant.ask("Hi");
   * claude.verifyAllUsed();  // fails if the client gave up before the success
   * }</pre>
   *
   * @throws AssertionError listing every problem, e.g. {@code 1 queued response not used:
   *     [FakeResponse{200 message ["Hello from FakeClaude."], stop_reason=end_turn}]}
   */
  public void verifyAllUsed() {
    List<String> problems = new ArrayList<>();
    List<FakeResponse> queued;
    synchronized (script) {
      queued = List.copyOf(script);
    }
    if (!queued.isEmpty()) {
      problems.add(
          queued.size()
              + (queued.size() == 1 ? " queued response" : " queued responses")
              + " not used: "
              + queued);
    }
    for (Stub rule : rules) {
      List<FakeResponse> unused = rule.unused();
      if (!unused.isEmpty()) {
        problems.add(rule + ": " + unused.size() + " of its replies not used: " + unused);
      }
    }
    problems.addAll(ruleFailures);
    problems.addAll(streamMismatches);
    problems.addAll(backend.problems());
    problems.addAll(batches.problems());
    if (!problems.isEmpty()) {
      throw new AssertionError(
          this + " after " + requestCount() + " requests:\n  " + String.join("\n  ", problems));
    }
  }

  /**
   * Makes {@link FakeClaudeExtension} skip its {@link #verifyAllUsed()} check for this server, for
   * a test that scripts more replies than the code under test may use (e.g. a race, or a client
   * that stops at the first error). Calling {@link #verifyAllUsed()} explicitly still checks.
   *
   * <pre>{@code
   * claude.allowUnusedResponses();
   * claude.enqueue(FakeScenarios.repeated(FakeScenarios.overloadedError(), 10));
   * }</pre>
   *
   * @return this server
   */
  public FakeClaude allowUnusedResponses() {
    checkedAfterTest = false;
    return this;
  }

  /** Whether {@link FakeClaudeExtension} should run {@link #verifyAllUsed()} after the test. */
  boolean checkedAfterTest() {
    return checkedAfterTest;
  }

  /**
   * Sets the smallest prefix, in estimated tokens, that this server's prompt cache caches, for
   * requests arriving from now on; a breakpoint marking a shorter prefix is ignored, as the API
   * ignores it, silently: without an error, nothing written or read. The default, 0, caches every
   * marked prefix, so that tests need no long prompts. The API's minimum depends on the model:
   * 1,024 tokens for Sonnet 4.6, Sonnet 4.5, Sonnet 5 and Opus 4.8; 512 for Opus 5; 2,048 for Opus
   * 4.7; 4,096 for Opus 4.6, Opus 4.5 and Haiku 4.5. See the class documentation for how tokens are
   * estimated.
   *
   * <pre>{@code
   * claude.minCacheableTokens(1024);  // as for claude-sonnet-4-6
   * }</pre>
   *
   * @return this server
   * @throws IllegalArgumentException if {@code tokens} is negative
   */
  public FakeClaude minCacheableTokens(int tokens) {
    if (tokens < 0) {
      throw new IllegalArgumentException("tokens must not be negative: " + tokens);
    }
    minCacheableTokens = tokens;
    return this;
  }

  /**
   * Empties this server's prompt cache: the next request reads nothing and writes what it marks, as
   * after the entries' ttl has passed. Entries are otherwise kept for the server's life, since the
   * server has no clock of its own to expire them by.
   *
   * @return this server
   */
  public FakeClaude clearCache() {
    cache.clear();
    return this;
  }

  /**
   * The server's Message Batches endpoints: what they created, and the controls for their
   * processing time, expiry and failures. See {@link FakeBatches}.
   */
  public FakeBatches batches() {
    return batches;
  }

  /**
   * A snapshot of every request received so far, oldest first, including already taken ones. The
   * Message Batches endpoints' requests are not among them, but in {@link FakeBatches#requests()}.
   */
  public List<RecordedRequest> requests() {
    synchronized (received) {
      return List.copyOf(received);
    }
  }

  /** How many requests the server has received (read completely) so far. */
  public int requestCount() {
    synchronized (received) {
      return received.size();
    }
  }

  /**
   * Returns the oldest request not yet returned by a {@code takeRequest} method, waiting up to
   * {@link #DEFAULT_TAKE_TIMEOUT} for one to arrive. A request is recorded before its reply is
   * sent, so after a client call returns, its request is already available.
   *
   * @throws AssertionError if no request arrives in time, so that a test fails with a clear message
   */
  public RecordedRequest takeRequest() {
    return takeRequest(DEFAULT_TAKE_TIMEOUT);
  }

  /**
   * Like {@link #takeRequest()}, waiting up to {@code timeout}.
   *
   * @throws AssertionError if no request arrives in time, or the waiting thread is interrupted
   */
  public RecordedRequest takeRequest(Duration timeout) {
    Objects.requireNonNull(timeout, "timeout");
    try {
      RecordedRequest request = untaken.poll(timeout.toNanos(), TimeUnit.NANOSECONDS);
      if (request == null) {
        throw new AssertionError(
            "No request arrived at "
                + this
                + " within "
                + timeout.toMillis()
                + " ms (requests received in total: "
                + requestCount()
                + ", all already taken)");
      }
      return request;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError("Interrupted while waiting for a request at " + this, e);
    }
  }

  /**
   * Stops the server: no new connections, open ones (including those waiting out a {@link
   * FakeResponse#withDelay delay}) are closed at once. Returns promptly; calling it again does
   * nothing. Recorded requests stay available.
   */
  @Override
  public void close() {
    if (!closed.compareAndSet(false, true)) {
      return;
    }
    closedLatch.countDown();
    closeQuietly(serverSocket);
    for (Socket socket : openSockets) {
      closeQuietly(socket);
    }
    pool.shutdownNow();
    try {
      // Every thread is blocked on a socket or the latch, both released above, so this is short.
      pool.awaitTermination(2, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** E.g. {@code FakeClaude{http://127.0.0.1:54321, requests=2, pendingResponses=1}}. */
  @Override
  public String toString() {
    return "FakeClaude{"
        + baseUrl
        + ", requests="
        + requestCount()
        + ", pendingResponses="
        + pendingResponses()
        + (closed.get() ? ", closed" : "")
        + "}";
  }

  private void acceptLoop() {
    while (!closed.get()) {
      Socket socket;
      try {
        socket = serverSocket.accept();
      } catch (IOException e) {
        if (closed.get()) {
          return;
        }
        // Transient (e.g. out of file descriptors): back off instead of spinning.
        if (awaitClosed(Duration.ofMillis(10))) {
          return;
        }
        continue;
      }
      openSockets.add(socket);
      // close() may have run between accept() and add(), missing this socket.
      if (closed.get()) {
        discard(socket);
        return;
      }
      try {
        pool.execute(() -> serve(socket));
      } catch (RejectedExecutionException e) {
        discard(socket);
      }
    }
  }

  private void serve(Socket socket) {
    try (socket) {
      socket.setSoTimeout(IDLE_TIMEOUT_MILLIS);
      socket.setTcpNoDelay(true);
      InputStream in = new BufferedInputStream(socket.getInputStream(), IO_BUFFER);
      OutputStream out = new BufferedOutputStream(socket.getOutputStream(), IO_BUFFER);
      HttpRequestReader reader = new HttpRequestReader(in, out);
      while (!closed.get()) {
        RawRequest raw;
        try {
          raw = reader.read();
        } catch (HttpException e) {
          String requestId = nextRequestId();
          FakeResponse error = FakeResponse.error(e.status(), e.errorType(), e.getMessage());
          write(socket, out, error, requestId, FakeResponse.FALLBACK_MODEL, 0, true, true, false);
          lingeringClose(socket, in);
          return;
        }
        if (raw == null || !respond(raw, socket, out)) {
          return;
        }
      }
    } catch (IOException e) {
      // The client went away, timed out, or close() closed the socket: nobody to tell.
    } finally {
      openSockets.remove(socket);
    }
  }

  /**
   * Records one request and answers it.
   *
   * @return whether the connection stays open for another request
   */
  private boolean respond(RawRequest raw, Socket socket, OutputStream out) throws IOException {
    String requestId = nextRequestId();
    RecordedRequest request =
        new RecordedRequest(raw.method(), raw.target(), raw.headers(), raw.body(), Instant.now());
    if (FakeBatches.serves(request.path())) {
      FakeBatches.Answer answer = batches.answer(request, requestId);
      if (answer.results() != null) {
        boolean keepAlive = raw.keepAlive() && !closed.get();
        return writeJsonl(out, answer.results(), requestId, !keepAlive);
      }
      return send(raw, socket, out, answer.response(), request, requestId, null);
    }
    synchronized (received) {
      received.add(request);
    }
    untaken.add(request);

    JsonNode json = null;
    String jsonError = null;
    try {
      json = RecordedRequest.parseJson(raw.body());
    } catch (IOException e) {
      jsonError = RecordedRequest.describe(e);
    }
    FakeResponse response = reply(request, json, jsonError, requestId);
    return send(raw, socket, out, response, request, requestId, json);
  }

  /**
   * The reply to a Messages request, or to a batch entry's params, as the class documentation says:
   * queue, rules, backend; checked, made from the schema, and given its tool ids and cache usage.
   *
   * @param requestId the id that problems name the request by
   */
  FakeResponse reply(RecordedRequest request, JsonNode json, String jsonError, String requestId) {
    FakeResponse scripted;
    synchronized (script) {
      scripted = script.poll();
    }
    FakeResponse response = scripted != null ? scripted : fromRules(request);
    if (response == null) {
      response = backend.answer(request, json, jsonError);
    }
    if (response.streams()) {
      response = checkToolsAndCaching(response, json);
    }
    if (response.isSchemaInstance()) {
      response = schemaInstance(response, request, requestId, json);
    }
    if (response.streams()) {
      response =
          response.served(
              () -> String.format(Locale.ROOT, "toolu_fake_%06d", toolUseIds.incrementAndGet()),
              cache.use(json, minCacheableTokens));
    }
    return response;
  }

  /**
   * Sends {@code response} with its delay and faults.
   *
   * @param json the request's body, or {@code null} if it is not JSON or not a Messages request
   * @return whether the connection stays open for another request
   */
  private boolean send(
      RawRequest raw,
      Socket socket,
      OutputStream out,
      FakeResponse response,
      RecordedRequest request,
      String requestId,
      JsonNode json)
      throws IOException {
    if (!response.delay().isZero() && awaitClosed(response.delay())) {
      return false;
    }
    switch (response.fault().type()) {
      case DISCONNECT:
        return false;
      case RESET:
        // Closing with a zero linger time sends RST instead of FIN.
        socket.setSoLinger(true, 0);
        return false;
      default:
        break; // the others concern the body, and are the writer's
    }

    JsonNode model = json == null ? null : json.get("model");
    String echoedModel =
        model != null && model.isTextual() && !model.asText().isEmpty()
            ? model.asText()
            : FakeResponse.FALLBACK_MODEL;
    boolean keepAlive = raw.keepAlive() && !closed.get();
    boolean includeBody = !raw.method().equals("HEAD");
    boolean streamed = includeBody && response.streams() && RecordedRequest.asksToStream(json);
    if (!streamed && response.hasStreamFaults()) {
      streamMismatches.add(
          "request "
              + requestId
              + " ("
              + request.method()
              + " "
              + request.path()
              + ") did not ask to stream, so it got "
              + response
              + " as JSON, without its stream faults");
    }
    return write(
        socket,
        out,
        response,
        requestId,
        echoedModel,
        request.bodySize(),
        !keepAlive,
        includeBody,
        streamed);
  }

  /**
   * Writes a {@code 200} JSON Lines body, one chunk per line, as the lines come.
   *
   * @return whether the connection stays open
   */
  private boolean writeJsonl(
      OutputStream out, Iterator<byte[]> lines, String requestId, boolean close)
      throws IOException {
    StringBuilder head = new StringBuilder(256);
    List<Map.Entry<String, String>> headers =
        List.of(
            Map.entry("content-type", FakeBatches.JSONL), Map.entry("request-id", requestId));
    close = startHead(head, FakeResponse.raw(200, null, ""), headers, close);
    head.append("transfer-encoding: chunked\r\n");
    endHead(head, headers, close);
    out.write(head.toString().getBytes(StandardCharsets.UTF_8));
    while (lines.hasNext()) {
      byte[] line = lines.next();
      out.write(Integer.toHexString(line.length + 1).getBytes(StandardCharsets.US_ASCII));
      out.write(CRLF);
      out.write(line);
      out.write('\n');
      out.write(CRLF);
    }
    out.write(LAST_CHUNK);
    out.flush();
    return !close;
  }

  /** The reply of the first rule that has one, or {@code null}. */
  private FakeResponse fromRules(RecordedRequest request) {
    for (Stub rule : rules) {
      FakeResponse response;
      try {
        response = rule.answer(request);
      } catch (RuntimeException e) {
        String problem = rule + " threw " + e + " for " + request.method() + " " + request.path();
        ruleFailures.add(problem);
        return FakeResponse.error(500, "api_error", "FakeClaude: " + problem);
      }
      if (response != null) {
        return response;
      }
    }
    return null;
  }

  /**
   * A {@link FakeResponse#schemaInstance()} reply with its text made from the request's schema, or
   * the {@code 400} the API sends for that schema, or for no schema at all (which is reported).
   */
  private FakeResponse schemaInstance(
      FakeResponse response, RecordedRequest request, String requestId, JsonNode json) {
    JsonNode format = StructuredOutput.format(json);
    if (format == null) {
      String problem =
          "request "
              + requestId
              + " ("
              + request.method()
              + " "
              + request.path()
              + ") has no output_config.format, so "
              + response
              + " had no schema to fit and sent 400";
      ruleFailures.add(problem);
      return invalid("FakeClaude: " + problem);
    }
    try {
      return response.withInstance(StructuredOutput.minimalInstance(json));
    } catch (StructuredOutput.SchemaException e) {
      return invalid(e.getMessage());
    } catch (RuntimeException | StackOverflowError e) {
      // A schema shape FakeClaude did not foresee: the client gets an answer, the test a report.
      String problem =
          "FakeClaude could not make an instance of the schema of " + requestId + ": " + e;
      ruleFailures.add(problem);
      return FakeResponse.error(500, "api_error", problem);
    }
  }

  /**
   * A success reply, or the {@code 400} the API sends for the request's tools, tool turns or cache
   * markers.
   */
  private static FakeResponse checkToolsAndCaching(FakeResponse response, JsonNode json) {
    String refusal = ToolRules.check(json);
    if (refusal == null) {
      refusal = PromptCache.check(json);
    }
    return refusal == null ? response : invalid(refusal);
  }

  /** The default reply, or the error the real API would send for this request. */
  private FakeResponse validate(RecordedRequest request, JsonNode json, String jsonError) {
    if (!request.method().equals("POST") || !request.path().equals(MESSAGES_PATH)) {
      return FakeResponse.error(
          404,
          "not_found_error",
          "Not found: "
              + request.method()
              + " "
              + request.path()
              + " (FakeClaude serves POST "
              + MESSAGES_PATH
              + ")");
    }
    if (isBlank(request.header("x-api-key")) && isBlank(request.header("authorization"))) {
      return FakeResponse.error(401, "authentication_error", "x-api-key header is required");
    }
    if (isBlank(request.header("anthropic-version"))) {
      return invalid("anthropic-version: header is required");
    }
    if (json == null) {
      return invalid("Request body is not valid JSON: " + jsonError);
    }
    if (!json.isObject()) {
      return invalid("Request body must be a JSON object");
    }
    String refusal = bodyRefusal(json);
    if (refusal != null) {
      return invalid(refusal);
    }
    if (StructuredOutput.format(json) != null) {
      // Made per request: the text depends on the schema, and the schema may be refused.
      return FakeResponse.schemaInstance();
    }
    return defaultReply;
  }

  /**
   * Why the API refuses a Messages body (an object) for its {@code model}, {@code max_tokens} or
   * {@code messages}, as an {@code invalid_request_error} message; {@code null} if it does not.
   */
  static String bodyRefusal(JsonNode json) {
    JsonNode model = json.get("model");
    if (model == null) {
      return "model: Field required";
    }
    if (!model.isTextual()) {
      return "model: Input should be a valid string";
    }
    if (model.asText().isEmpty()) {
      return "model: String should have at least 1 character";
    }
    JsonNode maxTokens = json.get("max_tokens");
    if (maxTokens == null) {
      return "max_tokens: Field required";
    }
    if (!maxTokens.isIntegralNumber()) {
      return "max_tokens: Input should be a valid integer";
    }
    if (maxTokens.bigIntegerValue().signum() <= 0) {
      return "max_tokens: Input should be greater than or equal to 1";
    }
    JsonNode messages = json.get("messages");
    if (messages == null) {
      return "messages: Field required";
    }
    if (!messages.isArray()) {
      return "messages: Input should be a valid list";
    }
    if (messages.isEmpty()) {
      return "messages: List should have at least 1 item";
    }
    return null;
  }

  private static FakeResponse invalid(String message) {
    return FakeResponse.error(400, "invalid_request_error", message);
  }

  /**
   * Writes a response: in one go, or with the body truncated or held back as its fault says; or,
   * streamed, as events.
   *
   * @return whether the connection stays open
   */
  private boolean write(
      Socket socket,
      OutputStream out,
      FakeResponse response,
      String generatedRequestId,
      String model,
      int requestBodyBytes,
      boolean close,
      boolean includeBody,
      boolean streamed)
      throws IOException {
    String requestId = response.effectiveRequestId(generatedRequestId);
    String messageId = "msg_fake_" + generatedRequestId.substring("req_fake_".length());
    if (streamed) {
      return writeStream(
          socket, out, response, generatedRequestId, messageId, model, requestBodyBytes, close);
    }
    byte[] body =
        FakeResponse.permitsBody(response.status())
            ? response.body(requestId, messageId, model, requestBodyBytes)
            : new byte[0];
    List<Map.Entry<String, String>> headers = response.headers(generatedRequestId, false);
    Fault fault = includeBody ? response.fault() : Fault.NONE;
    int declaredLength = body.length;
    if (fault.type() == Fault.Type.TRUNCATE_BODY) {
      declaredLength = Math.max(body.length, fault.bodyBytes() + 1);
      body = Arrays.copyOf(body, Math.min(fault.bodyBytes(), body.length));
      close = true;
    }

    StringBuilder head = new StringBuilder(256);
    close = startHead(head, response, headers, close);
    if (FakeResponse.permitsBody(response.status())) {
      head.append("content-length: ").append(declaredLength).append("\r\n");
    }
    endHead(head, headers, close);

    ByteArrayOutputStream bytes = new ByteArrayOutputStream(head.length() + body.length);
    // Header values come from FakeResponse, which forbids line breaks; UTF-8 keeps non-ASCII text.
    bytes.write(head.toString().getBytes(StandardCharsets.UTF_8));
    if (fault.type() == Fault.Type.STALL_AFTER_HEADERS) {
      bytes.writeTo(out);
      out.flush();
      bytes.reset();
      if (stallAfterHeaders(socket, fault)) {
        return false;
      }
    }
    if (includeBody) {
      bytes.write(body);
    }
    bytes.writeTo(out);
    out.flush();
    return !close;
  }

  /**
   * Writes a success reply as events, one chunk each, flushed at once so that a client sees every
   * event when it is sent, with the reply's stream faults and transport faults.
   *
   * @return whether the connection stays open
   */
  private boolean writeStream(
      Socket socket,
      OutputStream out,
      FakeResponse response,
      String generatedRequestId,
      String messageId,
      String model,
      int requestBodyBytes,
      boolean close)
      throws IOException {
    List<StreamScript.Step> steps = response.streamSteps(messageId, model, requestBodyBytes);
    List<Map.Entry<String, String>> headers = response.headers(generatedRequestId, true);
    Fault fault = response.fault();
    StringBuilder head = new StringBuilder(256);
    close = startHead(head, response, headers, close);
    head.append("transfer-encoding: chunked\r\n");
    endHead(head, headers, close);
    out.write(head.toString().getBytes(StandardCharsets.UTF_8));
    out.flush();
    if (fault.type() == Fault.Type.STALL_AFTER_HEADERS && stallAfterHeaders(socket, fault)) {
      return false;
    }
    // A truncated stream stops inside a chunk once this many event bytes are out, never at its end.
    boolean truncated = fault.type() == Fault.Type.TRUNCATE_BODY;
    long budget = truncated ? fault.bodyBytes() : Long.MAX_VALUE;
    for (StreamScript.Step step : steps) {
      switch (step.kind()) {
        case SEND:
          byte[] event = step.bytes();
          out.write(Integer.toHexString(event.length).getBytes(StandardCharsets.US_ASCII));
          out.write(CRLF);
          if (budget < event.length) {
            out.write(event, 0, (int) budget);
            out.flush();
            return false;
          }
          budget -= event.length;
          out.write(event);
          out.write(CRLF);
          out.flush();
          break;
        case PAUSE:
          if (awaitClosed(step.pause())) {
            return false;
          }
          break;
        case STALL:
          holdOpen(socket);
          return false;
        case CUT:
          return false;
      }
    }
    if (truncated) {
      return false;
    }
    out.write(LAST_CHUNK);
    out.flush();
    return !close;
  }

  /**
   * Starts a response head with the status line and {@code headers}.
   *
   * @return {@code close}, or {@code true} if a scripted {@code connection} header says close
   */
  private static boolean startHead(
      StringBuilder head,
      FakeResponse response,
      List<Map.Entry<String, String>> headers,
      boolean close) {
    head.append("HTTP/1.1 ")
        .append(response.status())
        .append(' ')
        .append(reasonPhrase(response.status()))
        .append("\r\n");
    for (Map.Entry<String, String> header : headers) {
      head.append(header.getKey()).append(": ").append(header.getValue()).append("\r\n");
      if (header.getKey().equalsIgnoreCase("connection")) {
        close |= header.getValue().toLowerCase(Locale.ROOT).contains("close");
      }
    }
    return close;
  }

  /** Ends a response head, with {@code connection: close} unless a scripted header says it. */
  private static void endHead(
      StringBuilder head, List<Map.Entry<String, String>> headers, boolean close) {
    boolean userConnection =
        headers.stream().anyMatch(header -> header.getKey().equalsIgnoreCase("connection"));
    if (close && !userConnection) {
      head.append("connection: close\r\n");
    }
    head.append("\r\n");
  }

  /**
   * Holds the body back after the head as {@code fault} says.
   *
   * @return whether the connection is to be dropped instead of answered
   */
  private boolean stallAfterHeaders(Socket socket, Fault fault) {
    if (fault.stall() == null) {
      holdOpen(socket);
      return true;
    }
    return awaitClosed(fault.stall());
  }

  /**
   * Keeps a connection open without writing until the client closes it or the server is closed, so
   * that a stall holds no thread past either. Whatever the client sends meanwhile is discarded: the
   * connection is not used again.
   */
  private void holdOpen(Socket socket) {
    byte[] sink = new byte[IO_BUFFER];
    try {
      InputStream in = socket.getInputStream();
      while (!closed.get()) {
        try {
          if (in.read(sink) == -1) {
            return;
          }
        } catch (SocketTimeoutException e) {
          // Only the idle timeout: the client is still there, so the stall goes on.
        }
      }
    } catch (IOException e) {
      // Reset by the client, or the socket closed by close(): the stall is over either way.
    }
  }

  /** Half-closes, then drains what the client still sends, so it gets to read our response. */
  private static void lingeringClose(Socket socket, InputStream in) {
    try {
      socket.shutdownOutput();
      socket.setSoTimeout(LINGER_MILLIS);
      long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(LINGER_MILLIS);
      byte[] sink = new byte[IO_BUFFER];
      while (System.nanoTime() < deadline && in.read(sink) != -1) {
        // Discarded on purpose.
      }
    } catch (IOException e) {
      // Timed out, reset or closed by close(): the connection is going away either way.
    }
  }

  private String nextRequestId() {
    return String.format(Locale.ROOT, "req_fake_%06d", sequence.incrementAndGet());
  }

  /** Waits up to {@code timeout}; returns {@code true} at once if the server is or gets closed. */
  private boolean awaitClosed(Duration timeout) {
    try {
      return closedLatch.await(timeout.toNanos(), TimeUnit.NANOSECONDS);
    } catch (InterruptedException e) {
      // Only close() interrupts the pool's threads.
      Thread.currentThread().interrupt();
      return true;
    }
  }

  private void discard(Socket socket) {
    closeQuietly(socket);
    openSockets.remove(socket);
  }

  private static boolean isBlank(String value) {
    return value == null || value.isBlank();
  }

  private static void closeQuietly(AutoCloseable closeable) {
    try {
      closeable.close();
    } catch (Exception e) {
      // Closing is best effort; the resource is unusable either way.
    }
  }

  private static String reasonPhrase(int status) {
    switch (status) {
      case 200:
        return "OK";
      case 201:
        return "Created";
      case 202:
        return "Accepted";
      case 204:
        return "No Content";
      case 301:
        return "Moved Permanently";
      case 302:
        return "Found";
      case 304:
        return "Not Modified";
      case 307:
        return "Temporary Redirect";
      case 308:
        return "Permanent Redirect";
      case 400:
        return "Bad Request";
      case 401:
        return "Unauthorized";
      case 403:
        return "Forbidden";
      case 404:
        return "Not Found";
      case 405:
        return "Method Not Allowed";
      case 408:
        return "Request Timeout";
      case 409:
        return "Conflict";
      case 413:
        return "Content Too Large";
      case 417:
        return "Expectation Failed";
      case 422:
        return "Unprocessable Content";
      case 429:
        return "Too Many Requests";
      case 431:
        return "Request Header Fields Too Large";
      case 500:
        return "Internal Server Error";
      case 501:
        return "Not Implemented";
      case 502:
        return "Bad Gateway";
      case 503:
        return "Service Unavailable";
      case 504:
        return "Gateway Timeout";
      case 505:
        return "HTTP Version Not Supported";
      case 529:
        return "Overloaded";
      default:
        return "Status " + status;
    }
  }
}
