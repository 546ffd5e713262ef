package io.orkestr.service;

import io.orkestr.actual.ContainerState;
import io.orkestr.actual.ObservedContainer;
import io.orkestr.actual.StorageUse;
import io.orkestr.apply.SecretResolver;
import io.orkestr.desired.EngineProfile;
import io.orkestr.desired.Labels;
import io.orkestr.desired.Probe;
import io.orkestr.desired.ResourceKey;
import io.orkestr.docker.DockerPort;
import io.orkestr.docker.ExecResult;
import io.orkestr.manifest.AddOn;
import io.orkestr.manifest.Manifest;
import io.orkestr.manifest.Project;
import io.orkestr.tier.ByteSize;
import io.orkestr.tier.Tiers;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * StorageCheck measures each running add-on's storage in its engine (one exec each, a few at a
 * time) and, when asked to enforce, makes a Postgres add-on over its plan's storage read-only for
 * apps, and writable again once it is back under.
 */
final class StorageCheck {
  private static final Logger log = LoggerFactory.getLogger(StorageCheck.class);
  private static final int AT_ONCE = 8;

  private final DockerPort docker;
  private final Tiers tiers;
  private final SecretResolver secrets;

  StorageCheck(DockerPort docker, Tiers tiers, SecretResolver secrets) {
    this.docker = docker;
    this.tiers = tiers;
    this.secrets = secrets;
  }

  /** The add-ons' storage, in manifest order. */
  List<StorageUse> run(Manifest manifest) {
    return run(manifest, false, (k, m) -> {});
  }

  /** Like run, and switches read-only where the limit was crossed either way, telling switched which it switched. */
  List<StorageUse> enforce(Manifest manifest, java.util.function.BiConsumer<ResourceKey, String> switched) {
    return run(manifest, true, switched);
  }

  private List<StorageUse> run(Manifest manifest, boolean enforce, java.util.function.BiConsumer<ResourceKey, String> switched) {
    Map<String, ObservedContainer> running = new HashMap<>();
    for (ObservedContainer c : docker.listContainers(Labels.MANIFEST + "=" + manifest.name())) {
      if (c.state() == ContainerState.RUNNING) c.key().ifPresent(k -> running.put(k.toString(), c));
    }
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
          if (enforce && commands.readOnly().isEmpty()) continue;
          ObservedContainer c = running.get(key.toString());
          pending.add(pool.submit(() -> c == null ? StorageUse.unknown(key, commands.limitBytes(), "not running")
              : check(key, c.id(), commands, enforce, switched)));
        }
      }
      List<StorageUse> out = new ArrayList<>();
      for (Future<StorageUse> f : pending) out.add(f.get());
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

  private StorageUse check(ResourceKey key, String id, EngineProfile.StorageCommands commands, boolean enforce,
      java.util.function.BiConsumer<ResourceKey, String> switched) {
    ExecResult r = exec(id, commands.measure());
    String[] words = r.output().strip().split("\\s+");
    if (!r.succeeded() || words.length != 2 || !words[0].matches("[0-9]+")) {
      String said = secrets.mask(r.output().strip()).lines().filter(l -> !l.isBlank()).reduce((a, b) -> b).orElse("no answer");
      return StorageUse.unknown(key, commands.limitBytes(), "could not measure (" + said + ")");
    }
    // "legacy": the switch of an orkestr before this one, which apps could turn off; replaced either way.
    boolean legacy = words[1].equals("legacy");
    StorageUse use = new StorageUse(key, Long.parseLong(words[0]), commands.limitBytes(), legacy || Boolean.parseBoolean(words[1]),
        Optional.empty());
    if (!enforce || commands.readOnly().isEmpty() || (!legacy && use.isOver() == use.readOnly())) return use;
    Probe change = use.isOver() ? commands.readOnly().get() : commands.writable().orElseThrow();
    ExecResult result = exec(id, change);
    if (!result.succeeded()) {
      String said = secrets.mask(result.output().strip()).lines().filter(l -> !l.isBlank()).reduce((a, b) -> b).orElse("exit " + result.exitCode());
      String what = "storage " + ByteSize.format(use.usedBytes()) + " of " + ByteSize.format(use.limitBytes()) + ": could not make it "
          + (use.isOver() ? "read-only" : "writable") + " (" + said + "); the next check tries again";
      log.warn("{} {}", key, what);
      switched.accept(key, what);
      return use.withProblem(what);
    }
    String what = "storage " + ByteSize.format(use.usedBytes()) + " of " + ByteSize.format(use.limitBytes()) + ": "
        + (use.isOver() ? "made read-only for apps until it is back under its plan's storage" : "back under its plan's storage, writable again");
    log.info("{} {}", key, what);
    switched.accept(key, what);
    return use.withReadOnly(use.isOver());
  }

  private ExecResult exec(String id, Probe probe) {
    return docker.exec(id, probe.command(), secrets.resolve(probe.env()), Duration.ofSeconds(60));
  }
}
