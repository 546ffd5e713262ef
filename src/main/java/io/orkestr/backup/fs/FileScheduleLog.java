package io.orkestr.backup.fs;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.orkestr.backup.ScheduleLog;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/** FileScheduleLog keeps {@code $ORKESTR_HOME/schedules/<manifest>.json}, rewritten atomically. */
public final class FileScheduleLog implements ScheduleLog {
  private static final ObjectMapper JSON = new ObjectMapper();
  private final Path dir;

  public FileScheduleLog(Path home) {
    this.dir = home.resolve("schedules");
  }

  @Override
  public void record(String manifest, Map<String, Instant> next, Instant at) {
    ObjectNode n = JSON.createObjectNode();
    n.put("at", at.toString());
    ObjectNode addons = n.putObject("next");
    next.forEach((k, v) -> addons.put(k, v.toString()));
    try {
      Files.createDirectories(dir);
      Path tmp = Files.createTempFile(dir, ".schedule-", ".tmp");
      Files.writeString(tmp, n.toPrettyString() + "\n");
      Files.move(tmp, dir.resolve(manifest + ".json"), StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write the backup schedule of " + manifest, e);
    }
  }

  @Override
  public Optional<Entry> read(String manifest) {
    Path file = dir.resolve(manifest + ".json");
    if (!Files.exists(file)) return Optional.empty();
    try {
      JsonNode n = JSON.readTree(file.toFile());
      Map<String, Instant> next = new TreeMap<>();
      n.path("next").fields().forEachRemaining(e -> next.put(e.getKey(), Instant.parse(e.getValue().asText())));
      return Optional.of(new Entry(Instant.parse(n.get("at").asText()), next));
    } catch (IOException | RuntimeException e) {
      return Optional.empty(); // a half-written or foreign file says nothing
    }
  }
}
