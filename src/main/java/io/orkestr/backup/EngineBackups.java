package io.orkestr.backup;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.Map;

/**
 * EngineBackups is how one engine dumps, restores and verifies: Postgres with pg_dump and
 * pg_restore, Redis with an RDB snapshot. Everything runs inside containers of the add-on's own
 * image through the Docker port, streamed: nothing the size of the data is held in memory.
 */
interface EngineBackups {
  /** What a dump holds: the engine's exact version and its contents (table -> rows, or "keys" -> n). */
  record Taken(String version, Map<String, Long> contents) {}

  /** Streams a backup of the running add-on to out. */
  Taken dump(AddOnTarget target, OutputStream out) throws IOException;

  /** Restores the backup read from in into the running add-on, in place; on failure its data is as before. */
  void restore(AddOnTarget target, BackupRecord record, InputStream in) throws IOException;

  /**
   * Restores the backup into a throwaway container of the same image on a network of its own, checks
   * it against the record and removes it (also on failure); returns why it failed, or null.
   */
  String verify(AddOnTarget target, BackupRecord record, InputStream in) throws IOException;

  /** Why what the running target holds differs from what the record says the backup held, or null. */
  String compare(AddOnTarget target, BackupRecord record);
}
