package dev.claudegen.runtime;

import dev.claudegen.annotations.ErrorKind;
import java.io.IOException;
import java.lang.System.Logger.Level;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * A Message Batch being put together: entries added with their {@code custom_id}, then {@link
 * #submit}ted. A generated client has one subclass per batchable method, whose typed {@code
 * add(customId, ...)} takes the method's own parameters, builds the method's prompt and hands it
 * to {@link #addPrompt}. Not thread safe: one thread adds, then submits.
 *
 * <p>Each entry's JSON is written when it is added ({@code params} exactly the body a call of the
 * method sends, without {@code stream}), and only those bytes and the ids are kept, not the
 * prompts. Requests beyond {@link #MAX_REQUESTS}, or a body beyond {@link #MAX_BYTES}, start
 * another part: {@link #submit} creates one API batch per part, in order, and the returned {@link
 * MessageBatch} stands for all of them.
 *
 * <h2>Nothing doubled</h2>
 *
 * <p>Creating a batch is not idempotent, so a create is sent again only when it certainly did not
 * happen: a 429 or 529 ({@code overloaded_error}) answer, or a connection that was never made
 * (refused, or not made within the connect timeout), as the method's {@code @Retry} schedules
 * say. After anything else that may have created it (no answer within the timeout, a connection
 * dropped after sending, a 5xx other than 529, a 2xx whose body cannot be read) it is never sent
 * again: the batches created since shortly before it was sent are listed, and {@link
 * BatchSubmitException} (with {@link BatchSubmitException#uncertain()}) names those with its
 * number of requests as {@link BatchSubmitException#candidates() candidates}. If one is yours,
 * {@link BatchMethod#resume resume} it; else submit the requests again.
 *
 * @param <T> the method's payload, what each succeeded result decodes to
 */
public class BatchDraft<T> {

  /** The API's limit on requests per batch; more are split into several batches. */
  public static final int MAX_REQUESTS = 100_000;

  /**
   * The largest create body sent: 256 MB read as 256,000,000 bytes, the smaller of the two
   * readings of the API's "256 MB", so that no part of a split is refused for its size.
   */
  public static final long MAX_BYTES = 256_000_000L;

  /** The API's rule for a {@code custom_id}. */
  private static final Pattern CUSTOM_ID = Pattern.compile("[a-zA-Z0-9_-]{1,64}");

  /** The shortest timeout of a create: a large body takes a while to send and to be accepted. */
  static final Duration MIN_CREATE_TIMEOUT = Duration.ofMinutes(10);

  /** How far before a lost create's sending a batch counts as one it may have created. */
  static final Duration CANDIDATE_MARGIN = Duration.ofSeconds(60);

  /** The most list pages read looking for a lost create's batch. */
  private static final int MAX_LIST_PAGES = 10;

  private static final System.Logger LOG = System.getLogger("dev.claudegen");

  private static final byte[] OPEN = "{\"requests\":[".getBytes(StandardCharsets.US_ASCII);
  private static final byte[] CLOSE = "]}".getBytes(StandardCharsets.US_ASCII);

  private final BatchMethod<T> method;
  private final Set<String> customIds = new HashSet<>();
  private final List<Part> parts = new ArrayList<>();
  private boolean submitted;

  /** A draft of {@code method}'s calls, empty. */
  protected BatchDraft(BatchMethod<T> method) {
    this.method = method;
  }

  /**
   * Adds the request {@code customId} with the prompt a generated {@code add} built.
   *
   * @throws IllegalArgumentException when {@code customId} does not match {@code
   *     ^[a-zA-Z0-9_-]{1,64}$} or is already in this draft, or the prompt is one the API would
   *     refuse (as {@link ClaudeCall#call} checks before sending), or the entry alone is larger
   *     than a batch may be
   * @throws IllegalStateException after {@link #submit}
   */
  protected final void addPrompt(String customId, Prompt prompt) {
    String name = method.spec.method();
    if (submitted) {
      throw new IllegalStateException(
          name + ": this batch draft was submitted already; start a new one to add requests");
    }
    if (customId == null) {
      throw new NullPointerException(name + ": a batch request's custom_id is null");
    }
    if (prompt == null) {
      throw new NullPointerException(
          name + ": the prompt of batch request " + customId + " is null");
    }
    if (!CUSTOM_ID.matcher(customId).matches()) {
      throw new IllegalArgumentException(
          name
              + ": custom_id '"
              + customId
              + "' does not match ^[a-zA-Z0-9_-]{1,64}$ (1 to 64 letters, digits, '_' or '-'), as"
              + " the API requires");
    }
    if (customIds.contains(customId)) {
      throw new IllegalArgumentException(
          name
              + ": custom_id '"
              + customId
              + "' is already in this batch; each request needs its own, to match its result");
    }
    method.call.checkPrompt(prompt);
    byte[] params = MessagesJson.request(method.spec, method.spec.model(), prompt, false);
    byte[] head =
        ("{\"custom_id\":\"" + customId + "\",\"params\":").getBytes(StandardCharsets.US_ASCII);
    long entry = head.length + params.length + 1L;
    if (OPEN.length + entry + CLOSE.length > method.maxBytes) {
      throw new IllegalArgumentException(
          name
              + ": batch request "
              + customId
              + " alone is "
              + entry
              + " bytes, more than a batch's create body may be ("
              + method.maxBytes
              + " bytes); shorten its prompt");
    }
    Part part = parts.isEmpty() ? null : parts.get(parts.size() - 1);
    if (part == null || !part.fits(entry, method)) {
      part = new Part(customId);
      parts.add(part);
    }
    part.add(head, params);
    customIds.add(customId);
  }

  /** The exception a generated {@code add} throws for a null argument. */
  protected final NullPointerException nullParameter(String parameter) {
    return method.call.nullParameter(parameter);
  }

  /** How many requests were added. */
  public final int size() {
    return customIds.size();
  }

  /** How many API batches {@link #submit} would create; for tests. */
  final int parts() {
    return parts.size();
  }

  /**
   * Creates the batch: one {@code POST /v1/messages/batches}, or several when the requests are
   * more than {@link #MAX_REQUESTS} or their body more than {@link #MAX_BYTES}. A draft is
   * submitted once, whatever the outcome; its memory is released as each part is created.
   *
   * @throws IllegalStateException when the draft is empty, or was submitted already
   * @throws BatchSubmitException when a create may have happened but its answer was lost, or a
   *     later part of a split failed after earlier parts were created
   * @throws ClaudeException (a subclass of it) when creating failed and no batch was created
   */
  public final MessageBatch<T> submit() {
    String name = method.spec.method();
    if (submitted) {
      throw new IllegalStateException(
          name + ": this batch draft was submitted already; resume the batch by its id instead");
    }
    if (parts.isEmpty()) {
      throw new IllegalStateException(name + ": the batch draft is empty; add requests first");
    }
    submitted = true;
    customIds.clear();
    List<String> created = new ArrayList<>(parts.size());
    for (int i = 0; i < parts.size(); i++) {
      Part part = parts.get(i);
      byte[] body = part.finish();
      int unsubmitted = 0;
      for (int j = i; j < parts.size(); j++) {
        unsubmitted += parts.get(j).count;
      }
      created.add(create(body, part, i, created, unsubmitted));
    }
    return new MessageBatch<>(method, created);
  }

  /**
   * Creates one part, retrying only what certainly did not create it.
   *
   * @return the created batch's id
   */
  private String create(
      byte[] body, Part part, int index, List<String> created, int unsubmitted) {
    ClaudeClient client = method.client;
    String context =
        "create of batch"
            + (parts.size() == 1 ? "" : " part " + (index + 1) + " of " + parts.size())
            + " ("
            + part.count
            + (part.count == 1 ? " request" : " requests")
            + ")";
    Duration timeout =
        method.spec.timeout().compareTo(MIN_CREATE_TIMEOUT) > 0
            ? method.spec.timeout()
            : MIN_CREATE_TIMEOUT;
    RetryBudget budget =
        new RetryBudget(method.spec.retrySchedules(), method.call.maxElapsed(), client);
    List<ClaudeException> earlier = new ArrayList<>();
    while (true) {
      Instant sentAt = client.clock().instant();
      Transport.Request request = method.post(method.batchesUri, body, timeout);
      ClaudeException failure;
      boolean uncertain = false;
      boolean retryable = false;
      Boolean serverSaysRetry = null;
      try {
        Transport.Response response = client.transport().send(request);
        int status = response.statusCode();
        if (status >= 200 && status <= 299) {
          try {
            String id = BatchJson.batch(response.body()).id();
            LOG.log(Level.DEBUG, () -> method.spec.method() + ": created batch " + id);
            return id;
          } catch (MessagesJson.MalformedBodyException e) {
            failure = method.malformed(response, context, e);
            uncertain = true;
          }
        } else {
          failure = method.errorStatus(response, context, budget::count);
          serverSaysRetry = ResponseErrors.shouldRetry(response);
          retryable = status == 429 || failure.kind() == ErrorKind.OVERLOADED;
          uncertain = !retryable && status >= 500;
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        failure = method.interrupted(context, e);
        uncertain = true;
      } catch (IOException e) {
        failure = method.ioFailure(context, e, timeout, budget::count);
        retryable = BatchMethod.neverConnected(e);
        uncertain = !retryable;
      }
      for (ClaudeException e : earlier) {
        failure.addSuppressed(e);
      }
      if (uncertain) {
        throw uncertain(failure, part, index, created, unsubmitted, sentAt);
      }
      if (retryable) {
        ClaudeException retried = failure;
        Duration delay =
            budget.delay(
                failure,
                serverSaysRetry,
                Thread.currentThread().isInterrupted(),
                detail -> LOG.log(Level.DEBUG, () -> method.spec.method() + ": " + detail.get()));
        if (delay != null) {
          LOG.log(
              Level.WARNING,
              () -> retried.getMessage() + "; retrying in " + Durations.describe(delay));
          try {
            client.sleeper().sleep(delay);
            earlier.add(failure);
            continue;
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
          }
        }
      }
      if (created.isEmpty()) {
        throw failure;
      }
      throw new BatchSubmitException(
          failure,
          "Batches "
              + String.join(",", created)
              + " were created before it; "
              + rest(part, unsubmitted)
              + ". Resume the created ones with resume(\""
              + String.join(",", created)
              + "\"), and add the "
              + unsubmitted
              + " requests from custom_id "
              + part.firstId
              + " on to a new draft",
          created,
          false,
          sentAt,
          List.of(),
          unsubmitted,
          part.firstId);
    }
  }

  private String rest(Part part, int unsubmitted) {
    return unsubmitted
        + (unsubmitted == 1 ? " request" : " requests")
        + " (from custom_id "
        + part.firstId
        + " in the order added) are in no batch";
  }

  /**
   * A create that may have happened: never sent again; the batches created since shortly before
   * it are listed for the ones that may be it.
   */
  private BatchSubmitException uncertain(
      ClaudeException failure,
      Part part,
      int index,
      List<String> created,
      int unsubmitted,
      Instant sentAt) {
    Instant since = sentAt.minus(CANDIDATE_MARGIN);
    List<BatchStatus> candidates = candidates(since, part.count, created);
    String prefix = created.isEmpty() ? "" : String.join(",", created) + ",";
    StringBuilder hint = new StringBuilder(320);
    hint.append("The create was sent at ")
        .append(sentAt)
        .append(" and its answer was lost, so the batch may exist; it was not sent again, since")
        .append(" a second batch would bill every request twice. ");
    if (!created.isEmpty()) {
      hint.append("Batches ").append(String.join(",", created)).append(" were created before it. ");
    }
    if (candidates.isEmpty()) {
      hint.append("No batch with its ")
          .append(part.count)
          .append(" requests was listed as created since ")
          .append(since)
          .append(" (or listing failed); check the batches of the workspace (the Console lists")
          .append(" them), and if none is it, submit the requests again in a new draft");
    } else {
      hint.append("Batches created since ")
          .append(since)
          .append(" with its ")
          .append(part.count)
          .append(" requests: ")
          .append(candidates.stream().map(BatchStatus::id).collect(Collectors.joining(", ")))
          .append(". If ")
          .append(candidates.size() == 1 ? "it is" : "one is")
          .append(" yours, resume(\"")
          .append(prefix)
          .append(candidates.get(0).id())
          .append("\")")
          .append(candidates.size() == 1 ? "" : " (with the right id)")
          .append("; else submit the requests again in a new draft");
    }
    if (index < parts.size() - 1) {
      hint.append(". The parts after it were not sent: ").append(rest(part, unsubmitted));
    }
    return new BatchSubmitException(
        failure,
        hint.toString(),
        created,
        true,
        sentAt,
        candidates,
        unsubmitted,
        part.firstId);
  }

  /**
   * The batches listed (newest first) as created since {@code since} with {@code requests}
   * requests, but not those in {@code created}. Listing is best effort: a failure ends it with
   * what it found.
   */
  private List<BatchStatus> candidates(Instant since, int requests, List<String> created) {
    List<BatchStatus> found = new ArrayList<>();
    String after = null;
    try {
      for (int page = 0; page < MAX_LIST_PAGES; page++) {
        Transport.Response response =
            method.send(method.get(method.listUri(100, after)), "list batches");
        BatchJson.Page listed = BatchJson.page(response.body());
        boolean older = false;
        for (BatchStatus batch : listed.batches()) {
          if (batch.createdAt() != null && batch.createdAt().isBefore(since)) {
            older = true;
            continue;
          }
          if (batch.total() == requests && !created.contains(batch.id())) {
            found.add(batch);
          }
        }
        List<BatchStatus> batches = listed.batches();
        if (older || !listed.hasMore() || batches.isEmpty()) {
          break;
        }
        after = listed.lastId() != null ? listed.lastId() : batches.get(batches.size() - 1).id();
      }
    } catch (ClaudeException | MessagesJson.MalformedBodyException e) {
      LOG.log(
          Level.DEBUG,
          () -> method.spec.method() + ": listing batches failed: " + e.getMessage());
    }
    return found;
  }

  /** One part's create body as it is written, with its first id and count. */
  private static final class Part {
    final String firstId;
    int count;
    private byte[] bytes = Arrays.copyOf(OPEN, 4096);
    private int length = OPEN.length;

    Part(String firstId) {
      this.firstId = firstId;
    }

    /** Whether an entry of {@code entry} bytes (its comma included) fits in this part. */
    boolean fits(long entry, BatchMethod<?> method) {
      return count < method.maxRequests
          && length + (count > 0 ? 1 : 0) + entry + CLOSE.length <= method.maxBytes;
    }

    void add(byte[] head, byte[] params) {
      long needed = length + 1L + head.length + params.length + 1 + CLOSE.length;
      if (needed > bytes.length) {
        long grown = Math.max(needed, 2L * bytes.length);
        bytes = Arrays.copyOf(bytes, (int) Math.min(Integer.MAX_VALUE - 8, grown));
      }
      if (count > 0) {
        bytes[length++] = ',';
      }
      System.arraycopy(head, 0, bytes, length, head.length);
      length += head.length;
      System.arraycopy(params, 0, bytes, length, params.length);
      length += params.length;
      bytes[length++] = '}';
      count++;
    }

    /** The whole create body; the part keeps only its first id and count after. */
    byte[] finish() {
      System.arraycopy(CLOSE, 0, bytes, length, CLOSE.length);
      byte[] body = Arrays.copyOf(bytes, length + CLOSE.length);
      bytes = null;
      return body;
    }
  }
}
