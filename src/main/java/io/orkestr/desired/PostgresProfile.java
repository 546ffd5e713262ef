package io.orkestr.desired;

import io.orkestr.manifest.AddOn;
import io.orkestr.manifest.Engine;
import io.orkestr.tier.Tier;
import java.util.List;
import java.util.Map;

/** PostgresProfile speaks the official postgres image's contract: POSTGRES_USER, POSTGRES_PASSWORD, POSTGRES_DB, PGDATA. */
final class PostgresProfile implements EngineProfile {
  static final PostgresProfile INSTANCE = new PostgresProfile();
  static final String MOUNT = "/var/lib/postgresql/data";
  /** PGDATA sits one level below the mount point, so a first start can initialise it atomically. */
  static final String DATA = MOUNT + "/pgdata";
  static final int PORT = 5432;

  private PostgresProfile() {}

  @Override
  public Engine engine() {
    return Engine.POSTGRES;
  }

  @Override
  public String mountPath() {
    return MOUNT;
  }

  @Override
  public Shape shape(ResourceKey key, AddOn addOn, Tier tier) {
    String password = Placeholders.password(key);
    String ident = DockerNames.databaseIdentifier(addOn.name());
    Map<String, String> env = Map.of("POSTGRES_USER", ident, "POSTGRES_DB", ident, "POSTGRES_PASSWORD", password, "PGDATA", DATA);
    var health = ContainerPolicy.HealthCheck.of(List.of("CMD", "pg_isready", "-q", "-h", "127.0.0.1", "-U", ident, "-d", ident));
    // Over TCP: during its first start the image runs a socket-only server that must not count as ready.
    Probe readiness = new Probe(List.of("psql", "-h", "127.0.0.1", "-U", ident, "-d", ident, "-tAc", "SELECT 1"),
        Map.of("PGPASSWORD", password, "PGCONNECT_TIMEOUT", "3"));
    return new Shape(List.of(), env, health, readiness);
  }

  @Override
  public String variable(String name, ResourceKey addon, String host) {
    String ident = DockerNames.databaseIdentifier(addon.name());
    String password = Placeholders.password(addon);
    switch (name) {
      case "PGHOST": return host;
      case "PGPORT": return Integer.toString(PORT);
      case "PGUSER":
      case "PGDATABASE": return ident;
      case "PGPASSWORD": return password;
      default: return "postgres://" + ident + ":" + password + "@" + host + ":" + PORT + "/" + ident;
    }
  }

  @Override
  public boolean dataTiedToMajor() {
    return true;
  }
}
