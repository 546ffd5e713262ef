package io.orkestr.backup;

import io.orkestr.apply.Readiness;
import io.orkestr.apply.SecretResolver;
import io.orkestr.desired.ContainerPolicy;
import io.orkestr.desired.ContainerSpec;
import io.orkestr.desired.Labels;
import io.orkestr.desired.Limits;
import io.orkestr.desired.NetworkAttachment;
import io.orkestr.desired.NetworkSpec;
import io.orkestr.desired.Placeholders;
import io.orkestr.desired.ResourceKey;
import io.orkestr.desired.VolumeMount;
import io.orkestr.desired.VolumeSpec;
import io.orkestr.docker.ContainerCreate;
import io.orkestr.docker.DockerPort;
import io.orkestr.docker.ExecResult;
import io.orkestr.docker.StreamedExec;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.ThreadLocalRandom;

/**
 * ContainerWork runs the steps of a backup, restore or verification in containers: scripts with
 * the add-on's credentials resolved (and masked from any message), waits, and throwaway containers
 * on networks of their own that are removed however the work ends.
 */
final class ContainerWork {
  /** Throwaway containers, volumes and networks carry it, so that leftovers of a killed run can be found. */
  static final String LABEL = "orkestr.backup-work";

  /** As long as apply waits for an add-on to answer by default. */
  static final Duration READY_TIMEOUT = io.orkestr.apply.ApplySettings.DEFAULT.readyTimeout();

  final DockerPort docker;
  final SecretResolver secrets;
  private final Readiness readiness;

  ContainerWork(DockerPort docker, SecretResolver secrets) {
    this.docker = docker;
    this.secrets = secrets;
    this.readiness = new Readiness(docker, secrets);
  }

  /** Returns once the add-on answers, as apply's wait means it (a container just started does not yet). */
  void awaitReady(AddOnTarget t) {
    readiness.await(t.spec(), t.containerId(), READY_TIMEOUT, () -> false);
  }

  /** Starts the add-on's container again and returns once it answers. */
  void startAndAwait(AddOnTarget t) {
    readiness.start(t.spec(), t.containerId(), READY_TIMEOUT, () -> false);
  }

  /** Runs a shell script in a container; its output, or BackupFailure with its last line. */
  String sh(String containerId, String what, String script, Map<String, String> env) {
    ExecResult r = docker.exec(containerId, List.of("sh", "-c", script), secrets.resolve(env), Duration.ofMinutes(30));
    if (!r.succeeded()) throw new BackupFailure(what + " failed: " + lastLine(r.output()));
    return r.output();
  }

  /** Runs a script that reads stdin from in and/or writes stdout to out, streamed. */
  void stream(String containerId, String what, String script, Map<String, String> env, InputStream in, OutputStream out)
      throws IOException {
    StreamedExec r = docker.execStreaming(containerId, List.of("sh", "-c", script), secrets.resolve(env), in,
        out == null ? OutputStream.nullOutputStream() : out, Duration.ofHours(12));
    if (!r.succeeded()) {
      throw new BackupFailure(what + " failed" + (r.exitCode() < 0 ? " (it did not finish)" : "") + ": " + lastLine(r.stderrTail()));
    }
  }

  /** Polls a script until it succeeds, up to the timeout. */
  void await(String containerId, String what, String script, Map<String, String> env, Duration timeout) {
    long deadline = System.nanoTime() + timeout.toNanos();
    String last = "";
    long pause = 100;
    while (System.nanoTime() < deadline) {
      ExecResult r = docker.exec(containerId, List.of("sh", "-c", script), secrets.resolve(env), Duration.ofSeconds(15));
      if (r.succeeded()) return;
      last = r.output();
      sleep(pause);
      pause = Math.min(1000, pause * 2);
    }
    throw new BackupFailure(what + " did not happen within " + timeout.toSeconds() + "s: " + lastLine(last));
  }

  String lastLine(String text) {
    String line = secrets.mask(text).lines().map(String::strip).filter(l -> !l.isEmpty()).reduce((a, b) -> b).orElse("no output");
    return line.length() > 300 ? line.substring(0, 300) + "..." : line;
  }

  /**
   * A throwaway container of the add-on's image on an internal network of its own (no app reaches it,
   * nothing is published), with a volume of its own at mountPath when given, else like's volumes (a
   * helper working on the add-on's data while the add-on is stopped). Closing removes what it made.
   */
  Throwaway throwaway(String manifest, ContainerSpec like, String purpose, List<String> command, Map<String, String> env,
      Optional<String> mountPath) {
    String id = purpose + "-" + hex();
    String name = "orkestr_" + like.key().owner() + "_" + like.key().name() + "_" + id;
    Map<String, String> labels = new TreeMap<>(Map.of(LABEL, id, Labels.MANIFEST, manifest, Labels.PROJECT, like.key().owner()));
    NetworkSpec net = new NetworkSpec(ResourceKey.network(like.key().owner(), id), name, true, Optional.empty(), labels);
    Throwaway t = new Throwaway(name);
    try {
      docker.createNetwork(net);
      t.network = true;
      List<VolumeMount> mounts = like.mounts();
      if (mountPath.isPresent()) {
        docker.createVolume(new VolumeSpec(ResourceKey.volume(like.key().owner(), id), name, Optional.empty(), labels));
        t.volume = true;
        mounts = List.of(new VolumeMount(ResourceKey.volume(like.key().owner(), id), name, mountPath.get()));
      }
      ContainerSpec spec = new ContainerSpec(like.key(), name, like.image(), command, env,
          List.of(new NetworkAttachment(net.key(), name, List.of())), mounts, List.of(), like.limits().isNone() ? Limits.NONE : like.limits(),
          ContainerPolicy.job(), Optional.empty(), List.of(), List.of(), labels);
      t.containerId = docker.createContainer(new ContainerCreate(spec, name, command, secrets.resolve(env)));
      docker.startContainer(t.containerId);
      return t;
    } catch (RuntimeException e) {
      t.close();
      throw e;
    }
  }

  /** A password for a throwaway container: nothing else ever uses it. */
  static String randomPassword() {
    return hex() + hex() + hex() + hex();
  }

  static String hex() {
    byte[] b = new byte[4];
    ThreadLocalRandom.current().nextBytes(b);
    return HexFormat.of().formatHex(b);
  }

  private static void sleep(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new BackupFailure("interrupted");
    }
  }

  /** Throwaway is a container, its network and its volume, removed on close. */
  final class Throwaway implements AutoCloseable {
    final String name;
    String containerId;
    boolean network;
    boolean volume;

    Throwaway(String name) {
      this.name = name;
    }

    @Override
    public void close() {
      // Each part goes even if another could not: what is left carries LABEL for the next sweep.
      ignoring(() -> {
        if (containerId != null) docker.removeContainer(containerId);
      });
      ignoring(() -> {
        if (volume) docker.removeVolume(name);
      });
      ignoring(() -> {
        if (network) docker.removeNetwork(name);
      });
    }
  }

  static void ignoring(Runnable r) {
    try {
      r.run();
    } catch (RuntimeException ignored) {
      // best effort: see Throwaway.close
    }
  }

  /** The add-on's admin password placeholder, for scripts' environments. */
  static Map<String, String> admin(ResourceKey key) {
    return Map.of("ORKESTR_ADMIN_PASSWORD", Placeholders.adminPassword(key));
  }
}
