package io.orkestr.desired;

import io.orkestr.manifest.AddOn;
import io.orkestr.manifest.Engine;
import io.orkestr.manifest.Project;
import io.orkestr.tier.Tier;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * AddOnContainers builds an add-on's container spec, speaking the official images' contract:
 * POSTGRES_USER/PASSWORD/DB and PGDATA for postgres, redis-server arguments for redis.
 */
final class AddOnContainers {
  /** PGDATA sits one level below the mount point, so a first start can initialise it atomically. */
  static final String PG_MOUNT = "/var/lib/postgresql/data";
  static final String PG_DATA = PG_MOUNT + "/pgdata";
  static final String REDIS_MOUNT = "/data";

  private final ImageCatalog images;

  AddOnContainers(ImageCatalog images) {
    this.images = images;
  }

  ContainerSpec build(Project project, AddOn addOn, Tier tier, List<NetworkAttachment> networks, Map<String, String> baseLabels) {
    ResourceKey key = ResourceKey.addon(project.name(), addOn.name());
    String password = Placeholders.password(key);
    String ident = DockerNames.databaseIdentifier(addOn.name());
    VolumeMount mount;
    List<String> command = new ArrayList<>();
    Map<String, String> env = new TreeMap<>();
    List<String> health;
    Probe readiness;
    if (addOn.engine() == Engine.POSTGRES) {
      mount = new VolumeMount(ResourceKey.volume(project.name(), addOn.name()), DockerNames.volume(project.name(), addOn.name()), PG_MOUNT);
      env.put("POSTGRES_USER", ident);
      env.put("POSTGRES_DB", ident);
      env.put("POSTGRES_PASSWORD", password);
      env.put("PGDATA", PG_DATA);
      health = List.of("CMD", "pg_isready", "-q", "-h", "127.0.0.1", "-U", ident, "-d", ident);
      // Over TCP: during its first start the image runs a socket-only server that must not count as ready.
      readiness = new Probe(List.of("psql", "-h", "127.0.0.1", "-U", ident, "-d", ident, "-tAc", "SELECT 1"),
          Map.of("PGPASSWORD", password, "PGCONNECT_TIMEOUT", "3"));
    } else {
      mount = new VolumeMount(ResourceKey.volume(project.name(), addOn.name()), DockerNames.volume(project.name(), addOn.name()), REDIS_MOUNT);
      command.addAll(List.of("redis-server", "--requirepass", password, "--appendonly", "yes", "--dir", REDIS_MOUNT));
      env.put("REDISCLI_AUTH", password); // lets redis-cli (health check, probes) authenticate without -a
      health = List.of("CMD-SHELL", "redis-cli ping | grep -q PONG");
      readiness = new Probe(List.of("sh", "-c", "redis-cli ping | grep -q PONG"), Map.of());
    }
    EngineRef engine = new EngineRef(addOn.engine().id(), addOn.version(), addOn.major());
    Limits limits = new Limits(tier.nanoCpus(), tier.memoryBytes());
    ContainerSpec spec = new ContainerSpec(key, DockerNames.container(project.name(), addOn.name()), images.imageFor(addOn),
        command, env, networks, List.of(mount), List.of(), limits, health, Optional.of(readiness), Optional.of(engine),
        List.of(), List.of(), Map.of());
    Map<String, String> labels = new TreeMap<>(baseLabels);
    labels.put(Labels.ENGINE, engine.engine());
    labels.put(Labels.ENGINE_VERSION, engine.version());
    return ContainerLabels.finish(spec, labels);
  }
}
