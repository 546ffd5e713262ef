package io.orkestr.apply;

import io.orkestr.apply.PhasedExecutor.Phase;
import io.orkestr.credential.CredentialStore;
import io.orkestr.desired.ResourceKey;
import io.orkestr.docker.DockerPort;
import io.orkestr.error.UserError;
import io.orkestr.plan.Action;
import io.orkestr.plan.Graph;
import io.orkestr.plan.Plan;
import io.orkestr.plan.PlannedChange;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.Callable;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.function.BooleanSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Applier carries out a plan: a change runs once every change it depends on is done, up to
 * {@code parallelism} at a time. A failed change fails alone; what depends on it is skipped. Once
 * cancelled (Ctrl-C), running changes finish and nothing new starts.
 */
public final class Applier {
  private static final Logger log = LoggerFactory.getLogger(Applier.class);

  private final ApplySettings settings;
  private final ApplyListener listener;
  private final NetworkStep networks;
  private final VolumeStep volumes;
  private final DockerPort docker;
  private final SecretResolver secrets;
  private final BooleanSupplier cancelled;
  private final UpgradeBackups upgrades;
  private final io.orkestr.disk.DiskPort disks;
  private final StorageSwitch.Measurements measurements;
  private final Sleepers sleepers;
  /** One for the whole apply: its probes, all add-ons together, are spaced (see Readiness). */
  private final Readiness readiness;

  /** cancelled, once true, stops new changes from starting; those running finish (a half-made container is worse than none). */
  public Applier(DockerPort docker, CredentialStore credentials, ApplySettings settings, ApplyListener listener,
      BooleanSupplier cancelled) {
    this(docker, credentials, settings, listener, cancelled, UpgradeBackups.unavailable("major upgrades need backups, which this apply has not"));
  }

  /** upgrades: what major upgrades need from backups. */
  public Applier(DockerPort docker, CredentialStore credentials, ApplySettings settings, ApplyListener listener,
      BooleanSupplier cancelled, UpgradeBackups upgrades) {
    this(docker, io.orkestr.disk.DiskPort.none("this apply makes no disks"), credentials, settings, listener, cancelled, upgrades);
  }

  /** disks: the host's size-limited file systems, for volumes that bind one. */
  public Applier(DockerPort docker, io.orkestr.disk.DiskPort disks, CredentialStore credentials, ApplySettings settings,
      ApplyListener listener, BooleanSupplier cancelled, UpgradeBackups upgrades) {
    this(docker, disks, credentials, settings, listener, cancelled, upgrades, StorageSwitch.Measurements.NONE, Sleepers.NONE);
  }

  /**
   * measurements: where the storage measured by a planned switch of apps' writes goes (see
   * LiveUpdateLog); sleepers: wakes the add-ons orkestr put to sleep when a change needs them.
   */
  public Applier(DockerPort docker, io.orkestr.disk.DiskPort disks, CredentialStore credentials, ApplySettings settings,
      ApplyListener listener, BooleanSupplier cancelled, UpgradeBackups upgrades, StorageSwitch.Measurements measurements,
      Sleepers sleepers) {
    this.upgrades = upgrades;
    this.sleepers = sleepers;
    this.measurements = measurements;
    this.settings = settings;
    this.listener = listener;
    this.cancelled = cancelled;
    this.docker = docker;
    this.secrets = new SecretResolver(credentials);
    this.networks = new NetworkStep(docker);
    this.disks = disks;
    this.readiness = new Readiness(docker, secrets);
    this.volumes = new VolumeStep(docker, disks, credentials, readiness, settings, cancelled);
  }

