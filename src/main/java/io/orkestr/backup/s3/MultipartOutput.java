package io.orkestr.backup.s3;

import java.io.IOException;
import java.io.OutputStream;
import java.util.ArrayList;
import java.util.List;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.CompletedMultipartUpload;
import software.amazon.awssdk.services.s3.model.CompletedPart;

/**
 * MultipartOutput writes an object of unknown length to S3 through one part-sized buffer: each full
 * buffer is a part of a multipart upload (started with the first), so memory stays flat however large
 * the object. The object exists only after complete(); abort() (or a failure) leaves none. An object
 * smaller than a part is one PUT.
 */
final class MultipartOutput extends OutputStream {
  /** S3's parts are at least 5 MiB (but the last); 8 MiB as the SDK's own transfer manager. */
  static final int PART_BYTES = 8 * 1024 * 1024;

  private final S3Client s3;
  private final String bucket;
  private final String key;
  private final byte[] buffer;
  private final List<CompletedPart> parts = new ArrayList<>();
  private int filled;
  private String uploadId;
  private boolean done;

  MultipartOutput(S3Client s3, String bucket, String key, int partBytes) {
    this.s3 = s3;
    this.bucket = bucket;
    this.key = key;
    this.buffer = new byte[partBytes];
  }

  @Override
  public void write(int b) throws IOException {
    write(new byte[] {(byte) b}, 0, 1);
  }

  @Override
  public void write(byte[] b, int off, int len) throws IOException {
    while (len > 0) {
      int n = Math.min(len, buffer.length - filled);
      System.arraycopy(b, off, buffer, filled, n);
      filled += n;
      off += n;
      len -= n;
      if (filled == buffer.length) uploadPart();
    }
  }

  private void uploadPart() {
    if (uploadId == null) uploadId = s3.createMultipartUpload(r -> r.bucket(bucket).key(key)).uploadId();
    int number = parts.size() + 1;
    String etag = s3.uploadPart(r -> r.bucket(bucket).key(key).uploadId(uploadId).partNumber(number).contentLength((long) filled),
        RequestBody.fromInputStream(new java.io.ByteArrayInputStream(buffer, 0, filled), filled)).eTag();
    parts.add(CompletedPart.builder().partNumber(number).eTag(etag).build());
    filled = 0;
  }

  /** Makes what was written the object. */
  void complete() {
    if (uploadId == null) {
      s3.putObject(r -> r.bucket(bucket).key(key).contentLength((long) filled),
          RequestBody.fromInputStream(new java.io.ByteArrayInputStream(buffer, 0, filled), filled));
    } else {
      if (filled > 0) uploadPart();
      s3.completeMultipartUpload(r -> r.bucket(bucket).key(key).uploadId(uploadId)
          .multipartUpload(CompletedMultipartUpload.builder().parts(parts).build()));
    }
    done = true;
  }

  /** Drops what was written: no object, no parts left behind (as far as the store answers). */
  void abort() {
    if (done || uploadId == null) return;
    try {
      s3.abortMultipartUpload(r -> r.bucket(bucket).key(key).uploadId(uploadId));
    } catch (RuntimeException e) {
      // The store is unreachable; the orphaned parts are never listed as a copy, and the next upload's sweep removes them.
    }
    done = true;
  }

  /** Closing does not complete: a stream closed by an error must not become an object. */
  @Override
  public void close() {}
}
