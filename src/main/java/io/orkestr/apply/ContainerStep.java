package io.orkestr.apply;

import io.orkestr.actual.ContainerState;
import io.orkestr.actual.Observed;
import io.orkestr.actual.ObservedContainer;
import io.orkestr.actual.StorageUse;
import io.orkestr.desired.AddOnRuntime;
import io.orkestr.desired.ContainerFile;
import io.orkestr.desired.ContainerSpec;
import io.orkestr.desired.NetworkAttachment;
import io.orkestr.desired.ResourceKey;
import io.orkestr.docker.ContainerCreate;
import io.orkestr.docker.DockerPort;
import io.orkestr.docker.ExecResult;
import io.orkestr.docker.FileContent;
import io.orkestr.docker.JobOutput;
import io.orkestr.plan.Action;
import io.orkestr.plan.PlannedChange;
import io.orkestr.tier.ByteSize;
import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.BooleanSupplier;

/**
 * ContainerStep makes one container match its spec. Create and replace resolve credentials, write
 * the add-on's files, start the container on all its networks and wait until it answers; an add-on
 * started on existing data is then configured (its roles and live settings: the image's init
 * script only runs on new data). Update changes limits and engine settings live, starts or
 * unpauses, reconnects networks and renames, without a restart. An app is replaced
 * create-before-destroy unless it publishes host ports; its release command runs first, and if it
 * fails, the running app is left alone.
 */
final class ContainerStep {
  private final DockerPort docker;
  private final SecretResolver secrets;
  private final Readiness readiness;
  private final JobRunner jobs;
  private final ApplySettings settings;
  private final ApplyListener listener;
  private final BooleanSupplier cancelled;
  /** Data volumes this apply creates: an add-on on one of them is configured by its image's init script. */
  private final Set<ResourceKey> newVolumes;

  private final MajorUpgradeStep upgrades;
  private final VolumeStep volumes;
  private final StorageSwitch storage;
  private final Sleepers sleepers;

  ContainerStep(DockerPort docker, SecretResolver secrets, Readiness readiness, ApplySettings settings, ApplyListener listener,
      BooleanSupplier cancelled, Set<ResourceKey> newVolumes, UpgradeBackups upgradeBackups, VolumeStep volumes, StorageSwitch storage,
      Sleepers sleepers) {
    this.storage = storage;
    this.sleepers = sleepers;
    this.docker = docker;
    this.secrets = secrets;
    this.readiness = readiness;
    this.jobs = new JobRunner(docker, secrets);
    this.settings = settings;
    this.listener = listener;
    this.cancelled = cancelled;
    this.newVolumes = Set.copyOf(newVolumes);
    this.upgrades = new MajorUpgradeStep(docker, this, upgradeBackups, settings, volumes);
    this.volumes = volumes;
  }

  /**
   * The first half of a new container: its release command, then the container, made but not started.
   * The applier starts it ({@link #start}) once the changes that only create things have run.
   */
  String create(PlannedChange change) {
    ContainerSpec spec = spec(change);
    release(spec);
    return createOnNetworks(spec, spec.dockerName());
  }

  /** The second half of a new container: start it and wait until it answers. */
  String start(PlannedChange change, String id) {
    ContainerSpec spec = spec(change);
    docker.startContainer(id);
    return afterStart(spec, id, "created");
  }

  /** A change in one go (the applier makes a new container in two: {@link #create}, then {@link #start}). */
  String run(PlannedChange change) {
    if (change.action() == Action.REPLACE && !change.before().isEmpty() && change.before().get(0) instanceof ObservedContainer have
        && have.asleep().isPresent()) {
      // A replace (a restart for settings, a major upgrade) starts from an add-on that answers, as a running one would.
      String woke = sleepers.wake(spec(change), have);
      List<Observed> before = new ArrayList<>(change.before());
      before.set(0, have.awake());
      return woke + ", " + run(new PlannedChange(change.key(), change.action(), change.reasons(), change.after(), before, change.refusal(),
          change.upgrade()));
    }
    switch (change.action()) {
      case CREATE:
        return start(change, create(change));
      case UPDATE:
        return update(spec(change), change.before());
      case REPLACE:
        if (change.upgrade().isPresent()) return upgrades.run(change);
        return replace(spec(change), change.before());
      case DELETE:
        removeAll(change.before());
        return "deleted";
      default:
        return "no change";
    }
  }

