package dev.claudegen.processor;

import java.util.Collection;
import java.util.Comparator;
import java.util.List;

/** Finds the names a misspelt one was probably meant to be. */
final class EditDistance {

  private EditDistance() {}

  /** Levenshtein distance: insertions, deletions and substitutions. */
  static int between(String a, String b) {
    int[] previous = new int[b.length() + 1];
    int[] current = new int[b.length() + 1];
    for (int j = 0; j <= b.length(); j++) {
      previous[j] = j;
    }
    for (int i = 1; i <= a.length(); i++) {
      current[0] = i;
      for (int j = 1; j <= b.length(); j++) {
        int substitution = previous[j - 1] + (a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1);
        current[j] = Math.min(substitution, Math.min(previous[j], current[j - 1]) + 1);
      }
      int[] swap = previous;
      previous = current;
      current = swap;
    }
    return previous[b.length()];
  }

  /**
   * The candidates within {@code maxDistance} of the name, nearest first (ties in the
   * candidates' order), at most {@code limit} of them.
   */
  static List<String> nearest(
      String name, Collection<String> candidates, int maxDistance, int limit) {
    return candidates.stream()
        .filter(candidate -> between(name, candidate) <= maxDistance)
        .sorted(Comparator.comparingInt(candidate -> between(name, candidate)))
        .limit(limit)
        .toList();
  }
}
