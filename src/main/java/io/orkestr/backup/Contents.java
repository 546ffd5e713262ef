package io.orkestr.backup;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/** Contents compares what a backup held when it was taken with what a restore of it holds. */
final class Contents {
  private Contents() {}

  /** Null when they match; else what differs, e.g. "public.orders: 5000 rows when taken, 4999 restored". */
  static String compare(Map<String, Long> recorded, Map<String, Long> restored) {
    List<String> diffs = new ArrayList<>();
    TreeSet<String> names = new TreeSet<>(recorded.keySet());
    names.addAll(restored.keySet());
    for (String n : names) {
      Long a = recorded.get(n);
      Long b = restored.get(n);
      if (a == null) diffs.add(n + ": not in the backup's record, " + b + " restored");
      else if (b == null) diffs.add(n + ": " + a + " when taken, missing after the restore");
      else if (!a.equals(b)) diffs.add(n + ": " + a + " when taken, " + b + " restored");
    }
    if (diffs.isEmpty()) return null;
    return "the restored data differs from the backup's record: " + String.join("; ", diffs.subList(0, Math.min(5, diffs.size())))
        + (diffs.size() > 5 ? " (and " + (diffs.size() - 5) + " more)" : "");
  }
}
