package io.orkestr.lock.fs;

import io.orkestr.error.ConflictError;
import io.orkestr.error.LockBusyError;
import io.orkestr.lock.ApplyLock;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.Instant;

/**
 * FileApplyLock holds an OS lock on {@code $ORKESTR_HOME/locks/<manifest>.lock}. The OS releases it
 * when the process dies, even by kill -9, so a crashed apply never leaves a stale lock. The file
 * names its holder (pid, start time) for the message the next apply shows.
 */
public final class FileApplyLock implements ApplyLock {
  private final Path dir;

  public FileApplyLock(Path home) {
    this.dir = home.resolve("locks");
  }

  @Override
  public Lease acquire(String manifest, Duration timeout, Runnable onWait) {
    Path file = dir.resolve(manifest + ".lock");
    long deadline = System.nanoTime() + timeout.toNanos();
    boolean told = false;
    try {
      Files.createDirectories(dir);
      FileChannel channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE, StandardOpenOption.READ);
      while (true) {
        FileLock lock = tryLock(channel);
        if (lock != null) {
          channel.truncate(0);
          channel.write(ByteBuffer.wrap(("pid " + ProcessHandle.current().pid() + " since " + Instant.now() + "\n")
              .getBytes(StandardCharsets.UTF_8)), 0);
          return () -> release(lock, channel);
        }
        if (System.nanoTime() > deadline) {
          String holder = Files.readString(file, StandardCharsets.UTF_8).strip();
          channel.close();
          String who = "another orkestr apply holds the lock of manifest \"" + manifest + "\"" + (holder.isEmpty() ? "" : " (" + holder + ")");
          if (timeout.isZero()) throw new LockBusyError(who, "try again when it has finished");
          throw new LockBusyError(who + " and did not finish within " + timeout.toSeconds() + "s",
              "wait for it to finish, or raise ORKESTR_LOCK_TIMEOUT");
        }
        if (!told) {
          onWait.run();
          told = true;
        }
        Thread.sleep(200);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot lock " + file, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new ConflictError("interrupted while waiting for the lock of manifest \"" + manifest + "\"", null);
    }
  }

  private static FileLock tryLock(FileChannel channel) throws IOException {
    try {
      return channel.tryLock();
    } catch (OverlappingFileLockException heldInThisProcess) {
      return null;
    }
  }

  private static void release(FileLock lock, FileChannel channel) {
    try {
      lock.release();
      channel.close();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
