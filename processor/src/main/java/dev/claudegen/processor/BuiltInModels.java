package dev.claudegen.processor;

import static dev.claudegen.processor.ModelCatalog.ThinkingMode.ADAPTIVE;
import static dev.claudegen.processor.ModelCatalog.ThinkingMode.ALWAYS;
import static dev.claudegen.processor.ModelCatalog.ThinkingMode.ENABLED;

import java.time.LocalDate;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

/**
 * The built-in catalog, {@code models.json} as Java: parsing the file cost every compilation
 * more than all other catalog work. Written by {@code BuiltInModelsTest}, which fails when this
 * file is not what models.json says (models.json stays the file to edit; its notes cite the
 * sources). In the order of models.json: ids, aliases, maxOutputTokens, nonStreamingMaxTokens,
 * thinking, rejectsTemperatureWithTopP, rejectsNonDefault, deprecated, retires, replacement,
 * structuredOutputs, minCacheableTokens.
 */
final class BuiltInModels {

  private BuiltInModels() {}

  /** New objects on each call: a catalog is made anew for each compilation. */
  static List<ModelCatalog.Model> models() {
    return List.of(
        model("claude-1.0", List.of(),
            4096, 4096, modes(), false, false,
            null, date(2024, 11, 6), "claude-sonnet-5-5", false, 0),
        model("claude-1.1", List.of(),
            4096, 4096, modes(), false, false,
            null, date(2024, 11, 6), "claude-sonnet-5-5", false, 0),
        model("claude-1.2", List.of(),
            4096, 4096, modes(), false, false,
            null, date(2024, 11, 6), "claude-sonnet-5-5", false, 0),
        model("claude-1.3", List.of(),
            4096, 4096, modes(), false, false,
            null, date(2024, 11, 6), "claude-sonnet-5-5", false, 0),
        model("claude-1.3-100k", List.of(),
            4096, 4096, modes(), false, false,
            null, date(2024, 11, 6), "claude-sonnet-5-5", false, 0),
        model("claude-instant-1.0", List.of(),
            4096, 4096, modes(), false, false,
            null, date(2024, 11, 6), "claude-haiku-5-5", false, 0),
        model("claude-instant-1.1", List.of(),
            4096, 4096, modes(), false, false,
            null, date(2024, 11, 6), "claude-haiku-5-5", false, 0),
        model("claude-instant-1.1-100k", List.of(),
            4096, 4096, modes(), false, false,
            null, date(2024, 11, 6), "claude-haiku-5-5", false, 0),
        model("claude-instant-1.2", List.of(),
            4096, 4096, modes(), false, false,
            null, date(2024, 11, 6), "claude-haiku-5-5", false, 0),
        model("claude-2.0", List.of(),
            4096, 4096, modes(), false, false,
            null, date(2025, 7, 21), "claude-sonnet-5-5", false, 0),
        model("claude-2.1", List.of(),
            4096, 4096, modes(), false, false,
            null, date(2025, 7, 21), "claude-sonnet-5-5", false, 0),
        model("claude-3-sonnet-20240229", List.of(),
            4096, 4096, modes(), false, false,
            date(2025, 1, 21), date(2025, 7, 21), "claude-sonnet-5-5", false, 0),
        model("claude-3-opus-20240229", List.of("claude-3-opus-latest"),
            4096, 4096, modes(), false, false,
            date(2025, 6, 30), date(2026, 1, 5), "claude-opus-5-5", false, 0),
        model("claude-3-haiku-20240307", List.of(),
            4096, 4096, modes(), false, false,
            date(2026, 2, 19), date(2026, 4, 20), "claude-haiku-5-5", false, 0),
        model("claude-3-5-sonnet-20240620", List.of(),
            8192, 8192, modes(), false, false,
            date(2025, 8, 13), date(2025, 10, 28), "claude-sonnet-5-5", false, 0),
        model("claude-3-5-sonnet-20241022", List.of("claude-3-5-sonnet-latest"),
            8192, 8192, modes(), false, false,
            date(2025, 8, 13), date(2025, 10, 28), "claude-sonnet-5-5", false, 0),
        model("claude-3-5-haiku-20241022", List.of("claude-3-5-haiku-latest"),
            8192, 8192, modes(), false, false,
            date(2025, 12, 19), date(2026, 2, 19), "claude-haiku-5-5", false, 0),
        model("claude-3-7-sonnet-20250219", List.of("claude-3-7-sonnet-latest"),
            64000, 21333, modes(ENABLED), false, false,
            date(2025, 10, 28), date(2026, 2, 19), "claude-sonnet-5-5", false, 0),
        model("claude-sonnet-4-20250514", List.of("claude-sonnet-4-0", "claude-4-sonnet-20250514"),
            64000, 21333, modes(ENABLED), false, false,
            date(2026, 4, 14), date(2026, 6, 15), "claude-sonnet-5-5", false, 0),
        model("claude-opus-4-20250514", List.of("claude-opus-4-0", "claude-4-opus-20250514"),
            32000, 8192, modes(ENABLED), false, false,
            date(2026, 4, 14), date(2026, 6, 15), "claude-opus-5-5", false, 0),
        model("claude-opus-4-1-20250805", List.of("claude-opus-4-1"),
            32000, 8192, modes(ENABLED), true, false,
            date(2026, 6, 5), date(2026, 8, 5), "claude-opus-5-5", false, 0),
        model("claude-sonnet-4-5-20250929", List.of("claude-sonnet-4-5"),
            64000, 21333, modes(ENABLED), true, false,
            date(2026, 10, 1), date(2026, 11, 30), "claude-sonnet-5-5", true, 1024),
        model("claude-haiku-4-5-20251001", List.of("claude-haiku-4-5"),
            64000, 21333, modes(ENABLED), true, false,
            null, null, null, true, 4096),
        model("claude-opus-4-5-20251101", List.of("claude-opus-4-5"),
            64000, 21333, modes(ENABLED), true, false,
            null, null, null, true, 4096),
        model("claude-opus-4-6", List.of(),
            128000, 21333, modes(ENABLED, ADAPTIVE), true, false,
            null, null, null, true, 4096),
        model("claude-sonnet-4-6", List.of(),
            128000, 21333, modes(ENABLED, ADAPTIVE), true, false,
            null, null, null, true, 1024),
        model("claude-mythos-preview", List.of(),
            128000, 21333, modes(ENABLED, ADAPTIVE), false, true,
            null, date(2026, 6, 30), "claude-mythos-5", true, 2048),
        model("claude-opus-4-7", List.of(),
            128000, 21333, modes(ADAPTIVE), false, true,
            null, null, null, true, 2048),
        model("claude-opus-4-8", List.of(),
            128000, 21333, modes(ADAPTIVE), false, true,
            null, null, null, true, 1024),
        model("claude-fable-5", List.of(),
            128000, 21333, modes(ALWAYS), false, true,
            null, null, null, true, 512),
        model("claude-mythos-5", List.of(),
            128000, 21333, modes(ALWAYS), false, true,
            null, null, null, true, 512),
        model("claude-sonnet-5", List.of(),
            128000, 21333, modes(ADAPTIVE), false, true,
            null, null, null, true, 1024),
        model("claude-opus-5", List.of(),
            128000, 21333, modes(ADAPTIVE), false, true,
            null, null, null, true, 512),
        model("claude-fable-5-1", List.of(),
            128000, 21333, modes(ALWAYS), false, true,
            null, null, null, true, 0),
        model("claude-mythos-5-1", List.of(),
            128000, 21333, modes(ALWAYS), false, true,
            null, null, null, true, 0),
        model("claude-opus-5-5", List.of(),
            128000, 21333, modes(ALWAYS), false, true,
            null, null, null, true, 0),
        model("claude-sonnet-5-5", List.of(),
            128000, 21333, modes(ADAPTIVE), false, true,
            null, null, null, true, 0),
        model("claude-haiku-5-5", List.of(),
            128000, 21333, modes(ADAPTIVE), false, true,
            null, null, null, true, 0),
        model("claude-fable-5-2", List.of(),
            128000, 21333, modes(ALWAYS), false, true,
            null, null, null, true, 0));
  }

  private static ModelCatalog.Model model(String id, List<String> aliases, int maxOutputTokens,
      int nonStreamingMaxTokens, Set<ModelCatalog.ThinkingMode> thinking,
      boolean rejectsTemperatureWithTopP, boolean rejectsNonDefault, LocalDate deprecated,
      LocalDate retires, String replacement, boolean structuredOutputs,
      int minCacheableTokens) {
    return new ModelCatalog.Model(id, aliases, maxOutputTokens, nonStreamingMaxTokens, thinking,
        rejectsTemperatureWithTopP, rejectsNonDefault, deprecated, retires, replacement,
        structuredOutputs, minCacheableTokens);
  }

  private static Set<ModelCatalog.ThinkingMode> modes(ModelCatalog.ThinkingMode... modes) {
    Set<ModelCatalog.ThinkingMode> set = EnumSet.noneOf(ModelCatalog.ThinkingMode.class);
    set.addAll(List.of(modes));
    return set;
  }

  private static LocalDate date(int year, int month, int day) {
    return LocalDate.of(year, month, day);
  }
}
