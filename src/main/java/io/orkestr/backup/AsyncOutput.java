package io.orkestr.backup;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.io.OutputStream;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;

/**
 * AsyncOutput writes to another stream on a thread of its own, through a bounded queue of chunks:
 * the writer only copies bytes, while the other thread opens the stream and does the slow work
 * behind it (an off-site copy's first requests, digests, cipher and part uploads), so a dump is not
 * held up by it as long as there is a core to spare. Memory is bounded by the queue; a full queue
 * blocks the writer (the copy falls behind, it is never buffered without bound). At the end the
 * other thread closes the stream (an upload sends its last parts then, while the writer's side
 * commits its own). A failure of the other stream is thrown by the next write or by finish(), with
 * its own message.
 */
public final class AsyncOutput extends OutputStream {
  static final int CHUNK_BYTES = 256 * 1024;
  /** Chunks queued at most: 4 MiB, half an upload part. */
  static final int QUEUED = 16;
  private static final byte[] END = new byte[0];

  private final Callable<OutputStream> opener;
  private final BlockingQueue<Chunk> queue = new ArrayBlockingQueue<>(QUEUED);
  /** Chunks the worker is done with, reused by the writer. */
  private final BlockingQueue<byte[]> spare = new ArrayBlockingQueue<>(QUEUED + 2);
  private final CountDownLatch ended = new CountDownLatch(1);
  private final Thread worker;
  private volatile Exception failure;
  private volatile boolean dropped;
  private byte[] chunk = new byte[CHUNK_BYTES];
  private int filled;
  private boolean finished;

  private record Chunk(byte[] bytes, int length) {}

  /** opener: opens the other stream, on the other thread (its failure is the copy's). */
  public AsyncOutput(Callable<OutputStream> opener, String threadName) {
    this.opener = opener;
    this.worker = new Thread(this::drain, threadName);
    worker.setDaemon(true);
    worker.start();
  }

  private void drain() {
    try {
      OutputStream target = opener.call();
      while (true) {
        Chunk c = queue.take();
        if (dropped) return;
        if (c.bytes() == END) {
          target.close();
          return;
        }
        target.write(c.bytes(), 0, c.length());
        spare.offer(c.bytes());
      }
    } catch (InterruptedException e) {
      // dropped: nothing more is written
    } catch (Exception e) {
      failure = e;
      queue.clear(); // a writer blocked on a full queue goes on, and sees the failure
    } finally {
      ended.countDown();
    }
  }

  @Override
  public void write(int b) throws IOException {
    write(new byte[] {(byte) b}, 0, 1);
  }

  @Override
  public void write(byte[] b, int off, int len) throws IOException {
    failed();
    while (len > 0) {
      int n = Math.min(len, chunk.length - filled);
      System.arraycopy(b, off, chunk, filled, n);
      filled += n;
      off += n;
      len -= n;
      if (filled == chunk.length) hand();
    }
  }

  private void hand() throws IOException {
    put(new Chunk(chunk, filled));
    byte[] next = spare.poll();
    chunk = next == null ? new byte[CHUNK_BYTES] : next;
    filled = 0;
  }

  private void put(Chunk c) throws IOException {
    try {
      while (!queue.offer(c, 100, java.util.concurrent.TimeUnit.MILLISECONDS)) failed();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new InterruptedIOException("interrupted while the copy caught up");
    }
    failed();
  }

  private void failed() throws IOException {
    Exception e = failure;
    if (e == null) return;
    if (e instanceof IOException io) throw new IOException(io.getMessage(), io);
    throw new IOException(e.getMessage() == null ? e.toString() : e.getMessage(), e);
  }

  /** Hands the end over without waiting: the other thread writes what is queued, then closes the stream. */
  public void end() throws IOException {
    if (finished) return;
    finished = true;
    if (filled > 0) put(new Chunk(chunk, filled));
    put(new Chunk(END, 0));
  }

  /** Ends (see end) and waits until the other stream is written and closed; throws its failure if it failed. */
  public void finish() throws IOException {
    end();
    try {
      ended.await();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new InterruptedIOException("interrupted while the copy caught up");
    }
    failed();
  }

  /** Stops the other thread without writing what is queued (nor closing the stream), and waits until it has stopped. */
  public void drop() {
    dropped = true;
    queue.clear();
    worker.interrupt();
    try {
      ended.await();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** Closing does nothing: see end, finish and drop. */
  @Override
  public void close() {}
}
