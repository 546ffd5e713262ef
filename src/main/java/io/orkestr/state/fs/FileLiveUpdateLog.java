package io.orkestr.state.fs;

import io.orkestr.state.LiveUpdateLog;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * FileLiveUpdateLog keeps one container id per line in {@code $ORKESTR_HOME/live-updates} (limits),
 * {@code <id> <access> <settings>} per line in {@code $ORKESTR_HOME/live-settings}, and
 * {@code <id> <used bytes> <read-only> <epoch seconds>} per line in {@code $ORKESTR_HOME/storage-measured};
 * each is rewritten atomically.
 */
public final class FileLiveUpdateLog implements LiveUpdateLog {
  private final Path limits;
  private final Path settings;
  private final Path storage;

  public FileLiveUpdateLog(Path home) {
    this.limits = home.resolve("live-updates");
    this.settings = home.resolve("live-settings");
    this.storage = home.resolve("storage-measured");
  }

  @Override
  public synchronized Map<String, Measured> storage() {
    Map<String, Measured> out = new TreeMap<>();
    for (String line : lines(storage)) {
      String[] parts = line.split(" ");
      if (parts.length == 4 && parts[1].matches("[0-9]+") && parts[3].matches("[0-9]+")) {
        out.put(parts[0], new Measured(Long.parseLong(parts[1]), Boolean.parseBoolean(parts[2]), Long.parseLong(parts[3])));
      }
    }
    return out;
  }

  @Override
  public synchronized void recordStorage(Map<String, Measured> measured) {
    if (measured.isEmpty()) return;
    Map<String, Measured> all = new TreeMap<>(storage());
    all.putAll(measured);
    writeStorage(all);
  }

  private void writeStorage(Map<String, Measured> all) {
    List<String> lines = new ArrayList<>();
    all.forEach((id, m) -> lines.add(id + " " + m.usedBytes() + " " + m.readOnly() + " " + m.epochSeconds()));
    write(storage, lines);
  }

  @Override
  public synchronized Set<String> containerIds() {
    return new TreeSet<>(lines(limits));
  }

  @Override
  public synchronized Map<String, Engine> settings() {
    Map<String, Engine> out = new TreeMap<>();
    for (String line : lines(settings)) {
      String[] parts = line.split(" ", 3);
      if (parts.length == 3) out.put(parts[0], new Engine(parts[1], parts[2]));
    }
    return out;
  }

  @Override
  public synchronized void record(Collection<String> limitsChanged, Map<String, Engine> settingsApplied, Set<String> stillExisting) {
    Set<String> ids = new TreeSet<>(containerIds());
    ids.retainAll(stillExisting);
    ids.addAll(limitsChanged);
    ids.removeIf(String::isBlank);
    write(limits, new ArrayList<>(ids));
    Map<String, Engine> applied = new TreeMap<>(settings());
    applied.keySet().retainAll(stillExisting);
    applied.putAll(settingsApplied);
    List<String> lines = new ArrayList<>();
    applied.forEach((id, e) -> lines.add(id + " " + e.access() + " " + e.settings()));
    write(settings, lines);
    Map<String, Measured> measured = new TreeMap<>(storage());
    if (measured.keySet().retainAll(stillExisting)) writeStorage(measured);
  }

  private static List<String> lines(Path file) {
    try {
      return Files.exists(file) ? Files.readAllLines(file, StandardCharsets.UTF_8) : List.of();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + file, e);
    }
  }

  private static void write(Path file, List<String> lines) {
    try {
      Files.createDirectories(file.getParent());
      Path tmp = Files.createTempFile(file.getParent(), "." + file.getFileName() + "-", "");
      Files.write(tmp, lines, StandardCharsets.UTF_8);
      Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write " + file, e);
    }
  }
}
