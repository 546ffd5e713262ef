package io.orkestr.manifest;

import java.util.Optional;

/** AddOn is a managed data service of a project: a Postgres database or a Redis. */
public sealed interface AddOn permits PostgresAddOn, RedisAddOn {
  String name();

  Engine engine();

  /** The engine version as written, or the newest supported: "17", "15.18". */
  String version();

  /** An image that replaces the official one for this version. */
  Optional<String> image();

  BackupSettings backups();

  default boolean automaticBackups() {
    return backups().automatic();
  }

  /** Engine settings the manifest overrides (see SettingKeys), values as written; true/false for booleans. */
  java.util.Map<String, String> settings();

  /** Whether the app's role (Postgres) or user (Redis) is an administrator: for tools that truly need it. */
  boolean superuser();

  /** What the add-on asks of its plan's idle sleep. */
  AddOnSleep sleep();

  /** The major version: "15.18" -> 15. */
  default int major() {
    int dot = version().indexOf('.');
    return Integer.parseInt(dot < 0 ? version() : version().substring(0, dot));
  }
}
