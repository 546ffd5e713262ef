package io.orkestr.state.fs;

import io.orkestr.state.LiveUpdateLog;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Collection;
import java.util.Set;
import java.util.TreeSet;

/** FileLiveUpdateLog keeps one container id per line in {@code $ORKESTR_HOME/live-updates}, rewritten atomically. */
public final class FileLiveUpdateLog implements LiveUpdateLog {
  private final Path file;

  public FileLiveUpdateLog(Path home) {
    this.file = home.resolve("live-updates");
  }

  @Override
  public synchronized Set<String> containerIds() {
    try {
      return Files.exists(file) ? new TreeSet<>(Files.readAllLines(file, StandardCharsets.UTF_8)) : Set.of();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + file, e);
    }
  }

  @Override
  public synchronized void record(Collection<String> ids, Set<String> stillExisting) {
    Set<String> next = new TreeSet<>(containerIds());
    next.retainAll(stillExisting);
    next.addAll(ids);
    next.removeIf(String::isBlank);
    try {
      Files.createDirectories(file.getParent());
      Path tmp = Files.createTempFile(file.getParent(), ".live-updates-", "");
      Files.write(tmp, next, StandardCharsets.UTF_8);
      Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write " + file, e);
    }
  }
}
