package io.orkestr.docker.engine;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.async.ResultCallback;
import com.github.dockerjava.api.command.CreateContainerCmd;
import com.github.dockerjava.api.command.ExecCreateCmdResponse;
import com.github.dockerjava.api.command.InspectContainerResponse;
import com.github.dockerjava.api.exception.NotFoundException;
import com.github.dockerjava.api.exception.NotModifiedException;
import com.github.dockerjava.api.model.Container;
import com.github.dockerjava.api.model.ContainerNetwork;
import com.github.dockerjava.api.model.ExposedPort;
import com.github.dockerjava.api.model.Frame;
import com.github.dockerjava.api.model.HealthCheck;
import com.github.dockerjava.api.model.HostConfig;
import com.github.dockerjava.api.model.InternetProtocol;
import com.github.dockerjava.api.model.LogConfig;
import com.github.dockerjava.api.model.Mount;
import com.github.dockerjava.api.model.MountType;
import com.github.dockerjava.api.model.Network;
import com.github.dockerjava.api.model.Ports;
import com.github.dockerjava.api.model.RestartPolicy;
import com.github.dockerjava.api.model.StreamType;
import com.github.dockerjava.core.DefaultDockerClientConfig;
import com.github.dockerjava.core.DockerClientConfig;
import com.github.dockerjava.core.DockerClientImpl;
import com.github.dockerjava.zerodep.ZerodepDockerHttpClient;
import io.orkestr.actual.ContainerState;
import io.orkestr.actual.ObservedContainer;
import io.orkestr.actual.ObservedNetwork;
import io.orkestr.actual.ObservedVolume;
import io.orkestr.desired.ContainerPolicy;
import io.orkestr.desired.ContainerSpec;
import io.orkestr.desired.Limits;
import io.orkestr.desired.NetworkAttachment;
import io.orkestr.desired.NetworkSpec;
import io.orkestr.desired.PublishedPort;
import io.orkestr.desired.VolumeMount;
import io.orkestr.desired.VolumeSpec;
import io.orkestr.docker.ContainerCreate;
import io.orkestr.docker.DockerEvent;
import io.orkestr.docker.DockerPort;
import io.orkestr.docker.ExecResult;
import io.orkestr.docker.FileContent;
import io.orkestr.docker.StreamedExec;
import io.orkestr.docker.JobOutput;
import io.orkestr.error.ImageUnavailableError;
import java.io.ByteArrayOutputStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;
import java.net.URI;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import java.nio.file.Path;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * DockerJavaAdapter implements DockerPort with docker-java over its zerodep transport, talking to
 * DOCKER_HOST or the default socket. The API version is left to negotiation: engines here speak
 * 1.41 and refuse newer clients' defaults. Each call is counted and logged at DEBUG with its duration.
 */
public final class DockerJavaAdapter implements DockerPort {
  private static final Logger log = LoggerFactory.getLogger(DockerJavaAdapter.class);
  private static final String IMAGE_HINT = "build or load it, set ORKESTR_IMAGE_MIRROR to a registry (or local prefix) that has it,"
      + " or name another image in the add-on's image key";

  private final DockerClient client;
  private final String endpoint;
  private final String endpointSource;
  private final AtomicLong calls = new AtomicLong();

  private DockerJavaAdapter(DockerClient client, String endpoint, String endpointSource) {
    this.client = client;
    this.endpoint = endpoint;
    this.endpointSource = endpointSource;
  }

