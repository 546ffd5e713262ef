package io.orkestr.control;

import io.orkestr.actual.StorageUse;
import io.orkestr.service.ManifestFile;
import io.orkestr.service.OrkestrService;
import io.orkestr.service.StatusView;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * StatusCache holds what {@code orkestr status -o json} would show for the watched manifest, for the
 * API's project routes. Measuring storage runs a query in every add-on, too much for each request:
 * a snapshot is served while it is younger than maxAge, and an older one is served once more while a
 * new one is taken in the background (stale-while-revalidate), so a request never waits for Docker
 * except the very first. Storage is measured at most once a minute. A reconcile that changed
 * something makes the snapshot (and its storage) old at once.
 */
public final class StatusCache implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(StatusCache.class);

  /** What status shows, and when it was taken. */
  public record Snapshot(StatusView view, Instant taken) {}

  private final Supplier<Snapshot> take;
  private final Duration maxAge;
  private final ExecutorService refresher = Executors.newSingleThreadExecutor(r -> {
    Thread t = new Thread(r, "orkestr-status");
    t.setDaemon(true);
    return t;
  });
  private volatile Snapshot latest;
  private volatile boolean invalid;
  // The last storage measurement, used on the refresher's thread only (storageInvalid excepted).
  private List<StorageUse> storage;
  private Instant storageTaken = Instant.EPOCH;
  private volatile boolean storageInvalid;
  private CompletableFuture<Snapshot> refreshing;

  /**
   * Health and state (three list calls) are at most {@code maxAge} old; storage, a query in every
   * add-on, is measured again only when older than {@code storageMaxAge} or after a change.
   */
  public StatusCache(OrkestrService service, Path file, Duration maxAge, Duration storageMaxAge) {
    this.maxAge = maxAge;
    this.take = () -> new Snapshot(service.status(ManifestFile.read(file), f -> storage(() -> service.storage(f), storageMaxAge)),
        Instant.now());
  }

  StatusCache(Supplier<Snapshot> take, Duration maxAge) {
    this.take = take;
    this.maxAge = maxAge;
  }

  /** The latest snapshot; the first call waits for one (and throws what taking it threw). */
  public Snapshot get() {
    Snapshot s = latest;
    if (s == null) return refresh().join();
    if (invalid || s.taken().plus(maxAge).isBefore(Instant.now())) refresh();
    return s;
  }

  private synchronized CompletableFuture<Snapshot> refresh() {
    if (refreshing != null && !refreshing.isDone()) return refreshing;
    invalid = false;
    refreshing = CompletableFuture.supplyAsync(() -> {
      Snapshot s = take.get();
      latest = s;
      return s;
    }, refresher);
    refreshing.whenComplete((s, e) -> {
      if (e != null && latest != null) log.warn("refreshing the status: {}", e.getMessage());
    });
    return refreshing;
  }

  /** Something changed: the next request starts a new snapshot, with storage measured again. */
  public void invalidate() {
    storageInvalid = true;
    invalid = true;
  }

  private List<StorageUse> storage(Supplier<List<StorageUse>> measure, Duration maxAge) {
    Instant now = Instant.now();
    if (storage == null || storageInvalid || storageTaken.plus(maxAge).isBefore(now)) {
      storageInvalid = false;
      storage = measure.get();
      storageTaken = now;
    }
    return storage;
  }

  @Override
  public void close() {
    refresher.shutdownNow();
  }
}
