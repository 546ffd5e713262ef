package io.orkestr.lock;

import java.time.Duration;

/** ApplyLock serialises applies of one manifest, so two never interleave their changes. */
public interface ApplyLock {
  /**
   * Waits up to timeout for the manifest's lock; throws LockBusyError naming the holder if it is
   * still taken (at once for a zero timeout). onWait is told once if it has to wait.
   */
  Lease acquire(String manifest, Duration timeout, Runnable onWait);

  /** A held lock; closing releases it. */
  interface Lease extends AutoCloseable {
    @Override
    void close();
  }
}
