package dev.claudegen.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;

/**
 * The prompt-caching side of the fake API: finds a request's {@code cache_control} breakpoints,
 * refuses the marker sets the API refuses, and keeps the prefixes earlier requests wrote, so that a
 * reply's usage shows what the API would read from and write to its cache.
 *
 * <p>A request is seen as a sequence of blocks in the API's cache order: each tool definition, then
 * each system block (a string system prompt being one block), then each message's content blocks (a
 * string content being one block). A prefix ends after one of them; its tokens are estimated as
 * {@code ceil(b / 4)}, where {@code b} is the UTF-8 length of the compact JSON of its blocks
 * without their {@code cache_control}. Two prefixes are the same when model, sections, roles and
 * blocks (again without {@code cache_control}) are.
 */
final class PromptCache {
  /** Most breakpoints one request may carry, a top-level {@code cache_control} included. */
  static final int MAX_BREAKPOINTS = 4;

  private static final String DEFAULT_TTL = "5m";
  private static final HexFormat HEX = HexFormat.of();

  // Prefix key -> its tokens, for every prefix a request wrote; guarded by this.
  private final Map<String, Integer> written = new HashMap<>();

  /**
   * One {@code cache_control} marker.
   *
   * @param path where it is, readable, e.g. {@code messages[2].content[0]}, or {@code
   *     cache_control} for the top-level (automatic) one
   * @param apiPath where it is as the API's messages say it, e.g. {@code messages.2.content.0}
   * @param ttl its {@code ttl} as sent, {@code "5m"} when absent
   * @param marker the {@code cache_control} value itself
   * @param blocks how many blocks the prefix it marks holds (for the top-level one: all)
   */
  record Breakpoint(String path, String apiPath, String ttl, JsonNode marker, int blocks) {
    /** The path, with the ttl when it is not the default, e.g. {@code system[0] (1h)}. */
    String describe() {
      return ttl.equals(DEFAULT_TTL) ? path : path + " (" + ttl + ")";
    }
  }

  /** What a reply's usage says about a request with breakpoints. */
  record Usage(int inputTokens, int creation, int read, int creation5m, int creation1h) {}

  /** The blocks of a request in cache order, each with its prefix key and cumulative bytes. */
  private static final class Blocks {
    final List<Breakpoint> breakpoints = new ArrayList<>();
    final List<String> keys = new ArrayList<>(); // keys.get(k): the prefix of k + 1 blocks
    final List<Long> bytes = new ArrayList<>(); // bytes.get(k): UTF-8 bytes of k + 1 blocks
    private final MessageDigest digest;
    private String key;
    private long total;

    Blocks(JsonNode body) {
      try {
        digest = MessageDigest.getInstance("SHA-256");
      } catch (NoSuchAlgorithmException e) {
        throw new IllegalStateException("every Java platform has SHA-256", e);
      }
      JsonNode model = body.get("model");
      key = hash("model", model == null ? "" : model.toString());
      JsonNode tools = body.get("tools");
      if (tools != null && tools.isArray()) {
        for (int i = 0; i < tools.size(); i++) {
          add("tools", tools.get(i), "tools[" + i + "]", "tools." + i);
        }
      }
      JsonNode system = body.get("system");
      if (system != null && system.isTextual()) {
        add("system", asTextBlock(system), null, null);
      } else if (system != null && system.isArray()) {
        for (int i = 0; i < system.size(); i++) {
          add("system", system.get(i), "system[" + i + "]", "system." + i);
        }
      }
      JsonNode messages = body.get("messages");
      if (messages != null && messages.isArray()) {
        for (int m = 0; m < messages.size(); m++) {
          JsonNode message = messages.get(m);
          String role = "messages:" + message.path("role").asText();
          JsonNode content = message.get("content");
          if (content != null && content.isArray()) {
            for (int c = 0; c < content.size(); c++) {
              add(
                  role,
                  content.get(c),
                  "messages[" + m + "].content[" + c + "]",
                  "messages." + m + ".content." + c);
            }
          } else if (content != null) {
            add(role, content.isTextual() ? asTextBlock(content) : content, null, null);
          }
        }
      }
      JsonNode automatic = body.get("cache_control");
      if (automatic != null) {
        breakpoints.add(
            new Breakpoint(
                "cache_control", "cache_control", ttl(automatic), automatic, keys.size()));
      }
    }

    /**
     * A string {@code system} or {@code content} as the one text block it stands for: the API
     * caches them alike, so a turn sent as a string after being sent as a marked block array (as
     * a conversation's last turn is, then the turn before the next one) still matches.
     */
    private static JsonNode asTextBlock(JsonNode text) {
      ObjectNode block = JsonNodeFactory.instance.objectNode();
      block.put("type", "text");
      block.set("text", text);
      return block;
    }

    private void add(String section, JsonNode block, String path, String apiPath) {
      JsonNode marker = block.isObject() ? block.get("cache_control") : null;
      JsonNode bare = block;
      if (marker != null) {
        bare = ((ObjectNode) block).deepCopy();
        ((ObjectNode) bare).remove("cache_control");
      }
      String json = bare.toString();
      key = hash(section, json);
      total += json.getBytes(StandardCharsets.UTF_8).length;
      keys.add(key);
      bytes.add(total);
      if (marker != null && path != null) {
        breakpoints.add(new Breakpoint(path, apiPath, ttl(marker), marker, keys.size()));
      }
    }