  /**
   * A client for DOCKER_HOST (with DOCKER_TLS_VERIFY and DOCKER_CERT_PATH) from the given environment,
   * or unix:///var/run/docker.sock. Connects lazily, on the first call.
   */
  public static DockerJavaAdapter fromEnvironment(Map<String, String> env) {
    String host = env.get("DOCKER_HOST");
    boolean fromEnv = host != null && !host.isBlank();
    String source = fromEnv ? "from DOCKER_HOST" : "the default socket; DOCKER_HOST is not set";
    URI uri = URI.create(fromEnv ? host : "unix:///var/run/docker.sock");
    if ("unix".equals(uri.getScheme())) {
      // The common case, a local engine: orkestr's own lean transport and configuration (see their comments).
      DockerClientConfig config = new LocalEngineConfig(uri);
      return new DockerJavaAdapter(DockerClientImpl.getInstance(config, new UnixSocketHttpClient(Path.of(uri.getPath()))),
          uri.toString(), source);
    }
    DefaultDockerClientConfig.Builder builder = DefaultDockerClientConfig.createDefaultConfigBuilder();
    if (fromEnv) builder.withDockerHost(host);
    if (env.containsKey("DOCKER_TLS_VERIFY")) builder.withDockerTlsVerify(!env.get("DOCKER_TLS_VERIFY").isBlank()
        && !env.get("DOCKER_TLS_VERIFY").equals("0"));
    if (env.containsKey("DOCKER_CERT_PATH")) builder.withDockerCertPath(env.get("DOCKER_CERT_PATH"));
    DockerClientConfig config = builder.build();
    ZerodepDockerHttpClient.Builder http = new ZerodepDockerHttpClient.Builder()
        .dockerHost(config.getDockerHost())
        .maxConnections(64)
        .connectionTimeout(Duration.ofSeconds(5))
        .responseTimeout(Duration.ofMinutes(10));
    if (config.getSSLConfig() != null) http.sslConfig(config.getSSLConfig());
    return new DockerJavaAdapter(DockerClientImpl.getInstance(config, http.build()), config.getDockerHost().toString(), source);
  }

  @Override
  public String endpoint() {
    return endpoint;
  }

  @Override
  public long calls() {
    return calls.get();
  }

  @Override
  public void close() {
    try {
      client.close();
    } catch (java.io.IOException | RuntimeException e) {
      log.debug("closing the Docker client: {}", e.toString());
    }
  }

  @Override
  public List<ObservedContainer> listContainers(String label) {
    List<Container> list = call("list containers", () ->
        client.listContainersCmd().withShowAll(true).withLabelFilter(List.of(label)).exec());
    List<ObservedContainer> out = new ArrayList<>();
    for (Container c : list) {
      Map<String, String> networks = new TreeMap<>();
      if (c.getNetworkSettings() != null && c.getNetworkSettings().getNetworks() != null) {
        // A stopped container has no address; one given a static address keeps it for its next start: that one is shown.
        c.getNetworkSettings().getNetworks().forEach((name, n) -> networks.put(name, n.getIpAddress() != null && !n.getIpAddress().isEmpty()
            ? n.getIpAddress() : n.getIpamConfig() != null && n.getIpamConfig().getIpv4Address() != null ? n.getIpamConfig().getIpv4Address() : ""));
      }
      String name = c.getNames() == null || c.getNames().length == 0 ? c.getId() : c.getNames()[0].replaceFirst("^/", "");
      out.add(new ObservedContainer(c.getId(), name, String.valueOf(c.getImage()), ContainerState.of(String.valueOf(c.getState())),
          health(c.getStatus()), c.getLabels() == null ? Map.of() : c.getLabels(), networks, Optional.empty(),
          c.getCreated() == null ? 0 : c.getCreated()));
    }
    return out;
  }

  @Override
  public List<ObservedNetwork> listNetworks() {
    List<Network> list = call("list networks", () -> client.listNetworksCmd().exec());
    List<ObservedNetwork> out = new ArrayList<>();
    for (Network n : list) {
      List<String> subnets = new ArrayList<>();
      if (n.getIpam() != null && n.getIpam().getConfig() != null) {
        for (Network.Ipam.Config c : n.getIpam().getConfig()) if (c.getSubnet() != null) subnets.add(c.getSubnet());
      }
      out.add(new ObservedNetwork(n.getId(), n.getName(), Boolean.TRUE.equals(n.getInternal()), subnets,
          n.getLabels() == null ? Map.of() : n.getLabels()));
    }
    return out;
  }

  @Override
  public List<ObservedVolume> listVolumes(String label) {
    var response = call("list volumes", () -> client.listVolumesCmd().withFilter("label", List.of(label)).exec());
    List<ObservedVolume> out = new ArrayList<>();
    if (response.getVolumes() != null) {
      response.getVolumes().forEach(v -> out.add(new ObservedVolume(v.getName(), v.getLabels() == null ? Map.of() : v.getLabels())));
    }
    return out;
  }

  @Override
  public Limits inspectLimits(String containerId) {
    InspectContainerResponse r = call("inspect container", () -> client.inspectContainerCmd(containerId).exec());
    HostConfig h = r.getHostConfig();
    return new Limits(h.getNanoCPUs() == null ? 0 : h.getNanoCPUs(), h.getMemory() == null ? 0 : h.getMemory());
  }

