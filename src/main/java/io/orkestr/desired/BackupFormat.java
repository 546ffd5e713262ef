package io.orkestr.desired;

/**
 * BackupFormat is how an engine's backups are written: the tool that dumps and restores them and the
 * file's extension. An engine's profile names its format, so the backup code is chosen by format (two
 * engines that share one share the code) and a backup store never asks which engine it holds.
 */
public enum BackupFormat {
  /** pg_dump's custom format (-Fc), restored with pg_restore. */
  PG_DUMP("dump"),
  /** Redis's RDB snapshot, restored by starting the server on it. */
  RDB("rdb");

  private final String extension;

  BackupFormat(String extension) {
    this.extension = extension;
  }

  /** The backup file's extension. */
  public String extension() {
    return extension;
  }
}
