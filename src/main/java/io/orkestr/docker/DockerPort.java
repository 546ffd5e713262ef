package io.orkestr.docker;

import io.orkestr.actual.ObservedContainer;
import io.orkestr.actual.ObservedNetwork;
import io.orkestr.actual.ObservedVolume;
import io.orkestr.desired.Limits;
import io.orkestr.desired.NetworkSpec;
import io.orkestr.desired.VolumeSpec;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * DockerPort is everything orkestr asks of Docker. Reads are list calls filtered by label, so
 * reading the state costs the same few calls however many projects there are. Removals of what is
 * already gone succeed, so every step can be retried after an interrupted apply.
 */
public interface DockerPort {
  /** Managed containers, running or not, with the given label (key=value). */
  List<ObservedContainer> listContainers(String label);

  /** Every network on the engine (their subnets must not be reused). */
  List<ObservedNetwork> listNetworks();

  List<ObservedVolume> listVolumes(String label);

  /** The limits a container has now (they change live, so labels alone cannot tell). */
  Limits inspectLimits(String containerId);

  /** The host's process id of a running (or paused) container's first process, when this engine is on this host. */
  default java.util.Optional<Long> pid(String containerId) {
    return java.util.Optional.empty();
  }

  void createNetwork(NetworkSpec spec);

  void removeNetwork(String name);

  void createVolume(VolumeSpec spec);

  void removeVolume(String name);

  /** Creates (does not start) a container on the spec's first network; returns its id. */
  String createContainer(ContainerCreate create);

  /**
   * Writes files into a container (created or running), creating their directories; owned by root,
   * with each file's mode. Content holds no placeholder: the caller resolved them.
   */
  void copyFiles(String containerId, List<FileContent> files);

  void startContainer(String id);

  void stopContainer(String id, Duration timeout);

  void removeContainer(String id);

  void updateLimits(String id, Limits limits);

  void unpauseContainer(String id);

  void pauseContainer(String id);

  void connect(String containerId, String network, List<String> aliases);

  /** Connects under the attachment's aliases, at its address when it gives one. */
  default void connect(String containerId, io.orkestr.desired.NetworkAttachment a) {
    if (a.ipv4Address().isPresent()) throw new UnsupportedOperationException("this Docker port cannot connect at a given address");
    connect(containerId, a.networkName(), a.aliases());
  }

  void disconnect(String containerId, String network);

  void renameContainer(String id, String newName);

  ExecResult exec(String containerId, List<String> command, Map<String, String> env, Duration timeout);

  /**
   * Runs a command in a running container with stdin read from {@code stdin} (null: none) and stdout
   * written to {@code stdout} as it arrives, through a bounded buffer: nothing the size of the output
   * is held in memory. Returns the exit code and stderr's last lines. A sink that fails ends the exec
   * (the command then sees a closed pipe); its IOException is thrown.
   */
  StreamedExec execStreaming(String containerId, List<String> command, Map<String, String> env, java.io.InputStream stdin,
      java.io.OutputStream stdout, Duration timeout) throws java.io.IOException;

  boolean hasImage(String reference);

  /** Pulls an image; throws ImageUnavailableError when it cannot. */
  void pullImage(String reference);

  /** Streams a started container's output until it exits, and returns its exit code. */
  int attachAndWait(String containerId, JobOutput output);

  /**
   * Streams the engine's events about containers with the label (die, stop, destroy, oom) and about
   * orkestr's networks (destroy, a container disconnected) to onEvent, until closed; onEnd is told when the stream ends by itself (the
   * engine went away). Events are hints to reconcile sooner, never a source of truth.
   */
  AutoCloseable events(String containerLabel, java.util.function.Consumer<DockerEvent> onEvent,
      java.util.function.Consumer<Throwable> onEnd);

  /** Where the engine is ("unix:///var/run/docker.sock"), for messages. */
  String endpoint();

  /** Docker API calls made so far (for `--stats` and the benchmark). */
  long calls();

  /** Releases the connection to the engine (a daemon makes one port per command). */
  default void close() {}
}