  @Override
  public java.util.Optional<Long> pid(String containerId) {
    InspectContainerResponse r = call("inspect container", () -> client.inspectContainerCmd(containerId).exec());
    Long pid = r.getState() == null ? null : r.getState().getPidLong();
    return pid == null || pid == 0 ? java.util.Optional.empty() : java.util.Optional.of(pid);
  }

  @Override
  public void createNetwork(NetworkSpec spec) {
    var cmd = client.createNetworkCmd().withName(spec.dockerName()).withDriver("bridge").withInternal(spec.internal())
        .withCheckDuplicate(true).withLabels(spec.labels());
    spec.subnet().ifPresent(s -> cmd.withIpam(new Network.Ipam().withConfig(new Network.Ipam.Config().withSubnet(s))));
    call("create network " + spec.dockerName(), cmd::exec);
  }

  @Override
  public void removeNetwork(String name) {
    ignoreNotFound("remove network " + name, () -> client.removeNetworkCmd(name).exec());
  }

  @Override
  public void createVolume(VolumeSpec spec) {
    var create = client.createVolumeCmd().withName(spec.dockerName()).withLabels(spec.labels());
    // A volume on a disk binds the disk's directory: the local driver mounts it at the container's start and
    // fails that start when the directory is not there (the disk unmounted), rather than start on an empty one.
    spec.bindPath().ifPresent(path -> create.withDriver("local").withDriverOpts(Map.of("type", "none", "o", "bind", "device", path)));
    call("create volume " + spec.dockerName(), create::exec);
  }

  @Override
  public void removeVolume(String name) {
    ignoreNotFound("remove volume " + name, () -> client.removeVolumeCmd(name).exec());
  }

  @Override
  public String createContainer(ContainerCreate create) {
    ContainerSpec s = create.spec();
    NetworkAttachment first = s.networks().get(0);
    ContainerPolicy policy = s.policy();
    HostConfig host = HostConfig.newHostConfig()
        .withNetworkMode(first.networkName())
        .withRestartPolicy(policy.restart() == ContainerPolicy.Restart.NO ? RestartPolicy.noRestart() : RestartPolicy.unlessStoppedRestart())
        .withLogConfig(new LogConfig(LogConfig.LoggingType.JSON_FILE,
            Map.of("max-size", policy.logs().maxSize(), "max-file", Integer.toString(policy.logs().maxFiles()))));
    if (policy.init()) host.withInit(true);
    if (!s.limits().isNone()) {
      // Swap equal to memory: no swap, and a later live update of both is always allowed.
      host.withNanoCPUs(s.limits().nanoCpus()).withMemory(s.limits().memoryBytes()).withMemorySwap(s.limits().memoryBytes());
    }
    List<Mount> mounts = new ArrayList<>();
    for (VolumeMount m : s.mounts()) mounts.add(new Mount().withType(MountType.VOLUME).withSource(m.volumeName()).withTarget(m.path()));
    if (!mounts.isEmpty()) host.withMounts(mounts);
    List<ExposedPort> exposed = new ArrayList<>();
    Ports bindings = new Ports();
    for (PublishedPort p : s.ports()) {
      ExposedPort e = new ExposedPort(p.containerPort(), InternetProtocol.parse(p.protocol()));
      exposed.add(e);
      bindings.bind(e, Ports.Binding.bindIpAndPort(p.hostAddress(), p.hostPort()));
    }
    if (!exposed.isEmpty()) host.withPortBindings(bindings);

    List<String> env = new ArrayList<>();
    create.env().forEach((k, v) -> env.add(k + "=" + v));
    CreateContainerCmd cmd = client.createContainerCmd(s.image()).withName(create.name()).withLabels(s.labels())
        .withEnv(env).withHostConfig(host);
    if (!first.aliases().isEmpty()) cmd.withAliases(first.aliases());
    first.ipv4Address().ifPresent(cmd::withIpv4Address);
    if (!create.command().isEmpty()) cmd.withCmd(create.command());
    if (!exposed.isEmpty()) cmd.withExposedPorts(exposed);
    policy.healthcheck().ifPresent(h -> cmd.withHealthcheck(new HealthCheck().withTest(h.test()).withInterval(h.interval().toNanos())
        .withTimeout(h.timeout().toNanos()).withRetries(h.retries()).withStartPeriod(h.startPeriod().toNanos())));
    try {
      return call("create container " + create.name(), cmd::exec).getId();
    } catch (NotFoundException e) {
      throw new ImageUnavailableError("image " + s.image() + " for " + s.key() + " is not on the Docker engine", IMAGE_HINT, e);
    }
  }

