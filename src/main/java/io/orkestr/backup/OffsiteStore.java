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
  /**
   * Starts a copy of a backup as it is taken: its data (as backed up) is written to the upload while
   * the dump runs, and becomes a copy only when committed with the backup's record.
   */
  CopyUpload begin(String manifest, ResourceKey addon, String id, String extension) throws IOException;

  /** Copies a committed backup off the machine: its data, read from data (as backed up), then its record. */
  default OffsiteCopy upload(BackupRecord record, InputStream data) throws IOException {
    try (CopyUpload upload = begin(record.manifest(), record.addon(), record.id(), record.extension())) {
      data.transferTo(upload.output());
      return upload.commit(record);
    }
  }

  /** A copy being written: its data, then commit with the record (which checks the data's SHA-256), or close to drop it. */
  interface CopyUpload extends AutoCloseable {
    java.io.OutputStream output();

    OffsiteCopy commit(BackupRecord record) throws IOException;

    /** Drops the copy unless it was committed. */
    @Override
    void close();
  }

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
