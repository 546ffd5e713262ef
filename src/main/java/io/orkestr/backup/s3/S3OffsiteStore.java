package io.orkestr.backup.s3;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.orkestr.backup.BackupRecord;
import io.orkestr.backup.BackupRecordJson;
import io.orkestr.backup.OffsiteCopy;
import io.orkestr.backup.OffsiteStore;
import io.orkestr.backup.Sha256;
import io.orkestr.desired.ResourceKey;
import io.orkestr.manifest.OffsiteSettings;
import java.io.FilterInputStream;
import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.DigestInputStream;
import java.security.DigestOutputStream;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.function.Supplier;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.S3Object;

/**
 * S3OffsiteStore keeps copies at {@code <prefix>/<manifest>/<project>/<addon>/<id>.<ext>[.age]}
 * with a record {@code <id>.json} beside each, written only after the data's upload completed:
 * list reads records, so an upload that was interrupted is never offered. The record is the
 * backup's own (the plaintext's SHA-256) plus what was stored (the ciphertext's SHA-256 and size).
 */
final class S3OffsiteStore implements OffsiteStore {
  private static final ObjectMapper JSON = new ObjectMapper();
  /** A multipart upload older than this under an add-on's prefix was left by a killed orkestr: aborted. */
  private static final Duration ORPHANED = Duration.ofDays(1);

  /** The client, built on a thread of its own while the command does its first work (the SDK takes a few hundred ms to load). */
  private final Supplier<S3Client> s3;
  private final OffsiteSettings settings;
  private final Supplier<List<String>> identities;
  private final int partBytes;
  /** Records already read, by key and ETag: a record is written once, so a list costs one LIST and a GET per new copy. */
  private final java.util.Map<String, OffsiteCopy> records = new java.util.concurrent.ConcurrentHashMap<>();

  /** identities: the age keys that open copies (read when a copy is opened, not before). */
  S3OffsiteStore(Supplier<S3Client> s3, OffsiteSettings settings, Supplier<List<String>> identities, int partBytes) {
    this.s3 = s3;
    this.settings = settings;
    this.identities = identities;
    this.partBytes = partBytes;
  }

  private S3Client s3() {
    return s3.get();
  }

  private String dir(String manifest, ResourceKey addon) {
    String p = settings.prefix().isEmpty() ? "" : settings.prefix() + "/";
    return p + manifest + "/" + addon.owner() + "/" + addon.name() + "/";
  }

  private String dataKey(BackupRecord r, boolean encrypted) {
    return dir(r.manifest(), r.addon()) + r.id() + "." + r.extension() + (encrypted ? ".age" : "");
  }

  private String recordKey(BackupRecord r) {
    return dir(r.manifest(), r.addon()) + r.id() + ".json";
  }

  @Override
  public CopyUpload begin(String manifest, ResourceKey addon, String id, String extension) throws IOException {
    sweepOrphans(dir(manifest, addon));
    boolean encrypted = settings.encrypted();
    String key = dir(manifest, addon) + id + "." + extension + (encrypted ? ".age" : "");
    MultipartOutput object = new MultipartOutput(s3(), settings.bucket(), key, partBytes);
    MessageDigest storedSha = Sha256.digest();
    MessageDigest plainSha = Sha256.digest();
    long[] storedBytes = {0};
    OutputStream stored = new DigestOutputStream(counting(object, storedBytes), storedSha);
    OutputStream plain;
    try {
      plain = new DigestOutputStream(encrypted ? AgeStreams.encrypting(stored, settings.recipients()) : stored, plainSha);
    } catch (IOException | RuntimeException e) {
      object.abort();
      throw e;
    }
    return new CopyUpload() {
      private boolean committed;

      @Override
      public OutputStream output() {
        return plain;
      }

      @Override
      public OffsiteCopy commit(BackupRecord record) throws IOException {
        plain.close(); // age's last chunk; the object is not completed by a close
        String read = HexFormat.of().formatHex(plainSha.digest());
        if (!read.equals(record.sha256())) {
          throw new IOException("what was copied has the SHA-256 " + read.substring(0, 12) + "..., the backup " + record.sha256().substring(0, 12)
              + "...: the local backup changed or is damaged, not copied");
        }
        object.complete();
        OffsiteCopy copy = new OffsiteCopy(record, HexFormat.of().formatHex(storedSha.digest()), storedBytes[0], encrypted);
        committed = true;
        try {
          writeRecord(copy);
        } catch (RuntimeException e) {
          // Data without a record is never offered; do not leave it behind either.
          try {
            s3().deleteObject(r -> r.bucket(settings.bucket()).key(key));
          } catch (RuntimeException ignored) {
            // the store went away between the two requests
          }
          throw e;
        }
        return copy;
      }

      @Override
      public void close() {
        if (!committed) object.abort();
      }
    };
  }

  private void writeRecord(OffsiteCopy copy) {
    ObjectNode n = BackupRecordJson.toJson(copy.record());
    n.putObject("stored").put("sha256", copy.storedSha256()).put("size_bytes", copy.storedBytes())
        .put("encryption", copy.encrypted() ? "age" : "none");
    byte[] body = (n.toPrettyString() + "\n").getBytes(StandardCharsets.UTF_8);
    s3().putObject(r -> r.bucket(settings.bucket()).key(recordKey(copy.record())).contentType("application/json"), RequestBody.fromBytes(body));
  }

