package io.orkestr.backup.s3;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.io.OutputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.CompletedMultipartUpload;
import software.amazon.awssdk.services.s3.model.CompletedPart;

/**
 * MultipartOutput writes an object of unknown length to S3 through a few part-sized buffers: a full
 * one is uploaded as a part of a multipart upload (started with the first) on a thread of its own
 * while the writer fills the next, up to IN_FLIGHT parts at once (aws s3 cp uploads ten), so a dump
 * streamed through it is not held up by one request's round trip, and memory stays at
 * IN_FLIGHT + 1 parts however large the object. The object exists only after complete(); abort()
 * (or a failure) leaves none. An object smaller than a part is one PUT.
 */
final class MultipartOutput extends OutputStream {
  /** S3's parts are at least 5 MiB (but the last); 8 MiB as the SDK's own transfer manager. */
  static final int PART_BYTES = 8 * 1024 * 1024;
  /** Parts uploading at once (bin/bench-offsite: one at a time held the dump up). */
  static final int IN_FLIGHT = 3;
  private static final ExecutorService UPLOADS = Executors.newCachedThreadPool(r -> {
    Thread t = new Thread(r, "orkestr-offsite-part");
    t.setDaemon(true);
    return t;
  });

  private final S3Client s3;
  private final String bucket;
  private final String key;
  private byte[] buffer;
  private final java.util.ArrayDeque<byte[]> free = new java.util.ArrayDeque<>();
  private final List<CompletedPart> parts = new ArrayList<>();
  private int filled;
  private int sent;
  private String uploadId;
  /** Parts being uploaded, oldest first, with the buffer each one holds. */
  private final java.util.ArrayDeque<Sending> inFlight = new java.util.ArrayDeque<>();
  private boolean done;

  private record Sending(Future<CompletedPart> part, byte[] buffer) {}

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
      if (filled == buffer.length) sendPart();
    }
  }

  /** Hands the full buffer to an uploading thread and goes on with a free one (waiting for the oldest part when all are busy). */
  private void sendPart() throws IOException {
    if (uploadId == null) uploadId = s3.createMultipartUpload(r -> r.bucket(bucket).key(key)).uploadId();
    if (inFlight.size() >= IN_FLIGHT) awaitOldest();
    int number = ++sent;
    byte[] full = buffer;
    int length = filled;
    inFlight.add(new Sending(UPLOADS.submit(() -> {
      String etag = s3.uploadPart(r -> r.bucket(bucket).key(key).uploadId(uploadId).partNumber(number).contentLength((long) length),
          RequestBody.fromInputStream(new java.io.ByteArrayInputStream(full, 0, length), length)).eTag();
      return CompletedPart.builder().partNumber(number).eTag(etag).build();
    }), full));
    buffer = free.isEmpty() ? new byte[full.length] : free.poll();
    filled = 0;
  }

  private void awaitOldest() throws IOException {
    Sending oldest = inFlight.poll();
    try {
      parts.add(oldest.part().get());
      free.add(oldest.buffer());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new InterruptedIOException("interrupted while a part was uploaded");
    } catch (ExecutionException e) {
      Throwable cause = e.getCause();
      if (cause instanceof RuntimeException r) throw r;
      throw new IOException(cause);
    }
  }

  /** Makes what was written the object. */
  void complete() throws IOException {
    if (uploadId == null) {
      s3.putObject(r -> r.bucket(bucket).key(key).contentLength((long) filled),
          RequestBody.fromInputStream(new java.io.ByteArrayInputStream(buffer, 0, filled), filled));
    } else {
      close();
      parts.sort(java.util.Comparator.comparingInt(CompletedPart::partNumber));
      s3.completeMultipartUpload(r -> r.bucket(bucket).key(key).uploadId(uploadId)
          .multipartUpload(CompletedMultipartUpload.builder().parts(parts).build()));
    }
    done = true;
  }

  /** Drops what was written: no object, no parts left behind (as far as the store answers). */
  void abort() {
    if (done) return;
    done = true;
    for (Sending s : inFlight) {
      s.part().cancel(true);
      try {
        s.part().get();
      } catch (Exception e) {
        // it failed or was cancelled: either way nothing more of it is waited for
      }
    }
    inFlight.clear();
    if (uploadId == null) return;
    try {
      s3.abortMultipartUpload(r -> r.bucket(bucket).key(key).uploadId(uploadId));
    } catch (RuntimeException e) {
      // The store is unreachable; the orphaned parts are never listed as a copy, and a later upload's sweep removes them.
    }
  }

  /**
   * Closing sends what is left and waits for the parts in flight, but does not complete: only
   * complete() makes the object (a stream closed after an error is aborted, never an object). An
   * object of less than a part is sent by complete() as one PUT.
   */
  @Override
  public void close() throws IOException {
    if (done || uploadId == null) return;
    if (filled > 0) sendPart();
    while (!inFlight.isEmpty()) awaitOldest();
  }
}
