package io.orkestr.backup;

import io.orkestr.desired.ResourceKey;
import java.io.IOException;
import java.io.InputStream;
import java.util.List;
import java.util.Optional;

/**
 * OffsiteStore keeps copies of backups off the machine (an S3 bucket). A copy is the backup's data,
 * encrypted before it leaves when the operator named recipients, and a record beside it; it is
 * offered by list only once both are stored, so an interrupted upload leaves nothing that looks
 * like a copy.
 */
public interface OffsiteStore {
  /** Copies a committed backup off the machine: its data, read from data (as backed up), then its record. */
  OffsiteCopy upload(BackupRecord record, InputStream data) throws IOException;

  /** The add-on's copies, newest first. */
  List<OffsiteCopy> list(String manifest, ResourceKey addon);

  /**
   * The copy's data as it was backed up (decrypted). Reading it to its end checks what was stored
   * against the SHA-256 recorded at upload, and throws if it differs; the caller checks the data's own.
   */
  InputStream open(OffsiteCopy copy) throws IOException;

  /** Removes a copy (its record first, so that a half-removed copy is never offered). */
  void delete(OffsiteCopy copy);

  /**
   * A cheap check that the store is there and takes these credentials (one request): why not, in
   * one line, or empty.
   */
  Optional<String> check();

  /** Where copies go, for people: s3://bucket/prefix. */
  String describe();
}
