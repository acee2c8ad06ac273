package dev.claudegen.testing;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Objects;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Predicate;
import java.util.regex.Pattern;

/**
 * The Message Batches endpoints of a {@link FakeClaude} server, and the controls a test sets them
 * up with; get it from {@link FakeClaude#batches()}.
 *
 * <pre>{@code
 * claude.batches().endAfterPolls(3);
 * claude.when(Match.userTextContains("refund")).reply(FakeResponse.text("BILLING"));
 * claude.when(Match.userTextContains("bogus"))
 *     .reply(FakeResponse.error(400, "invalid_request_error", "bad ticket"));
 * MessageBatch<Category> batch = draft.submit();
 * batch.await(Duration.ofMinutes(5));              // in_progress, in_progress, ended
 * FakeBatch created = claude.batches().created().get(0);
 * assertEquals(List.of("t-1", "t-2"), created.customIds());
 * assertEquals("I want a refund", created.request("t-1").userText());
 * }</pre>
 *
 * <h2>Endpoints</h2>
 *
 * <p>The server answers, as the API does:
 *
 * <ul>
 *   <li>{@code POST /v1/messages/batches}, body {@code {"requests":[{"custom_id":...,
 *       "params":{...}}, ...]}}: creates a batch, {@code in_progress}, and answers its batch object.
 *       The whole create is refused with {@code 400 invalid_request_error} when the body is not
 *       such an object, {@code requests} is empty or has more than 100,000 entries, an entry has no
 *       object {@code params}, or a {@code custom_id} does not match {@code ^[a-zA-Z0-9_-]{1,64}$}
 *       or repeats one; and with {@code 413 request_too_large} above 256,000,000 body bytes.
 *   <li>{@code GET /v1/messages/batches/{id}}: the batch object; {@code results_url} is set once
 *       it has ended.
 *   <li>{@code GET /v1/messages/batches/{id}/results}: {@code 200}, {@code application/x-jsonl},
 *       one {@code {"custom_id":...,"result":{...}}} line per entry, written line by line in
 *       chunks; {@code 400 invalid_request_error} before the batch has ended.
 *   <li>{@code POST /v1/messages/batches/{id}/cancel}: an {@code in_progress} batch becomes {@code
 *       canceling} (the answer shows it) and ends at its next retrieve, every entry {@code
 *       canceled}; an ended batch is answered unchanged.
 *   <li>{@code GET /v1/messages/batches?limit=N&after_id=...&before_id=...}: {@code
 *       {"data":[...],"has_more":...,"first_id":...,"last_id":...}}, newest first; {@code limit}
 *       1 to 1000, default 20; {@code after_id} pages to older batches, {@code before_id} to newer
 *       ones (an unknown cursor gives an empty page).
 * </ul>
 *
 * <p>An unknown id gets {@code 404 not_found_error}; every request needs an {@code x-api-key} or
 * {@code authorization} header ({@code 401}) and {@code anthropic-version} ({@code 400}), and every
 * answer carries a {@code request-id} header. Batch ids are {@code msgbatch_fake_NNNNNN}, numbered
 * from 1 per server; times are RFC 3339 from {@link #clock(Clock)}, {@code expires_at} 24 hours
 * after {@code created_at}.
 *
 * <h2>What each entry's result is</h2>
 *
 * <p>Each entry's params are answered at create time, in request order, as a {@code POST
 * /v1/messages} with that body and the create's headers would be (see {@link FakeClaude}): the
 * {@linkplain FakeClaude#enqueue queue}, the {@linkplain FakeClaude#when rules}, then the default
 * reply, so a structured request gets its schema's instance and {@link Match} predicates see the
 * entry. The answer becomes the entry's result once the batch ends:
 *
 * <ul>
 *   <li>a success reply: {@code succeeded}, with that reply as the {@code message};
 *   <li>an {@link FakeResponse#error error} reply: {@code errored}, with its type and message, as
 *       {@code "error":{"type":"error","error":{"type":...,"message":...},"request_id":...}};
 *   <li>a {@link FakeResponse#raw raw} reply: {@code succeeded} if its body is a message object,
 *       {@code errored} with the body's error if it has one, else {@code errored api_error};
 *   <li>a reply with a transport fault, a delay or stream faults, which a batch result cannot
 *       carry: {@code errored api_error}, the message naming the reply.
 * </ul>
 *
 * <p>Before that, params the API would refuse end {@code errored invalid_request_error}, without
 * using a queued or rule reply: a {@code model}, {@code max_tokens} (0 included) or {@code
 * messages} the Messages API refuses, {@code "stream": true} or {@code speed}. Entries that
 * {@link #expireWhen} matches end {@code expired} without being answered at all. Entries not ended
 * when a cancel arrives end {@code canceled}. Neither the entries nor the batch endpoints'
 * requests are among {@link FakeClaude#requests()}; the entries are in {@link #created()}, the
 * HTTP requests in {@link #requests()}.
 *
 * <h2>When a batch ends</h2>
 *
 * <p>By default a batch ends at its first retrieve, so that a client that polls sees it ended at
 * once. {@link #endAfterPolls(int)} and {@link #processingTime(Duration)} change that for batches
 * created afterwards; each replaces the other, as a batch ends by one rule: after that many
 * retrieves, or once that long has passed on the clock, whichever was set last. Results are served
 * in an order shuffled by a generator seeded with the batch id, so the same on every run, and never
 * the request order for two entries or more, so that code cannot come to rely on it.
 *
 * <p>All methods are thread safe.
 */
