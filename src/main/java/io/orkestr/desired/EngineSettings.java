package io.orkestr.desired;

import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * EngineSettings are an add-on's engine settings, sized by its plan and overridden by its
 * manifest: those that only a restart applies (they are part of the container's command) and
 * those orkestr applies live. Values never hold a secret, so they may sit in labels and plans.
 */
public record EngineSettings(SortedMap<String, String> restart, SortedMap<String, String> live) {
  public static final EngineSettings NONE = new EngineSettings(new TreeMap<>(), new TreeMap<>());

  public EngineSettings {
    restart = java.util.Collections.unmodifiableSortedMap(new TreeMap<>(restart));
    live = java.util.Collections.unmodifiableSortedMap(new TreeMap<>(live));
  }

  /** Every setting, restart and live. */
  public SortedMap<String, String> all() {
    SortedMap<String, String> all = new TreeMap<>(restart);
    all.putAll(live);
    return all;
  }

  /** "k=v,k=v": the label form. Values are checked to hold neither ',' nor '=' (see manifest.SettingKeys). */
  public static String format(Map<String, String> settings) {
    StringBuilder sb = new StringBuilder();
    settings.forEach((k, v) -> sb.append(sb.length() == 0 ? "" : ",").append(k).append('=').append(v));
    return sb.toString();
  }

  public static SortedMap<String, String> parse(String text) {
    SortedMap<String, String> out = new TreeMap<>();
    if (text == null || text.isEmpty()) return out;
    for (String item : text.split(",")) {
      int eq = item.indexOf('=');
      if (eq > 0) out.put(item.substring(0, eq), item.substring(eq + 1));
    }
    return out;
  }
}
