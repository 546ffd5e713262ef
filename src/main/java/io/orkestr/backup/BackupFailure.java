package io.orkestr.backup;

/** BackupFailure ends a backup, restore or verification with a one-line reason for the record and the user. */
public final class BackupFailure extends RuntimeException {
  public BackupFailure(String message) {
    super(message, null, false, false);
  }
}
