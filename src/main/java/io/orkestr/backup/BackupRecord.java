package io.orkestr.backup;

import io.orkestr.desired.EngineProfile;
import io.orkestr.desired.ResourceKey;
import java.time.Instant;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;

/**
 * BackupRecord is one backup's metadata: what it is of (manifest, add-on, engine and exact
 * version), why and when it was taken, its size and SHA-256, whether it succeeded (and why not),
 * what it holds (Postgres: each table's rows; Redis: the keys) and whether a restore proved it.
 * A failed backup is recorded too, and never offered for restore.
 */
public record BackupRecord(
    String id,
    String manifest,
    ResourceKey addon,
    String engine,
    String version,
    BackupKind kind,
    Optional<String> note,
    Instant created,
    Instant finished,
    long sizeBytes,
    String sha256,
    BackupStatus status,
    Optional<String> failure,
    Map<String, Long> contents,
    Optional<Verification> verification) {

  public BackupRecord {
    Objects.requireNonNull(id);
    Objects.requireNonNull(manifest);
    Objects.requireNonNull(addon);
    Objects.requireNonNull(engine);
    Objects.requireNonNull(version);
    Objects.requireNonNull(kind);
    Objects.requireNonNull(note);
    Objects.requireNonNull(created);
    Objects.requireNonNull(finished);
    Objects.requireNonNull(sha256);
    Objects.requireNonNull(status);
    Objects.requireNonNull(failure);
    contents = java.util.Collections.unmodifiableMap(new TreeMap<>(contents));
    Objects.requireNonNull(verification);
  }

  public boolean succeeded() {
    return status == BackupStatus.SUCCEEDED;
  }

  /** "15" of "15.18": a restore needs the same engine and major version. */
  public int major() {
    int dot = version.indexOf('.');
    return Integer.parseInt(dot < 0 ? version : version.substring(0, dot));
  }

  /** The file's extension: its engine's backup format's. */
  public String extension() {
    return EngineProfile.of(engine).backupFormat().extension();
  }

  public BackupRecord withVerification(Verification v) {
    return new BackupRecord(id, manifest, addon, engine, version, kind, note, created, finished, sizeBytes, sha256, status, failure, contents,
        Optional.of(v));
  }
}
