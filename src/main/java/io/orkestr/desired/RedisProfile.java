package io.orkestr.desired;

import io.orkestr.manifest.AddOn;
import io.orkestr.manifest.Engine;
import io.orkestr.tier.Tier;
import java.util.List;
import java.util.Map;

/** RedisProfile speaks the official redis image's contract: data in /data, redis-server's arguments as the command. */
final class RedisProfile implements EngineProfile {
  static final RedisProfile INSTANCE = new RedisProfile();
  static final String MOUNT = "/data";
  static final int PORT = 6379;

  private RedisProfile() {}

  @Override
  public Engine engine() {
    return Engine.REDIS;
  }

  @Override
  public String mountPath() {
    return MOUNT;
  }

  @Override
  public Shape shape(ResourceKey key, AddOn addOn, Tier tier) {
    String password = Placeholders.password(key);
    List<String> command = List.of("redis-server", "--requirepass", password, "--appendonly", "yes", "--dir", MOUNT);
    // REDISCLI_AUTH lets redis-cli (health check, probes) authenticate without -a.
    var health = ContainerPolicy.HealthCheck.of(List.of("CMD-SHELL", "redis-cli ping | grep -q PONG"));
    Probe readiness = new Probe(List.of("sh", "-c", "redis-cli ping | grep -q PONG"), Map.of());
    return new Shape(command, Map.of("REDISCLI_AUTH", password), health, readiness);
  }

  @Override
  public String variable(String name, ResourceKey addon, String host) {
    // The Redis 6+ ACL user "default": redis-cli -u rejects an empty user name, other clients accept it.
    return "redis://default:" + Placeholders.password(addon) + "@" + host + ":" + PORT + "/0";
  }

  @Override
  public boolean dataTiedToMajor() {
    return false;
  }
}
