package io.orkestr.service;

import io.orkestr.actual.ActualState;
import io.orkestr.actual.Observed;
import io.orkestr.actual.ObservedContainer;
import io.orkestr.desired.ContainerSpec;
import io.orkestr.desired.DesiredState;
import io.orkestr.desired.Labels;
import io.orkestr.docker.DockerPort;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/**
 * StateReader reads actual state with three list calls (containers, networks, volumes), whatever
 * the number of projects. A container is inspected only when its labels may not tell its limits:
 * when orkestr changed them live (the LiveUpdateLog says so), or when they differ from the desired ones.
 * Engine settings orkestr applied live come from the log, without a call.
 */
final class StateReader {
  private static final String MANAGED = Labels.MANAGED + "=true";

  private StateReader() {}

  /** Threads for the two lists asked beside the containers'; idle ones end after a few seconds. */
  private static final ExecutorService LISTS = new ThreadPoolExecutor(0, 4, 5, TimeUnit.SECONDS, new SynchronousQueue<>(), r -> {
    Thread t = new Thread(r, "orkestr-list");
    t.setDaemon(true);
    return t;
  }, new ThreadPoolExecutor.CallerRunsPolicy());

  /**
   * The three list calls: everything managed, and every network. They are independent, so they are
   * asked at once: a plan waits for the slowest of the three, not for their sum (most of a warm
   * daemon's no-op reconcile is waiting for the engine).
   */
  static ActualState list(DockerPort docker) {
    CompletableFuture<List<io.orkestr.actual.ObservedNetwork>> networks = CompletableFuture.supplyAsync(docker::listNetworks, LISTS);
    CompletableFuture<List<io.orkestr.actual.ObservedVolume>> volumes = CompletableFuture.supplyAsync(() -> docker.listVolumes(MANAGED), LISTS);
    List<ObservedContainer> containers = docker.listContainers(MANAGED);
    return new ActualState(containers, join(networks), join(volumes));
  }

  /** The list's own exception (a Docker error the CLI words for the user), not a wrapper. */
  private static <T> T join(CompletableFuture<T> f) {
    try {
      return f.join();
    } catch (CompletionException e) {
      if (e.getCause() instanceof RuntimeException r) throw r;
      if (e.getCause() instanceof Error err) throw err;
      throw e;
    }
  }

  /** Adds what the host shows of the volumes orkestr put on disks (a file's size and a mount table read: no engine call). */
  static ActualState withDisks(ActualState raw, io.orkestr.disk.DiskPort disks) {
    if (raw.volumes().stream().noneMatch(io.orkestr.actual.ObservedVolume::onDisk)) return raw;
    Map<String, io.orkestr.actual.ObservedDisk> seen = disks.inspect(raw.volumes().stream().filter(io.orkestr.actual.ObservedVolume::onDisk)
        .map(io.orkestr.actual.ObservedVolume::name).toList());
    List<io.orkestr.actual.ObservedVolume> volumes = new ArrayList<>();
    for (var v : raw.volumes()) volumes.add(v.onDisk() ? v.withDisk(java.util.Optional.ofNullable(seen.get(v.name()))) : v);
    return new ActualState(raw.containers(), raw.networks(), volumes);
  }

  /**
   * Adds live limits where the labels may not tell them (see the class comment), the settings orkestr
   * applied live, and each add-on's storage as last measured.
   */
  static ActualState refine(DockerPort docker, ActualState raw, DesiredState desired, io.orkestr.state.LiveUpdateLog log,
      io.orkestr.state.SleepLog sleepLog) {
    Map<String, io.orkestr.state.SleepLog.Entry> slept = sleepLog.entries();
    java.util.Set<String> updatedLive = log.containerIds();
    Map<String, io.orkestr.state.LiveUpdateLog.Engine> liveSettings = log.settings();
    Map<String, io.orkestr.state.LiveUpdateLog.Measured> measured = log.storage();
    Map<io.orkestr.desired.ResourceKey, List<Observed>> owned = raw.ownedBy(desired.manifest());
    List<ObservedContainer> containers = new ArrayList<>();
    for (ObservedContainer c : raw.containers()) {
      ObservedContainer refreshed = c;
      boolean ours = c.manifest().equals(desired.manifest()) && c.key().isPresent() && owned.containsKey(c.key().get());
      if (ours) {
        var spec = desired.get(c.key().get()).filter(ContainerSpec.class::isInstance).map(ContainerSpec.class::cast);
        if (spec.isPresent() && (updatedLive.contains(c.id()) || !spec.get().limits().equals(c.createdLimits()))) {
          refreshed = c.withInspectedLimits(docker.inspectLimits(c.id()));
        }
      }
      var live = liveSettings.get(c.id());
      if (live != null) refreshed = refreshed.withLive(java.util.Optional.of(live.settings()), java.util.Optional.of(live.access()));
      var storage = measured.get(c.id());
      if (storage != null) {
        refreshed = refreshed.withStorage(java.util.Optional.of(new io.orkestr.actual.MeasuredStorage(storage.usedBytes(), storage.readOnly(),
            java.time.Instant.ofEpochSecond(storage.epochSeconds()))));
      }
      var sleep = slept.get(c.id());
      if (sleep != null) refreshed = refreshed.withSleep(java.util.Optional.of(sleep(sleep)));
      containers.add(refreshed);
    }
    return new ActualState(containers, raw.networks(), raw.volumes());
  }

  /** A sleep log entry as the core sees it. */
  static io.orkestr.actual.Sleep sleep(io.orkestr.state.SleepLog.Entry e) {
    return new io.orkestr.actual.Sleep(io.orkestr.actual.Sleep.Stage.valueOf(e.stage().toUpperCase(java.util.Locale.ROOT)),
        java.time.Instant.ofEpochMilli(e.sinceMillis()), e.lastActivityMillis().map(java.time.Instant::ofEpochMilli), e.holder());
  }
}
