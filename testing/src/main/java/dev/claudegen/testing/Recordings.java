package dev.claudegen.testing;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * Record and replay for {@link FakeClaude}: the file format, the recording proxy and the replaying
 * backend. See {@link FakeClaude#recording} for the format.
 */
final class Recordings {
  /** The value of the {@code format} field of every file this version writes and reads. */
  static final String FORMAT = "claudegen-recording/1";

  static final String REDACTED = "[REDACTED]";

  private static final ObjectMapper MAPPER = JsonMapper.builder().build();
  private static final ObjectMapper CANONICAL =
      JsonMapper.builder().enable(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS).build();
  private static final ObjectMapper PRETTY =
      JsonMapper.builder().enable(SerializationFeature.INDENT_OUTPUT).build();

  // Credentials never reach a file, whatever their value.
  private static final Set<String> SECRET_HEADERS =
      Set.of("x-api-key", "authorization", "proxy-authorization");

  // Not forwarded upstream: connection-level, computed by HttpClient, or credentials (replaced).
  // accept-encoding too, because HttpClient does not decompress and files must stay readable.
  private static final Set<String> NOT_FORWARDED =
      Set.of(
          "host",
          "connection",
          "content-length",
          "expect",
          "upgrade",
          "keep-alive",
          "transfer-encoding",
          "te",
          "trailer",
          "http2-settings",
          "accept-encoding",
          "x-api-key",
          "authorization",
          "proxy-authorization",
          "proxy-connection");

  // Not passed back to the client nor recorded: framing is FakeClaude's, cookies are not replies.
  private static final Set<String> NOT_RETURNED =
      Set.of(
          "content-length",
          "transfer-encoding",
          "connection",
          "keep-alive",
          "set-cookie",
          "content-encoding");

  private Recordings() {}

  /** The key a request is matched by: method, path with query, and canonical body. */
  static String matchKey(String method, String path, String query, String body) {
    return method + " " + path + (query == null ? "" : "?" + query) + "\n" + canonical(body);
  }

  /** A JSON body with object keys sorted and no whitespace; any other body as it is. */
  static String canonical(String body) {
    try {
      JsonNode node = RecordedRequest.parseJson(body.getBytes(StandardCharsets.UTF_8));
      return CANONICAL.writeValueAsString(CANONICAL.treeToValue(node, Object.class));
    } catch (IOException e) {
      return body;
    }
  }

  // ---------------------------------------------------------------- replay

  /** Serves recorded replies; see {@link FakeClaude#replaying}. */
  static final class Replay implements Backend {
    private final Path dir;
    private final Map<String, List<FakeResponse>> byKey = new HashMap<>();
    private final Map<String, AtomicInteger> served = new ConcurrentHashMap<>();
    private final List<String> unmatched = new CopyOnWriteArrayList<>();
    private final int count;

    Replay(Path dir) {
      if (!Files.isDirectory(dir)) {
        throw new IllegalArgumentException("No recordings directory at " + dir.toAbsolutePath());
      }
      this.dir = dir;
      List<Path> files;
      try (Stream<Path> list = Files.list(dir)) {
        files =
            list.filter(p -> p.getFileName().toString().endsWith(".json"))
                .sorted()
                .collect(Collectors.toList());
      } catch (IOException e) {
        throw new UncheckedIOException("Cannot list recordings in " + dir, e);
      }
      for (Path file : files) {
        load(file);
      }
      this.count = files.size();
    }

    private void load(Path file) {
      JsonNode root;
      try {
        root = MAPPER.readTree(file.toFile());
      } catch (IOException e) {
        throw new UncheckedIOException("Cannot read recording " + file, e);
      }
      try {
        if (root == null || !FORMAT.equals(root.path("format").asText())) {
          throw new IllegalArgumentException("\"format\" is not \"" + FORMAT + "\"");
        }
        JsonNode request = root.path("request");
        JsonNode response = root.path("response");
        String key =
            matchKey(
                requireText(request, "method"),
                requireText(request, "path"),
                request.hasNonNull("query") ? request.get("query").asText() : null,
                bodyOf(request));
        int status = response.path("status").asInt(-1);
        String contentType = null;
        List<Map.Entry<String, String>> headers = new ArrayList<>();
        for (Map.Entry<String, JsonNode> header : response.path("headers").properties()) {
          if (header.getKey().equalsIgnoreCase("content-type")) {
            contentType = header.getValue().asText();
          } else {
            headers.add(Map.entry(header.getKey(), header.getValue().asText()));
          }
        }
        FakeResponse reply = FakeResponse.raw(status, contentType, bodyOf(response));
        for (Map.Entry<String, String> header : headers) {
          reply = reply.withHeader(header.getKey(), header.getValue());
        }
        byKey.computeIfAbsent(key, k -> new ArrayList<>()).add(reply);
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException(
            "Recording " + file + " is not a valid " + FORMAT + " file: " + e.getMessage(), e);
      }
    }

    @Override
    public FakeResponse answer(RecordedRequest request, JsonNode json, String jsonError) {
      String key = matchKey(request.method(), request.path(), request.query(), request.body());
      List<FakeResponse> replies = byKey.get(key);
      if (replies == null) {
        String what = request.method() + " " + request.path();
        unmatched.add("no recording matched " + request);
        return FakeResponse.error(
            404,
            "not_found_error",
            "FakeClaude replay: no recording in "
                + dir
                + " matches "
                + what
                + " with this body ("
                + count
                + " recordings loaded). Record it with ANTHROPIC_API_KEY set, or check what"
                + " changed in the request.");
      }
      int index = served.computeIfAbsent(key, k -> new AtomicInteger()).getAndIncrement();
      return replies.get(Math.min(index, replies.size() - 1));
    }

    @Override
    public List<String> problems() {
      return List.copyOf(unmatched);
    }

    private static String requireText(JsonNode node, String field) {
      JsonNode value = node.get(field);
      if (value == null || !value.isTextual()) {
        throw new IllegalArgumentException("missing text field \"" + field + "\"");
      }
      return value.asText();
    }
  }

  /** {@code body} (a JSON value) as compact JSON, else {@code body_text}, else empty. */
  private static String bodyOf(JsonNode message) {
    if (message.has("body")) {
      return message.get("body").toString();
    }
    return message.path("body_text").asText("");
  }

  // ---------------------------------------------------------------- record

  /** Forwards to the upstream and writes each exchange; see {@link FakeClaude#recording}. */
  static final class Recorder implements Backend {
    private final URI upstream;
    private final String apiKey;
    private final Path dir;
    private final HttpClient client;
    private final Map<String, AtomicInteger> perKey = new ConcurrentHashMap<>();
    private final List<String> failures = new CopyOnWriteArrayList<>();

    Recorder(URI upstream, String apiKey, Path dir) {
      String scheme =
          upstream.getScheme() == null ? "" : upstream.getScheme().toLowerCase(Locale.ROOT);
      if (upstream.getHost() == null || !(scheme.equals("https") || scheme.equals("http"))) {
        throw new IllegalArgumentException(
            "upstream must be an absolute https URL, like https://api.anthropic.com; got "
                + upstream);
      }
      if (scheme.equals("http") && !isLoopback(upstream.getHost())) {
        throw new IllegalArgumentException(
            "upstream "
                + upstream
                + " uses plain http to a host that is not loopback; the API"
                + " key would travel in clear text. Use https.");
      }
      if (upstream.getRawQuery() != null || upstream.getRawUserInfo() != null) {
        throw new IllegalArgumentException(
            "upstream must have no query and no user info: " + upstream);
      }
      if (apiKey.isBlank()) {
        throw new IllegalArgumentException("apiKey is blank");
      }
      this.upstream = upstream;
      this.apiKey = apiKey.strip();
      this.dir = dir;
      try {
        Files.createDirectories(dir);
      } catch (IOException e) {
        throw new UncheckedIOException("Cannot create recordings directory " + dir, e);
      }
      this.client =
          HttpClient.newBuilder()
              .connectTimeout(Duration.ofSeconds(10))
              .followRedirects(HttpClient.Redirect.NEVER)
              .build();
    }

    @Override
    public FakeResponse answer(RecordedRequest request, JsonNode json, String jsonError) {
      HttpResponse<byte[]> response;
      try {
        response = client.send(forward(request), HttpResponse.BodyHandlers.ofByteArray());
      } catch (IOException | IllegalArgumentException e) {
        return upstreamFailed(request, e);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return upstreamFailed(request, e);
      }
      String body = new String(response.body(), StandardCharsets.UTF_8);
      Map<String, String> headers = returnedHeaders(response);
      try {
        write(request, response.statusCode(), headers, body);
      } catch (IOException e) {
        failures.add("could not write the recording of " + request + ": " + e);
        return FakeResponse.error(
            500, "api_error", "FakeClaude recording: could not write to " + dir + ": " + e);
      }
      int status = response.statusCode();
      if (status < 200 || status > 599) {
        return FakeResponse.error(
            502, "api_error", "FakeClaude recording: upstream status " + status);
      }
      String contentType = headers.remove("content-type");
      FakeResponse reply =
          FakeResponse.raw(status, contentType, FakeResponse.permitsBody(status) ? body : "");
      for (Map.Entry<String, String> header : headers.entrySet()) {
        reply = reply.withHeader(header.getKey(), header.getValue());
      }
      return reply;
    }

    @Override
    public List<String> problems() {
      return List.copyOf(failures);
    }

    private HttpRequest forward(RecordedRequest request) {
      String basePath = upstream.getRawPath() == null ? "" : upstream.getRawPath();
      while (basePath.endsWith("/")) {
        basePath = basePath.substring(0, basePath.length() - 1);
      }
      URI target =
          URI.create(
              upstream.getScheme()
                  + "://"
                  + upstream.getRawAuthority()
                  + basePath
                  + request.path()
                  + (request.query() == null ? "" : "?" + request.query()));
      byte[] body = request.body().getBytes(StandardCharsets.UTF_8);
      HttpRequest.Builder builder =
          HttpRequest.newBuilder(target)
              .timeout(Duration.ofMinutes(10))
              .method(
                  request.method(),
                  body.length == 0
                      ? HttpRequest.BodyPublishers.noBody()
                      : HttpRequest.BodyPublishers.ofByteArray(body));
      request
          .headers()
          .forEach(
              (name, values) -> {
                if (!NOT_FORWARDED.contains(name) && !name.startsWith("proxy-")) {
                  values.forEach(value -> builder.header(name, value));
                }
              });
      builder.header("x-api-key", apiKey);
      return builder.build();
    }

    private FakeResponse upstreamFailed(RecordedRequest request, Exception e) {
      // The exception's class and message name the host and the cause, never the key.
      String problem =
          "upstream "
              + upstream.getHost()
              + " failed for "
              + request.method()
              + " "
              + request.path()
              + ": "
              + e.getClass().getSimpleName()
              + ": "
              + e.getMessage();
      failures.add(problem);
      return FakeResponse.error(502, "api_error", "FakeClaude recording: " + problem);
    }

    private static Map<String, String> returnedHeaders(HttpResponse<?> response) {
      Map<String, String> headers = new LinkedHashMap<>();
      response
          .headers()
          .map()
          .forEach(
              (name, values) -> {
                String lower = name.toLowerCase(Locale.ROOT);
                if (!lower.startsWith(":")
                    && !NOT_RETURNED.contains(lower)
                    && HttpRequestReader.isToken(lower)) {
                  headers.put(lower, String.join(", ", values));
                }
              });
      return headers;
    }

    private void write(
        RecordedRequest request, int status, Map<String, String> headers, String body)
        throws IOException {
      ObjectNode root = JsonNodeFactory.instance.objectNode();
      root.put("format", FORMAT);
      ObjectNode req = root.putObject("request");
      req.put("method", request.method());
      req.put("path", request.path());
      if (request.query() != null) {
        req.put("query", request.query());
      }
      ObjectNode reqHeaders = req.putObject("headers");
      request
          .headers()
          .forEach(
              (name, values) ->
                  reqHeaders.put(
                      name, SECRET_HEADERS.contains(name) ? REDACTED : String.join(", ", values)));
      putBody(req, request.body());
      ObjectNode res = root.putObject("response");
      res.put("status", status);
      ObjectNode resHeaders = res.putObject("headers");
      headers.forEach(resHeaders::put);
      putBody(res, body);

      String text = redact(PRETTY.writeValueAsString(root));
      String key = matchKey(request.method(), request.path(), request.query(), request.body());
      int n = perKey.computeIfAbsent(key, k -> new AtomicInteger()).incrementAndGet();
      Path file = dir.resolve(fileName(request, key, n));
      Path temp = Files.createTempFile(dir, ".recording-", ".tmp");
      Files.writeString(temp, text + "\n", StandardCharsets.UTF_8);
      // Replaces a file of an earlier run for the same request, and is never seen half written.
      Files.move(
          temp,
          file,
          java.nio.file.StandardCopyOption.REPLACE_EXISTING,
          java.nio.file.StandardCopyOption.ATOMIC_MOVE);
    }

    /** The file text with every occurrence of the key, raw or as JSON escapes it, replaced. */
    private String redact(String text) {
      String escaped;
      try {
        String quoted = MAPPER.writeValueAsString(TextNode.valueOf(apiKey));
        escaped = quoted.substring(1, quoted.length() - 1);
      } catch (JsonProcessingException e) {
        throw new IllegalStateException(e);
      }
      return text.replace(apiKey, REDACTED).replace(escaped, REDACTED);
    }

    private static String fileName(RecordedRequest request, String key, int n) {
      String slug = request.path().replaceAll("[^A-Za-z0-9]+", "-").replaceAll("^-|-$", "");
      if (slug.length() > 40) {
        slug = slug.substring(0, 40);
      }
      return String.format(Locale.ROOT, "%s-%s-%s-%03d.json", request.method(), slug, hash(key), n);
    }

    private static String hash(String key) {
      try {
        byte[] digest =
            MessageDigest.getInstance("SHA-256").digest(key.getBytes(StandardCharsets.UTF_8));
        return HexFormat.of().formatHex(digest, 0, 6);
      } catch (NoSuchAlgorithmException e) {
        throw new IllegalStateException("SHA-256 is required of every JDK", e);
      }
    }
  }

  /** Writes {@code body} as a JSON value when it is one, else as {@code body_text}. */
  private static void putBody(ObjectNode message, String body) {
    if (body.isEmpty()) {
      return;
    }
    try {
      message.set("body", RecordedRequest.parseJson(body.getBytes(StandardCharsets.UTF_8)));
    } catch (IOException e) {
      message.put("body_text", body);
    }
  }

  /** Loopback by literal name or address, as the runtime judges it; no DNS lookup. */
  static boolean isLoopback(String host) {
    String h = host.toLowerCase(Locale.ROOT);
    if (h.startsWith("[") && h.endsWith("]")) {
      h = h.substring(1, h.length() - 1);
    }
    return h.equals("localhost")
        || h.equals("::1")
        || h.equals("0:0:0:0:0:0:0:1")
        || h.matches("127(\\.\\d{1,3}){3}");
  }
}
