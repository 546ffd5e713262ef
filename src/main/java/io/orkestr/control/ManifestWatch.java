package io.orkestr.control;

import java.io.IOException;
import java.nio.file.ClosedWatchServiceException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardWatchEventKinds;
import java.nio.file.WatchKey;
import java.nio.file.WatchService;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.Arrays;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * ManifestWatch tells when the manifest's contents change. It watches the file's directory, not the
 * file, so a {@code git pull} (written elsewhere, renamed over) or a Kubernetes ConfigMap's symlink
 * swap is seen as well as an edit in place; it waits until the directory has been quiet for the
 * debounce, then compares the contents with what it saw last, so an editor's several writes make
 * one reconcile and a touch makes none. If the directory cannot be watched it polls instead.
 */
public final class ManifestWatch implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(ManifestWatch.class);

  private final Path file;
  private final Duration debounce;
  private final Runnable onChange;
  private final Thread thread;
  private volatile boolean closed;
  private WatchService watcher;
  private byte[] seen;

  public ManifestWatch(Path file, Duration debounce, Runnable onChange) {
    this.file = file.toAbsolutePath().normalize();
    this.debounce = debounce;
    this.onChange = onChange;
    this.seen = digest();
    this.thread = new Thread(this::watch, "orkestr-manifest-watch");
    this.thread.setDaemon(true);
  }

  public void start() {
    thread.start();
  }

  private void watch() {
    try {
      watcher = FileSystems.getDefault().newWatchService();
      file.getParent().register(watcher, StandardWatchEventKinds.ENTRY_CREATE, StandardWatchEventKinds.ENTRY_MODIFY,
          StandardWatchEventKinds.ENTRY_DELETE, StandardWatchEventKinds.OVERFLOW);
    } catch (IOException | RuntimeException e) {
      log.warn("cannot watch {} ({}); checking it every 2s instead", file.getParent(), e.toString());
      poll();
      return;
    }
    try {
      while (!closed) {
        WatchKey key = watcher.take();
        drain(key);
        // Quiet for the debounce: an editor's or git's several writes and renames end first.
        WatchKey more;
        while ((more = watcher.poll(debounce.toMillis(), TimeUnit.MILLISECONDS)) != null) drain(more);
        check();
        if (!key.isValid()) {
          log.warn("{} can no longer be watched; checking it every 2s instead", file.getParent());
          poll();
          return;
        }
      }
    } catch (InterruptedException | ClosedWatchServiceException e) {
      // closed
    }
  }

  private static void drain(WatchKey key) {
    key.pollEvents(); // any event in the directory leads to a comparison of the contents
    key.reset();
  }

  private void poll() {
    while (!closed) {
      try {
        Thread.sleep(2000);
      } catch (InterruptedException e) {
        return;
      }
      check();
    }
  }

  private void check() {
    byte[] now = digest();
    if (Arrays.equals(now, seen)) return;
    seen = now;
    log.info("{} changed", file);
    onChange.run();
  }

  /** The contents' SHA-256, or null while the file is missing (between a delete and a rename). */
  private byte[] digest() {
    try {
      return MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(file));
    } catch (IOException e) {
      return null;
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  @Override
  public void close() {
    closed = true;
    thread.interrupt();
    try {
      if (watcher != null) watcher.close();
    } catch (IOException e) {
      log.debug("closing the watch: {}", e.toString());
    }
  }
}
