package io.orkestr.events.fs;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.orkestr.events.Event;
import io.orkestr.events.EventLog;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * FileEventLog appends each event as one JSON line to {@code $ORKESTR_HOME/events.log}. When the file
 * passes its size limit it becomes {@code events.log.1} (the one before is dropped), so the log holds
 * between one and two files' worth of the latest events. A line that does not parse (a write cut by a
 * crash) is skipped on reading.
 */
public final class FileEventLog implements EventLog {
  /** 10 MiB: some 30,000 events of a few hundred bytes. */
  public static final long DEFAULT_MAX_BYTES = 10L << 20;
  private static final ObjectMapper JSON = new ObjectMapper();

  private final Path file;
  private final Path rotated;
  private final long maxBytes;

  public FileEventLog(Path home, long maxBytes) {
    this.file = home.resolve("events.log");
    this.rotated = home.resolve("events.log.1");
    this.maxBytes = maxBytes;
  }

  @Override
  public synchronized void append(Event event) {
    Map<String, Object> line = new LinkedHashMap<>();
    line.put("id", event.id());
    line.put("time", event.time().toString());
    line.put("type", event.type());
    line.put("data", event.data());
    try {
      Files.createDirectories(file.getParent());
      byte[] bytes = (JSON.writeValueAsString(line) + "\n").getBytes(StandardCharsets.UTF_8);
      if (Files.exists(file) && Files.size(file) + bytes.length > maxBytes) {
        Files.move(file, rotated, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
      }
      Files.write(file, bytes, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write " + file, e);
    }
  }

  @Override
  public synchronized List<Event> recent(int max) {
    Deque<Event> last = new ArrayDeque<>();
    for (Path p : List.of(rotated, file)) {
      if (!Files.exists(p)) continue;
      try {
        for (String text : Files.readAllLines(p, StandardCharsets.UTF_8)) {
          parse(text).ifPresent(e -> {
            last.addLast(e);
            if (last.size() > max) last.removeFirst();
          });
        }
      } catch (IOException e) {
        throw new UncheckedIOException("cannot read " + p, e);
      }
    }
    return new ArrayList<>(last);
  }

  private static java.util.Optional<Event> parse(String text) {
    try {
      Map<String, Object> m = JSON.readValue(text, new TypeReference<LinkedHashMap<String, Object>>() {});
      @SuppressWarnings("unchecked")
      Map<String, Object> data = m.get("data") instanceof Map<?, ?> d ? (Map<String, Object>) d : Map.of();
      return java.util.Optional.of(new Event(((Number) m.get("id")).longValue(), Instant.parse((String) m.get("time")),
          (String) m.get("type"), data));
    } catch (IOException | RuntimeException e) {
      return java.util.Optional.empty();
    }
  }
}