    private String hash(String section, String json) {
      digest.update(key == null ? new byte[0] : key.getBytes(StandardCharsets.US_ASCII));
      digest.update((byte) 0);
      digest.update(section.getBytes(StandardCharsets.UTF_8));
      digest.update((byte) 0);
      digest.update(json.getBytes(StandardCharsets.UTF_8));
      return HEX.formatHex(digest.digest());
    }

    /** The estimated tokens of the first {@code count} blocks. */
    int tokens(int count) {
      long b = count == 0 ? 0 : bytes.get(count - 1);
      return (int) Math.min(Integer.MAX_VALUE, (b + 3) / 4);
    }
  }

  private static String ttl(JsonNode marker) {
    JsonNode ttl = marker.isObject() ? marker.get("ttl") : null;
    return ttl == null ? DEFAULT_TTL : ttl.isTextual() ? ttl.asText() : ttl.toString();
  }

  /**
   * The breakpoints of a request body in the API's order (tools, system, messages, then a top-level
   * {@code cache_control}); empty when the body ({@code null}: not JSON) is not an object or has
   * none.
   */
  static List<Breakpoint> breakpoints(JsonNode body) {
    if (body == null || !body.isObject()) {
      return List.of();
    }
    return List.copyOf(new Blocks(body).breakpoints);
  }

  /** The {@code 400} message the API sends for the markers of this request, or {@code null}. */
  static String check(JsonNode body) {
    List<Breakpoint> breakpoints = breakpoints(body);
    String fiveMinutes = null;
    for (Breakpoint breakpoint : breakpoints) {
      JsonNode marker = breakpoint.marker();
      if (!marker.isObject()) {
        return breakpoint.apiPath() + ".cache_control: Input should be an object";
      }
      JsonNode type = marker.get("type");
      if (type == null) {
        return where(breakpoint) + "type: Field required";
      }
      if (!type.isTextual() || !type.asText().equals("ephemeral")) {
        return where(breakpoint) + "type: Input should be 'ephemeral'";
      }
      if (!breakpoint.ttl().equals("5m") && !breakpoint.ttl().equals("1h")) {
        return where(breakpoint) + "ttl: Input should be '5m' or '1h'";
      }
      if (breakpoint.ttl().equals("5m")) {
        fiveMinutes = fiveMinutes == null ? breakpoint.apiPath() : fiveMinutes;
      } else if (fiveMinutes != null) {
        return "A cache_control block with ttl='1h' must not come after a cache_control block"
            + " with ttl='5m' (found "
            + breakpoint.apiPath()
            + " after "
            + fiveMinutes
            + "). Blocks are processed in the order `tools`, `system`, `messages`.";
      }
    }
    if (breakpoints.size() > MAX_BREAKPOINTS) {
      return "A maximum of "
          + MAX_BREAKPOINTS
          + " blocks with cache_control may be provided. Found "
          + breakpoints.size()
          + ".";
    }
    return null;
  }

  private static String where(Breakpoint breakpoint) {
    return breakpoint.apiPath().equals("cache_control")
        ? "cache_control."
        : breakpoint.apiPath() + ".cache_control.";
  }

  /**
   * What the API's cache does for a checked request: reads the longest prefix an earlier request
   * wrote, writes the prefixes of the breakpoints after it, and counts the rest as input.
   *
   * @param body the request, whose markers {@link #check} accepted
   * @param minTokens the smallest prefix that is cached; markers of shorter ones are ignored
   * @return the usage, or {@code null} when the request has no breakpoint
   */
  synchronized Usage use(JsonNode body, int minTokens) {
    if (body == null || !body.isObject()) {
      return null;
    }
    Blocks blocks = new Blocks(body);
    if (blocks.breakpoints.isEmpty()) {
      return null;
    }
    List<Breakpoint> cached = new ArrayList<>();
    for (Breakpoint breakpoint : blocks.breakpoints) {
      if (breakpoint.blocks() > 0 && blocks.tokens(breakpoint.blocks()) >= minTokens) {
        cached.add(breakpoint);
      }
    }
    int total = blocks.tokens(blocks.keys.size());
    if (cached.isEmpty()) {
      return new Usage(total, 0, 0, 0, 0);
    }
    int last = cached.stream().mapToInt(Breakpoint::blocks).max().getAsInt();
    int hit = 0;
    for (int count = last; count > 0; count--) {
      if (written.containsKey(blocks.keys.get(count - 1))) {
        hit = count;
        break;
      }
    }
    int creation5m = 0;
    int creation1h = 0;
    int done = hit;
    for (Breakpoint breakpoint : cached) {
      if (breakpoint.blocks() <= done) {
        continue;
      }
      int tokens = blocks.tokens(breakpoint.blocks()) - blocks.tokens(done);
      if (breakpoint.ttl().equals("1h")) {
        creation1h += tokens;
      } else {
        creation5m += tokens;
      }
      written.put(blocks.keys.get(breakpoint.blocks() - 1), blocks.tokens(breakpoint.blocks()));
      done = breakpoint.blocks();
    }
    int read = blocks.tokens(hit);
    return new Usage(
        total - blocks.tokens(last), creation5m + creation1h, read, creation5m, creation1h);
  }

  /** Forgets every prefix written so far. */
  synchronized void clear() {
    written.clear();
  }
}