  @Override
  public void copyFiles(String containerId, List<FileContent> files) {
    java.io.ByteArrayOutputStream tar = new java.io.ByteArrayOutputStream();
    try (TarArchiveOutputStream out = new TarArchiveOutputStream(tar)) {
      out.setLongFileMode(TarArchiveOutputStream.LONGFILE_POSIX);
      for (FileContent f : files) {
        TarArchiveEntry entry = new TarArchiveEntry(f.path().replaceFirst("^/", ""));
        byte[] content = f.content();
        entry.setSize(content.length);
        entry.setMode(f.mode());
        out.putArchiveEntry(entry);
        out.write(content);
        out.closeArchiveEntry();
      }
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException("cannot pack files for container " + containerId, e);
    }
    // Extracted at /: the entries carry their paths; Docker creates missing directories (also in volumes of a created container).
    call("copy files into container", () -> client.copyArchiveToContainerCmd(containerId).withRemotePath("/")
        .withTarInputStream(new java.io.ByteArrayInputStream(tar.toByteArray())).exec());
  }

  @Override
  public void startContainer(String id) {
    try {
      call("start container", () -> client.startContainerCmd(id).exec());
    } catch (NotModifiedException alreadyStarted) {
      // idempotent
    }
  }

  @Override
  public void stopContainer(String id, Duration timeout) {
    try {
      ignoreNotFound("stop container", () -> client.stopContainerCmd(id).withTimeout((int) timeout.toSeconds()).exec());
    } catch (NotModifiedException alreadyStopped) {
      // idempotent
    }
  }

  @Override
  public void removeContainer(String id) {
    try {
      // withRemoveVolumes takes anonymous volumes only (what an image's VOLUME makes where nothing is
      // mounted); named volumes, the add-ons' data, are never removed with a container.
      ignoreNotFound("remove container", () -> client.removeContainerCmd(id).withForce(true).withRemoveVolumes(true).exec());
    } catch (io.orkestr.error.ConflictError e) {
      if (!String.valueOf(e.getMessage()).contains("already in progress")) throw e;
    }
  }

  @Override
  public void updateLimits(String id, Limits limits) {
    call("update container", () -> client.updateContainerCmd(id).withNanoCPUs(limits.nanoCpus())
        .withMemory(limits.memoryBytes()).withMemorySwap(limits.memoryBytes()).exec());
  }

  @Override
  public void pauseContainer(String id) {
    call("pause container", () -> client.pauseContainerCmd(id).exec());
  }

  @Override
  public void unpauseContainer(String id) {
    call("unpause container", () -> client.unpauseContainerCmd(id).exec());
  }

  @Override
  public void connect(String containerId, String network, List<String> aliases) {
    call("connect container to " + network, () -> client.connectToNetworkCmd().withContainerId(containerId).withNetworkId(network)
        .withContainerNetwork(new ContainerNetwork().withAliases(aliases)).exec());
  }

  @Override
  public void connect(String containerId, NetworkAttachment a) {
    ContainerNetwork on = new ContainerNetwork().withAliases(a.aliases());
    a.ipv4Address().ifPresent(ip -> on.withIpamConfig(new ContainerNetwork.Ipam().withIpv4Address(ip)));
    call("connect container to " + a.networkName(), () -> client.connectToNetworkCmd().withContainerId(containerId).withNetworkId(a.networkName())
        .withContainerNetwork(on).exec());
  }

  @Override
  public void disconnect(String containerId, String network) {
    ignoreNotFound("disconnect container from " + network,
        () -> client.disconnectFromNetworkCmd().withContainerId(containerId).withNetworkId(network).withForce(true).exec());
  }

  @Override
  public void renameContainer(String id, String newName) {
    call("rename container to " + newName, () -> client.renameContainerCmd(id).withName(newName).exec());
  }

