package io.orkestr.desired;

import io.orkestr.manifest.AddOn;
import io.orkestr.manifest.Engine;
import io.orkestr.manifest.SettingKeys;
import io.orkestr.manifest.SettingValues;
import io.orkestr.tier.PostgresMemory;
import io.orkestr.tier.Tier;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * PostgresProfile speaks the official postgres image's contract (POSTGRES_USER, POSTGRES_PASSWORD,
 * POSTGRES_DB, PGDATA, arguments passed to postgres, scripts in /docker-entrypoint-initdb.d). The
 * image's superuser is orkestr's own role, {@code orkestr}; apps log in as a role named after the
 * add-on that owns its database and everything in it, and is no superuser (see PostgresAccess).
 * Settings follow the plan: those only a restart applies are {@code -c} arguments, the rest are
 * set for the app's role in its database, live.
 */
final class PostgresProfile implements EngineProfile {
  static final PostgresProfile INSTANCE = new PostgresProfile();
  static final String MOUNT = "/var/lib/postgresql/data";
  /** PGDATA sits one level below the mount point, so a first start can initialise it atomically. */
  static final String DATA = MOUNT + "/pgdata";
  static final int PORT = 5432;
  static final String SPACE = "/var/lib/postgresql/space";
  /** orkestr's own superuser in every Postgres add-on. */
  static final String ADMIN_ROLE = "orkestr";
  /** Connections kept for orkestr's superuser (backups, checks) when the apps use all of theirs. */
  static final int RESERVED = 3;
  static final String INIT_SCRIPT = "/docker-entrypoint-initdb.d/orkestr-access.sh";

  private PostgresProfile() {}

  @Override
  public Engine engine() {
    return Engine.POSTGRES;
  }

  @Override
  public String mountPath() {
    return MOUNT;
  }

  /** The app's database's tablespace lives here, on the add-on's disk; its WAL and the cluster's own files stay on the data volume. */
  @Override
  public java.util.Optional<String> spaceMount() {
    return java.util.Optional.of(SPACE);
  }

  @Override
  public Shape shape(ResourceKey key, AddOn addOn, Tier tier) {
    String ident = DockerNames.databaseIdentifier(addOn.name());
    EngineSettings settings = settings(addOn, tier);
    Access access = addOn.superuser() ? Access.SUPERUSER : Access.RESTRICTED;
    List<String> command = new java.util.ArrayList<>(List.of("postgres"));
    settings.restart().forEach((k, v) -> command.addAll(List.of("-c", k + "=" + v)));
    Map<String, String> env = Map.of("POSTGRES_USER", ADMIN_ROLE, "POSTGRES_DB", ident, "POSTGRES_PASSWORD", Placeholders.adminPassword(key),
        "PGDATA", DATA, "ORKESTR_APP_PASSWORD", Placeholders.password(key));
    var health = ContainerPolicy.HealthCheck.of(List.of("CMD", "pg_isready", "-q", "-h", "127.0.0.1", "-d", ident));
    // Over TCP, as the app: the image's first start runs a socket-only server that must not count as ready.
    Probe readiness = new Probe(List.of("psql", "-X", "-h", "127.0.0.1", "-U", ident, "-d", ident, "-tAc", "SELECT 1"),
        Map.of("PGPASSWORD", Placeholders.password(key), "PGCONNECT_TIMEOUT", "3"));
    String script = PostgresAccess.script(ident, access, tier.connections(), settings.live());
    // The same script makes the roles of new data (the image runs it once, at the first start) and brings existing
    // data to them (run by orkestr: after a start on existing data, and for live changes).
    List<ContainerFile> files = List.of(new ContainerFile(INIT_SCRIPT, script, 0755));
    Probe configure = new Probe(List.of("sh", "-c", script),
        Map.of("ORKESTR_APP_PASSWORD", Placeholders.password(key), "ORKESTR_ADMIN_PASSWORD", Placeholders.adminPassword(key)));
    Probe applySettings = new Probe(List.of("sh", "-c", PostgresAccess.settingsScript(ident, tier.connections(), settings.live())), Map.of());
    return new Shape(command, env, health, readiness, settings, access, files, configure, true, applySettings);
  }

  /**
   * The plan's settings (see tier.PostgresMemory for the memory split), with the manifest's
   * overrides on top. Restart: shared memory, connection slots, WAL and autovacuum sizing. Live
   * (for the app's role in its database): work memory and the planner's settings.
   */
  static EngineSettings settings(AddOn addOn, Tier tier) {
    PostgresMemory m = tier.postgresMemory();
    SortedMap<String, String> restart = new TreeMap<>();
    restart.put("shared_buffers", SettingValues.postgresSize(m.sharedBuffers()));
    restart.put("max_connections", Integer.toString(tier.connections() + RESERVED));
    restart.put("superuser_reserved_connections", Integer.toString(RESERVED));
    restart.put("autovacuum_work_mem", SettingValues.postgresSize(m.autovacuumWorkMem()));
    restart.put("max_parallel_workers", Integer.toString(m.parallelWorkers()));
    long maxWal = Math.max(64L << 20, Math.min(4L << 30, tier.storageBytes() / 8)) >> 20 << 20;
    restart.put("max_wal_size", SettingValues.postgresSize(maxWal));
    restart.put("min_wal_size", SettingValues.postgresSize(Math.max(32L << 20, maxWal / 4 >> 20 << 20)));
    restart.put("checkpoint_completion_target", "0.9");
    int gather = (int) Math.min(4, Math.floor(tier.cpu() / 2));
    SortedMap<String, String> live = new TreeMap<>();
    live.put("work_mem", SettingValues.postgresSize(m.workMem()));
    live.put("hash_mem_multiplier", "2");
    live.put("temp_buffers", SettingValues.postgresSize(Math.max(800L << 10, m.workMem())));
    live.put("maintenance_work_mem", SettingValues.postgresSize(m.maintenanceWorkMem()));
    live.put("effective_cache_size", SettingValues.postgresSize(m.effectiveCacheSize()));
    live.put("max_parallel_workers_per_gather", Integer.toString(gather));
    live.put("max_parallel_maintenance_workers", Integer.toString(gather));
    live.put("random_page_cost", "1.1");
    live.put("effective_io_concurrency", "200");
    live.put("temp_file_limit", SettingValues.postgresSize(tier.storageBytes() / 4 >> 10 << 10));
    addOn.settings().forEach((k, v) -> {
      String value = v.equals("true") ? "on" : v.equals("false") ? "off" : v;
      boolean restarts = SettingKeys.find(Engine.POSTGRES, k).map(s -> s.when() == SettingKeys.When.RESTART).orElse(false);
      (restarts ? restart : live).put(k, value);
    });
    return new EngineSettings(restart, live);
  }