public final class FakeBatches {
  static final String PATH = "/v1/messages/batches";
  static final String JSONL = "application/x-jsonl";

  /** The most requests a batch may have. */
  public static final int MAX_REQUESTS = 100_000;

  private static final Pattern CUSTOM_ID = Pattern.compile("[a-zA-Z0-9_-]{1,64}");
  private static final ObjectMapper MAPPER = new ObjectMapper();
  private static final int DEFAULT_LIMIT = 20;
  private static final int MAX_LIMIT = 1000;
  private static final Duration EXPIRY = Duration.ofHours(24);
  private static final byte[] CANCELED = "{\"type\":\"canceled\"}".getBytes(StandardCharsets.UTF_8);
  private static final byte[] EXPIRED = "{\"type\":\"expired\"}".getBytes(StandardCharsets.UTF_8);

  /** What the server sends for one batch endpoint request: a response, or results to stream. */
  record Answer(FakeResponse response, Iterator<byte[]> results) {}

  private enum Status {
    IN_PROGRESS,
    CANCELING,
    ENDED;

    String wire() {
      return name().toLowerCase(Locale.ROOT);
    }
  }

  /** What an entry ends as, or would end as if it ran. */
  enum Type {
    SUCCEEDED,
    ERRORED,
    CANCELED,
    EXPIRED;

    String wire() {
      return name().toLowerCase(Locale.ROOT);
    }
  }

  /** One entry: its params, and its result once run (guarded by the batches' lock). */
  private static final class Entry {
    final String customId;
    final byte[] params;
    Type outcome; // what it ends as if the batch is not canceled or expired first
    byte[] result; // the "result" object for SUCCEEDED and ERRORED
    Type ended; // null until the batch ends

    Entry(String customId, byte[] params) {
      this.customId = customId;
      this.params = params;
    }
  }

  /** One batch (guarded by the batches' lock). */
  private static final class Batch {
    final String id;
    final int number;
    final Instant createdAt;
    final Map<String, List<String>> headers;
    final List<Entry> entries;
    final List<String> customIds;
    final Map<String, Entry> byCustomId;
    final Duration processingTime; // null: ends after endAfterPolls retrieves
    final int endAfterPolls;
    Status status = Status.IN_PROGRESS;
    int polls;
    boolean canceled;
    Instant cancelInitiatedAt;
    Instant endedAt;

    Batch(
        String id,
        int number,
        Instant createdAt,
        Map<String, List<String>> headers,
        List<Entry> entries,
        Duration processingTime,
        int endAfterPolls) {
      this.id = id;
      this.number = number;
      this.createdAt = createdAt;
      this.headers = headers;
      this.entries = entries;
      List<String> ids = new ArrayList<>(entries.size());
      Map<String, Entry> index = new HashMap<>();
      for (Entry entry : entries) {
        ids.add(entry.customId);
        index.put(entry.customId, entry);
      }
      this.customIds = Collections.unmodifiableList(ids);
      this.byCustomId = index;
      this.processingTime = processingTime;
      this.endAfterPolls = endAfterPolls;
    }
  }

