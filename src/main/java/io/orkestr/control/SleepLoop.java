package io.orkestr.control;

import io.orkestr.actual.ContainerState;
import io.orkestr.actual.ObservedContainer;
import io.orkestr.actual.Sleep;
import io.orkestr.desired.ContainerSpec;
import io.orkestr.desired.DesiredState;
import io.orkestr.desired.Labels;
import io.orkestr.desired.SleepSpec;
import io.orkestr.docker.DockerPort;
import io.orkestr.manifest.Manifest;
import io.orkestr.service.ManifestFile;
import io.orkestr.service.OrkestrService;
import io.orkestr.sleep.Activity;
import io.orkestr.sleep.IdlePolicy;
import io.orkestr.sleep.SleepService;
import io.orkestr.sleep.WaitingClients;
import io.orkestr.state.SleepLog;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.BiConsumer;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * SleepLoop puts the watched manifest's idle add-ons to sleep, every second: it probes each awake
 * add-on that may sleep (as often as IdlePolicy says, one exec in its engine), folds what it sees
 * into when apps last used it, and freezes it once idle for its freeze window, stops it once idle for
 * its stop window. It keeps wakers open for every sleeper (again after a restart: they are found
 * from Docker and the sleep record), and notices an add-on someone else woke. It never probes or
 * touches a sleeper: Docker's list and the record say all it needs.
 */
