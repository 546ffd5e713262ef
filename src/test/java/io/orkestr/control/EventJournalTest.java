package io.orkestr.control;

import static org.assertj.core.api.Assertions.assertThat;

import io.orkestr.events.Event;
import io.orkestr.events.fs.FileEventLog;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EventJournalTest {
  @TempDir Path home;

  @Test
  void idsKeepGrowingAcrossARestart() {
    EventJournal first = new EventJournal(new FileEventLog(home, 1 << 20), Clock.systemUTC());
    first.publish("reconcile.started", Map.of());
    first.publish("reconcile.finished", Map.of());

    EventJournal second = new EventJournal(new FileEventLog(home, 1 << 20), Clock.systemUTC());
    Event next = second.publish("reconcile.started", Map.of());

    assertThat(next.id()).isEqualTo(3);
    assertThat(second.since(0)).extracting(Event::id).containsExactly(1L, 2L, 3L);
  }

  @Test
  void aSubscriberGetsWhatCameAfterItsLastIdThenEveryNewEventWithNothingRepeated() throws Exception {
    EventJournal journal = new EventJournal(new FileEventLog(home, 1 << 20), Clock.systemUTC());
    for (int i = 0; i < 5; i++) journal.publish("drift.found", Map.of("i", i));
    List<Long> seen = new ArrayList<>();

    try (AutoCloseable s = journal.subscribe(3, e -> seen.add(e.id()))) {
      journal.publish("change.applied", Map.of());
    }
    journal.publish("change.applied", Map.of()); // after closing: not seen

    assertThat(seen).containsExactly(4L, 5L, 6L);
  }
}
