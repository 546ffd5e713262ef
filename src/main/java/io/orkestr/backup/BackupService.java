package io.orkestr.backup;

import io.orkestr.actual.ContainerState;
import io.orkestr.actual.ObservedContainer;
import io.orkestr.apply.SecretResolver;
import io.orkestr.apply.StepFailure;
import io.orkestr.desired.EngineProfile;
import io.orkestr.desired.Labels;
import io.orkestr.docker.DockerPort;
import io.orkestr.error.UserError;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.security.DigestInputStream;
import java.security.DigestOutputStream;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * BackupService takes, restores and verifies backups of running add-ons, keeping them in a
 * BackupStore. A backup is streamed from the add-on's container to the store through a digest, so
 * its SHA-256 is known when it is committed; one that fails or is interrupted is recorded as failed
 * (or, if orkestr itself was killed, leaves only a partial file), never as a success.
 */
public final class BackupService {
  private static final Logger log = LoggerFactory.getLogger(BackupService.class);
  private static final DateTimeFormatter ID_TIME = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'").withZone(ZoneOffset.UTC);

  private final DockerPort docker;
  private final BackupStore store;
  private final Clock clock;
  private final ContainerWork work;
  private final io.orkestr.apply.Sleepers sleepers;

  public BackupService(DockerPort docker, BackupStore store, SecretResolver secrets, Clock clock) {
    this(docker, store, secrets, clock, io.orkestr.apply.Sleepers.NONE);
  }

  /** sleepers: brings an add-on orkestr put to sleep up for a backup, and back to sleep after it. */
  public BackupService(DockerPort docker, BackupStore store, SecretResolver secrets, Clock clock, io.orkestr.apply.Sleepers sleepers) {
    this.sleepers = sleepers;
    this.docker = docker;
    this.store = store;
    this.clock = clock;
    this.work = new ContainerWork(docker, secrets);
  }

  /** The backup code of an engine's format (see its profile). */
  private EngineBackups engine(String engine) {
    return switch (EngineProfile.of(engine).backupFormat()) {
      case PG_DUMP -> new PostgresBackups(work);
      case RDB -> new RedisBackups(work);
    };
  }

  /**
   * Takes a backup. A stopped or paused add-on is started or unpaused for it and put back as it was
   * afterwards. Returns the record, succeeded or failed.
   */
  public BackupRecord create(AddOnTarget t, BackupKind kind, Optional<String> note) {
    String engine = t.spec().engine().orElseThrow().engine();
    EngineBackups backups = engine(engine);
    Instant created = clock.instant();
    String id = ID_TIME.format(created) + "-" + ContainerWork.hex();
    Runnable putBack = awake(t);
    MessageDigest sha = Sha256.digest();
    Counting counted;
    try (BackupStore.Upload upload = store.begin(t.manifest(), t.key(), id, EngineProfile.of(engine).backupFormat().extension())) {
      work.awaitReady(t);
      counted = new Counting(new DigestOutputStream(upload.output(), sha));
      EngineBackups.Taken taken = backups.dump(t, counted);
      counted.flush();
      BackupRecord record = new BackupRecord(id, t.manifest(), t.key(), engine, taken.version(), kind, note, created, clock.instant(),
          counted.count, HexFormat.of().formatHex(sha.digest()), BackupStatus.SUCCEEDED, Optional.empty(), taken.contents(), Optional.empty());
      upload.commit(record);
      log.info("backup {} of {} taken: {} bytes", id, t.key(), record.sizeBytes());
      return record;
    } catch (IOException | RuntimeException e) {
      String why = e instanceof BackupFailure || e instanceof UserError || e instanceof StepFailure ? e.getMessage() : e.toString();
      BackupRecord failed = new BackupRecord(id, t.manifest(), t.key(), engine, t.spec().engine().get().version(), kind, note, created,
          clock.instant(), 0, "", BackupStatus.FAILED, Optional.of(work.lastLine(why)), Map.of(), Optional.empty());
      store.recordFailure(failed);
      log.info("backup {} of {} failed: {}", id, t.key(), failed.failure().get());
      return failed;
    } finally {
      putBack.run();
    }
  }

  /**
   * Runs work with the target's engine up (started or unpaused, and waited for, if it was not), and
   * puts it back as it was afterwards: a restore into a sleeping or stopped add-on.
   */
  public <T> T withEngineUp(AddOnTarget t, java.util.function.Supplier<T> task) {
    Runnable putBack = awake(t);
    try {
      work.awaitReady(t);
      return task.get();
    } finally {
      putBack.run();
    }
  }

  /**
   * Starts or unpauses a container for a backup (the dump waits until it answers); the returned action
   * puts it back as it was.
   */
  Runnable awake(AddOnTarget t) {
    String containerId = t.containerId();
    ObservedContainer c = docker.listContainers(Labels.MANAGED + "=true").stream().filter(o -> o.id().equals(containerId)).findFirst()
        .orElseThrow(() -> new UserError("the add-on's container is gone", "run orkestr apply"));
    Optional<Runnable> slept = sleepers.upForWork(t.spec(), c);
    if (slept.isPresent()) return slept.get();
    if (c.state() == ContainerState.PAUSED) {
      docker.unpauseContainer(containerId);
      return () -> ContainerWork.ignoring(() -> docker.pauseContainer(containerId));
    }
    if (c.state() != ContainerState.RUNNING) {
      docker.startContainer(containerId);
      return () -> ContainerWork.ignoring(() -> docker.stopContainer(containerId, Duration.ofSeconds(30)));
    }
    return () -> {};
  }

