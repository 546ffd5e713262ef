package io.orkestr.manifest;

import java.util.Objects;
import java.util.Optional;

/**
 * BackupSettings are an add-on's backups as its manifest asks: automatic ones (on plans that have
 * them), on a Quartz cron schedule (left out: daily at a time derived from the add-on's name), each
 * verified by a restore right after it is taken when verify is set.
 */
public record BackupSettings(boolean automatic, Optional<String> schedule, boolean verify) {
  public static final BackupSettings NONE = new BackupSettings(false, Optional.empty(), false);

  public BackupSettings {
    Objects.requireNonNull(schedule);
  }
}