  @Override
  public ExecResult exec(String containerId, List<String> command, Map<String, String> env, Duration timeout) {
    List<String> envList = new ArrayList<>();
    env.forEach((k, v) -> envList.add(k + "=" + v));
    ExecCreateCmdResponse created;
    try {
      created = call("exec in container", () -> client.execCreateCmd(containerId).withCmd(command.toArray(String[]::new))
          .withEnv(envList).withAttachStdout(true).withAttachStderr(true).exec());
    } catch (io.orkestr.error.ConflictError notRunning) {
      return new ExecResult(-1, notRunning.getMessage());
    }
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ResultCallback.Adapter<Frame> callback = new ResultCallback.Adapter<>() {
      @Override
      public void onNext(Frame frame) {
        synchronized (out) {
          if (out.size() < 64 * 1024) out.writeBytes(frame.getPayload());
        }
      }
    };
    call("start exec", () -> {
      try {
        return client.execStartCmd(created.getId()).exec(callback).awaitCompletion(timeout.toMillis(), TimeUnit.MILLISECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return false;
      }
    });
    Long code = call("inspect exec", () -> client.inspectExecCmd(created.getId()).exec().getExitCodeLong());
    synchronized (out) {
      return new ExecResult(code == null ? -1 : code, out.toString(java.nio.charset.StandardCharsets.UTF_8));
    }
  }

  @Override
  public StreamedExec execStreaming(String containerId, List<String> command, Map<String, String> env, java.io.InputStream stdin,
      java.io.OutputStream stdout, Duration timeout) throws java.io.IOException {
    List<String> envList = new ArrayList<>();
    env.forEach((k, v) -> envList.add(k + "=" + v));
    ExecCreateCmdResponse created = call("exec in container", () -> client.execCreateCmd(containerId).withCmd(command.toArray(String[]::new))
        .withEnv(envList).withAttachStdin(stdin != null).withAttachStdout(true).withAttachStderr(true).exec());
    StderrTail stderr = new StderrTail();
    java.io.IOException[] sinkFailure = new java.io.IOException[1];
    ResultCallback.Adapter<Frame> callback = new ResultCallback.Adapter<>() {
      @Override
      public void onNext(Frame frame) {
        if (frame.getStreamType() == StreamType.STDERR) {
          stderr.add(frame.getPayload());
          return;
        }
        try {
          stdout.write(frame.getPayload());
        } catch (java.io.IOException e) {
          sinkFailure[0] = e;
          try {
            close();
          } catch (java.io.IOException ignored) {
            // closing ends the stream; nothing more to do
          }
        }
      }
    };
    boolean finished = call("start exec", () -> {
      try {
        var start = client.execStartCmd(created.getId());
        if (stdin != null) start.withStdIn(stdin);
        return start.exec(callback).awaitCompletion(timeout.toMillis(), TimeUnit.MILLISECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return false;
      }
    });
    if (sinkFailure[0] != null) throw sinkFailure[0];
    if (!finished) {
      callback.close();
      return new StreamedExec(-1, stderr.text());
    }
    Long code = call("inspect exec", () -> client.inspectExecCmd(created.getId()).exec().getExitCodeLong());
    return new StreamedExec(code == null ? -1 : code, stderr.text());
  }

  /** The last 8 KiB of a stream, for the error message. */
  private static final class StderrTail {
    private final byte[] buf = new byte[8192];
    private int length;

    synchronized void add(byte[] bytes) {
      if (bytes.length >= buf.length) {
        System.arraycopy(bytes, bytes.length - buf.length, buf, 0, buf.length);
        length = buf.length;
        return;
      }
      int keep = Math.min(length, buf.length - bytes.length);
      System.arraycopy(buf, length - keep, buf, 0, keep);
      System.arraycopy(bytes, 0, buf, keep, bytes.length);
      length = keep + bytes.length;
    }

    synchronized String text() {
      return new String(buf, 0, length, java.nio.charset.StandardCharsets.UTF_8);
    }
  }

  @Override
  public boolean hasImage(String reference) {
    try {
      call("inspect image " + reference, () -> client.inspectImageCmd(reference).exec());
      return true;
    } catch (NotFoundException e) {
      return false;
    }
  }

  @Override
  public void pullImage(String reference) {
    try {
      call("pull image " + reference, () -> {
        try {
          return client.pullImageCmd(reference).start().awaitCompletion(10, TimeUnit.MINUTES);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          return false;
        }
      });
    } catch (RuntimeException e) {
      if (e instanceof io.orkestr.error.DockerUnavailableError) throw e;
      Throwable cause = e.getCause() != null && e instanceof io.orkestr.error.UserError ? e.getCause() : e;
      throw new ImageUnavailableError("image " + reference + " is not on the Docker engine and could not be pulled ("
          + DockerFailures.dockerMessage(cause) + ")", IMAGE_HINT, e);
    }
  }

  @Override
  public int attachAndWait(String containerId, JobOutput output) {
    ResultCallback.Adapter<Frame> logs = new ResultCallback.Adapter<>() {
      @Override
      public void onNext(Frame frame) {
        if (frame.getStreamType() == StreamType.STDERR) output.stderr(frame.getPayload());
        else output.stdout(frame.getPayload());
      }
    };
    call("follow logs", () -> client.logContainerCmd(containerId).withFollowStream(true).withStdOut(true).withStdErr(true).exec(logs));
    Integer code = call("wait for container", () -> client.waitContainerCmd(containerId).start().awaitStatusCode());
    try {
      logs.awaitCompletion(10, TimeUnit.SECONDS); // the log stream ends shortly after the container
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    return code == null ? -1 : code;
  }

  @Override
  public AutoCloseable events(String containerLabel, java.util.function.Consumer<DockerEvent> onEvent,
      java.util.function.Consumer<Throwable> onEnd) {
    calls.incrementAndGet();
    ResultCallback.Adapter<com.github.dockerjava.api.model.Event> callback = new ResultCallback.Adapter<>() {
      private volatile boolean closedByUs;

      @Override
      public void onNext(com.github.dockerjava.api.model.Event e) {
        String type = e.getType() == null ? "" : e.getType().getValue();
        String action = e.getAction() == null ? String.valueOf(e.getStatus()) : e.getAction();
        Map<String, String> attributes = e.getActor() == null || e.getActor().getAttributes() == null ? Map.of() : e.getActor().getAttributes();
        String id = e.getActor() == null || e.getActor().getId() == null ? String.valueOf(e.getId()) : e.getActor().getId();
        boolean wanted = type.equals("container") ? attributes.containsKey(containerLabel.split("=", 2)[0])
            : type.equals("network") && String.valueOf(attributes.get("name")).startsWith("orkestr_");
        if (wanted) onEvent.accept(new DockerEvent(type, action, id, attributes));
      }

      @Override
      public void onError(Throwable t) {
        if (!closedByUs) onEnd.accept(t);
      }

      @Override
      public void onComplete() {
        if (!closedByUs) onEnd.accept(null);
      }

      @Override
      public void close() throws java.io.IOException {
        closedByUs = true;
        super.close();
      }
    };
    // Two kinds in one stream: the engine ORs values of one filter and ANDs the filters, and networks carry no labels.
    client.eventsCmd().withEventTypeFilter(com.github.dockerjava.api.model.EventType.CONTAINER, com.github.dockerjava.api.model.EventType.NETWORK)
        .withEventFilter("die", "stop", "destroy", "oom", "disconnect").exec(callback);
    return callback;
  }

  /** Reads Docker's "Up 5 minutes (healthy)" into healthy, unhealthy, starting or none. */
  static String health(String status) {
    if (status == null) return "none";
    if (status.contains("(healthy)")) return "healthy";
    if (status.contains("(unhealthy)")) return "unhealthy";
    if (status.contains("(health: starting)")) return "starting";
    return "none";
  }

  private <T> T call(String what, Supplier<T> f) {
    calls.incrementAndGet();
    long start = System.nanoTime();
    try {
      return f.get();
    } catch (NotFoundException | NotModifiedException e) {
      throw e; // callers decide: often "already gone" is success
    } catch (RuntimeException e) {
      throw DockerFailures.translate(what, e, endpoint, endpointSource);
    } finally {
      if (log.isDebugEnabled()) log.debug("docker {} took {} ms", what, (System.nanoTime() - start) / 1_000_000);
    }
  }

  private void call(String what, Runnable f) {
    call(what, () -> {
      f.run();
      return null;
    });
  }

  private void ignoreNotFound(String what, Runnable f) {
    try {
      call(what, f);
    } catch (NotFoundException gone) {
      // already gone: removing it again succeeds
    }
  }
}
