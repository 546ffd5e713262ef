package io.orkestr.docker;

import io.orkestr.actual.ContainerState;
import io.orkestr.actual.ObservedContainer;
import io.orkestr.actual.ObservedNetwork;
import io.orkestr.actual.ObservedVolume;
import io.orkestr.desired.Limits;
import io.orkestr.desired.NetworkAttachment;
import io.orkestr.desired.NetworkSpec;
import io.orkestr.desired.VolumeSpec;
import io.orkestr.error.ConflictError;
import io.orkestr.error.ImageUnavailableError;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;

/**
 * FakeDockerPort keeps containers, networks and volumes in memory, for unit tests of planning and
 * apply ordering. It is never the proof that a feature works against Docker; DockerPortContract
 * runs the same checks against it and the real engine to keep it honest.
 */
public final class FakeDockerPort implements DockerPort {
  public final Map<String, FakeContainer> containers = new LinkedHashMap<>();
  public final Map<String, ObservedNetwork> networks = new LinkedHashMap<>();
  public final Map<String, ObservedVolume> volumes = new LinkedHashMap<>();
  public final Set<String> images = new TreeSet<>();
  public final List<String> log = new ArrayList<>();
  /** Make a call fail: the predicate sees "verb name", e.g. "create orkestr_shop_db". */
  public Predicate<String> failing = s -> false;
  private final AtomicInteger ids = new AtomicInteger();
  private long calls;

  /** A container as the fake keeps it. */
  public static final class FakeContainer {
    public final String id;
    public String name;
    public final String image;
    public final Map<String, String> labels;
    public final Map<String, String> env;
    public final Map<String, String> networks = new TreeMap<>();
    public ContainerState state = ContainerState.CREATED;
    public Limits limits;
    public final List<String> command;
    /** Files written into it, path to content. */
    public final Map<String, String> files = new TreeMap<>();
    /** Commands exec'd in it, in order (the first word after sh -c is enough to tell them apart in tests). */
    public final List<List<String>> execs = new ArrayList<>();

    FakeContainer(String id, String name, String image, Map<String, String> labels, Map<String, String> env, Limits limits, List<String> command) {
      this.id = id;
      this.name = name;
      this.image = image;
      this.labels = labels;
      this.env = env;
      this.limits = limits;
      this.command = command;
    }
  }

  private synchronized void call(String what) {
    calls++;
    log.add(what);
    if (failing.test(what)) throw new io.orkestr.error.UserError("fake failure: " + what);
  }

  @Override
  public synchronized List<ObservedContainer> listContainers(String label) {
    call("list containers");
    List<ObservedContainer> out = new ArrayList<>();
    String[] kv = label.split("=", 2);
    for (FakeContainer c : containers.values()) {
      if (kv.length == 2 ? !kv[1].equals(c.labels.get(kv[0])) : !c.labels.containsKey(kv[0])) continue;
      out.add(new ObservedContainer(c.id, c.name, c.image, c.state, "none", c.labels, c.networks, Optional.empty(), Long.parseLong(c.id.substring(1))));
    }
    return out;
  }

  @Override
  public synchronized List<ObservedNetwork> listNetworks() {
    call("list networks");
    return new ArrayList<>(networks.values());
  }

  @Override
  public synchronized List<ObservedVolume> listVolumes(String label) {
    call("list volumes");
    String[] kv = label.split("=", 2);
    return volumes.values().stream().filter(v -> kv[1].equals(v.labels().get(kv[0]))).toList();
  }

  @Override
  public synchronized Limits inspectLimits(String containerId) {
    call("inspect " + containerId);
    return container(containerId).limits;
  }

  @Override
  public synchronized void createNetwork(NetworkSpec spec) {
    call("create network " + spec.dockerName());
    if (networks.containsKey(spec.dockerName())) throw new ConflictError("network " + spec.dockerName() + " exists", null);
    networks.put(spec.dockerName(), new ObservedNetwork("n" + ids.incrementAndGet(), spec.dockerName(), spec.internal(),
        spec.subnet().map(List::of).orElse(List.of()), spec.labels()));
  }

  @Override
  public synchronized void removeNetwork(String name) {
    call("remove network " + name);
    // Like Docker: only a started container holds an endpoint; a created one does not block removal.
    if (containers.values().stream().anyMatch(c -> c.networks.containsKey(name)
        && (c.state == ContainerState.RUNNING || c.state == ContainerState.PAUSED))) {
      throw new io.orkestr.error.UserError("Docker failed to remove network " + name + ": network " + name + " has active endpoints");
    }
    networks.remove(name);
  }

  @Override
  public synchronized void createVolume(VolumeSpec spec) {
    call("create volume " + spec.dockerName());
    volumes.putIfAbsent(spec.dockerName(), new ObservedVolume(spec.dockerName(), spec.labels()));
  }

  @Override
  public synchronized void removeVolume(String name) {
    call("remove volume " + name);
    volumes.remove(name);
  }

  @Override
  public synchronized String createContainer(ContainerCreate create) {
    call("create " + create.name());
    if (!images.contains(create.spec().image())) throw new ImageUnavailableError("no image " + create.spec().image(), null, null);
    if (containers.values().stream().anyMatch(c -> c.name.equals(create.name()))) throw new ConflictError("name in use: " + create.name(), null);
    String id = "c" + ids.incrementAndGet();
    FakeContainer c = new FakeContainer(id, create.name(), create.spec().image(), create.spec().labels(), create.env(),
        create.spec().limits(), create.command());
    NetworkAttachment first = create.spec().networks().get(0);
    c.networks.put(first.networkName(), "10.0.0." + ids.get());
    containers.put(id, c);
    return id;
  }

