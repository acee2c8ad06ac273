package dev.claudegen.processor;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * What claudegen knows about each model: limits, thinking modes, sampling rules and dates, by id
 * and alias. Built by {@link CatalogLoader} from the built-in {@code models.json} and the user's
 * file; immutable, and made anew for each compilation.
 */
final class ModelCatalog {

  /** The thinking modes a model accepts, as the catalog names them. */
  enum ThinkingMode {
    /** {@code thinking: {type: enabled, budget_tokens}}: what {@code @Thinking} sends. */
    ENABLED,
    /** {@code thinking: {type: adaptive}}. */
    ADAPTIVE,
    /** Always on and not configurable: any {@code thinking} block is rejected. */
    ALWAYS;

    String jsonName() {
      return name().toLowerCase(Locale.ROOT);
    }
  }

  /**
   * One model.
   *
   * @param nonStreamingMaxTokens the largest {@code maxTokens} a non-streaming call may ask for
   *     without an explicit timeout
   * @param deprecated when it was deprecated, or null
   * @param retires when it stops answering (or stopped), or null
   * @param replacement the model to move to, or null
   * @param structuredOutputs whether it accepts {@code output_config.format}: JSON outputs to a
   *     schema, what a structured return type sends
   * @param minCacheableTokens the shortest prefix the prompt cache caches, in tokens, or 0 when
   *     it is not known (then no {@code @CacheControl} is judged too short for it)
   */
  record Model(
      String id,
      List<String> aliases,
      int maxOutputTokens,
      int nonStreamingMaxTokens,
      Set<ThinkingMode> thinking,
      boolean rejectsTemperatureWithTopP,
      boolean rejectsNonDefault,
      LocalDate deprecated,
      LocalDate retires,
      String replacement,
      boolean structuredOutputs,
      int minCacheableTokens) {

    boolean isRetiredOn(LocalDate day) {
      return retires != null && !day.isBefore(retires);
    }

    /** Deprecated by that day and not yet retired; a retirement date alone counts as notice. */
    boolean isDeprecatedOn(LocalDate day) {
      if (isRetiredOn(day)) {
        return false;
      }
      return deprecated == null ? retires != null : !day.isBefore(deprecated);
    }
  }

  /** The non-streaming limit of the SDKs: a call above it may take longer than 10 minutes. */
  static final int NON_STREAMING_LIMIT = 21_333;

  private final Map<String, Model> byName;
  private final boolean complete;

  /**
   * @param complete false when a catalog file had errors: then a name it does not know may be one
   *     the broken file meant to add, and is not reported
   */
  ModelCatalog(Collection<Model> models, boolean complete) {
    Map<String, Model> names = new LinkedHashMap<>();
    for (Model model : models) {
      names.put(model.id(), model);
      model.aliases().forEach(alias -> names.put(alias, model));
    }
    this.byName = Collections.unmodifiableMap(names);
    this.complete = complete;
  }

  /** The model of that id or alias, or null. */
  Model find(String name) {
    return byName.get(name);
  }

  /** Whether every catalog file was read without error. */
  boolean isComplete() {
    return complete;
  }

  /** Every id and alias. */
  Set<String> names() {
    return byName.keySet();
  }

  /**
   * Up to five names close to an unknown one, nearest first: within a few edits, or containing it
   * (like {@code sonnet-4-6}).
   */
  List<String> suggestions(String name) {
    int maxDistance = Math.max(2, name.length() / 4);
    Set<String> near =
        new LinkedHashSet<>(EditDistance.nearest(name, byName.keySet(), maxDistance, 5));
    if (name.length() >= 4) {
      for (String known : byName.keySet()) {
        if (near.size() < 5 && known.contains(name)) {
          near.add(known);
        }
      }
    }
    return new ArrayList<>(near);
  }

  /**
   * The model to move to from a retired or deprecated one: its replacement, or the replacement's
   * own replacement when that has retired too; null when there is none.
   */
  String currentReplacement(Model model, LocalDate today) {
    Set<String> seen = new LinkedHashSet<>();
    String candidate = model.replacement();
    while (candidate != null && seen.add(candidate)) {
      Model next = byName.get(candidate);
      if (next == null || !next.isRetiredOn(today) || next.replacement() == null) {
        return candidate;
      }
      candidate = next.replacement();
    }
    return candidate;
  }
}
