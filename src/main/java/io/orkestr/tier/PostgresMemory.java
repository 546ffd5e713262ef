package io.orkestr.tier;

/**
 * PostgresMemory is how a plan's memory divides among a Postgres add-on's uses, so that the
 * plan's connections running ordinary queries stay under the container's memory limit. The split
 * follows PGTune's: shared buffers a quarter of memory, maintenance work memory a sixteenth (at
 * most 2 GiB), the planner's cache estimate three quarters. What is left after shared buffers, the
 * autovacuum workers and a fixed 32 MiB for the server's own processes is shared by the
 * connections and parallel workers; each may use work memory three times over (a sort, plus a
 * hash at hash_mem_multiplier 2), so work memory is that share divided by three.
 *
 * <p>Measured on engine 20.10 at 256 MiB, 20 connections each running a 1.5-million-row GROUP BY:
 * work memory of 2 MiB peaked at 161 MiB of the limit; 4 MiB got a backend OOM-killed.
 */
public record PostgresMemory(long sharedBuffers, long effectiveCacheSize, long maintenanceWorkMem, long autovacuumWorkMem,
    int autovacuumWorkers, int parallelWorkers, long workMem) {
  static final long MIB = 1L << 20;
  /** The server's own processes (postmaster, checkpointer, writers, launcher) and their caches. */
  static final long FIXED = 32 * MIB;
  static final int AUTOVACUUM_WORKERS = 3;
  /** Below this, queries spill to disk all the time: a plan whose connections leave less is refused. */
  public static final long MIN_WORK_MEM = MIB;
  /** Postgres's own minimum. */
  static final long FLOOR = 64 << 10;

  /** The split for a plan's memory, CPUs and connections. */
  public static PostgresMemory of(long memory, double cpu, int connections) {
    long shared = memory / 4;
    long maintenance = Math.min(memory / 16, 2048 * MIB);
    long autovacuum = maintenance / 2;
    int parallel = Math.max(1, (int) Math.ceil(cpu));
    long share = budget(memory) / (connections + (long) parallel);
    long work = Math.max(FLOOR, share / 3 / FLOOR * FLOOR);
    return new PostgresMemory(shared, memory / 4 * 3, maintenance, autovacuum, AUTOVACUUM_WORKERS, parallel, work);
  }

  /** What the connections share: memory less shared buffers, the autovacuum workers and the fixed part. */
  static long budget(long memory) {
    long maintenance = Math.min(memory / 16, 2048 * MIB);
    return Math.max(0, memory - memory / 4 - AUTOVACUUM_WORKERS * (maintenance / 2) - FIXED);
  }

  /** The connections a plan gets when its plans file says none: as many as have 2 MiB of work memory, 1 to 100. */
  static int defaultConnections(long memory, double cpu) {
    long perConnection = 3 * 2 * MIB;
    long fit = budget(memory) / perConnection - Math.max(1, (int) Math.ceil(cpu));
    return (int) Math.max(1, Math.min(100, fit));
  }
}