  private final FakeClaude server;
  private final List<Batch> batches = new ArrayList<>(); // oldest first; guarded by this
  private final Map<String, Batch> byId = new HashMap<>(); // guarded by this
  private final Deque<FakeResponse> failures = new ArrayDeque<>(); // guarded by this
  private final List<RecordedRequest> received = new ArrayList<>(); // guarded by this
  private final List<String> problems = new CopyOnWriteArrayList<>();
  private int drops; // guarded by this
  private Duration processingTime; // guarded by this; null: by polls
  private int endAfterPolls = 1; // guarded by this
  private Predicate<? super RecordedRequest> expireWhen; // guarded by this; null: none
  private volatile Clock clock = Clock.systemUTC();
  private int entryNumbers; // guarded by this

  FakeBatches(FakeClaude server) {
    this.server = server;
  }

  /** Whether {@code path} is one of the Message Batches endpoints. */
  static boolean serves(String path) {
    return path.equals(PATH) || path.startsWith(PATH + "/");
  }

  /**
   * Makes batches created from now on end once they have been retrieved {@code retrieves} times:
   * the {@code retrieves}-th retrieve answers {@code ended}, the ones before {@code in_progress}.
   * Deterministic, for tests whose client waits through an instant sleeper. Replaces {@link
   * #processingTime(Duration)}. The default is 1.
   *
   * @return these batches
   * @throws IllegalArgumentException if {@code retrieves} is less than 1
   */
  public synchronized FakeBatches endAfterPolls(int retrieves) {
    if (retrieves < 1) {
      throw new IllegalArgumentException("retrieves must be at least 1: " + retrieves);
    }
    endAfterPolls = retrieves;
    processingTime = null;
    return this;
  }

  /**
   * Makes batches created from now on end {@code time} after their create, on {@link
   * #clock(Clock)}: the first request that looks at the batch (a retrieve, a list, results, a
   * cancel, or {@link #created()}) from then on finds it ended. {@code Duration.ZERO} ends it at the
   * first look. Replaces {@link #endAfterPolls(int)}.
   *
   * @return these batches
   * @throws IllegalArgumentException if {@code time} is negative
   */
  public synchronized FakeBatches processingTime(Duration time) {
    Objects.requireNonNull(time, "time");
    if (time.isNegative()) {
      throw new IllegalArgumentException("time must not be negative: " + time);
    }
    processingTime = time;
    return this;
  }

  /**
   * Sets the clock that {@code created_at}, {@code ended_at} and the other times come from, and
   * that {@link #processingTime(Duration)} is measured on; by default {@link Clock#systemUTC()}. A
   * test can pass the clock it gives its client.
   *
   * @return these batches
   */
  public FakeBatches clock(Clock clock) {
    this.clock = Objects.requireNonNull(clock, "clock");
    return this;
  }

  /**
   * Makes the entries whose params {@code matcher} accepts, in batches created from now on, end
   * {@code expired}, as if the 24 hours had passed before they ran; they are not answered, so they
   * use no queued or rule reply. With several calls, an entry matching any of them expires. A
   * matcher that throws makes the entry {@code errored api_error}, and {@link
   * FakeClaude#verifyAllUsed()} report it.
   *
   * <pre>{@code
   * claude.batches().expireWhen(Match.userTextContains("slow"));
   * }</pre>
   *
   * @return these batches
   */
  public synchronized FakeBatches expireWhen(Predicate<? super RecordedRequest> matcher) {
    Objects.requireNonNull(matcher, "matcher");
    Predicate<? super RecordedRequest> earlier = expireWhen;
    expireWhen = earlier == null ? matcher : request -> earlier.test(request) || matcher.test(request);
    return this;
  }

  /**
   * Ends the batch now, as the API does when its 24 hours pass: every entry ends {@code expired},
   * whatever it would have been.
   *
   * @return these batches
   * @throws IllegalArgumentException if this server created no batch {@code batchId}
   * @throws IllegalStateException if the batch has already ended
   */
  public synchronized FakeBatches expire(String batchId) {
    Objects.requireNonNull(batchId, "batchId");
    Batch batch = byId.get(batchId);
    if (batch == null) {
      throw new IllegalArgumentException("No batch " + batchId + "; created: " + byId.keySet());
    }
    if (batch.status == Status.ENDED) {
      throw new IllegalStateException("Batch " + batchId + " has already ended");
    }
    end(batch, Type.EXPIRED);
    return this;
  }

  /**
   * Makes the next create create its batch (retrieve, list and {@link #created()} show it), then
   * close the connection without answering, as when the create's answer is lost on the way. Each
   * call applies to one more create; a create refused by its validation or by {@link #failNext}
   * does not use it.
   *
   * @return these batches
   */
  public synchronized FakeBatches dropCreateResponse() {
    drops++;
    return this;
  }

