package io.orkestr.manifest;

import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * SettingKeys are the engine settings a manifest may set under an add-on's {@code settings:}, per
 * engine: what kind of value each takes, and whether a change applies live or needs a restart.
 * Settings that run programs, load code, move the data, change who may connect or undo what the
 * plan sizes are never among them.
 */
public final class SettingKeys {
  /** The kinds of value; each is checked before anything is applied. */
  public enum Kind {
    SIZE("a size such as 8MB (kB, MB, GB)", "^[0-9]+(kB|MB|GB|TB)?$"),
    TIME("a duration such as 30s (ms, s, min, h, d)", "^[0-9]+(us|ms|s|min|h|d)?$"),
    INTEGER("a whole number", "^-?[0-9]+$"),
    NUMBER("a number such as 1.1", "^[0-9]+(\\.[0-9]+)?$"),
    BOOLEAN("true or false", "^(true|false)$"),
    WORD("a word such as UTC or everysec", "^[A-Za-z0-9_./+-]+$");

    private final String description;
    private final Pattern pattern;

    Kind(String description, String pattern) {
      this.description = description;
      this.pattern = Pattern.compile(pattern);
    }

    public String description() {
      return description;
    }

    public boolean accepts(String value) {
      return pattern.matcher(value).matches();
    }
  }

  /** When a change takes effect: live (new connections or at once), or at a restart of the add-on. */
  public enum When { LIVE, RESTART }

  /** One setting a manifest may set. memoryBound: a size that must stay below the plan's memory. */
  public record Key(String name, Kind kind, When when, boolean memoryBound) {}

  private static final Map<Engine, Map<String, Key>> KEYS = Map.of(
      Engine.POSTGRES, keys(
          live("work_mem", Kind.SIZE, true), live("maintenance_work_mem", Kind.SIZE, true), live("temp_buffers", Kind.SIZE, true),
          live("effective_cache_size", Kind.SIZE, false), live("temp_file_limit", Kind.SIZE, false),
          live("hash_mem_multiplier", Kind.NUMBER, false), live("random_page_cost", Kind.NUMBER, false),
          live("seq_page_cost", Kind.NUMBER, false), live("effective_io_concurrency", Kind.INTEGER, false),
          live("max_parallel_workers_per_gather", Kind.INTEGER, false), live("max_parallel_maintenance_workers", Kind.INTEGER, false),
          live("statement_timeout", Kind.TIME, false), live("lock_timeout", Kind.TIME, false),
          live("idle_in_transaction_session_timeout", Kind.TIME, false), live("idle_session_timeout", Kind.TIME, false),
          live("default_statistics_target", Kind.INTEGER, false), live("jit", Kind.BOOLEAN, false),
          live("log_min_duration_statement", Kind.TIME, false), live("timezone", Kind.WORD, false),
          restart("shared_buffers", Kind.SIZE, true), restart("autovacuum_work_mem", Kind.SIZE, true),
          restart("max_wal_size", Kind.SIZE, false), restart("min_wal_size", Kind.SIZE, false),
          restart("checkpoint_timeout", Kind.TIME, false), restart("checkpoint_completion_target", Kind.NUMBER, false),
          restart("autovacuum_naptime", Kind.TIME, false), restart("autovacuum_vacuum_scale_factor", Kind.NUMBER, false),
          restart("autovacuum_analyze_scale_factor", Kind.NUMBER, false), restart("autovacuum_max_workers", Kind.INTEGER, false),
          restart("log_checkpoints", Kind.BOOLEAN, false), restart("track_io_timing", Kind.BOOLEAN, false),
          restart("wal_compression", Kind.WORD, false)),
      Engine.REDIS, keys(
          live("timeout", Kind.INTEGER, false), live("tcp-keepalive", Kind.INTEGER, false), live("maxmemory-samples", Kind.INTEGER, false),
          live("lazyfree-lazy-eviction", Kind.BOOLEAN, false), live("lazyfree-lazy-expire", Kind.BOOLEAN, false),
          live("hz", Kind.INTEGER, false), live("slowlog-log-slower-than", Kind.INTEGER, false),
          live("slowlog-max-len", Kind.INTEGER, false), live("appendfsync", Kind.WORD, false)));

  /** Settings a user might reach for that orkestr will not let a manifest set, and why. */
  private static final Map<String, String> REFUSED = refused();

  private SettingKeys() {}

  public static Map<String, Key> of(Engine engine) {
    return KEYS.get(engine);
  }

  public static Optional<Key> find(Engine engine, String name) {
    return Optional.ofNullable(KEYS.get(engine).get(name));
  }

  /** Why a setting is never allowed, when it is one orkestr refuses on purpose. */
  public static Optional<String> refusal(String name) {
    return Optional.ofNullable(REFUSED.get(name));
  }

  private static Map<String, String> refused() {
    Map<String, String> m = new TreeMap<>();
    String programs = "it runs programs or loads code inside the add-on";
    for (String k : List.of("archive_command", "archive_mode", "restore_command", "archive_cleanup_command", "recovery_end_command",
        "shared_preload_libraries", "session_preload_libraries", "local_preload_libraries", "dynamic_library_path", "loadmodule",
        "enable-debug-command", "enable-module-command", "rename-command")) {
      m.put(k, programs);
    }
    String network = "orkestr decides how the add-on is reached and who may connect";
    for (String k : List.of("listen_addresses", "port", "unix_socket_directories", "ssl", "hba_file", "ident_file", "password_encryption",
        "bind", "protected-mode", "requirepass", "aclfile", "masterauth", "replicaof", "slaveof")) {
      m.put(k, network);
    }
    String data = "orkestr decides where the data lives";
    for (String k : List.of("data_directory", "config_file", "log_directory", "dir", "dbfilename", "appendfilename", "appenddirname")) {
      m.put(k, data);
    }
    String plan = "the plan sets it; a larger plan raises it";
    for (String k : List.of("max_connections", "superuser_reserved_connections", "maxmemory", "maxclients")) m.put(k, plan);
    m.put("maxmemory-policy", "set it with the add-on's eviction key");
    return Collections.unmodifiableMap(m);
  }

  private static Key live(String name, Kind kind, boolean memoryBound) {
    return new Key(name, kind, When.LIVE, memoryBound);
  }

  private static Key restart(String name, Kind kind, boolean memoryBound) {
    return new Key(name, kind, When.RESTART, memoryBound);
  }

  private static Map<String, Key> keys(Key... keys) {
    Map<String, Key> m = new TreeMap<>();
    for (Key k : keys) m.put(k.name(), k);
    return Collections.unmodifiableMap(m);
  }
}
