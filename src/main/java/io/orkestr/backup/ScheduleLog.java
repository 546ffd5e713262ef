package io.orkestr.backup;

import java.time.Instant;
import java.util.Map;
import java.util.Optional;

/**
 * ScheduleLog is where a daemon says which add-ons' automatic backups it schedules, and when it last
 * said so, so that status can tell a schedule that runs from one no daemon runs.
 */
public interface ScheduleLog {
  /** The daemon's word: these add-ons, firing next at these times, as of at. */
  void record(String manifest, Map<String, Instant> next, Instant at);

  Optional<Entry> read(String manifest);

  /** What a daemon last said, and when. */
  record Entry(Instant at, Map<String, Instant> next) {}
}