  public ApplyReport apply(Plan plan) {
    long start = System.nanoTime();
    Set<ResourceKey> newVolumes = new TreeSet<>();
    for (PlannedChange c : plan.changes()) {
      if (c.action() == Action.CREATE && c.key().kind() == ResourceKey.Kind.VOLUME) newVolumes.add(c.key());
    }
    ContainerStep containers = new ContainerStep(docker, secrets, readiness, settings, listener, cancelled, newVolumes, upgrades, volumes,
        new StorageSwitch(docker, secrets, measurements), sleepers);
    Graph graph = plan.graph();
    Map<ResourceKey, PlannedChange> changes = new HashMap<>();
    for (PlannedChange c : plan.changes()) if (c.isChange()) changes.put(c.key(), c);
    Map<ResourceKey, StepResult> results = new HashMap<>();
    List<StepResult> inOrder = new ArrayList<>();
    Set<ResourceKey> pending = new TreeSet<>(graph.nodes());
    BlockingQueue<StepResult> done = new LinkedBlockingQueue<>();
    PhasedExecutor pool = new PhasedExecutor(Math.min(settings.parallelism(), Math.max(1, changes.size())));
    int running = 0;
    try {
      while (!pending.isEmpty() || running > 0) {
        int before = pending.size();
        for (ResourceKey key : new ArrayList<>(pending)) {
          Optional<ResourceKey> blocked = graph.dependenciesOf(key).stream()
              .filter(d -> results.containsKey(d) && results.get(d).outcome() != Outcome.DONE).findFirst();
          if (blocked.isPresent() || (cancelled.getAsBoolean() && running == 0)) {
            pending.remove(key);
            String why = blocked.map(b -> "skipped: " + b + " did not succeed").orElse("skipped: apply was interrupted");
            record(new StepResult(key, changes.get(key).action(), Outcome.SKIPPED, why, Duration.ZERO), results, inOrder);
          } else if (!cancelled.getAsBoolean() && results.keySet().containsAll(graph.dependenciesOf(key))) {
            pending.remove(key);
            submit(changes.get(key), plan, containers, pool, done);
            running++;
          }
        }
        if (running == 0) {
          if (pending.size() == before && !pending.isEmpty()) throw new IllegalStateException("dependency cycle among " + pending);
          continue; // everything left was just skipped
        }
        record(take(done), results, inOrder);
        running--;
      }
    } finally {
      pool.shutdownNow();
    }
    return new ApplyReport(inOrder, Duration.ofNanos(System.nanoTime() - start));
  }

  /**
   * Queues a change. A new container is made in two tasks: created in the creation phase, with the
   * networks and volumes, and started in the start phase, once nothing is left to create. The engine
   * gets through many starts faster when no creation comes between them (see README, "Performance");
   * Compose orders its work the same way.
   */
  private void submit(PlannedChange change, Plan plan, ContainerStep containers, PhasedExecutor pool, BlockingQueue<StepResult> done) {
    if (!change.key().kind().isContainer()) {
      pool.execute(Phase.CREATION, () -> done.add(step(change, () -> change.key().kind() == ResourceKey.Kind.VOLUME
          ? volumes.run(change, addOnOf(change.key(), plan)) : networks.run(change))));
    } else if (change.action() != Action.CREATE) {
      pool.execute(Phase.START, () -> done.add(step(change, () -> containers.run(change))));
    } else {
      pool.execute(Phase.CREATION, () -> {
        long began = System.nanoTime();
        StepResult created = step(change, () -> containers.create(change));  // when done, its message is the container's id
        if (created.outcome() != Outcome.DONE) {
          done.add(created);
          return;
        }
        String id = created.message();
        // Once created, the change is in progress: it is started even if the apply was interrupted meanwhile.
        pool.execute(Phase.START, () -> done.add(attempt(change, began, () -> containers.start(change, id))));
      });
    }
  }

  /** The add-on a data volume belongs to, as the plan wants it (every desired resource is in the plan, changed or not). */
  private static Optional<io.orkestr.desired.ContainerSpec> addOnOf(ResourceKey volume, Plan plan) {
    return plan.change(ResourceKey.addon(volume.owner(), volume.name())).flatMap(PlannedChange::after)
        .filter(io.orkestr.desired.ContainerSpec.class::isInstance).map(io.orkestr.desired.ContainerSpec.class::cast);
  }

  /** Runs a change unless the apply was interrupted before it could start. */
  private StepResult step(PlannedChange change, Callable<String> work) {
    if (cancelled.getAsBoolean()) {
      // submitted before the interrupt, but still waiting for a thread: it has not started, so it does not
      return new StepResult(change.key(), change.action(), Outcome.SKIPPED, "skipped: apply was interrupted", Duration.ZERO);
    }
    listener.started(change.key(), change.action());
    return attempt(change, System.nanoTime(), work);
  }

  private StepResult attempt(PlannedChange change, long start, Callable<String> work) {
    Outcome outcome = Outcome.DONE;
    String message;
    try {
      message = work.call();
    } catch (StepFailure | UserError e) {
      outcome = Outcome.FAILED;
      message = e.getMessage();
    } catch (Exception e) {
      log.debug("{} failed", change.key(), e);
      outcome = Outcome.FAILED;
      message = "internal error: " + e.getMessage();
    }
    Duration took = Duration.ofNanos(System.nanoTime() - start);
    return new StepResult(change.key(), change.action(), outcome, message, took);
  }

  private void record(StepResult r, Map<ResourceKey, StepResult> results, List<StepResult> inOrder) {
    results.put(r.key(), r);
    inOrder.add(r);
    listener.finished(r);
  }

  private static StepResult take(BlockingQueue<StepResult> done) {
    try {
      return done.take();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("apply interrupted", e);
    }
  }
}
