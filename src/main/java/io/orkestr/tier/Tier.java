package io.orkestr.tier;

import java.util.Objects;
import java.util.Optional;

/**
 * Tier is one plan's limits: CPU, memory, storage and client connections per add-on, add-ons per
 * project, idle sleep and backups. Users call it a plan ({@code plan: pro}); see the package note for the name.
 */
public record Tier(
    String name,
    String description,
    double cpu,
    long memoryBytes,
    long storageBytes,
    int maxAddons,
    int connections,
    Optional<SleepPolicy> sleep,
    BackupPolicy backups) {

  public Tier {
    Objects.requireNonNull(name);
    Objects.requireNonNull(description);
    Objects.requireNonNull(sleep);
    Objects.requireNonNull(backups);
  }

  /** How the plan's memory divides among a Postgres add-on's uses. */
  public PostgresMemory postgresMemory() {
    return PostgresMemory.of(memoryBytes, cpu, connections);
  }

  /** CPU as Docker's NanoCpus (1 CPU = 10^9). */
  public long nanoCpus() {
    return Math.round(cpu * 1_000_000_000d);
  }
}