  @Override
  public synchronized void copyFiles(String containerId, List<FileContent> files) {
    call("copy files " + container(containerId).name);
    for (FileContent f : files) container(containerId).files.put(f.path(), new String(f.content(), java.nio.charset.StandardCharsets.UTF_8));
  }

  @Override
  public synchronized void startContainer(String id) {
    call("start " + container(id).name);
    container(id).state = ContainerState.RUNNING;
  }

  @Override
  public synchronized void stopContainer(String id, Duration timeout) {
    call("stop " + id);
    if (containers.containsKey(id)) containers.get(id).state = ContainerState.EXITED;
  }

  @Override
  public synchronized void removeContainer(String id) {
    call("remove " + id);
    containers.remove(id);
  }

  @Override
  public synchronized void updateLimits(String id, Limits limits) {
    call("update " + container(id).name);
    container(id).limits = limits;
  }

  @Override
  public synchronized void unpauseContainer(String id) {
    call("unpause " + id);
    container(id).state = ContainerState.RUNNING;
  }

  @Override
  public synchronized void pauseContainer(String id) {
    call("pause " + id);
    container(id).state = ContainerState.PAUSED;
  }

  @Override
  public synchronized void connect(String containerId, String network, List<String> aliases) {
    call("connect " + container(containerId).name + " " + network);
    container(containerId).networks.put(network, "10.0.1." + ids.incrementAndGet());
  }

  @Override
  public synchronized void disconnect(String containerId, String network) {
    call("disconnect " + containerId + " " + network);
    container(containerId).networks.remove(network);
  }

  @Override
  public synchronized void renameContainer(String id, String newName) {
    call("rename " + id + " " + newName);
    container(id).name = newName;
  }

  @Override
  public synchronized ExecResult exec(String containerId, List<String> command, Map<String, String> env, Duration timeout) {
    call("exec " + container(containerId).name);
    FakeContainer c = container(containerId);
    c.execs.add(command);
    // Like the engine, `cat FILE` shows a file written into the container.
    if (c.state == ContainerState.RUNNING && command.size() == 2 && command.get(0).equals("cat") && c.files.containsKey(command.get(1))) {
      return new ExecResult(0, c.files.get(command.get(1)));
    }
    return container(containerId).state == ContainerState.RUNNING ? new ExecResult(0, "") : new ExecResult(-1, "not running");
  }

  /**
   * What a streaming exec does in the fake: by default {@code cat} copies stdin to stdout, {@code cat FILE}
   * prints a file written into the container or fails as cat does; tests may replace it.
   */
  public StreamingBehaviour streaming = (container, command, stdin, stdout) -> {
    if (command.equals(List.of("cat"))) {
      stdin.transferTo(stdout);
      return new StreamedExec(0, "");
    }
    if (command.size() == 2 && command.get(0).equals("cat")) {
      String file = container.files.get(command.get(1));
      if (file == null) return new StreamedExec(1, "cat: " + command.get(1) + ": No such file or directory\n");
      stdout.write(file.getBytes(java.nio.charset.StandardCharsets.UTF_8));
      return new StreamedExec(0, "");
    }
    return new StreamedExec(127, "fake: " + command + " is not emulated\n");
  };

  /** StreamingBehaviour is a streaming exec in the fake. */
  public interface StreamingBehaviour {
    StreamedExec run(FakeContainer container, List<String> command, java.io.InputStream stdin, java.io.OutputStream stdout)
        throws java.io.IOException;
  }

  @Override
  public StreamedExec execStreaming(String containerId, List<String> command, Map<String, String> env, java.io.InputStream stdin,
      java.io.OutputStream stdout, Duration timeout) throws java.io.IOException {
    FakeContainer c;
    synchronized (this) {
      call("exec " + container(containerId).name);
      c = container(containerId);
      c.execs.add(command);
      if (c.state != ContainerState.RUNNING) return new StreamedExec(-1, "container " + c.name + " is not running");
    }
    return streaming.run(c, command, stdin == null ? java.io.InputStream.nullInputStream() : stdin, stdout);
  }

  @Override
  public synchronized boolean hasImage(String reference) {
    call("has image " + reference);
    return images.contains(reference);
  }

  @Override
  public synchronized void pullImage(String reference) {
    call("pull " + reference);
    throw new ImageUnavailableError("image " + reference + " could not be pulled", "set ORKESTR_IMAGE_MIRROR", null);
  }

  @Override
  public synchronized int attachAndWait(String containerId, JobOutput output) {
    call("attach " + containerId);
    FakeContainer c = container(containerId);
    c.state = ContainerState.EXITED;
    output.stdout(("ran " + String.join(" ", c.command) + "\n").getBytes(java.nio.charset.StandardCharsets.UTF_8));
    return c.command.contains("fail") ? 1 : 0;
  }

  private final List<java.util.function.Consumer<DockerEvent>> listeners = new java.util.concurrent.CopyOnWriteArrayList<>();

  @Override
  public AutoCloseable events(String containerLabel, java.util.function.Consumer<DockerEvent> onEvent,
      java.util.function.Consumer<Throwable> onEnd) {
    listeners.add(onEvent);
    return () -> listeners.remove(onEvent);
  }

  /** Tells the event listeners, as the engine would. */
  public void emit(DockerEvent e) {
    listeners.forEach(l -> l.accept(e));
  }

  @Override
  public String endpoint() {
    return "fake://";
  }

  @Override
  public synchronized long calls() {
    return calls;
  }

  public synchronized FakeContainer byName(String name) {
    return containers.values().stream().filter(c -> c.name.equals(name)).findFirst().orElse(null);
  }

  private FakeContainer container(String id) {
    FakeContainer c = containers.get(id);
    if (c == null) throw new io.orkestr.error.UserError("no such container " + id);
    return c;
  }
}
