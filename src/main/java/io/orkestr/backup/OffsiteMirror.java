package io.orkestr.backup;

import io.orkestr.desired.ResourceKey;
import io.orkestr.error.UserError;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * OffsiteMirror is a BackupStore that keeps every backup twice: on this machine (the local store,
 * which stays the source of truth for taking and restoring) and off it. A backup is committed
 * locally first and then copied off-site; a failed copy never fails the backup (it is listed as
 * pending). Listing is the union of both, so a fresh machine sees the bucket's backups; a backup
 * whose local copy is missing or damaged is fetched back from off-site, checked against both
 * SHA-256s on the way in, before it is restored or verified.
 */
public final class OffsiteMirror implements BackupStore {
  private static final Logger log = LoggerFactory.getLogger(OffsiteMirror.class);

  /** Where a backup's copies are; offsite: "stored", "pending" (not copied yet), "unknown" (the store did not answer) or "none". */
  public enum Where {
    LOCAL_AND_OFFSITE("local+offsite", "stored"),
    /** A failed backup: a record here, nothing to copy. */
    LOCAL("local", "none"),
    LOCAL_OFFSITE_PENDING("local (offsite pending)", "pending"),
    LOCAL_OFFSITE_UNKNOWN("local (offsite unreachable)", "unknown"),
    OFFSITE("offsite", "stored");

    private final String word;
    private final String offsite;

    Where(String word, String offsite) {
      this.word = word;
      this.offsite = offsite;
    }

    public String word() {
      return word;
    }

    public boolean local() {
      return this != OFFSITE;
    }

    public String offsite() {
      return offsite;
    }
  }

  private final BackupStore local;
  private final OffsiteStore offsite;
  private volatile String listFailure = "";

  public OffsiteMirror(BackupStore local, OffsiteStore offsite) {
    this.local = local;
    this.offsite = offsite;
  }

  public String describe() {
    return offsite.describe();
  }

  /**
   * Writes the backup to this machine and, as it is made, to the off-site store (a tee; the store's
   * parts upload while the dump runs). The local backup is committed first; the copy then, and a
   * copy that failed at any point (the store went away mid-dump) is dropped and left pending, never
   * failing the backup.
   */
  @Override
  public Upload begin(String manifest, ResourceKey addon, String id, String extension) throws IOException {
    Upload upload = local.begin(manifest, addon, id, extension);
    Tee tee = new Tee(upload.output(), manifest, addon, id, extension);
    return new Upload() {
      @Override
      public OutputStream output() {
        return tee;
      }

      @Override
      public void commit(BackupRecord record) throws IOException {
        tee.end(); // the copy's last parts upload while the local file is synced
        upload.commit(record);
        tee.commit(record);
      }

      @Override
      public void close() {
        tee.drop();
        upload.close();
      }
    };
  }

  /**
   * The local output, and the off-site copy's for as long as the store takes it. The copy is opened
   * and written on a thread of its own (AsyncOutput): its first requests, digests, cipher and
   * uploads run beside the dump instead of in turn with it (bin/bench-offsite).
   */
  private final class Tee extends OutputStream {
    private final OutputStream here;
    /** Set by the copy's thread; read here only after it stopped (finish, drop). */
    private volatile OffsiteStore.CopyUpload there;
    private AsyncOutput copy;
    private String failure;

    Tee(OutputStream here, String manifest, ResourceKey addon, String id, String extension) {
      this.here = here;
      copy = new AsyncOutput(() -> {
        there = offsite.begin(manifest, addon, id, extension);
        return there.output();
      }, "orkestr-offsite-copy-" + id);
    }

    @Override
    public void write(int b) throws IOException {
      write(new byte[] {(byte) b}, 0, 1);
    }

    @Override
    public void write(byte[] b, int off, int len) throws IOException {
      here.write(b, off, len);
      if (copy == null) return;
      try {
        copy.write(b, off, len);
      } catch (IOException | RuntimeException e) {
        lost(e);
      }
    }

    @Override
    public void flush() throws IOException {
      here.flush();
    }

    private void lost(Exception e) {
      failure = oneLine(e);
      drop();
    }

    void end() {
      if (copy == null) return;
      try {
        copy.end();
      } catch (IOException | RuntimeException e) {
        lost(e);
      }
    }

    void drop() {
      if (copy != null) copy.drop();
      copy = null;
      if (there != null) there.close();
      there = null;
    }

    void commit(BackupRecord record) {
      try {
        if (copy == null) throw new IOException(failure == null ? "the copy was dropped" : failure);
        copy.finish();
        copy = null;
        copied(there.commit(record));
      } catch (IOException | RuntimeException e) {
        drop();
        notCopied(record, oneLine(e));
      }
      there = null;
    }
  }

  /** Copies a committed local backup off-site; says why not, or empty. Never throws: the local backup stands. */
  public Optional<String> copyOff(BackupRecord record) {
    try (InputStream in = local.open(record)) {
      copied(offsite.upload(record, in));
      return Optional.empty();
    } catch (IOException | RuntimeException e) {
      String why = oneLine(e);
      notCopied(record, why);
      return Optional.of(why);
    }
  }