public final class SleepLoop implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(SleepLoop.class);
  static final Duration TICK = Duration.ofSeconds(1);

  /** The daemon's wakers: listeners on the host side of a sleeping add-on's networks, which hold a client's connection while it wakes. */
  public interface Wakers {
    /** Opens (or keeps) the wakers of a sleeping add-on, one per attachment; their ports by network. */
    Map<String, Integer> open(ContainerSpec addOn, List<SleepService.Attachment> at);

    /** Closes a woken (or removed) add-on's wakers; connections they hold go on. */
    void close(String addon);

    /** The add-ons whose wakers are open. */
    Set<String> opened();
  }

  private final OrkestrService service;
  private final DockerPort docker;
  private final Path file;
  private final Wakers wakers;
  private final EventJournal events;
  private final ControlMetrics metrics;
  private final Clock clock;
  private final Runnable transitioned;
  private final BiConsumer<String, String> waking;
  /** Frozen add-ons whose socket tables the watch reads, by key. */
  private final Map<String, Watched> frozen = new ConcurrentHashMap<>();
  private final Set<String> beingWoken = ConcurrentHashMap.newKeySet();
  private final Map<String, IdlePolicy.Use> uses = new HashMap<>();
  private final Map<String, Instant> nextProbe = new HashMap<>();
  private final Map<String, Instant> probedAt = new HashMap<>();
  /** The waker ports each sleeper's diversions point at, as this daemon made or checked them. */
  private final Map<String, Map<String, Integer>> diverted = new HashMap<>();
  /** The idle probes of one tick run on these, a few at a time. */
  private final java.util.concurrent.ExecutorService probes = Executors.newFixedThreadPool(4, r -> {
    Thread t = new Thread(r, "orkestr-sleep-probe");
    t.setDaemon(true);
    return t;
  });
  private final ScheduledExecutorService watch = Executors.newSingleThreadScheduledExecutor(r -> {
    Thread t = new Thread(r, "orkestr-sleep-watch");
    t.setDaemon(true);
    return t;
  });
  private final ScheduledExecutorService thread = Executors.newSingleThreadScheduledExecutor(r -> {
    Thread t = new Thread(r, "orkestr-sleep");
    t.setDaemon(true);
    return t;
  });

  public SleepLoop(OrkestrService service, DockerPort docker, Path file, Wakers wakers, EventJournal events, ControlMetrics metrics,
      Clock clock) {
    this(service, docker, file, wakers, events, metrics, clock, () -> {});
  }

  /** transitioned: told after an add-on froze or stopped (the control plane refreshes its status and metrics). */
  public SleepLoop(OrkestrService service, DockerPort docker, Path file, Wakers wakers, EventJournal events, ControlMetrics metrics,
      Clock clock, Runnable transitioned) {
    this(service, docker, file, wakers, events, metrics, clock, transitioned, null);
  }

  /** waking: how a client found waiting at a frozen add-on wakes it (the control plane's wake: events, metrics). */
  public SleepLoop(OrkestrService service, DockerPort docker, Path file, Wakers wakers, EventJournal events, ControlMetrics metrics,
      Clock clock, Runnable transitioned, BiConsumer<String, String> waking) {
    this.waking = waking != null ? waking : (addon, by) -> { };
    this.transitioned = transitioned;
    this.service = service;
    this.docker = docker;
    this.file = file;
    this.wakers = wakers;
    this.events = events;
    this.metrics = metrics;
    this.clock = clock;
  }

  public void start() {
    if (service.sleep().unavailable().isPresent()) {
      log.info("add-ons do not sleep here: {}", service.sleep().unavailable().get());
      return;
    }
    thread.scheduleWithFixedDelay(this::tick, 0, TICK.toMillis(), TimeUnit.MILLISECONDS);
    watch.scheduleWithFixedDelay(this::watchFrozen, WATCH.toMillis(), WATCH.toMillis(), TimeUnit.MILLISECONDS);
  }

  /** How often the frozen add-ons' TCP counters are read: a small file each (tens of microseconds), no engine call. A host client waits this long more. */
  static final Duration WATCH = Duration.ofMillis(100);

  /** A frozen add-on's container, the host process whose network namespace it has, its engine's port, and the connections accepted by then. */
  private record Watched(String containerId, long pid, int port, long accepted) {}

  /**
   * A client the diversion did not see (one on the engine's host, connecting to the add-on's address)
   * waits at a frozen add-on: the kernel took its connection, the paused engine cannot. It is woken.
   * The counter says a connection came; the socket table confirms one waits (orkestr's own work,
   * a backup that brought the engine up meanwhile, connects too): then it is woken, else the counter
   * is the new baseline.
   */
  private void watchFrozen() {
    frozen.forEach((key, at) -> {
      long accepted = WaitingClients.accepted(at.pid()).orElse(at.accepted());
      if (accepted <= at.accepted() || service.sleep().working(key)) return;
      if (WaitingClients.waiting(at.pid(), at.port())) {
        wakeFor(key);
      } else {
        frozen.replace(key, at, new Watched(at.containerId(), at.pid(), at.port(), accepted));
      }
    });
  }

  /** Wakes a frozen add-on a client waits at, once however often the watch sees it (off the watch's thread). */
  private void wakeFor(String key) {
    if (!beingWoken.add(key)) return;
    probes.execute(() -> {
      try {
        waking.accept(key, "a client waiting at its address");
      } catch (RuntimeException e) {
        log.warn("{}: could not wake it for a waiting client: {}", key, e.getMessage());
      } finally {
        frozen.remove(key);
        beingWoken.remove(key);
      }
    });
  }

  /** Ticks between two prunings of the sleep record. */
  private static final int RETAIN_EVERY = 300;
  private long ticks;
  /** The add-ons with a placeholder, at this tick. */
  private final Set<String> placeholders = new java.util.HashSet<>();
  /** The container each add-on had at the last tick. */
  private final Map<String, String> seen = new HashMap<>();
  /** The last failure logged per add-on: a failure that repeats every tick is logged once. */
  private final Map<String, String> failing = new HashMap<>();

  /** Forgets what the loop knew of an add-on's container (replaced, or no longer in the manifest). */
  private void forget(String key) {
    seen.remove(key);
    uses.remove(key);
    nextProbe.remove(key);
    probedAt.remove(key);
    diverted.remove(key);
    failing.remove(key);
  }

  private void warnOnce(String key, RuntimeException e) {
    String why = e.getMessage() == null ? e.toString() : e.getMessage();
    if (!why.equals(failing.put(key, why))) log.warn("{}: sleep check failed: {}", key, why);
  }

  private void tick() {
    try {
      Manifest manifest = service.validate(ManifestFile.read(file));
      DesiredState desired = service.desired(manifest);
      List<ContainerSpec> sleepy = desired.containers().stream().filter(c -> c.addOn().map(a -> a.maySleep()).orElse(false)).toList();
      Set<String> keep = new TreeSet<>();
      // One list of the manifest's containers a second, also with nothing asleep: what is left of a sleep is found.
      Map<String, ObservedContainer> byKey = new HashMap<>();
      placeholders.clear();
      for (ObservedContainer c : docker.listContainers(Labels.MANIFEST + "=" + manifest.name())) {
        if (c.labels().containsKey(SleepService.PLACEHOLDER)) placeholders.add(c.labels().get(SleepService.PLACEHOLDER));
        else if (c.labels().containsKey(Labels.KEY)) byKey.put(c.labels().get(Labels.KEY), c);
      }
      Map<String, SleepLog.Entry> records = service.sleepLog().entries();
      Map<String, SleepLog.Entry> awake = new LinkedHashMap<>();
      Map<String, Optional<Activity>> probes = probe(sleepy, byKey);
      for (ContainerSpec spec : sleepy) {
        ObservedContainer c = byKey.get(spec.key().toString());
        if (c == null || !c.name().equals(spec.dockerName()) || service.sleep().working(spec.key().toString())) {
          if (c != null && wakers.opened().contains(spec.key().toString())) keep.add(spec.key().toString());
          continue;
        }
        String key = spec.key().toString();
        if (!c.id().equals(seen.put(key, c.id()))) forget(key); // a new container: nothing known of the old one holds
        try {
          step(spec, c, Optional.ofNullable(records.get(c.id())), probes, awake, keep);
          failing.remove(key);
        } catch (RuntimeException e) {
          // One add-on's trouble (Docker, iptables) leaves the others' sleep as it should be; tried again next tick.
          if (wakers.opened().contains(key)) keep.add(key);
          warnOnce(key, e);
        }
      }
      service.sleepLog().putAll(awake);
      // An add-on that sleeps no more (its plan changed) and is up: whatever was left of its sleep goes.
      for (ContainerSpec spec : desired.containers()) {
        String key = spec.key().toString();
        ObservedContainer c = byKey.get(key);
        if (!placeholders.contains(key) || sleepy.contains(spec) || c == null || c.state() != ContainerState.RUNNING) continue;
        try {
          service.sleep().undivert(spec);
        } catch (RuntimeException e) {
          warnOnce(key, e);
        }
      }
      for (String open : Set.copyOf(wakers.opened())) if (!keep.contains(open)) wakers.close(open);
      frozen.keySet().retainAll(keep);
      Set<String> sleepyKeys = new TreeSet<>();
      for (ContainerSpec spec : sleepy) sleepyKeys.add(spec.key().toString());
      for (String gone : Set.copyOf(seen.keySet())) if (!sleepyKeys.contains(gone)) forget(gone);
      if (++ticks % RETAIN_EVERY == 0) {
        // Records of containers that are gone (replaced, destroyed), of any manifest: dropped now and then.
        service.sleepLog().retain(docker.listContainers(Labels.MANAGED + "=true").stream().map(ObservedContainer::id)
            .collect(java.util.stream.Collectors.toSet()));
      }
    } catch (RuntimeException e) {
      log.debug("sleep check skipped: {}", e.getMessage());
    }
  }

  /**
   * The probes due this tick, of the running add-ons, a few at a time (each is a process in its
   * container: with many add-ons, one after the other would stretch the tick).
   */
  private Map<String, Optional<Activity>> probe(List<ContainerSpec> sleepy, Map<String, ObservedContainer> byKey) {
    Instant now = clock.instant();
    Map<String, java.util.concurrent.Future<Optional<Activity>>> running = new LinkedHashMap<>();
    for (ContainerSpec spec : sleepy) {
      String key = spec.key().toString();
      ObservedContainer c = byKey.get(key);
      if (c == null || c.state() != ContainerState.RUNNING || now.isBefore(nextProbe.getOrDefault(key, Instant.EPOCH))) continue;
      nextProbe.put(key, now.plus(IdlePolicy.probeEvery(spec.addOn().get().sleep().get().policy())));
      running.put(key, probes.submit(() -> service.sleep().activity(spec, c)));
    }
    Map<String, Optional<Activity>> out = new HashMap<>();
    running.forEach((key, f) -> {
      try {
        out.put(key, f.get(1, TimeUnit.MINUTES));
      } catch (Exception e) {
        out.put(key, Optional.empty());
      }
    });
    return out;
  }

  /**
   * Watches a frozen add-on's TCP counters from the first time it is seen frozen (its process looked
   * up once); a client that came between the pause and that baseline is found in its socket table.
   * Forgets a stopped one (its placeholder refuses such clients).
   */
  private void watch(String key, ObservedContainer c, int port) {
    if (c.state() != ContainerState.PAUSED) {
      frozen.remove(key);
      return;
    }
    if (frozen.containsKey(key) && frozen.get(key).containerId().equals(c.id())) return;
    docker.pid(c.id()).ifPresent(pid -> {
      WaitingClients.accepted(pid).ifPresent(accepted -> frozen.put(key, new Watched(c.id(), pid, port, accepted)));
      if (WaitingClients.waiting(pid, port)) wakeFor(key);
    });
  }

  /** One add-on: asleep (keep its wakers; stop it when due), woken by someone else, or awake (probed: freeze or stop when due). */
  private void step(ContainerSpec spec, ObservedContainer c, Optional<SleepLog.Entry> record, Map<String, Optional<Activity>> probed,
      Map<String, SleepLog.Entry> awake, Set<String> keep) {
    String key = spec.key().toString();
    SleepSpec sleep = spec.addOn().get().sleep().get();
    Instant now = clock.instant();
    Optional<String> stage = record.map(SleepLog.Entry::stage);
    if (c.state() == ContainerState.PAUSED && stage.equals(Optional.of("frozen")) || c.state() == ContainerState.EXITED
        && stage.equals(Optional.of("stopped"))) {
      keep.add(key);
      watch(key, c, sleep.port());
      if (!wakers.opened().contains(key) || !diverted.containsKey(key)) {
        // Found asleep without wakers (this daemon just started): open them, and point its diversions at their ports.
        Map<String, Integer> ports = wakers.open(spec, service.sleep().attachments(spec, c));
        service.sleep().divertTo(spec, c, ports);
        diverted.put(key, ports);
      }
      Map<String, Integer> ports = diverted.get(key);
      Instant lastUsed = uses.containsKey(key) ? uses.get(key).lastUsed() : Instant.ofEpochMilli(record.get().sinceMillis());
      if (stage.get().equals("frozen") && IdlePolicy.stage(sleep.policy(), lastUsed, now) == Sleep.Stage.STOPPED) {
        if (placeholders.contains(key)) service.sleep().endRetirement(spec); // its stop makes a placeholder of its own
        var done = service.sleep().stop(spec, c, ports);
        if (done.done()) transitioned(key, "stopped", lastUsed, now);
      }
      return;
    }
    frozen.remove(key);
    if (c.state() != ContainerState.RUNNING) return; // died, or paused by hand: the reconcile loop's business
    if (stage.isPresent() && !stage.get().equals("awake")) {
      // Woken by someone else (an apply, orkestr wake in another process, docker start): awake from now, its clients no longer diverted.
      service.sleep().undivert(spec);
      diverted.remove(key);
      uses.put(key, new IdlePolicy.Use(now, -1, Optional.empty()));
    } else if (placeholders.contains(key)) {
      retirement(spec, c, record, keep, now);
    }
    Optional<Instant> recorded = record.flatMap(SleepLog.Entry::lastActivityMillis).map(Instant::ofEpochMilli);
    IdlePolicy.Use use = uses.computeIfAbsent(key, k -> new IdlePolicy.Use(recorded.orElse(now), -1, record.flatMap(SleepLog.Entry::holder)));
    if (recorded.isPresent() && recorded.get().isAfter(use.lastUsed())) {
      // A wake elsewhere (the waker, orkestr wake, an apply) recorded a later use: a woken add-on stays awake its freeze window.
      use = new IdlePolicy.Use(recorded.get(), use.counter(), record.flatMap(SleepLog.Entry::holder).or(use::holder));
      uses.put(key, use);
    }
    if (probed.containsKey(key)) {
      Optional<Activity> a = probed.get(key);
      if (a.isEmpty()) return; // starting, or busy: asked again at the next probe
      // orkestr's own storage measurement (the control plane's, or a status in any process) ran a transaction in the
      // app's database since the last probe: the counter's move is not an app's.
      Instant before = probedAt.put(key, now);
      boolean measured = before != null && service.storageMeasuredAt(c.id()).map(t -> !t.isBefore(before.minusSeconds(1))).orElse(false);
      if (measured) use = new IdlePolicy.Use(use.lastUsed(), -1, use.holder());
      use = IdlePolicy.observe(Optional.of(use), a.get(), now);
      uses.put(key, use);
    }
    awake.put(c.id(), new SleepLog.Entry(key, "awake", record.filter(e -> e.stage().equals("awake")).map(SleepLog.Entry::sinceMillis)
        .orElse(now.toEpochMilli()), Optional.of(use.lastUsed().toEpochMilli()), use.holder()));
    Sleep.Stage due = IdlePolicy.stage(sleep.policy(), use.lastUsed(), now);
    if (due == Sleep.Stage.AWAKE) return;
    Map<String, Integer> ports = wakers.open(spec, service.sleep().attachments(spec, c));
    keep.add(key);
    SleepService.Result r = due == Sleep.Stage.FROZEN ? service.sleep().freeze(spec, c, ports) : service.sleep().stop(spec, c, ports);
    if (r.done()) {
      awake.remove(c.id());
      diverted.put(key, ports);
      transitioned(key, r.message(), use.lastUsed(), now);
    } else {
      // In use after all: awake from now, and its wakers closed again.
      log.info("{} stays awake: {}", key, r.message());
      uses.put(key, new IdlePolicy.Use(now, use.counter(), use.holder()));
      keep.remove(key);
    }
  }

  /**
   * A woken add-on's retired placeholder: its addresses stay diverted to the wakers (again after a
   * restart of the daemon) until its retirement is over, then it goes.
   */
  private void retirement(ContainerSpec spec, ObservedContainer c, Optional<SleepLog.Entry> record, Set<String> keep, Instant now) {
    String key = spec.key().toString();
    Instant woke = record.map(e -> Instant.ofEpochMilli(e.sinceMillis())).orElse(Instant.EPOCH);
    if (!now.isBefore(woke.plus(SleepService.RETIREMENT))) {
      service.sleep().endRetirement(spec);
      diverted.remove(key);
      return;
    }
    keep.add(key);
    if (!wakers.opened().contains(key) || !diverted.containsKey(key)) {
      Map<String, Integer> ports = wakers.open(spec, service.sleep().placeholderAttachments(spec));
      service.sleep().divertRetired(spec, ports);
      diverted.put(key, ports);
    }
  }

  private void transitioned(String key, String to, Instant lastUsed, Instant now) {
    log.info("{} {} (idle for {}s)", key, to, Duration.between(lastUsed, now).toSeconds());
    Map<String, Object> data = new LinkedHashMap<>();
    data.put("addon", key.replace("/addon/", "/")); // as addon.woke and the backup events name it: shop/db
    data.put("idle_since", lastUsed.toString());
    events.publish("addon." + (to.equals("frozen") ? "froze" : "stopped"), data);
    metrics.transition(to);
    transitioned.run();
  }

  /** A client's connection woke an add-on: the wake counts as use (it stays awake at least its freeze window). */
  void woke(String key, Instant at) {
    try {
      thread.execute(() -> uses.put(key, new IdlePolicy.Use(at, -1, Optional.empty())));
    } catch (java.util.concurrent.RejectedExecutionException stopping) {
      // the daemon is stopping: nothing will put it to sleep again
    }
  }

  @Override
  public void close() {
    watch.shutdown();
    thread.shutdown();
    probes.shutdown();
    try {
      thread.awaitTermination(1, TimeUnit.MINUTES);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
