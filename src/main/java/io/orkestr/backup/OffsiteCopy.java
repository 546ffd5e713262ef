package io.orkestr.backup;

import java.util.Objects;

/**
 * OffsiteCopy is one backup's copy off the machine: the backup's record, what was stored (its
 * SHA-256 and size: the ciphertext when encrypted) and whether it was encrypted.
 */
public record OffsiteCopy(BackupRecord record, String storedSha256, long storedBytes, boolean encrypted) {
  public OffsiteCopy {
    Objects.requireNonNull(record);
    Objects.requireNonNull(storedSha256);
  }
}
