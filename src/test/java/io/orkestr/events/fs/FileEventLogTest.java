package io.orkestr.events.fs;

import static org.assertj.core.api.Assertions.assertThat;

import io.orkestr.events.Event;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FileEventLogTest {
  @TempDir Path home;

  @Test
  void keepsEventsAsJsonLinesAndReadsTheLastOnesBack() {
    FileEventLog log = new FileEventLog(home, 1 << 20);
    for (int i = 1; i <= 5; i++) log.append(new Event(i, Instant.parse("2026-12-01T00:00:00Z"), "reconcile.finished", Map.of("n", i)));

    List<Event> last = new FileEventLog(home, 1 << 20).recent(3);

    assertThat(last).extracting(Event::id).containsExactly(3L, 4L, 5L);
    assertThat(last.get(2).data()).containsEntry("n", 5);
    assertThat(last.get(2).type()).isEqualTo("reconcile.finished");
  }

  @Test
  void rotatesBySizeKeepingOneOlderFile() throws Exception {
    FileEventLog log = new FileEventLog(home, 400);
    for (int i = 1; i <= 40; i++) log.append(new Event(i, Instant.now(), "drift.found", Map.of("address", "shop/addon/db")));

    assertThat(Files.size(home.resolve("events.log"))).isLessThanOrEqualTo(400);
    assertThat(home.resolve("events.log.1")).exists();
    List<Event> kept = log.recent(1000);
    assertThat(kept).isNotEmpty();
    assertThat(kept.get(kept.size() - 1).id()).isEqualTo(40);
    // Consecutive to the end: rotation drops the oldest, never a middle one.
    for (int i = 1; i < kept.size(); i++) assertThat(kept.get(i).id()).isEqualTo(kept.get(i - 1).id() + 1);
    assertThat(kept.size()).isLessThan(40);
  }

  @Test
  void skipsALineCutShortByACrash() throws Exception {
    FileEventLog log = new FileEventLog(home, 1 << 20);
    log.append(new Event(1, Instant.now(), "a", Map.of()));
    Files.writeString(home.resolve("events.log"), "{\"id\":2,\"ti", StandardOpenOption.APPEND);

    assertThat(log.recent(10)).extracting(Event::id).containsExactly(1L);
  }
}