  /**
   * Answers the next batch endpoint requests (creates, retrieves, results, cancels and lists, in
   * arrival order, one each) with these responses instead, before any check: e.g. {@code
   * FakeResponse.error(529, "overloaded_error", "Overloaded").withRetryAfterSeconds(2)}, {@link
   * FakeResponse#disconnect()} or {@link FakeResponse#reset()}. Such a request has no effect: a
   * failed create creates nothing, a failed retrieve is not counted by {@link #endAfterPolls}, a
   * failed cancel cancels nothing. Responses still unused at the end of a test make {@link
   * FakeClaude#verifyAllUsed()} fail.
   *
   * @return these batches
   */
  public synchronized FakeBatches failNext(FakeResponse... responses) {
    Objects.requireNonNull(responses, "responses");
    for (int i = 0; i < responses.length; i++) {
      Objects.requireNonNull(responses[i], "responses[" + i + "]");
    }
    failures.addAll(List.of(responses));
    return this;
  }

  /** A snapshot of the batches created so far, oldest first, each as it is now. */
  public synchronized List<FakeBatch> created() {
    List<FakeBatch> snapshot = new ArrayList<>(batches.size());
    for (Batch batch : batches) {
      advance(batch, false);
      snapshot.add(snapshot(batch));
    }
    return List.copyOf(snapshot);
  }

  /**
   * A snapshot of the HTTP requests the batch endpoints received, oldest first, including those
   * answered by {@link #failNext} and those refused.
   */
  public synchronized List<RecordedRequest> requests() {
    return List.copyOf(received);
  }

  /** What was set up and not used, or went wrong, for {@link FakeClaude#verifyAllUsed()}. */
  synchronized List<String> problems() {
    List<String> all = new ArrayList<>(problems);
    if (!failures.isEmpty()) {
      all.add(
          failures.size()
              + (failures.size() == 1 ? " batch failNext response" : " batch failNext responses")
              + " not used: "
              + failures);
    }
    if (drops > 0) {
      all.add(drops + " dropCreateResponse() not used: fewer batch creates arrived");
    }
    return all;
  }

  /** Answers one request to a batch endpoint. */
  Answer answer(RecordedRequest request, String requestId) {
    synchronized (this) {
      received.add(request);
      FakeResponse failure = failures.poll();
      if (failure != null) {
        return new Answer(failure, null);
      }
    }
    if (isBlank(request.header("x-api-key")) && isBlank(request.header("authorization"))) {
      return respond(
          FakeResponse.error(401, "authentication_error", "x-api-key header is required"));
    }
    if (isBlank(request.header("anthropic-version"))) {
      return respond(invalid("anthropic-version: header is required"));
    }
    String rest = request.path().substring(PATH.length());
    String method = request.method();
    if (rest.isEmpty()) {
      if (method.equals("POST")) {
        return respond(create(request));
      }
      if (method.equals("GET")) {
        return respond(list(request));
      }
      return respond(notFound(request));
    }
    String[] parts = rest.substring(1).split("/", -1);
    if (parts.length > 2 || parts[0].isEmpty()) {
      return respond(notFound(request));
    }
    synchronized (this) {
      Batch batch = byId.get(parts[0]);
      boolean known =
          parts.length == 1
              ? method.equals("GET")
              : (parts[1].equals("results") && method.equals("GET"))
                  || (parts[1].equals("cancel") && method.equals("POST"));
      if (!known) {
        return respond(notFound(request));
      }
      if (batch == null) {
        return respond(
            FakeResponse.error(404, "not_found_error", "Batch " + parts[0] + " not found"));
      }
      if (parts.length == 1) {
        advance(batch, true);
        return respond(json(batchObject(batch)));
      }
      if (parts[1].equals("cancel")) {
        advance(batch, false);
        if (batch.status == Status.IN_PROGRESS) {
          batch.status = Status.CANCELING;
          batch.canceled = true;
          batch.cancelInitiatedAt = now();
        }
        return respond(json(batchObject(batch)));
      }
      advance(batch, false);
      if (batch.status != Status.ENDED) {
        return respond(
            invalid(
                "Batch "
                    + batch.id
                    + " has not ended (processing_status: "
                    + batch.status.wire()
                    + "); its results are available once it has"));
      }
      return new Answer(null, results(batch));
    }
  }

