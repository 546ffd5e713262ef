package io.orkestr.backup;

import io.orkestr.desired.ResourceKey;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.List;
import java.util.Optional;

/**
 * BackupStore keeps backups and their records. A backup is written through an Upload (a temporary
 * object) and becomes a backup only when committed with its record, so an interrupted one leaves
 * nothing that looks like a backup. Shaped so that an object store (S3) can implement it: an
 * upload is a temporary object or a multipart upload, commit a rename or a completion, records small
 * objects beside the data.
 */
public interface BackupStore {
  /** Starts writing a backup's data. */
  Upload begin(String manifest, ResourceKey addon, String id, String extension) throws IOException;

  /** The add-on's backups, newest first (failed ones too). */
  List<BackupRecord> list(String manifest, ResourceKey addon);

  Optional<BackupRecord> find(String manifest, ResourceKey addon, String id);

  /** The backup's data, as written. */
  InputStream open(BackupRecord record) throws IOException;

  /** Records a backup that failed (its data, if any, is gone). */
  void recordFailure(BackupRecord record);

  /** Rewrites a record (its verification changed). */
  void update(BackupRecord record);

  /** Removes a backup and its record. */
  void delete(BackupRecord record);

  /** An upload in progress: write its data, then commit it with its record, or abort it. */
  interface Upload extends AutoCloseable {
    OutputStream output();

    /** Makes the data and its record a backup, atomically as far as the store can. */
    void commit(BackupRecord record) throws IOException;

    /** Drops what was written. Closing an upload that was not committed aborts it. */
    @Override
    void close();
  }
}
