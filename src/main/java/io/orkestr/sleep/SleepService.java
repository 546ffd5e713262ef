package io.orkestr.sleep;

import io.orkestr.actual.ContainerState;
import io.orkestr.actual.ObservedContainer;
import io.orkestr.actual.ObservedNetwork;
import io.orkestr.actual.Sleep;
import io.orkestr.apply.SecretResolver;
import io.orkestr.apply.Sleepers;
import io.orkestr.apply.StepFailure;
import io.orkestr.desired.ContainerPolicy;
import io.orkestr.desired.ContainerSpec;
import io.orkestr.desired.Labels;
import io.orkestr.desired.Limits;
import io.orkestr.desired.NetworkAttachment;
import io.orkestr.desired.Placeholders;
import io.orkestr.desired.Probe;
import io.orkestr.desired.SleepSpec;
import io.orkestr.docker.ContainerCreate;
import io.orkestr.docker.DockerPort;
import io.orkestr.docker.ExecResult;
import io.orkestr.state.SleepLog;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * SleepService puts idle add-ons to sleep and wakes them. Freezing diverts the add-on's new
 * connections to the waker first (see Diversions), closes its apps' idle sessions (a pooled
 * connection left open could not wake it: its packets go straight to the paused container), then
 * pauses it. Stopping a frozen add-on stops its container and starts a placeholder (a sleep process
 * in the add-on's image) on its networks with its addresses and names, so its clients' lookups and
 * connections still reach the diversion. Waking undoes it all and returns once the engine answers.
 * One add-on is put to sleep or woken by one caller at a time; its record is in the SleepLog.
 */
public final class SleepService implements Sleepers {
  private static final Logger log = LoggerFactory.getLogger(SleepService.class);
  /** The placeholder of a stopped add-on carries it, with the add-on's key. */
  public static final String PLACEHOLDER = "orkestr.placeholder-of";
  private static final Duration STOP = Duration.ofSeconds(30);
  private static final Duration POLL = Duration.ofMillis(10);

  private final DockerPort docker;
  private final Diversions diversions;
  private final SleepLog records;
  private final SecretResolver secrets;
  private final Clock clock;
  private final Duration wakeTimeout;
  private final Map<String, ReentrantLock> locks = new ConcurrentHashMap<>();

  public SleepService(DockerPort docker, Diversions diversions, SleepLog records, SecretResolver secrets, Clock clock, Duration wakeTimeout) {
    this.docker = docker;
    this.diversions = diversions;
    this.records = records;
    this.secrets = secrets;
    this.clock = clock;
    this.wakeTimeout = wakeTimeout;
  }

  /** Why add-ons cannot sleep here, or empty when they can. */
  public Optional<String> unavailable() {
    return diversions.unavailable();
  }

  /**
   * Where an add-on sleeping on a network is reached: its address there and its engine's port, the
   * network's subnet, and the waker's address on it.
   */
  public record Attachment(String network, String subnet, String address, int port, String gateway) {}

  /** The add-on's networks as its clients reach it: one diversion, and one waker, each. */
  public List<Attachment> attachments(ContainerSpec spec, ObservedContainer c) {
    Map<String, ObservedNetwork> byName = new TreeMap<>();
    for (ObservedNetwork n : docker.listNetworks()) byName.put(n.name(), n);
    return attachments(spec, c.networks(), byName);
  }

  /** Where a stopped add-on's placeholder is reached (its own addresses, which the add-on's names resolve to while it sleeps). */
  public List<Attachment> placeholderAttachments(ContainerSpec spec) {
    Map<String, ObservedNetwork> byName = new TreeMap<>();
    for (ObservedNetwork n : docker.listNetworks()) byName.put(n.name(), n);
    return docker.listContainers(PLACEHOLDER + "=" + spec.key()).stream().findFirst().map(p -> attachments(spec, p.networks(), byName))
        .orElse(List.of());
  }

  private List<Attachment> attachments(ContainerSpec spec, Map<String, String> at, Map<String, ObservedNetwork> byName) {
    List<Attachment> out = new ArrayList<>();
    for (NetworkAttachment a : spec.networks()) {
      String ip = at.get(a.networkName());
      ObservedNetwork n = byName.get(a.networkName());
      if (ip == null || ip.isBlank() || n == null || n.subnets().isEmpty()) continue;
      out.add(new Attachment(a.networkName(), n.subnets().get(0), ip, io.orkestr.desired.EngineProfile.of(spec.engine().orElseThrow().engine()).port(),
          Subnets.gateway(n.subnets().get(0))));
    }
    return out;
  }

  /** One probe of whether apps use the add-on (see SleepSpec), or empty when the probe gave no answer. */
  public Optional<Activity> activity(ContainerSpec spec, ObservedContainer c) {
    Probe idle = spec.addOn().flatMap(a -> a.sleep()).orElseThrow().idle();
    ExecResult r = docker.exec(c.id(), idle.command(), secrets.resolve(idle.env()), Duration.ofSeconds(20));
    if (!r.succeeded()) {
      log.debug("{}: idle probe failed (exit {}): {}", spec.key(), r.exitCode(), last(r.output()));
      return Optional.empty();
    }
    return Activity.parse(r.output());
  }

  /**
   * Points a sleeper's diversions at the wakers' ports (a restarted daemon's wakers have new ones):
   * each is made anew where it differs, before the old one goes.
   */
  public void divertTo(ContainerSpec spec, ObservedContainer c, Map<String, Integer> wakerPorts) {
    List<Attachment> all = new ArrayList<>(attachments(spec, c));
    all.addAll(placeholderAttachments(spec)); // a stopped one's, or a retired one's (see RETIREMENT)
    divertTo(spec, all, wakerPorts);
  }

  private void divertTo(ContainerSpec spec, List<Attachment> all, Map<String, Integer> wakerPorts) {
    SleepSpec sleep = spec.addOn().flatMap(a -> a.sleep()).orElseThrow();
    List<Diversions.Diversion> now = diversions.list().stream().filter(d -> d.addon().equals(spec.key().toString())).toList();
    List<Diversions.Diversion> wanted = new ArrayList<>();
    for (Attachment a : all) {
      Integer port = wakerPorts.get(a.network());
      if (port != null) wanted.add(new Diversions.Diversion(spec.key().toString(), a.network(), a.subnet(), a.address(), sleep.port(), a.gateway(), port));
    }
    for (Diversions.Diversion d : wanted) if (!now.contains(d)) diversions.divert(d);
    for (Diversions.Diversion d : now) if (!wanted.contains(d)) diversions.restore(d);
  }

  /**
   * What kept a sleeper's place goes: it is awake (woken elsewhere, started by hand, or started by a
   * wake that failed, too slow to answer): its diversions, and a placeholder that would answer its
   * names beside it.
   */
  public void undivert(ContainerSpec spec) {
    locked(spec, () -> {
      // Under the lock a wake holds until its record says awake: a wake of ours just done has nothing left for this.
      Optional<ObservedContainer> c = current(spec);
      SleepLog.Entry rec = c.map(o -> records.entries().get(o.id())).orElse(null);
      if (c.isPresent() && rec != null && rec.stage().equals(Sleep.Stage.AWAKE.word())) return null;
      restoreAll(spec);
      removePlaceholders(spec.key().toString());
      return null;
    });
  }

  /**
   * Whether the add-on is still as the idle loop saw it (same container, same state, recorded at the
   * same stage): a client may have woken it between the loop's look and its decision.
   */
  private boolean unchanged(ContainerSpec spec, ObservedContainer seen, String stage) {
    Optional<ObservedContainer> now = current(spec);
    SleepLog.Entry rec = records.entries().get(seen.id());
    return now.isPresent() && now.get().id().equals(seen.id()) && now.get().state() == seen.state()
        && (rec == null ? stage.equals(Sleep.Stage.AWAKE.word()) : rec.stage().equals(stage));
  }

  /** A freeze, or why it did not happen (a session was busy: the add-on is in use after all). */
  public record Result(boolean done, String message) {}

  /**
   * Freezes an idle add-on: its connections diverted to the wakers (waker port by network), its apps'
   * idle sessions closed, its container paused, recorded.
   */
  public Result freeze(ContainerSpec spec, ObservedContainer c, Map<String, Integer> wakerPorts) {
    SleepSpec sleep = spec.addOn().flatMap(a -> a.sleep()).orElseThrow();
    return locked(spec, () -> {
      if (!unchanged(spec, c, Sleep.Stage.AWAKE.word())) return new Result(false, "it changed meanwhile");
      List<Diversions.Diversion> made = divert(spec, c, sleep, wakerPorts);
      ExecResult closed;
      try {
        closed = exec(c.id(), sleep.closeSessions());
      } catch (RuntimeException e) {
        made.forEach(diversions::restore);
        throw e;
      }
      String busy = closed.output().lines().filter(l -> l.startsWith("busy ")).findFirst().map(l -> l.split(" ")[1]).orElse("?");
      if (!closed.succeeded() || !busy.equals("0")) {
        made.forEach(diversions::restore);
        return new Result(false, closed.succeeded() ? busy + " of its sessions busy" : "could not close its sessions: " + last(closed.output()));
      }
      // Recorded first: the reconcile loop, woken by the engine's events, must find a paused add-on asleep, not drifted.
      record(spec, c.id(), Sleep.Stage.FROZEN, Optional.empty());
      try {
        docker.pauseContainer(c.id());
      } catch (RuntimeException e) {
        records.remove(c.id());
        made.forEach(diversions::restore);
        throw e;
      }
      return new Result(true, "frozen");
    });
  }

  /**
   * Stops a frozen add-on (or an awake idle one, frozen first): its container stopped, a placeholder
   * holding its addresses and names in its place, recorded.
   */
  public Result stop(ContainerSpec spec, ObservedContainer c, Map<String, Integer> wakerPorts) {
    SleepSpec sleep = spec.addOn().flatMap(a -> a.sleep()).orElseThrow();
    return locked(spec, () -> {
      boolean wasFrozen = c.state() == ContainerState.PAUSED;
      if (!unchanged(spec, c, wasFrozen ? Sleep.Stage.FROZEN.word() : Sleep.Stage.AWAKE.word())) {
        return new Result(false, "it changed meanwhile");
      }
      List<Diversions.Diversion> made = wasFrozen ? List.of() : divert(spec, c, sleep, wakerPorts);
      List<Attachment> places = attachments(spec, c);
      // Recorded first: the reconcile loop, woken by the engine's die event, must find an exited add-on asleep, not dead.
      record(spec, c.id(), Sleep.Stage.STOPPED, Optional.empty());
      try {
        // The placeholder starts while the add-on still holds its own addresses, at others diverted before it starts.
        placeholder(spec, places, wakerPorts, sleep);
      } catch (RuntimeException e) {
        // Without it, clients would not find the add-on's name once it stops: it stays as it was.
        log.warn("{}: could not start the placeholder of a stopped add-on ({}); it stays frozen", spec.key(), e.getMessage());
        removePlaceholders(spec.key().toString());
        made.forEach(diversions::restore);
        record(spec, c.id(), wasFrozen ? Sleep.Stage.FROZEN : Sleep.Stage.AWAKE, Optional.empty());
        return new Result(false, "its placeholder did not start: " + e.getMessage());
      }
      if (wasFrozen) docker.unpauseContainer(c.id()); // so that the engine takes its stop signal: a clean shutdown
      docker.stopContainer(c.id(), STOP);
      keepAddresses(spec, c, places);
      return new Result(true, "stopped");
    });
  }

  private List<Diversions.Diversion> divert(ContainerSpec spec, ObservedContainer c, SleepSpec sleep, Map<String, Integer> wakerPorts) {
    List<Diversions.Diversion> made = new ArrayList<>();
    for (Attachment a : attachments(spec, c)) {
      Integer port = wakerPorts.get(a.network());
      if (port == null) continue;
      Diversions.Diversion d = new Diversions.Diversion(spec.key().toString(), a.network(), a.subnet(), a.address(), sleep.port(), a.gateway(), port);
      diversions.divert(d);
      made.add(d);
    }
    return made;
  }

  /**
   * Gives the stopped add-on its addresses as static ones, so that it starts on them again when woken
   * (nothing else holds them meanwhile: its placeholder takes others). Clients that resolved its name
   * before it slept, and the diversions, find it where it was.
   */
  private void keepAddresses(ContainerSpec spec, ObservedContainer c, List<Attachment> places) {
    for (NetworkAttachment n : spec.networks()) {
      Optional<Attachment> a = places.stream().filter(p -> p.network().equals(n.networkName())).findFirst();
      if (a.isEmpty()) continue;
      docker.disconnect(c.id(), n.networkName());
      docker.connect(c.id(), new NetworkAttachment(n.network(), n.networkName(), n.aliases(), Optional.of(a.get().address())));
    }
  }

  /**
   * The placeholder: the add-on's image running a sleep, on its networks under its names, so that its
   * clients' lookups of the add-on's names still answer while it is stopped. It takes addresses of its
   * own (chosen from the top of each subnet, where the engine's own choices, from the bottom, seldom
   * reach), diverted before it starts; the add-on keeps its own for its next start.
   */
  private void placeholder(ContainerSpec spec, List<Attachment> places, Map<String, Integer> wakerPorts, SleepSpec sleep) {
    removePlaceholders(spec.key().toString());
    java.util.Set<String> taken = new java.util.HashSet<>();
    for (ObservedContainer o : docker.listContainers(Labels.MANIFEST + "=" + spec.labels().getOrDefault(Labels.MANIFEST, ""))) {
      taken.addAll(o.networks().values());
    }
    RuntimeException last = null;
    for (int attempt = 0; attempt < 5; attempt++) {
      Map<String, String> at = new TreeMap<>();
      List<Diversions.Diversion> made = new ArrayList<>();
      for (Attachment a : places) {
        String ip = Subnets.freeFromTop(a.subnet(), taken);
        taken.add(ip);
        at.put(a.network(), ip);
        Integer port = wakerPorts.get(a.network());
        if (port == null) continue;
        Diversions.Diversion d = new Diversions.Diversion(spec.key().toString(), a.network(), a.subnet(), ip, sleep.port(), a.gateway(), port);
        diversions.divert(d);
        made.add(d);
      }
      try {
        startPlaceholder(spec, at);
        return;
      } catch (RuntimeException e) {
        last = e; // an address someone else holds: the next ones down
        removePlaceholders(spec.key().toString());
        made.forEach(diversions::restore);
      }
    }
    throw last;
  }

  private void startPlaceholder(ContainerSpec spec, Map<String, String> at) {
    List<NetworkAttachment> networks = new ArrayList<>();
    for (NetworkAttachment n : spec.networks()) {
      networks.add(new NetworkAttachment(n.network(), n.networkName(), n.aliases(), Optional.ofNullable(at.get(n.networkName()))));
    }
    Map<String, String> labels = new TreeMap<>();
    labels.put(PLACEHOLDER, spec.key().toString());
    for (String k : List.of(Labels.MANIFEST, Labels.PROJECT)) if (spec.labels().containsKey(k)) labels.put(k, spec.labels().get(k));
    String name = spec.dockerName() + "_asleep";
    ContainerSpec holder = new ContainerSpec(spec.key(), name, spec.image(), List.of("sleep", "infinity"), Map.of(), networks, List.of(),
        List.of(), new Limits(100_000_000L, 16L << 20), new ContainerPolicy(ContainerPolicy.Restart.UNLESS_STOPPED, true, ContainerPolicy.LOGS,
        Optional.empty()), Optional.empty(), List.of(), List.of(), labels);
    String id = docker.createContainer(new ContainerCreate(holder, name, holder.command(), Map.of()));
    for (int i = 1; i < networks.size(); i++) docker.connect(id, networks.get(i));
    docker.startContainer(id);
  }

  /**
   * How long a woken add-on's placeholder outlives the wake, holding its own addresses (diverted to
   * the waker, which passes their connections to the add-on) but no longer the add-on's names: a
   * client that looked the name up while the add-on was stopped has the placeholder's address, and
   * connects to it again after the wake (a pool growing after its first connection; the JVM keeps a
   * lookup 30 s).
   */
  public static final Duration RETIREMENT = Duration.ofSeconds(60);

  /** The woken add-on's placeholder gives its names back (new lookups find the add-on) and keeps its addresses for a while. */
  private void retirePlaceholder(ContainerSpec spec) {
    for (ObservedContainer p : docker.listContainers(PLACEHOLDER + "=" + spec.key())) {
      for (Map.Entry<String, String> n : p.networks().entrySet()) {
        NetworkAttachment a = spec.networks().stream().filter(x -> x.networkName().equals(n.getKey())).findFirst().orElse(null);
        if (a == null || n.getValue() == null || n.getValue().isBlank()) continue;
        docker.disconnect(p.id(), n.getKey());
        docker.connect(p.id(), new NetworkAttachment(a.network(), a.networkName(), List.of(), Optional.of(n.getValue())));
      }
    }
  }

  /** A retired placeholder's addresses: still diverted to the wakers (their ports by network), as a restarted daemon's are. */
  public void divertRetired(ContainerSpec spec, Map<String, Integer> wakerPorts) {
    locked(spec, () -> {
      divertTo(spec, placeholderAttachments(spec), wakerPorts);
      return null;
    });
  }

  /** A woken add-on's retired placeholder goes, with its addresses' diversions, once its retirement is over (or before it stops again). */
  public void endRetirement(ContainerSpec spec) {
    locked(spec, () -> {
      removeRetired(spec);
      return null;
    });
  }

  private void removeRetired(ContainerSpec spec) {
    for (ObservedContainer p : docker.listContainers(PLACEHOLDER + "=" + spec.key())) {
      Set<String> its = Set.copyOf(p.networks().values());
      for (Diversions.Diversion d : diversions.list()) if (d.addon().equals(spec.key().toString()) && its.contains(d.address())) diversions.restore(d);
      docker.removeContainer(p.id());
    }
  }

  /** Removed at once (a forced removal kills its sleep): nothing in it to shut down cleanly, and a wake waits for it. */
  private void removePlaceholders(String addon) {
    for (ObservedContainer p : docker.listContainers(PLACEHOLDER + "=" + addon)) docker.removeContainer(p.id());
  }

  /** What a wake did: the stage it woke from, how long it took, and where the engine answers now (address by network). */
  public record Woken(Sleep.Stage stage, Duration took, Map<String, String> addresses) {
    /** "frozen", "stopped", or "awake" when it was. */
    public String from() {
      return stage.word();
    }

    /** Whether it slept: false when it was awake already. */
    public boolean woke() {
      return stage != Sleep.Stage.AWAKE;
    }
  }

  /**
   * Wakes an add-on: unpaused, or its container started (its placeholder retires: see RETIREMENT);
   * returns once its engine answers (within the wake timeout), with the diversions of its addresses
   * gone and its wake recorded as use (by: who woke it, for the record). An add-on found awake is
   * left as it is.
   */
  public Woken wake(ContainerSpec spec, String by) {
    return wake(spec, by, w -> {});
  }

  /**
   * Wakes as {@link #wake(ContainerSpec, String)} does, telling answered as soon as the engine answers:
   * a held client is passed on then, while the diversions are taken away and the wake recorded.
   */
  public Woken wake(ContainerSpec spec, String by, java.util.function.Consumer<Woken> answered) {
    long start = System.nanoTime();
    // The idle loop leaves a waking add-on alone: started, it runs before its record says awake.
    startWork(spec.key().toString());
    try {
      return locked(spec, () -> wakeLocked(spec, by, answered, start));
    } finally {
      endWork(spec.key().toString());
    }
  }

  private Woken wakeLocked(ContainerSpec spec, String by, java.util.function.Consumer<Woken> answered, long start) {
    ObservedContainer c = current(spec).orElseThrow(() -> new StepFailure(spec.key() + " has no container to wake"));
    Sleep.Stage from = c.state() == ContainerState.PAUSED ? Sleep.Stage.FROZEN
        : c.state() == ContainerState.RUNNING ? Sleep.Stage.AWAKE : Sleep.Stage.STOPPED;
    Map<String, String> addresses = c.networks();
    if (from == Sleep.Stage.FROZEN) {
      try {
        docker.unpauseContainer(c.id());
      } catch (io.orkestr.error.ConflictError woken) {
        // Another orkestr (a command in its own process) woke it first: it is awake, as wanted.
        log.debug("{} was woken meanwhile: {}", spec.key(), woken.getMessage());
      }
      // It was answering when it froze: the first connection finds it as it was.
    } else if (from == Sleep.Stage.STOPPED) {
      // Started on its own (static) addresses beside its placeholder: both are diverted to the waker until it answers,
      // so a client that finds either meanwhile is held, and the placeholder goes once it answers, off the clients' path.
      long t0 = System.nanoTime();
      startOnItsAddresses(spec, c);
      long t1 = System.nanoTime();
      addresses = current(spec).map(ObservedContainer::networks).orElse(addresses);
      awaitAnswer(spec, addresses);
      log.debug("{} woken from stopped: found in {} ms, started in {} ms, answering {} ms later", spec.key(), (t0 - start) / 1_000_000,
          (t1 - t0) / 1_000_000, (System.nanoTime() - t1) / 1_000_000);
    }
    if (from == Sleep.Stage.AWAKE) awaitAnswer(spec, addresses); // woken by a wake that gave up waiting for it, perhaps
    Woken woken = new Woken(from, Duration.ofNanos(System.nanoTime() - start), addresses);
    answered.accept(woken);
    SleepLog.Entry rec = records.entries().get(c.id());
    if (from != Sleep.Stage.AWAKE || rec == null || !rec.stage().equals(Sleep.Stage.AWAKE.word())) {
      // Its addresses are its own again (also ones it had to leave, taken while it was stopped); a placeholder (of its stop,
      // or left beside it by orkestr's work) retires, its addresses still diverted.
      Set<String> placeholders = new java.util.HashSet<>();
      for (ObservedContainer p : docker.listContainers(PLACEHOLDER + "=" + spec.key())) placeholders.addAll(p.networks().values());
      for (Diversions.Diversion d : diversions.list()) {
        if (d.addon().equals(spec.key().toString()) && !placeholders.contains(d.address())) diversions.restore(d);
      }
      if (spec.addOn().map(a -> a.maySleep()).orElse(false)) {
        retirePlaceholder(spec);
      } else {
        removeRetired(spec); // it sleeps no more (business, sleep: never): the idle loop would not end a retirement
      }
      record(spec, c.id(), Sleep.Stage.AWAKE, Optional.of(by));
    }
    return woken;
  }

  /**
   * Starts a stopped add-on on its static addresses; should one have been taken meanwhile, it takes
   * others (its clients then find it by name once the placeholder is gone).
   */
  private void startOnItsAddresses(ContainerSpec spec, ObservedContainer c) {
    try {
      docker.startContainer(c.id());
    } catch (RuntimeException taken) {
      if (current(spec).map(o -> o.state() == ContainerState.RUNNING).orElse(false)) return; // another orkestr started it meanwhile
      log.info("{}: could not start on its own addresses ({}); it takes others", spec.key(), taken.getMessage());
      for (NetworkAttachment n : spec.networks()) {
        docker.disconnect(c.id(), n.networkName());
        docker.connect(c.id(), n);
      }
      docker.startContainer(c.id());
    }
  }

  /** For apply (Sleepers): wakes a sleeping add-on a change needs awake. */
  @Override
  public String wake(ContainerSpec spec, ObservedContainer asleep) {
    Woken w = wake(spec, "orkestr apply");
    return "woke (" + w.from() + ") in " + String.format("%.1fs", w.took().toNanos() / 1e9);
  }

  /** Add-ons orkestr works on (how many works at once): not to be put to sleep by the idle loop meanwhile. */
  private final Map<String, Integer> working = new ConcurrentHashMap<>();

  /** Whether orkestr's own work has the add-on up (the idle loop leaves it alone meanwhile). */
  public boolean working(String addon) {
    return working.containsKey(addon);
  }

  private void startWork(String key) {
    working.merge(key, 1, Integer::sum);
  }

  private void endWork(String key) {
    working.computeIfPresent(key, (k, n) -> n == 1 ? null : n - 1);
  }

  /**
   * For orkestr's own work (Sleepers): the engine brought up (unpaused, or started beside its
   * placeholder at another address: its clients' connections still go to the waker), waited for;
   * put back as it was afterwards unless a client woke it meanwhile (the record then says awake).
   */
  @Override
  public Optional<Runnable> upForWork(ContainerSpec spec, ObservedContainer container) {
    String key = spec.key().toString();
    return locked(spec, () -> {
      ObservedContainer c = current(spec).orElse(container);
      SleepLog.Entry rec = records.entries().get(c.id());
      Sleep.Stage was = c.state() == ContainerState.PAUSED ? Sleep.Stage.FROZEN : c.state() == ContainerState.EXITED ? Sleep.Stage.STOPPED
          : Sleep.Stage.AWAKE;
      if (was == Sleep.Stage.AWAKE) {
        // Awake: kept awake until the work ends (a dump paused halfway by a freeze would wait for a client).
        startWork(key);
        return Optional.<Runnable>of(() -> endWork(key));
      }
      if (rec == null || !rec.stage().equals(was.word())) return Optional.<Runnable>empty(); // not asleep by orkestr's doing
      startWork(key);
      try {
        if (was == Sleep.Stage.FROZEN) {
          docker.unpauseContainer(c.id());
        } else {
          docker.startContainer(c.id());
          awaitAnswer(spec, current(spec).map(ObservedContainer::networks).orElse(c.networks()));
        }
      } catch (RuntimeException e) {
        endWork(key);
        throw e;
      }
      String id = c.id();
      return Optional.<Runnable>of(() -> locked(spec, () -> {
        try {
          SleepLog.Entry e = records.entries().get(id);
          boolean stillAsleep = e != null && !e.stage().equals(Sleep.Stage.AWAKE.word());
          if (stillAsleep && was == Sleep.Stage.FROZEN) docker.pauseContainer(id);
          if (stillAsleep && was == Sleep.Stage.STOPPED) docker.stopContainer(id, STOP);
        } catch (RuntimeException e) {
          log.warn("{}: could not put it back to sleep after orkestr's work: {}", key, e.getMessage());
        } finally {
          endWork(key);
        }
        return null;
      }));
    });
  }

  /** For apply (Sleepers): what kept a sleeping add-on's place goes before its container does. */
  @Override
  public void forget(ObservedContainer asleep) {
    String addon = asleep.labels().getOrDefault(Labels.KEY, "");
    removePlaceholders(addon);
    for (Diversions.Diversion d : diversions.list()) if (d.addon().equals(addon)) diversions.restore(d);
    records.remove(asleep.id());
  }

  private void restoreAll(ContainerSpec spec) {
    for (Diversions.Diversion d : diversions.list()) if (d.addon().equals(spec.key().toString())) diversions.restore(d);
  }

  private void awaitAnswer(ContainerSpec spec, Map<String, String> addresses) {
    String address = spec.networks().stream().map(n -> addresses.get(n.networkName())).filter(a -> a != null && !a.isBlank()).findFirst()
        .orElseThrow(() -> new StepFailure(spec.key() + " has no address to wake it at"));
    int port = io.orkestr.desired.EngineProfile.of(spec.engine().orElseThrow().engine()).port(); // also of a plan that sleeps no more
    String engine = spec.engine().orElseThrow().engine();
    String admin = secrets.resolve(Placeholders.adminPassword(spec.key()));
    long deadline = System.nanoTime() + wakeTimeout.toNanos();
    String said;
    while ((said = EngineAnswers.check(engine, address, port, admin)) != null) {
      if (System.nanoTime() > deadline) {
        throw new StepFailure(spec.key() + " did not answer within " + wakeTimeout.toSeconds() + "s of waking (it said: " + said + ")");
      }
      try {
        Thread.sleep(POLL.toMillis());
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new StepFailure("interrupted while waking " + spec.key());
      }
    }
  }

  private Optional<ObservedContainer> current(ContainerSpec spec) {
    return docker.listContainers(Labels.KEY + "=" + spec.key()).stream().filter(o -> o.name().equals(spec.dockerName())).findFirst();
  }

  private void record(ContainerSpec spec, String containerId, Sleep.Stage stage, Optional<String> by) {
    Instant now = clock.instant();
    Optional<Long> used = stage == Sleep.Stage.AWAKE ? Optional.of(now.toEpochMilli()) : Optional.empty();
    records.putAll(Map.of(containerId, new SleepLog.Entry(spec.key().toString(), stage.word(), now.toEpochMilli(), used, by)));
  }

  private ExecResult exec(String id, Probe p) {
    return docker.exec(id, p.command(), secrets.resolve(p.env()), Duration.ofSeconds(30));
  }

  private String last(String output) {
    return secrets.mask(output.strip()).lines().filter(l -> !l.isBlank()).reduce((a, b) -> b).orElse("no output");
  }

  private <T> T locked(ContainerSpec spec, java.util.function.Supplier<T> work) {
    ReentrantLock lock = locks.computeIfAbsent(spec.key().toString(), k -> new ReentrantLock());
    lock.lock();
    try {
      return work.get();
    } finally {
      lock.unlock();
    }
  }
}