  private static Answer respond(FakeResponse response) {
    return new Answer(response, null);
  }

  private static FakeResponse notFound(RecordedRequest request) {
    return FakeResponse.error(
        404,
        "not_found_error",
        "Not found: "
            + request.method()
            + " "
            + request.path()
            + " (FakeClaude serves POST and GET "
            + PATH
            + ", GET "
            + PATH
            + "/{id}, GET "
            + PATH
            + "/{id}/results, POST "
            + PATH
            + "/{id}/cancel)");
  }

  // ---------------------------------------------------------------------------------------------
  // Create

  /** The reason a create body is refused. */
  private static final class Refused extends Exception {
    private static final long serialVersionUID = 1L;

    Refused(String message) {
      super(message, null, false, false);
    }
  }

  private FakeResponse create(RecordedRequest request) {
    List<Entry> entries;
    try {
      entries = parseCreate(request.bodyBytes());
    } catch (Refused e) {
      return invalid(e.getMessage());
    }
    synchronized (this) {
      int number = batches.size() + 1;
      String id = String.format(Locale.ROOT, "msgbatch_fake_%06d", number);
      Instant createdAt = now();
      for (Entry entry : entries) {
        run(entry, request.headers(), createdAt);
      }
      Batch batch =
          new Batch(
              id,
              number,
              createdAt,
              request.headers(),
              List.copyOf(entries),
              processingTime,
              endAfterPolls);
      batches.add(batch);
      byId.put(id, batch);
      if (drops > 0) {
        drops--;
        return FakeResponse.disconnect();
      }
      return json(batchObject(batch));
    }
  }

  /**
   * Reads and checks a create body with a streaming parser, keeping each entry's params as bytes,
   * so that a large batch is not held as one tree.
   */
  private static List<Entry> parseCreate(byte[] body) throws Refused {
    List<Entry> entries = new ArrayList<>();
    Set<String> seen = new HashSet<>();
    boolean sawRequests = false;
    try (JsonParser parser = MAPPER.getFactory().createParser(body)) {
      if (parser.nextToken() != JsonToken.START_OBJECT) {
        throw new Refused("Request body must be a JSON object");
      }
      while (parser.nextToken() == JsonToken.FIELD_NAME) {
        String field = parser.currentName();
        JsonToken value = parser.nextToken();
        if (!field.equals("requests")) {
          parser.skipChildren();
          continue;
        }
        sawRequests = true;
        if (value != JsonToken.START_ARRAY) {
          throw new Refused("requests: Input should be a valid list");
        }
        while (parser.nextToken() != JsonToken.END_ARRAY) {
          int index = entries.size();
          if (index == MAX_REQUESTS) {
            throw new Refused(
                "requests: List should have at most " + MAX_REQUESTS + " items after validation");
          }
          JsonNode entry = parser.readValueAsTree();
          entries.add(entry(entry, index, seen));
        }
      }
      if (parser.nextToken() != null) {
        throw new Refused("Request body is not valid JSON: trailing content after the object");
      }
    } catch (JsonProcessingException e) {
      throw new Refused("Request body is not valid JSON: " + e.getOriginalMessage());
    } catch (IOException e) {
      throw new Refused("Request body is not valid JSON: " + e.getMessage());
    }
    if (!sawRequests) {
      throw new Refused("requests: Field required");
    }
    if (entries.isEmpty()) {
      throw new Refused("requests: List should have at least 1 item after validation");
    }
    return entries;
  }

  private static Entry entry(JsonNode entry, int index, Set<String> seen)
      throws Refused, JsonProcessingException {
    String at = "requests." + index;
    if (!entry.isObject()) {
      throw new Refused(at + ": Input should be a valid dictionary");
    }
    JsonNode customId = entry.get("custom_id");
    if (customId == null) {
      throw new Refused(at + ".custom_id: Field required");
    }
    if (!customId.isTextual()) {
      throw new Refused(at + ".custom_id: Input should be a valid string");
    }
    if (!CUSTOM_ID.matcher(customId.asText()).matches()) {
      throw new Refused(
          at + ".custom_id: String should match pattern '^[a-zA-Z0-9_-]{1,64}$'");
    }
    if (!seen.add(customId.asText())) {
      throw new Refused(
          at + ".custom_id: Duplicate custom_id '" + customId.asText() + "' in the batch");
    }
    JsonNode params = entry.get("params");
    if (params == null) {
      throw new Refused(at + ".params: Field required");
    }
    if (!params.isObject()) {
      throw new Refused(at + ".params: Input should be a valid dictionary");
    }
    return new Entry(customId.asText(), MAPPER.writeValueAsBytes(params));
  }