  /**
   * The app's database size (pg_database_size, what managed services report), against the plan's
   * storage. Over it, the database turns read-only for apps in a way they cannot undo (see
   * PostgresReadOnly), and writable again once back under.
   */
  @Override
  public StorageCommands storage(ResourceKey key, AddOn addOn, Tier tier) {
    String app = DockerNames.databaseIdentifier(addOn.name());
    Probe measure = new Probe(List.of("sh", "-c", PostgresReadOnly.measure(app)), Map.of());
    Probe readOnly = new Probe(List.of("sh", "-c", PostgresReadOnly.readOnly(app, io.orkestr.tier.ByteSize.format(tier.storageBytes()))), Map.of());
    Probe writable = new Probe(List.of("sh", "-c", PostgresReadOnly.writable(app, DiskPlacement.reserveFor(tier.storageBytes()))), Map.of());
    return new StorageCommands(measure, tier.storageBytes(), java.util.Optional.of(readOnly), java.util.Optional.of(writable));
  }

  @Override
  public int port() {
    return PORT;
  }

  @Override
  public BackupFormat backupFormat() {
    return BackupFormat.PG_DUMP;
  }

  /**
   * Use by the engine's own meaning (pg_stat_activity; the app database's transactions in
   * pg_stat_database, which count sessions that came and went between two probes), as orkestr's
   * role from the postgres database; see SleepSpec for what it prints. A session that only
   * connected, or only ran an empty query (what JDBC's isValid sends), has not used it.
   */
  @Override
  public SleepSpec sleep(ResourceKey key, AddOn addOn, io.orkestr.tier.SleepPolicy policy) {
    String app = DockerNames.databaseIdentifier(addOn.name());
    String apps = "backend_type = 'client backend' AND datname = '" + app + "' AND usename <> '" + ADMIN_ROLE + "'"
        + " AND application_name NOT LIKE 'orkestr%' AND pid <> pg_backend_pid()";
    // From the postgres database: the probe's own transactions must not count in the app database's.
    String idle = "psql -X -q -tA -F ' ' -v ON_ERROR_STOP=1 -U " + ADMIN_ROLE + " -d postgres <<'SQL'\n"
        + "SELECT 'active', count(*) FROM pg_stat_activity WHERE " + apps + " AND state <> 'idle';\n"
        + "SELECT 'last', coalesce(floor(extract(epoch FROM max(state_change)) * 1000), 0)::bigint FROM pg_stat_activity WHERE " + apps
        + " AND query <> '';\n"
        + "SELECT 'counter', coalesce(sum(xact_commit + xact_rollback), 0) FROM pg_stat_database WHERE datname = '" + app + "';\n"
        + "SELECT 'holder', coalesce(host(client_addr), 'local') || ' ' || coalesce(nullif(application_name, ''), '-') FROM pg_stat_activity"
        + " WHERE " + apps + " AND query <> '' ORDER BY state <> 'idle' DESC, state_change DESC NULLS LAST LIMIT 1;\n"
        + "SQL";
    // Idle sessions are closed only when none is busy (a query or a transaction in progress): then nothing is.
    String close = "psql -X -q -tA -F ' ' -v ON_ERROR_STOP=1 -U " + ADMIN_ROLE + " -d postgres <<'SQL'\n"
        + "WITH busy AS (SELECT count(*) AS n FROM pg_stat_activity WHERE " + apps
        + " AND state <> 'idle')\n"
        + "SELECT 'busy', n, (SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity WHERE " + apps + " AND state = 'idle' AND n = 0)"
        + " FROM busy;\n"
        + "SQL";
    return new SleepSpec(policy, PORT, new Probe(List.of("sh", "-c", idle), Map.of("PGAPPNAME", "orkestr-sleep")),
        new Probe(List.of("sh", "-c", close), Map.of("PGAPPNAME", "orkestr-sleep")));
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

  /** Those set for the app's role (SettingKeys' live ones); everything else is a -c argument, applied at a restart. */
  @Override
  public boolean appliesLive(String setting) {
    return SettingKeys.find(Engine.POSTGRES, setting).map(k -> k.when() == SettingKeys.When.LIVE).orElse(false);
  }

  @Override
  public boolean dataTiedToMajor() {
    return true;
  }
}
