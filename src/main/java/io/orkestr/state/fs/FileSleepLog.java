package io.orkestr.state.fs;

import io.orkestr.state.SleepLog;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;

/**
 * FileSleepLog keeps {@code <container id> <add-on> <stage> <since ms> <last activity ms or -> <holder>}
 * per line in {@code $ORKESTR_HOME/sleep}, rewritten atomically (the holder, last, may hold spaces).
 */
public final class FileSleepLog implements SleepLog {
  private final Path file;

  public FileSleepLog(Path home) {
    this.file = home.resolve("sleep");
  }

  @Override
  public synchronized Map<String, Entry> entries() {
    Map<String, Entry> out = new TreeMap<>();
    for (String line : lines()) {
      String[] p = line.split(" ", 6);
      if (p.length < 5 || !p[3].matches("[0-9]+")) continue;
      out.put(p[0], new Entry(p[1], p[2], Long.parseLong(p[3]), p[4].matches("[0-9]+") ? Optional.of(Long.parseLong(p[4])) : Optional.empty(),
          p.length == 6 && !p[5].isBlank() ? Optional.of(p[5]) : Optional.empty()));
    }
    return out;
  }

  @Override
  public synchronized void putAll(Map<String, Entry> entries) {
    if (entries.isEmpty()) return;
    Map<String, Entry> all = entries();
    if (all.entrySet().containsAll(entries.entrySet())) return; // the loop puts the same every second: no rewrite
    all.putAll(entries);
    write(all);
  }

  @Override
  public synchronized void remove(String containerId) {
    Map<String, Entry> all = entries();
    if (all.remove(containerId) != null) write(all);
  }

  @Override
  public synchronized void retain(Set<String> existingIds) {
    Map<String, Entry> all = entries();
    if (all.keySet().retainAll(existingIds)) write(all);
  }

  private List<String> lines() {
    try {
      return Files.exists(file) ? Files.readAllLines(file, StandardCharsets.UTF_8) : List.of();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + file, e);
    }
  }

  private void write(Map<String, Entry> all) {
    List<String> lines = new ArrayList<>();
    all.forEach((id, e) -> lines.add(id + " " + e.addon() + " " + e.stage() + " " + e.sinceMillis() + " "
        + e.lastActivityMillis().map(String::valueOf).orElse("-") + " " + e.holder().orElse("").replace('\n', ' ')));
    try {
      Files.createDirectories(file.getParent());
      Path tmp = Files.createTempFile(file.getParent(), ".sleep-", "");
      Files.write(tmp, lines, StandardCharsets.UTF_8);
      Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write " + file, e);
    }
  }
}