  /** Works out what {@code entry} ends as if it runs, as the class documentation says. */
  private void run(Entry entry, Map<String, List<String>> headers, Instant createdAt) {
    String entryId = String.format(Locale.ROOT, "req_fake_b%06d", ++entryNumbers);
    RecordedRequest request =
        new RecordedRequest("POST", "/v1/messages", headers, entry.params, createdAt);
    if (expireWhen != null) {
      boolean expires;
      try {
        expires = expireWhen.test(request);
      } catch (RuntimeException e) {
        String problem = "expireWhen threw " + e + " for batch entry " + entry.customId;
        problems.add(problem);
        errored(entry, FakeResponse.error(500, "api_error", "FakeClaude: " + problem), entryId);
        return;
      }
      if (expires) {
        entry.outcome = Type.EXPIRED;
        return;
      }
    }
    JsonNode params;
    try {
      params = RecordedRequest.parseJson(entry.params);
    } catch (IOException e) {
      throw new IllegalStateException("written by this class", e);
    }
    String refusal = batchRefusal(params);
    if (refusal != null) {
      errored(entry, invalid(refusal), entryId);
      return;
    }
    FakeResponse response = server.reply(request, params, null, entryId);
    settle(entry, response, entryId, params);
  }

  /** Why the API makes an entry {@code errored} for its params alone, or {@code null}. */
  private static String batchRefusal(JsonNode params) {
    String refusal = FakeClaude.bodyRefusal(params);
    if (refusal != null) {
      return refusal;
    }
    if (RecordedRequest.asksToStream(params)) {
      return "stream: Streaming is not supported in Message Batches";
    }
    if (params.has("speed")) {
      return "speed: Fast mode is not supported in Message Batches";
    }
    return null;
  }

  private static void settle(Entry entry, FakeResponse response, String entryId, JsonNode params) {
    if (response.fault().type() != Fault.Type.NONE
        || !response.delay().isZero()
        || response.hasStreamFaults()) {
      errored(
          entry,
          FakeResponse.error(
              500,
              "api_error",
              "FakeClaude: "
                  + response
                  + " has a transport fault, delay or stream fault, which a batch result cannot"
                  + " carry"),
          entryId);
      return;
    }
    JsonNode model = params.get("model");
    String echoed = model.asText();
    String messageId = "msg_fake_b" + entryId.substring("req_fake_b".length());
    String requestId = response.effectiveRequestId(entryId);
    byte[] body = response.body(requestId, messageId, echoed, entry.params.length);
    if (response.streams()) {
      entry.outcome = Type.SUCCEEDED;
      entry.result = concat("{\"type\":\"succeeded\",\"message\":", body, "}");
      return;
    }
    if (response.isError()) {
      entry.outcome = Type.ERRORED;
      entry.result = concat("{\"type\":\"errored\",\"error\":", body, "}");
      return;
    }
    JsonNode raw = null;
    try {
      raw = RecordedRequest.parseJson(body);
    } catch (IOException e) {
      // Not JSON: neither a message nor an error.
    }
    if (raw != null && raw.isObject()) {
      if (response.status() < 300 && "message".equals(raw.path("type").asText())) {
        entry.outcome = Type.SUCCEEDED;
        entry.result = concat("{\"type\":\"succeeded\",\"message\":", body, "}");
        return;
      }
      JsonNode error = raw.path("error");
      if (error.path("type").isTextual()) {
        ObjectNode wrapped = MAPPER.createObjectNode().put("type", "error");
        wrapped
            .putObject("error")
            .put("type", error.get("type").asText())
            .put("message", error.path("message").asText(""));
        if (raw.path("request_id").isTextual()) {
          wrapped.put("request_id", raw.get("request_id").asText());
        }
        entry.outcome = Type.ERRORED;
        entry.result = concat("{\"type\":\"errored\",\"error\":", bytes(wrapped), "}");
        return;
      }
    }
    errored(
        entry,
        FakeResponse.error(
            500,
            "api_error",
            "FakeClaude: " + response + " is neither a message nor an error, so not a batch result"),
        entryId);
  }