  @Override
  public List<OffsiteCopy> list(String manifest, ResourceKey addon) {
    List<OffsiteCopy> out = new ArrayList<>();
    String dir = dir(manifest, addon);
    java.util.Set<String> seen = new java.util.HashSet<>();
    for (S3Object o : s3().listObjectsV2Paginator(r -> r.bucket(settings.bucket()).prefix(dir)).contents()) {
      if (!o.key().endsWith(".json")) continue;
      String cached = o.key() + " " + o.eTag();
      seen.add(cached);
      out.add(records.computeIfAbsent(cached, k -> read(o.key())));
    }
    records.keySet().removeIf(k -> k.startsWith(dir) && !seen.contains(k));
    out.sort(Comparator.comparing((OffsiteCopy c) -> c.record().created()).thenComparing(c -> c.record().id()).reversed());
    return out;
  }

  private OffsiteCopy read(String key) {
    try (InputStream in = s3().getObject(r -> r.bucket(settings.bucket()).key(key))) {
      JsonNode n = JSON.readTree(in);
      JsonNode stored = n.path("stored");
      return new OffsiteCopy(BackupRecordJson.fromJson(n), stored.path("sha256").asText(), stored.path("size_bytes").asLong(),
          stored.path("encryption").asText().equals("age"));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read the off-site record " + key, e);
    }
  }

  @Override
  public InputStream open(OffsiteCopy copy) throws IOException {
    InputStream raw = s3().getObject(r -> r.bucket(settings.bucket()).key(dataKey(copy.record(), copy.encrypted())));
    InputStream stored = new CheckedAtEnd(raw, copy.storedSha256());
    try {
      return copy.encrypted() ? AgeStreams.decrypting(stored, identities.get()) : stored;
    } catch (IOException | RuntimeException e) {
      stored.close();
      throw e;
    }
  }

  @Override
  public void delete(OffsiteCopy copy) {
    s3().deleteObject(r -> r.bucket(settings.bucket()).key(recordKey(copy.record())));
    s3().deleteObject(r -> r.bucket(settings.bucket()).key(dataKey(copy.record(), copy.encrypted())));
  }

  @Override
  public java.util.Optional<String> check() {
    String where = settings.endpoint().orElse("AWS S3");
    try {
      s3().headBucket(r -> r.bucket(settings.bucket()));
      return java.util.Optional.empty();
    } catch (software.amazon.awssdk.services.s3.model.S3Exception e) {
      return java.util.Optional.of(switch (e.statusCode()) {
        case 301, 400 -> "bucket \"" + settings.bucket() + "\" is in another region than " + s3().serviceClientConfiguration().region()
            + " (HTTP " + e.statusCode() + "): set region";
        case 401, 403 -> "the store at " + where + " refused the credentials (HTTP " + e.statusCode() + "): check AWS_ACCESS_KEY_ID and"
            + " AWS_SECRET_ACCESS_KEY, or AWS_PROFILE";
        case 404 -> "there is no bucket \"" + settings.bucket() + "\" at " + where;
        default -> "the store at " + where + " answered HTTP " + e.statusCode();
      });
    } catch (software.amazon.awssdk.core.exception.SdkException e) {
      String m = String.valueOf(e.getMessage());
      int nl = m.indexOf('\n');
      return java.util.Optional.of("cannot reach the store at " + where + ": " + (nl < 0 ? m : m.substring(0, nl)));
    }
  }

  @Override
  public String describe() {
    return settings.url();
  }

  /** Aborts multipart uploads a killed orkestr left under the prefix (best effort: a store may not list them). */
  private void sweepOrphans(String prefix) {
    try {
      Instant before = Instant.now().minus(ORPHANED);
      s3().listMultipartUploads(r -> r.bucket(settings.bucket()).prefix(prefix)).uploads().stream()
          .filter(u -> u.initiated() != null && u.initiated().isBefore(before))
          .forEach(u -> s3().abortMultipartUpload(r -> r.bucket(settings.bucket()).key(u.key()).uploadId(u.uploadId())));
    } catch (RuntimeException e) {
      // Orphaned parts cost storage, never correctness: they are not copies.
    }
  }

  private static OutputStream counting(OutputStream out, long[] count) {
    return new FilterOutputStream(out) {
      @Override
      public void write(byte[] b, int off, int len) throws IOException {
        out.write(b, off, len);
        count[0] += len;
      }

      @Override
      public void write(int b) throws IOException {
        out.write(b);
        count[0]++;
      }
    };
  }

  /** Reads an object through a digest and, at its end, refuses it if it is not what was stored. */
  private static final class CheckedAtEnd extends FilterInputStream {
    private final MessageDigest sha;
    private final String expected;
    private boolean checked;

    CheckedAtEnd(InputStream in, String expected) {
      this(in, Sha256.digest(), expected);
    }

    private CheckedAtEnd(InputStream in, MessageDigest sha, String expected) {
      super(new DigestInputStream(in, sha));
      this.sha = sha;
      this.expected = expected;
    }

    @Override
    public int read() throws IOException {
      int b = super.read();
      if (b < 0) check();
      return b;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
      int n = super.read(b, off, len);
      if (n < 0) check();
      return n;
    }

    private void check() throws IOException {
      if (checked) return;
      checked = true;
      String actual = HexFormat.of().formatHex(sha.digest());
      if (!actual.equals(expected)) {
        throw new IOException("the stored object's SHA-256 is " + actual.substring(0, 12) + "..., recorded " + expected.substring(0, 12)
            + "...: it is damaged");
      }
    }
  }
}