  /**
   * Restores a backup into the target in place. The backup must have succeeded, be of the target's
   * engine and major version, and match its checksum; the caller takes a pre-restore backup first.
   */
  public void restore(AddOnTarget t, BackupRecord record) {
    check(t, record);
    try (InputStream in = store.open(record)) {
      engine(record.engine()).restore(t, record, in);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read backup " + record.id(), e);
    }
  }

  /**
   * Restores a backup of an older major version into a newer one (a major upgrade): the same checks
   * as a restore, but the major may be newer. pg_restore of the new version reads an older dump.
   */
  public void restoreIntoNewerMajor(AddOnTarget t, BackupRecord record) {
    int major = t.spec().engine().orElseThrow().major();
    if (major < record.major()) throw new UserError("backup " + record.id() + " is of a newer major version than " + t.key());
    checkIntegrity(record);
    try (InputStream in = store.open(record)) {
      engine(record.engine()).restore(t, record, in);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read backup " + record.id(), e);
    }
  }

  /** Why what the running target holds differs from the backup's record, or null. */
  public String compare(AddOnTarget t, BackupRecord record) {
    return engine(record.engine()).compare(t, record);
  }

  /** Refuses a backup that failed, of another engine or major, or whose file no longer matches its checksum. */
  public void check(AddOnTarget t, BackupRecord record) {
    if (!record.succeeded()) throw new UserError("backup " + record.id() + " failed (" + record.failure().orElse("") + ") and cannot be restored");
    var engine = t.spec().engine().orElseThrow();
    if (!engine.engine().equals(record.engine()) || engine.major() != record.major()) {
      throw new UserError("backup " + record.id() + " is of " + record.engine() + " " + record.version() + "; " + t.key() + " runs "
          + engine.engine() + " " + engine.version() + ": a restore needs the same engine and major version");
    }
    checkIntegrity(record);
  }

  private void checkIntegrity(BackupRecord record) {
    if (!record.succeeded()) throw new UserError("backup " + record.id() + " failed (" + record.failure().orElse("") + ") and cannot be restored");
    String actual = checksum(record);
    if (!actual.equals(record.sha256())) {
      throw new UserError("backup " + record.id() + " is damaged: its SHA-256 is " + actual.substring(0, 12) + "..., recorded "
          + record.sha256().substring(0, 12) + "...; it was not restored");
    }
  }

  /** Restores a backup into a throwaway container and checks it; records and returns the result. */
  public BackupRecord verify(AddOnTarget t, BackupRecord record) {
    Instant at = clock.instant();
    Verification v;
    if (!record.succeeded()) {
      v = Verification.failed(at, "the backup failed when taken");
    } else {
      MessageDigest sha = Sha256.digest();
      String why;
      try (InputStream in = new DigestInputStream(store.open(record), sha)) {
        why = engine(record.engine()).verify(t, record, in);
      } catch (IOException e) {
        why = "cannot read the backup: " + e.getMessage();
      }
      String actual = HexFormat.of().formatHex(sha.digest());
      if (why == null && !actual.equals(record.sha256())) why = "its SHA-256 does not match the recorded one: the file is damaged";
      v = why == null ? Verification.passed(at) : Verification.failed(at, why);
    }
    BackupRecord verified = record.withVerification(v);
    store.update(verified);
    log.info("backup {} of {} verified: {}", record.id(), record.addon(), v.passed() ? "passed" : v.failure().get());
    return verified;
  }

  private String checksum(BackupRecord record) {
    try {
      return Sha256.of(store.open(record));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read backup " + record.id(), e);
    }
  }

  public List<BackupRecord> list(String manifest, io.orkestr.desired.ResourceKey addon) {
    return store.list(manifest, addon);
  }

  public Optional<BackupRecord> find(String manifest, io.orkestr.desired.ResourceKey addon, String id) {
    return store.find(manifest, addon, id);
  }

  public void delete(BackupRecord record) {
    store.delete(record);
  }

  /** Deletes what retention lets go (or only says, with dryRun); returns those. */
  public List<BackupRecord> prune(String manifest, io.orkestr.desired.ResourceKey addon, Duration retention, boolean dryRun) {
    List<BackupRecord> gone = RetentionPolicy.toPrune(store.list(manifest, addon), retention, clock.instant());
    if (!dryRun) gone.forEach(store::delete);
    return gone;
  }

  /** Counts the bytes it passes on. */
  private static final class Counting extends java.io.FilterOutputStream {
    long count;

    Counting(OutputStream out) {
      super(out);
    }

    @Override
    public void write(byte[] b, int off, int len) throws IOException {
      out.write(b, off, len);
      count += len;
    }

    @Override
    public void write(int b) throws IOException {
      out.write(b);
      count++;
    }
  }
}