  private String update(ContainerSpec spec, List<Observed> before) {
    ObservedContainer have = (ObservedContainer) before.get(0);
    List<String> did = new ArrayList<>();
    if (before.size() > 1) {
      removeAll(before.subList(1, before.size()));
      did.add("removed " + (before.size() - 1) + " duplicate");
    }
    if (!have.name().equals(spec.dockerName())) {
      docker.renameContainer(have.id(), spec.dockerName());
      did.add("renamed");
    }
    // A sleeping add-on is woken (and waited for) first: whatever else changes needs its engine.
    boolean woke = have.asleep().isPresent();
    if (woke) did.add(sleepers.wake(spec, have));
    if (!woke && have.state() == ContainerState.PAUSED) {
      docker.unpauseContainer(have.id());
      did.add("unpaused");
    }
    boolean start = !woke && have.state() != ContainerState.RUNNING && have.state() != ContainerState.PAUSED
        && have.state() != ContainerState.RESTARTING;
    boolean accessChanged = spec.addOn().isPresent() && !have.access().map(spec.addOn().get().access().word()::equals).orElse(false);
    boolean settingsChanged = accessChanged || spec.addOn().isPresent() && !spec.addOn().get().settings().all().equals(have.settings());
    boolean limitsChanged = !spec.limits().equals(have.limits());
    // Less memory: the engine's own limit comes down first, so it never holds more than the container may.
    boolean shrinking = spec.limits().memoryBytes() < have.limits().memoryBytes();
    if (settingsChanged && !start && shrinking) did.add(configure(spec, have.id(), accessChanged, "settings applied"));
    if (limitsChanged) {
      docker.updateLimits(have.id(), spec.limits());
      did.add("limits updated");
    }
    if (settingsChanged && !start && !shrinking) did.add(configure(spec, have.id(), accessChanged, "settings applied"));
    did.addAll(reconnect(spec, have));
    if (!start && writesDue(spec, have)) did.add(switchWrites(spec, have.id()));
    if (start) {
      docker.startContainer(have.id());
      did.add("started");
      return afterStart(spec, have.id(), String.join(", ", did));
    }
    return did.isEmpty() ? "updated" : String.join(", ", did);
  }

  private List<String> reconnect(ContainerSpec spec, ObservedContainer have) {
    List<String> did = new ArrayList<>();
    Set<String> wanted = new TreeSet<>();
    for (NetworkAttachment n : spec.networks()) {
      wanted.add(n.networkName());
      if (!have.networks().containsKey(n.networkName())) {
        docker.connect(have.id(), n.networkName(), n.aliases());
        did.add("connected to " + n.networkName());
      }
    }
    for (String n : have.networks().keySet()) {
      if (!wanted.contains(n)) {
        docker.disconnect(have.id(), n);
        did.add("disconnected from " + n);
      }
    }
    return did;
  }

  private String replace(ContainerSpec spec, List<Observed> before) {
    release(spec);
    if (spec.key().kind() == ResourceKey.Kind.APP && spec.ports().isEmpty()) {
      // Create before destroy: the new container answers to the app's name before the old one goes.
      String id = createAndStart(spec, spec.dockerName() + "_" + JobRunner.randomSuffix());
      removeAll(before);
      docker.renameContainer(id, spec.dockerName());
      return "replaced (new container started before the old one was removed)";
    }
    // Add-ons hold their data volume exclusively, and published ports cannot be shared: stop first.
    removeAll(before);
    volumes.growWhileStopped(spec);
    String id = createAndStart(spec, spec.dockerName());
    String did = afterStart(spec, id, "replaced");
    // The switch lives in the data, which the new container opens as it was: it is switched there.
    if (!before.isEmpty() && before.get(0) instanceof ObservedContainer had && writesDue(spec, had)) {
      did += ", " + switchWrites(spec, id);
    }
    return did;
  }

  /**
   * Whether the plan switches apps' writes: the add-on's storage, as last measured, is over its plan's
   * storage but writable, or back under but read-only (see Differ).
   */
  private static boolean writesDue(ContainerSpec spec, ObservedContainer have) {
    return spec.addOn().filter(AddOnRuntime::hasReadOnlySwitch).isPresent() && have.storage().isPresent()
        && (have.storage().get().usedBytes() > spec.addOn().get().storage().get().limitBytes()) != have.storage().get().readOnly();
  }

  /** Measures the add-on again and switches apps' writes as that says (the data may have changed since the plan). */
  private String switchWrites(ContainerSpec spec, String id) {
    String[] switched = {null};
    StorageUse use = storage.enforce(spec.key(), id, spec.addOn().get().storage().get(), (key, what) -> switched[0] = what);
    if (use.problem().isPresent()) throw new StepFailure(spec.key() + ": " + use.problem().get());
    if (switched[0] != null) return switched[0];
    return "storage " + ByteSize.format(use.usedBytes()) + " of " + ByteSize.format(use.limitBytes()) + ": apps' writes left "
        + (use.readOnly() ? "off" : "on") + " (measured again: no longer " + (use.readOnly() ? "under" : "over") + " its plan's storage)";
  }

  private String createAndStart(ContainerSpec spec, String name) {
    String id = createOnNetworks(spec, name);
    docker.startContainer(id);
    return id;
  }