  private static void errored(Entry entry, FakeResponse error, String entryId) {
    entry.outcome = Type.ERRORED;
    byte[] body = error.body(entryId, entryId, FakeResponse.FALLBACK_MODEL, 0);
    entry.result = concat("{\"type\":\"errored\",\"error\":", body, "}");
  }

  // ---------------------------------------------------------------------------------------------
  // State

  /**
   * Moves a batch on as its rule says: ended once its processing time has passed, or at its
   * deciding retrieve; a canceling batch ends at its next retrieve.
   */
  private void advance(Batch batch, boolean retrieve) {
    if (batch.status == Status.ENDED) {
      return;
    }
    if (retrieve) {
      batch.polls++;
    }
    if (batch.status == Status.CANCELING) {
      if (retrieve) {
        end(batch, Type.CANCELED);
      }
      return;
    }
    boolean due =
        batch.processingTime != null
            ? !now().isBefore(batch.createdAt.plus(batch.processingTime))
            : retrieve && batch.polls >= batch.endAfterPolls;
    if (due) {
      end(batch, null);
    }
  }

  /** Ends a batch; every entry ends as {@code all}, or, for {@code null}, as it ran. */
  private void end(Batch batch, Type all) {
    batch.status = Status.ENDED;
    batch.endedAt = now();
    for (Entry entry : batch.entries) {
      entry.ended = all != null ? all : entry.outcome;
      if (entry.ended == Type.CANCELED || entry.ended == Type.EXPIRED) {
        entry.result = null; // no longer needed: the line says only the type
      }
    }
  }

  private Instant now() {
    return clock.instant().truncatedTo(ChronoUnit.MILLIS);
  }

  private ObjectNode batchObject(Batch batch) {
    ObjectNode root = MAPPER.createObjectNode();
    root.put("id", batch.id);
    root.put("type", "message_batch");
    root.put("processing_status", batch.status.wire());
    int[] counts = new int[Type.values().length];
    int processing = 0;
    for (Entry entry : batch.entries) {
      if (entry.ended == null) {
        processing++;
      } else {
        counts[entry.ended.ordinal()]++;
      }
    }
    ObjectNode requestCounts = root.putObject("request_counts");
    requestCounts.put("processing", processing);
    for (Type type : Type.values()) {
      requestCounts.put(type.wire(), counts[type.ordinal()]);
    }
    putTime(root, "ended_at", batch.endedAt);
    putTime(root, "created_at", batch.createdAt);
    putTime(root, "expires_at", batch.createdAt.plus(EXPIRY));
    putTime(root, "cancel_initiated_at", batch.cancelInitiatedAt);
    root.putNull("archived_at");
    if (batch.status == Status.ENDED) {
      root.put("results_url", server.baseUrl() + PATH + "/" + batch.id + "/results");
    } else {
      root.putNull("results_url");
    }
    return root;
  }

  private static void putTime(ObjectNode node, String field, Instant time) {
    if (time == null) {
      node.putNull(field);
    } else {
      node.put(field, DateTimeFormatter.ISO_INSTANT.format(time));
    }
  }

  private FakeBatch snapshot(Batch batch) {
    Map<String, FakeBatch.Entry> entries = new HashMap<>();
    for (Entry entry : batch.entries) {
      entries.put(
          entry.customId,
          new FakeBatch.Entry(entry.params, entry.ended == null ? null : entry.ended.wire()));
    }
    return new FakeBatch(
        batch.id,
        batch.createdAt,
        batch.customIds,
        entries,
        batch.headers,
        batch.status.wire(),
        batch.canceled);
  }

  // ---------------------------------------------------------------------------------------------
  // List and results

  private synchronized FakeResponse list(RecordedRequest request) {
    Map<String, String> query = query(request.query());
    int limit = DEFAULT_LIMIT;
    String limitText = query.get("limit");
    if (limitText != null) {
      try {
        limit = Integer.parseInt(limitText);
      } catch (NumberFormatException e) {
        return invalid("limit: Input should be a valid integer");
      }
      if (limit < 1 || limit > MAX_LIMIT) {
        return invalid("limit: Input should be between 1 and " + MAX_LIMIT);
      }
    }
    List<Batch> newestFirst = new ArrayList<>(batches);
    Collections.reverse(newestFirst);
    int from = 0;
    int to = newestFirst.size();
    String afterId = query.get("after_id");
    String beforeId = query.get("before_id");
    boolean hasMore;
    if (beforeId != null) {
      to = indexOf(newestFirst, beforeId);
      from = Math.max(0, to - limit);
      hasMore = from > 0;
    } else {
      if (afterId != null) {
        int at = indexOf(newestFirst, afterId);
        from = at < 0 ? to : at + 1;
      }
      to = Math.min(to, from + limit);
      hasMore = to < newestFirst.size();
    }
    ObjectNode root = MAPPER.createObjectNode();
    ArrayNode data = root.putArray("data");
    List<Batch> page = from < to ? newestFirst.subList(from, to) : List.of();
    for (Batch batch : page) {
      advance(batch, false);
      data.add(batchObject(batch));
    }
    root.put("has_more", hasMore);
    if (page.isEmpty()) {
      root.putNull("first_id");
      root.putNull("last_id");
    } else {
      root.put("first_id", page.get(0).id);
      root.put("last_id", page.get(page.size() - 1).id);
    }
    return json(root);
  }

