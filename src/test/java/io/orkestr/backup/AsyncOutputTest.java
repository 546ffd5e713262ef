package io.orkestr.backup;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.util.Random;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class AsyncOutputTest {
  @Test
  void everythingWrittenArrivesInOrderByFinish() throws IOException {
    byte[] data = new byte[5 * AsyncOutput.CHUNK_BYTES + 12345];
    new Random(7).nextBytes(data);
    ByteArrayOutputStream target = new ByteArrayOutputStream();
    AsyncOutput out = new AsyncOutput(() -> target, "test-copy");
    for (int off = 0; off < data.length; ) {
      int n = Math.min(1000 + off % 70000, data.length - off);
      out.write(data, off, n);
      off += n;
    }
    out.write(42);
    out.finish();
    byte[] expected = java.util.Arrays.copyOf(data, data.length + 1);
    expected[data.length] = 42;
    assertArrayEquals(expected, target.toByteArray());
  }

  @Test
  void theTargetsFailureIsThrownWithItsMessage() {
    OutputStream broken = new OutputStream() {
      @Override
      public void write(int b) throws IOException {
        throw new IOException("the store went away");
      }
    };
    AsyncOutput out = new AsyncOutput(() -> broken, "test-copy");
    IOException e = assertThrows(IOException.class, () -> {
      byte[] chunk = new byte[AsyncOutput.CHUNK_BYTES];
      for (int i = 0; i < 10 * AsyncOutput.QUEUED; i++) out.write(chunk, 0, chunk.length);
      out.finish();
    });
    assertEquals("the store went away", e.getMessage());
  }

  @Test
  void aSlowTargetHoldsTheWriterAtTheQueuesBound() throws Exception {
    CountDownLatch release = new CountDownLatch(1);
    AtomicLong arrived = new AtomicLong();
    OutputStream slow = new OutputStream() {
      @Override
      public void write(int b) {
        throw new UnsupportedOperationException();
      }

      @Override
      public void write(byte[] b, int off, int len) throws IOException {
        try {
          release.await();
        } catch (InterruptedException e) {
          throw new java.io.InterruptedIOException();
        }
        arrived.addAndGet(len);
      }
    };
    AsyncOutput out = new AsyncOutput(() -> slow, "test-copy");
    AtomicLong written = new AtomicLong();
    long total = 4L * AsyncOutput.QUEUED * AsyncOutput.CHUNK_BYTES;
    Thread writer = new Thread(() -> {
      byte[] chunk = new byte[64 * 1024];
      try {
        while (written.get() < total) {
          out.write(chunk, 0, chunk.length);
          written.addAndGet(chunk.length);
        }
        out.finish();
      } catch (IOException e) {
        throw new RuntimeException(e);
      }
    });
    writer.start();
    // The writer fills the queue, one chunk in the worker's hands and its own, then waits.
    long bound = (AsyncOutput.QUEUED + 2L) * AsyncOutput.CHUNK_BYTES;
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    while (writer.getState() != Thread.State.TIMED_WAITING && System.nanoTime() < deadline) Thread.sleep(5);
    assertEquals(Thread.State.TIMED_WAITING, writer.getState(), "the writer waits for the copy");
    assertTrue(written.get() <= bound, "held at " + written.get() + " bytes, bound " + bound);
    release.countDown();
    writer.join(10_000);
    assertEquals(total, arrived.get());
  }

  @Test
  void dropStopsTheCopyWithoutWritingWhatIsQueued() throws Exception {
    CountDownLatch entered = new CountDownLatch(1);
    AtomicLong arrived = new AtomicLong();
    OutputStream stuck = new OutputStream() {
      @Override
      public void write(int b) {
        throw new UnsupportedOperationException();
      }

      @Override
      public void write(byte[] b, int off, int len) throws IOException {
        arrived.addAndGet(len);
        entered.countDown();
        try {
          new CountDownLatch(1).await(); // a part upload that never returns
        } catch (InterruptedException e) {
          throw new java.io.InterruptedIOException("interrupted");
        }
      }
    };
    AsyncOutput out = new AsyncOutput(() -> stuck, "test-copy");
    byte[] chunk = new byte[AsyncOutput.CHUNK_BYTES];
    for (int i = 0; i < 4; i++) out.write(chunk, 0, chunk.length);
    assertTrue(entered.await(10, TimeUnit.SECONDS));
    out.drop();
    assertEquals(AsyncOutput.CHUNK_BYTES, arrived.get(), "only the chunk in the worker's hands reached the target");
  }

  @Test
  void theStreamIsOpenedOnTheOtherThreadAndClosedAtTheEnd() throws IOException {
    String[] openedOn = new String[1];
    boolean[] closed = new boolean[1];
    ByteArrayOutputStream target = new ByteArrayOutputStream() {
      @Override
      public void close() {
        closed[0] = true;
      }
    };
    AsyncOutput out = new AsyncOutput(() -> {
      openedOn[0] = Thread.currentThread().getName();
      return target;
    }, "test-copy");
    out.write(new byte[] {1, 2, 3}, 0, 3);
    out.end();
    out.finish();
    assertEquals("test-copy", openedOn[0]);
    assertTrue(closed[0], "closed once everything was written");
    assertArrayEquals(new byte[] {1, 2, 3}, target.toByteArray());
  }

  @Test
  void aStreamThatCannotBeOpenedFailsTheCopyWithItsReason() {
    AsyncOutput out = new AsyncOutput(() -> {
      throw new IOException("Connection refused");
    }, "test-copy");
    IOException e = assertThrows(IOException.class, () -> {
      out.write(new byte[10], 0, 10);
      out.finish();
    });
    assertEquals("Connection refused", e.getMessage());
  }
}
