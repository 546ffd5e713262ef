package io.orkestr.apply;

import io.orkestr.desired.ContainerPolicy;
import io.orkestr.desired.ContainerSpec;
import io.orkestr.desired.Labels;
import io.orkestr.desired.Limits;
import io.orkestr.desired.NetworkAttachment;
import io.orkestr.docker.ContainerCreate;
import io.orkestr.docker.DockerPort;
import io.orkestr.docker.JobOutput;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.ThreadLocalRandom;

/**
 * JobRunner runs a one-off container (a migration, an app's release command) on the project's
 * networks with the project's environment, streams its output, returns its exit code and always
 * removes it. Job containers carry {@code orkestr.job} instead of a key, so plans never see them.
 */
public final class JobRunner {
  public static final String JOB_LABEL = "orkestr.job";

  private final DockerPort docker;
  private final SecretResolver secrets;

  public JobRunner(DockerPort docker, SecretResolver secrets) {
    this.docker = docker;
    this.secrets = secrets;
  }

  /**
   * Runs {@code command} in a container shaped like {@code like} (image, environment, networks), named
   * {@code <name>_<kind>_<random>}; the image's entry point still applies.
   */
  public int run(ContainerSpec like, String kind, List<String> command, Map<String, String> extraLabels, JobOutput output,
      JobHandle handle) {
    Map<String, String> labels = new TreeMap<>();
    for (String k : List.of(Labels.MANAGED, Labels.MANIFEST, Labels.PROJECT)) {
      if (like.labels().containsKey(k)) labels.put(k, like.labels().get(k));
    }
    labels.putAll(extraLabels);
    labels.put(JOB_LABEL, kind);
    List<NetworkAttachment> networks = like.networks().stream()
        .map(n -> new NetworkAttachment(n.network(), n.networkName(), List.of())).toList();
    ContainerSpec job = new ContainerSpec(like.key(), like.dockerName() + "_" + kind + "_" + randomSuffix(), like.image(),
        command, like.env(), networks, List.of(), List.of(), Limits.NONE, ContainerPolicy.job(), Optional.empty(),
        List.of(), List.of(), labels);
    String id = docker.createContainer(new ContainerCreate(job, job.dockerName(), secrets.resolve(command), secrets.resolve(job.env())));
    handle.started(id);
    try {
      for (int i = 1; i < networks.size(); i++) docker.connect(id, networks.get(i).networkName(), List.of());
      docker.startContainer(id);
      return docker.attachAndWait(id, output);
    } finally {
      docker.stopContainer(id, Duration.ofSeconds(5));
      docker.removeContainer(id);
      handle.removed(id);
    }
  }

  static String randomSuffix() {
    byte[] b = new byte[4];
    ThreadLocalRandom.current().nextBytes(b);
    return HexFormat.of().formatHex(b);
  }

  /** JobHandle lets a caller remove the job container if it is interrupted (Ctrl-C) while the job runs. */
  public interface JobHandle {
    JobHandle NONE = new JobHandle() {};

    default void started(String containerId) {}

    default void removed(String containerId) {}
  }
}