  /** The index of {@code id}, or -1 for an unknown one (which gives an empty page). */
  private static int indexOf(List<Batch> newestFirst, String id) {
    for (int i = 0; i < newestFirst.size(); i++) {
      if (newestFirst.get(i).id.equals(id)) {
        return i;
      }
    }
    return -1;
  }

  private static Map<String, String> query(String query) {
    Map<String, String> parameters = new HashMap<>();
    if (query == null || query.isEmpty()) {
      return parameters;
    }
    for (String pair : query.split("&")) {
      int equals = pair.indexOf('=');
      String name = equals < 0 ? pair : pair.substring(0, equals);
      String value = equals < 0 ? "" : pair.substring(equals + 1);
      parameters.putIfAbsent(
          URLDecoder.decode(name, StandardCharsets.UTF_8),
          URLDecoder.decode(value, StandardCharsets.UTF_8));
    }
    return parameters;
  }

  /**
   * The result lines of an ended batch in its shuffled order, made one at a time as they are
   * written; an ended batch's entries no longer change, so no lock is needed while they are read.
   */
  private static Iterator<byte[]> results(Batch batch) {
    List<Entry> entries = batch.entries;
    int[] order = order(batch.id, entries.size());
    return new Iterator<>() {
      private int next;

      @Override
      public boolean hasNext() {
        return next < order.length;
      }

      @Override
      public byte[] next() {
        if (!hasNext()) {
          throw new NoSuchElementException();
        }
        Entry entry = entries.get(order[next++]);
        byte[] result =
            switch (entry.ended) {
              case CANCELED -> CANCELED;
              case EXPIRED -> EXPIRED;
              default -> entry.result;
            };
        // A custom_id matches [a-zA-Z0-9_-]: nothing to escape.
        return concat("{\"custom_id\":\"" + entry.customId + "\",\"result\":", result, "}");
      }
    };
  }

  /**
   * The order results are served in: a permutation of {@code 0..size-1} shuffled by a generator
   * seeded with the batch id, turned by one place if it came out as the request order.
   */
  static int[] order(String batchId, int size) {
    List<Integer> indices = new ArrayList<>(size);
    for (int i = 0; i < size; i++) {
      indices.add(i);
    }
    Collections.shuffle(indices, new Random(batchId.hashCode()));
    boolean identity = true;
    for (int i = 0; i < size && identity; i++) {
      identity = indices.get(i) == i;
    }
    if (identity && size > 1) {
      Collections.rotate(indices, 1);
    }
    int[] order = new int[size];
    for (int i = 0; i < size; i++) {
      order[i] = indices.get(i);
    }
    return order;
  }

  // ---------------------------------------------------------------------------------------------
  // Helpers

  private static FakeResponse json(JsonNode body) {
    return FakeResponse.raw(200, "application/json", body.toString());
  }

  private static FakeResponse invalid(String message) {
    return FakeResponse.error(400, "invalid_request_error", message);
  }

  private static byte[] bytes(JsonNode node) {
    return node.toString().getBytes(StandardCharsets.UTF_8);
  }

  private static byte[] concat(String before, byte[] middle, String after) {
    byte[] head = before.getBytes(StandardCharsets.UTF_8);
    byte[] tail = after.getBytes(StandardCharsets.UTF_8);
    ByteArrayOutputStream out = new ByteArrayOutputStream(head.length + middle.length + tail.length);
    out.writeBytes(head);
    out.writeBytes(middle);
    out.writeBytes(tail);
    return out.toByteArray();
  }

  private static boolean isBlank(String value) {
    return value == null || value.isBlank();
  }
}
