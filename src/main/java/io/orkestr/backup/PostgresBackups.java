package io.orkestr.backup;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * PostgresBackups: pg_dump in custom format, compressed with zstd or zlib at level 1 (below), as
 * orkestr's own role, streamed out of the container. Every table's row count is taken in the
 * snapshot the dump reads, so a verification compares like with like. A restore runs
 * pg_restore --clean --if-exists --single-transaction --no-owner as orkestr with the app's role
 * (SET ROLE), so the objects are the app's again; a restore that fails rolls back whole.
 */
final class PostgresBackups implements EngineBackups {
  /**
   * zstd level 1 where pg_dump has it (16 and later; Debian builds them with zstd), else zlib level 1:
   * at 1 GB both took about 0.55 of the time of pg_dump's default (zlib 6), zstd's dump the smallest
   * (README, "Performance", bin/bench-backup).
   */
  static final String COMPRESSION = "$(if [ \"$(pg_dump --version | sed -n 's/^pg_dump (PostgreSQL) \\([0-9]*\\).*/\\1/p')\" -ge 16 ]"
      + " 2>/dev/null; then echo --compress=zstd:1; else echo -Z1; fi)";
  /** Every user table with its rows, as "rows schema.table N" lines. */
  private static final String COUNTS = "SELECT 'rows ' || format('%I.%I', n.nspname, c.relname) || ' '"
      + " || (xpath('/row/c/text()', query_to_xml(format('SELECT count(*) AS c FROM %I.%I', n.nspname, c.relname), false, true, '')))[1]::text"
      + " FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace"
      + " WHERE c.relkind IN ('r', 'p') AND n.nspname NOT IN ('pg_catalog', 'information_schema') AND n.nspname NOT LIKE 'pg\\_%' ORDER BY 1;";

  private final ContainerWork work;

  PostgresBackups(ContainerWork work) {
    this.work = work;
  }


  @Override
  public Taken dump(AddOnTarget t, OutputStream out) throws IOException {
    String meta = "/tmp/orkestr-backup-" + ContainerWork.hex() + ".meta";
    // A session holds a snapshot (REPEATABLE READ, exported) while pg_dump reads it and the counts are taken in it.
    String script = """
        set -eu
        db=%s
        work=$(mktemp -d)
        trap 'touch "$work/done"; sleep 0.2; rm -rf "$work"' EXIT
        psql -X -q -tA -v ON_ERROR_STOP=1 -U orkestr -d "$db" -o "$work/out" -f - 2>"$work/err" <<SQL &
        BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY;
        SELECT 'snapshot ' || pg_export_snapshot();
        SELECT 'version ' || current_setting('server_version');
        %s
        SELECT 'ready';
        \\o
        \\! i=0; while [ ! -e $work/done ] && [ \\$i -lt 864000 ]; do sleep 0.1; i=\\$((i+1)); done
        COMMIT;
        SQL
        held=$!
        until grep -q '^ready$' "$work/out" 2>/dev/null; do
          kill -0 "$held" 2>/dev/null || { sed 's/^/psql: /' "$work/err" >&2; exit 1; }
          sleep 0.05
        done
        grep -E '^(version|rows) ' "$work/out" > %s
        pg_dump -U orkestr -d "$db" -Fc %s --snapshot="$(sed -n 's/^snapshot //p' "$work/out")"
        """.formatted(t.ident(), COUNTS.replace("\\", "\\\\"), meta, COMPRESSION);
    work.stream(t.containerId(), "pg_dump", script, Map.of(), null, out);
    String lines = work.sh(t.containerId(), "reading what the dump holds", "cat " + meta + " && rm -f " + meta, Map.of());
    return parse(lines);
  }

  static Taken parse(String lines) {
    String version = "";
    Map<String, Long> rows = new TreeMap<>();
    for (String line : lines.split("\n")) {
      if (line.startsWith("version ")) version = line.substring(8).strip().split(" ")[0];
      if (line.startsWith("rows ")) {
        int last = line.lastIndexOf(' ');
        rows.put(line.substring(5, last), Long.parseLong(line.substring(last + 1).strip()));
      }
    }
    return new Taken(version, rows);
  }

  @Override
  public void restore(AddOnTarget t, BackupRecord record, InputStream in) throws IOException {
    String app = t.ident();
    String psql = "psql -X -q -tA -v ON_ERROR_STOP=1 -U orkestr -d postgres";
    // While it runs, apps are kept out: their sessions are ended and new ones refused (connection limit 0).
    work.sh(t.containerId(), "keeping apps out", psql + " -c \"ALTER ROLE " + app + " CONNECTION LIMIT 0\" -c \"SELECT count(pg_terminate_backend(pid))"
        + " FROM pg_stat_activity WHERE usename = '" + app + "' AND backend_type = 'client backend'\"", Map.of());
    try {
      work.stream(t.containerId(), "pg_restore", "pg_restore -U orkestr -d " + app
          + " --clean --if-exists --single-transaction --no-owner --role=" + app + " --exit-on-error", Map.of(), in, null);
    } finally {
      // The app's connection limit and settings are its plan's again.
      var settings = t.spec().addOn().orElseThrow().applySettings();
      work.sh(t.containerId(), "letting apps back in", settings.command().get(2), settings.env());
    }
  }

  @Override
  public String compare(AddOnTarget t, BackupRecord record) {
    return Contents.compare(record.contents(), countRows(t.containerId(), t.ident()).contents());
  }

  /** Every table's rows in the database, now (as the dump's snapshot counted them). */
  private Taken countRows(String containerId, String database) {
    return parse(work.sh(containerId, "counting rows", "psql -X -q -tA -v ON_ERROR_STOP=1 -U orkestr -d " + database
        + " -c \"" + COUNTS.replace("\\", "\\\\").replace("\"", "\\\"") + "\"", Map.of()));
  }

  @Override
  public String verify(AddOnTarget t, BackupRecord record, InputStream in) throws IOException {
    String password = ContainerWork.randomPassword();
    Map<String, String> env = Map.of("POSTGRES_USER", "orkestr", "POSTGRES_PASSWORD", password, "POSTGRES_DB", t.ident(),
        "PGDATA", "/var/lib/postgresql/data/pgdata");
    try (ContainerWork.Throwaway v = work.throwaway(record.manifest(), t.spec(), "verify", java.util.List.of("postgres"), env,
        Optional.of("/var/lib/postgresql/data"))) {
      work.await(v.containerId, "the verification's Postgres answering",
          "PGPASSWORD=$P psql -X -h 127.0.0.1 -U orkestr -d " + t.ident() + " -tAc 'SELECT 1'", Map.of("P", password), Duration.ofMinutes(3));
      work.stream(v.containerId, "copying the backup", "cat > /tmp/backup.dump", Map.of(), in, null);
      work.sh(v.containerId, "pg_restore --list", "pg_restore --list /tmp/backup.dump > /dev/null", Map.of());
      work.sh(v.containerId, "pg_restore", "pg_restore -U orkestr -d " + t.ident() + " --no-owner --exit-on-error /tmp/backup.dump", Map.of());
      return Contents.compare(record.contents(), countRows(v.containerId, t.ident()).contents());
    } catch (BackupFailure e) {
      return e.getMessage();
    }
  }
}
