package io.orkestr.desired;

import io.orkestr.manifest.AddOn;
import io.orkestr.manifest.Engine;
import io.orkestr.tier.Tier;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * EngineProfile is everything that differs between the engines orkestr manages: the image's
 * contract (where the data lives, the command and environment), its health check and readiness
 * probe, and the connection variables apps get. One profile per engine, so that nothing else
 * asks which engine an add-on runs; adding an engine means adding a profile.
 */
public interface EngineProfile {
  static EngineProfile of(Engine engine) {
    switch (engine) {
      case POSTGRES: return PostgresProfile.INSTANCE;
      case REDIS: return RedisProfile.INSTANCE;
      default: throw new IllegalArgumentException("no profile for " + engine);
    }
  }

  /** The profile of an engine named as in labels and EngineRef ("postgres"). */
  static EngineProfile of(String engineId) {
    return of(Engine.of(engineId));
  }

  Engine engine();

  /** Where the image keeps its data: the data volume's mount point. */
  String mountPath();

  /** The add-on's container as the image's contract wants it, credentials as placeholders. */
  Shape shape(ResourceKey key, AddOn addOn, Tier tier);

  /**
   * The value of a connection variable this add-on provides (see manifest.ConnectionNames), for an
   * app that reaches it at {@code host}: a URL, or one of Postgres's PG* variables.
   */
  String variable(String name, ResourceKey addon, String host);

  /** Whether a change of this setting applies without a restart. */
  boolean appliesLive(String setting);

  /**
   * Whether a data volume can only be opened by the major version that wrote it (Postgres), so a
   * change of major on existing data is refused rather than started.
   */
  boolean dataTiedToMajor();

  /**
   * Where the engine keeps, on a size-limited disk, the data its plan's storage limits (Postgres:
   * the app's database, as a tablespace), or empty when it needs none (Redis: maxmemory).
   */
  default java.util.Optional<String> spaceMount() {
    return java.util.Optional.empty();
  }

  /** The port its engine serves clients on. */
  int port();

  /** How its backups are written and restored. */
  BackupFormat backupFormat();

  /** How an add-on of this engine that may sleep (policy: its windows) is probed for use and readied to freeze. */
  SleepSpec sleep(ResourceKey key, AddOn addOn, io.orkestr.tier.SleepPolicy policy);

  /** How to measure an add-on's storage and, where the engine has nothing of its own, make it read-only for apps. */
  StorageCommands storage(ResourceKey key, AddOn addOn, Tier tier);

  /**
   * StorageCommands: measure prints "USED_BYTES READ_ONLY" (true or false); readOnly and writable
   * switch apps' writes off and on (Postgres; Redis's maxmemory refuses writes by itself).
   */
  record StorageCommands(Probe measure, long limitBytes, java.util.Optional<Probe> readOnly, java.util.Optional<Probe> writable) {
    public StorageCommands {
      Objects.requireNonNull(measure);
      Objects.requireNonNull(readOnly);
      Objects.requireNonNull(writable);
    }
  }

  /**
   * Shape is an add-on container as its engine wants it: command, environment, health check and
   * readiness probe; its settings and access; the files written into it before it starts; and the
   * command that configures it when it runs (see AddOnRuntime).
   */
  record Shape(List<String> command, Map<String, String> env, ContainerPolicy.HealthCheck healthcheck, Probe readiness,
      EngineSettings settings, Access access, List<ContainerFile> files, Probe configure, boolean configureAfterStart,
      Probe applySettings) {
    public Shape {
      command = List.copyOf(command);
      env = Map.copyOf(env);
      Objects.requireNonNull(healthcheck);
      Objects.requireNonNull(readiness);
      Objects.requireNonNull(settings);
      Objects.requireNonNull(access);
      files = List.copyOf(files);
      Objects.requireNonNull(configure);
      Objects.requireNonNull(applySettings);
    }
  }
}