  String createOnNetworks(ContainerSpec spec, String name) {
    ContainerCreate create = new ContainerCreate(spec, name, secrets.resolve(spec.command()), secrets.resolve(spec.env()));
    String id = docker.createContainer(create);
    if (spec.addOn().isPresent() && !spec.addOn().get().files().isEmpty()) {
      List<FileContent> files = new ArrayList<>();
      for (ContainerFile f : spec.addOn().get().files()) {
        files.add(new FileContent(f.path(), secrets.resolve(f.content()).getBytes(java.nio.charset.StandardCharsets.UTF_8), f.mode()));
      }
      docker.copyFiles(id, files);
    }
    for (int i = 1; i < spec.networks().size(); i++) docker.connect(id, spec.networks().get(i));
    return id;
  }

  /**
   * After a start: an add-on on existing data is configured once it answers, also with --no-wait
   * (its data may predate its roles; it answers quickly, being initialised already). One on new
   * data waits only if the apply waits: its image configures it.
   */
  /** An add-on started on data it did not make: waited for and configured, whatever the apply's wait. */
  String afterStartOnExistingData(ContainerSpec spec, String id) {
    return configure(spec, id, true, awaitReady(spec, id, "", true));
  }

  private String afterStart(ContainerSpec spec, String id, String did) {
    boolean existingData = spec.addOn().filter(AddOnRuntime::configureAfterStart).isPresent()
        && !spec.mounts().stream().allMatch(m -> newVolumes.contains(m.volume()));
    if (!existingData) return awaitReady(spec, id, did);
    String ready = awaitReady(spec, id, did, true);
    return configure(spec, id, true, ready + ", configured");
  }

  /**
   * Runs the add-on's configure command (roles, users, live settings), or, for a change of live settings
   * only, its lighter command for them; either fails the step if it fails.
   */
  private String configure(ContainerSpec spec, String id, boolean roles, String did) {
    var configure = roles ? spec.addOn().orElseThrow().configure() : spec.addOn().orElseThrow().applySettings();
    listener.progress(spec.key(), "configuring");
    ExecResult r = docker.exec(id, configure.command(), secrets.resolve(configure.env()), java.time.Duration.ofMinutes(2));
    if (!r.succeeded()) {
      String out = secrets.mask(r.output().strip());
      String last = out.lines().filter(l -> !l.isBlank()).reduce((a, b) -> b).orElse("");
      throw new StepFailure("configuring " + spec.key() + " failed (exit " + r.exitCode() + ")" + (last.isEmpty() ? "" : ": " + last));
    }
    return did;
  }

  private String awaitReady(ContainerSpec spec, String id, String did) {
    return awaitReady(spec, id, did, false);
  }

  String awaitReady(ContainerSpec spec, String id, String did, boolean evenWithoutWait) {
    if ((!settings.waitForReady() && !evenWithoutWait) || spec.readiness().isEmpty()) return did;
    listener.progress(spec.key(), "waiting until it answers");
    long start = System.nanoTime();
    readiness.await(spec, id, settings.readyTimeout(), cancelled);
    return did + ", ready after " + String.format("%.1fs", (System.nanoTime() - start) / 1e9);
  }

  private void release(ContainerSpec spec) {
    if (spec.release().isEmpty()) return;
    listener.progress(spec.key(), "running release command " + String.join(" ", spec.release()));
    Capture output = new Capture();
    int code = jobs.run(spec, "release", spec.release(), Map.of(), output, JobRunner.JobHandle.NONE);
    if (code != 0) {
      throw new StepFailure("release command failed with exit code " + code + "; the deploy stopped and the running app was left as it was"
          + secrets.mask(output.tail()));
    }
  }

  private void removeAll(List<Observed> containers) {
    for (Observed o : containers) {
      if (o instanceof ObservedContainer c && c.sleep().isPresent()) sleepers.forget(c);
      docker.stopContainer(o.id(), settings.stopTimeout());
      docker.removeContainer(o.id());
    }
  }

  private static ContainerSpec spec(PlannedChange change) {
    return (ContainerSpec) change.after().orElseThrow();
  }

  /** Keeps the last lines a release job printed, for the failure message. */
  private static final class Capture implements JobOutput {
    private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();

    @Override
    public synchronized void stdout(byte[] b) {
      bytes.writeBytes(b);
    }

    @Override
    public synchronized void stderr(byte[] b) {
      bytes.writeBytes(b);
    }

    synchronized String tail() {
      List<String> lines = bytes.toString(java.nio.charset.StandardCharsets.UTF_8).lines().filter(l -> !l.isBlank()).toList();
      if (lines.isEmpty()) return "";
      return " (it said: " + String.join(" | ", lines.subList(Math.max(0, lines.size() - 3), lines.size())) + ")";
    }
  }
}