  private void copied(OffsiteCopy copy) {
    BackupRecord r = copy.record();
    log.info("backup {} of {} copied to {} ({} bytes stored{})", r.id(), r.addon(), offsite.describe(), copy.storedBytes(),
        copy.encrypted() ? ", encrypted" : ", not encrypted");
  }

  private void notCopied(BackupRecord r, String why) {
    log.warn("backup {} of {} is kept on this machine only for now: copying it to {} failed: {}", r.id(), r.addon(), offsite.describe(), why);
  }

  @Override
  public List<BackupRecord> list(String manifest, ResourceKey addon) {
    return where(manifest, addon).keySet().stream()
        .sorted(Comparator.comparing(BackupRecord::created).thenComparing(BackupRecord::id).reversed()).toList();
  }

  /** Each backup (local records first, then those only off-site) and where its copies are. */
  public Map<BackupRecord, Where> where(String manifest, ResourceKey addon) {
    Map<String, OffsiteCopy> copies = new HashMap<>();
    boolean answered = true;
    try {
      offsite.list(manifest, addon).forEach(c -> copies.put(c.record().id(), c));
    } catch (RuntimeException e) {
      answered = false;
      listFailure = oneLine(e);
      log.debug("cannot list the off-site copies of {} in {}: {}", addon, offsite.describe(), listFailure);
    }
    Map<BackupRecord, Where> out = new java.util.LinkedHashMap<>();
    for (BackupRecord r : local.list(manifest, addon)) {
      boolean copied = copies.remove(r.id()) != null;
      out.put(r, !r.succeeded() ? Where.LOCAL : copied ? Where.LOCAL_AND_OFFSITE : answered ? Where.LOCAL_OFFSITE_PENDING : Where.LOCAL_OFFSITE_UNKNOWN);
    }
    copies.values().forEach(c -> out.put(c.record(), Where.OFFSITE));
    return out;
  }

  /** Why the store last failed to list copies (where said LOCAL_OFFSITE_UNKNOWN). */
  public String listFailure() {
    return listFailure;
  }

  @Override
  public Optional<BackupRecord> find(String manifest, ResourceKey addon, String id) {
    return local.find(manifest, addon, id).or(() -> copy(manifest, addon, id).map(OffsiteCopy::record));
  }

  private Optional<OffsiteCopy> copy(String manifest, ResourceKey addon, String id) {
    return offsite.list(manifest, addon).stream().filter(c -> c.record().id().equals(id)).findFirst();
  }

  /** The local copy (fetch it back first with ensureLocal when it may be missing or damaged). */
  @Override
  public InputStream open(BackupRecord record) throws IOException {
    return local.open(record);
  }

  /**
   * Makes sure this machine holds an intact copy of the backup: when it has none, its copy is
   * damaged, or fromOffsite says so, the off-site copy is fetched back (decrypted, checked against
   * the stored and the backup's SHA-256) and becomes the local one. Nothing local is replaced by a
   * copy that fails its checks.
   */
  public void ensureLocal(BackupRecord record, boolean fromOffsite) {
    if (!fromOffsite && intactLocally(record)) return;
    OffsiteCopy copy = copy(record.manifest(), record.addon(), record.id()).orElseThrow(() -> new UserError("backup " + record.id()
        + (fromOffsite ? " has no off-site copy" : " is missing or damaged on this machine and has no off-site copy") + " in "
        + offsite.describe()));
    MessageDigest sha = Sha256.digest();
    try (InputStream in = new DigestInputStream(offsite.open(copy), sha);
        Upload upload = local.begin(record.manifest(), record.addon(), record.id(), record.extension())) {
      in.transferTo(upload.output());
      String actual = java.util.HexFormat.of().formatHex(sha.digest());
      if (!actual.equals(record.sha256())) {
        throw new UserError("the off-site copy of backup " + record.id() + " is damaged: its SHA-256 is " + actual.substring(0, 12)
            + "..., recorded " + record.sha256().substring(0, 12) + "...; it was not used");
      }
      upload.commit(local.find(record.manifest(), record.addon(), record.id()).orElse(record));
      log.info("backup {} of {} fetched back from {}", record.id(), record.addon(), offsite.describe());
    } catch (IOException e) {
      throw new UserError("cannot read the off-site copy of backup " + record.id() + " from " + offsite.describe() + ": " + oneLine(e)
          + "; it was not used");
    }
  }

  private boolean intactLocally(BackupRecord record) {
    if (local.find(record.manifest(), record.addon(), record.id()).isEmpty()) return false;
    try {
      return Sha256.of(local.open(record)).equals(record.sha256());
    } catch (IOException | UncheckedIOException e) {
      return false;
    }
  }

  @Override
  public void recordFailure(BackupRecord record) {
    local.recordFailure(record);
  }

  @Override
  public void update(BackupRecord record) {
    local.update(record);
  }

  /** Removes both copies (the off-site one first: a backup is never left off-site only by a delete). */
  @Override
  public void delete(BackupRecord record) {
    copy(record.manifest(), record.addon(), record.id()).ifPresent(offsite::delete);
    if (local.find(record.manifest(), record.addon(), record.id()).isPresent()) local.delete(record);
  }

  private static String oneLine(Exception e) {
    String m = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
    int nl = m.indexOf('\n');
    return nl < 0 ? m : m.substring(0, nl);
  }

}
