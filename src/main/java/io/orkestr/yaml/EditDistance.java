package io.orkestr.yaml;

import java.util.Collection;

/** EditDistance measures how far apart two words are, for "did you mean" suggestions. */
public final class EditDistance {
  private EditDistance() {}

  /** ", did you mean "x"?" when one candidate is close to the unknown word; "" otherwise. */
  public static String suggest(String unknown, Collection<String> candidates) {
    String best = null;
    int bestDistance = Integer.MAX_VALUE;
    for (String candidate : candidates) {
      int d = between(unknown.toLowerCase(), candidate.toLowerCase());
      if (d < bestDistance) {
        bestDistance = d;
        best = candidate;
      }
    }
    boolean close = best != null && bestDistance <= Math.max(1, Math.min(3, best.length() / 3));
    return close ? ", did you mean \"" + best + "\"?" : "";
  }

  /** Optimal string alignment distance: Levenshtein plus adjacent transpositions ("plna" is 1 from "plan"). */
  public static int between(String a, String b) {
    int[][] d = new int[a.length() + 1][b.length() + 1];
    for (int i = 0; i <= a.length(); i++) d[i][0] = i;
    for (int j = 0; j <= b.length(); j++) d[0][j] = j;
    for (int i = 1; i <= a.length(); i++) {
      for (int j = 1; j <= b.length(); j++) {
        int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
        d[i][j] = Math.min(Math.min(d[i - 1][j] + 1, d[i][j - 1] + 1), d[i - 1][j - 1] + cost);
        if (i > 1 && j > 1 && a.charAt(i - 1) == b.charAt(j - 2) && a.charAt(i - 2) == b.charAt(j - 1)) {
          d[i][j] = Math.min(d[i][j], d[i - 2][j - 2] + 1);
        }
      }
    }
    return d[a.length()][b.length()];
  }
}
