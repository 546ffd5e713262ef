package io.orkestr.service;

import io.orkestr.actual.ContainerState;
import io.orkestr.actual.ObservedContainer;
import io.orkestr.actual.StorageUse;
import io.orkestr.apply.SecretResolver;
import io.orkestr.apply.StorageSwitch;
import io.orkestr.desired.EngineProfile;
import io.orkestr.desired.Labels;
import io.orkestr.desired.ResourceKey;
import io.orkestr.docker.DockerPort;
import io.orkestr.manifest.AddOn;
import io.orkestr.manifest.Manifest;
import io.orkestr.manifest.Project;
import io.orkestr.state.LiveUpdateLog;
import io.orkestr.tier.Tiers;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * StorageCheck measures each running add-on's storage in its engine (one exec each, a few at a
 * time) and, when asked to enforce, makes a Postgres add-on over its plan's storage read-only for
 * apps, and writable again once it is back under (see StorageSwitch).
 */
final class StorageCheck {
  private static final int AT_ONCE = 8;

  private final DockerPort docker;
  private final Tiers tiers;
  private final SecretResolver secrets;
  private final LiveUpdateLog log;
  private final java.time.Clock clock;

  /** log: where each measurement is kept, for the next plan (see LiveUpdateLog). */
  StorageCheck(DockerPort docker, Tiers tiers, SecretResolver secrets, LiveUpdateLog log, java.time.Clock clock) {
    this.docker = docker;
    this.tiers = tiers;
    this.secrets = secrets;
    this.log = log;
    this.clock = clock;
  }

  /** An add-on's last measurement, by any container of its that orkestr measured. */
  private LiveUpdateLog.Measured lastMeasured(Manifest manifest, ResourceKey key) {
    Map<String, LiveUpdateLog.Measured> all = log.storage();
    for (ObservedContainer c : containers) {
      if (c.key().map(key::equals).orElse(false) && all.containsKey(c.id())) return all.get(c.id());
    }
    return null;
  }

  private List<ObservedContainer> containers = List.of();

  /** The add-ons' storage, in manifest order. */
  List<StorageUse> run(Manifest manifest) {
    return run(manifest, false, (k, m) -> {}, java.util.Set.of());
  }

  /**
   * Like run, and switches read-only where the limit was crossed either way, telling switched which
   * it switched; the add-ons in skip (new data) are neither measured nor listed.
   */
  List<StorageUse> enforce(Manifest manifest, java.util.function.BiConsumer<ResourceKey, String> switched, java.util.Set<ResourceKey> skip) {
    return run(manifest, true, switched, skip);
  }

  private List<StorageUse> run(Manifest manifest, boolean enforce, java.util.function.BiConsumer<ResourceKey, String> switched,
      java.util.Set<ResourceKey> skip) {
    Map<String, ObservedContainer> running = new HashMap<>();
    containers = docker.listContainers(Labels.MANIFEST + "=" + manifest.name());
    for (ObservedContainer c : containers) {
      if (c.state() == ContainerState.RUNNING) c.key().ifPresent(k -> running.put(k.toString(), c));
    }
    Map<String, LiveUpdateLog.Measured> measured = new java.util.concurrent.ConcurrentHashMap<>();
    long now = clock.instant().getEpochSecond();
    StorageSwitch storage = new StorageSwitch(docker, secrets, (id, use) -> measured.put(id, new LiveUpdateLog.Measured(use.usedBytes(),
        use.readOnly(), now)));
    List<Future<StorageUse>> pending = new ArrayList<>();
    ExecutorService pool = Executors.newFixedThreadPool(AT_ONCE, r -> {
      Thread t = new Thread(r, "orkestr-storage");
      t.setDaemon(true);
      return t;
    });
    try {
      for (Project p : manifest.projects()) {
        for (AddOn a : p.addons()) {
          ResourceKey key = ResourceKey.addon(p.name(), a.name());
          EngineProfile.StorageCommands commands = EngineProfile.of(a.engine()).storage(key, a, tiers.get(p.plan()));
          // Enforcing measures only what it may switch (Postgres): Redis's maxmemory refuses writes by itself.
          if (enforce && (commands.readOnly().isEmpty() || skip.contains(key))) continue;
          ObservedContainer c = running.get(key.toString());
          LiveUpdateLog.Measured before = c == null ? lastMeasured(manifest, key) : null;
          if (c == null && before != null) {
            // Asleep (or stopped): its storage cannot have changed since it was last measured, and measuring would wake it.
            pending.add(java.util.concurrent.CompletableFuture.completedFuture(new StorageUse(key, before.usedBytes(), commands.limitBytes(),
                before.readOnly(), Optional.empty())));
            continue;
          }
          pending.add(pool.submit(() -> c == null ? StorageUse.unknown(key, commands.limitBytes(), "not running")
              : enforce ? storage.enforce(key, c.id(), commands, switched::accept) : storage.measure(key, c.id(), commands)));
        }
      }
      List<StorageUse> out = new ArrayList<>();
      for (Future<StorageUse> f : pending) out.add(f.get());
      log.recordStorage(measured);
      return out;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while measuring storage", e);
    } catch (java.util.concurrent.ExecutionException e) {
      throw e.getCause() instanceof RuntimeException r ? r : new IllegalStateException(e.getCause());
    } finally {
      pool.shutdownNow();
    }
  }

}
