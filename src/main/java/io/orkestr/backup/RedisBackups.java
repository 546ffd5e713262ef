package io.orkestr.backup;

import io.orkestr.desired.ContainerSpec;
import io.orkestr.desired.VolumeMount;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * RedisBackups: an RDB snapshot taken by redis-cli --rdb (Redis forks and sends it, as to a
 * replica) into the container's /tmp, its keys counted by redis-check-rdb, then streamed out. A
 * restore cannot just put dump.rdb in place: with appendonly on, Redis loads the append-only file
 * and ignores the RDB (an empty dataset if the AOF is gone). So it stops the add-on, moves its AOF
 * aside, puts the snapshot in place, lets a Redis started without AOF load it and write a new AOF
 * from it (CONFIG SET appendonly yes, then the rewrite), and starts the add-on on that. Any failure
 * puts the old AOF back.
 */
final class RedisBackups implements EngineBackups {
  private static final String CLI = "redis-cli --no-auth-warning --user orkestr --pass \"$ORKESTR_ADMIN_PASSWORD\"";

  private final ContainerWork work;

  RedisBackups(ContainerWork work) {
    this.work = work;
  }


  @Override
  public Taken dump(AddOnTarget t, OutputStream out) throws IOException {
    String meta = "/tmp/orkestr-backup-" + ContainerWork.hex() + ".meta";
    String script = """
        set -eu
        f=$(mktemp /tmp/orkestr-backup-XXXXXX)
        trap 'rm -f "$f" "$f.err"' EXIT
        %s --rdb "$f" >/dev/null 2>"$f.err" || { cat "$f.err" >&2; exit 1; }
        redis-check-rdb "$f" > "$f.err" 2>&1 || { tail -3 "$f.err" >&2; exit 1; }
        { echo "version $(redis-server --version | sed -n 's/.* v=\\([0-9.]*\\).*/\\1/p')"
          echo "keys $(sed -n 's/.*\\[info\\] \\([0-9]*\\) keys read.*/\\1/p' "$f.err")"; } > %s
        cat "$f"
        """.formatted(CLI, meta);
    work.stream(t.containerId(), "redis-cli --rdb", script, ContainerWork.admin(t.key()), null, out);
    return parse(work.sh(t.containerId(), "reading what the snapshot holds", "cat " + meta + " && rm -f " + meta, Map.of()));
  }

  static Taken parse(String lines) {
    String version = "";
    long keys = -1;
    for (String line : lines.split("\n")) {
      if (line.startsWith("version ")) version = line.substring(8).strip();
      if (line.startsWith("keys ") && line.substring(5).strip().matches("[0-9]+")) keys = Long.parseLong(line.substring(5).strip());
    }
    if (keys < 0) throw new BackupFailure("redis-check-rdb did not say how many keys the snapshot holds");
    return new Taken(version, Map.of("keys", keys));
  }

  @Override
  public void restore(AddOnTarget t, BackupRecord record, InputStream in) throws IOException {
    ContainerSpec spec = t.spec();
    VolumeMount data = spec.mounts().get(0);
    String aside = "/data/appendonlydir.before-restore-" + record.id();
    work.docker.stopContainer(t.containerId(), Duration.ofSeconds(30));
    boolean moved = false;
    try (ContainerWork.Throwaway helper = helper(record, spec, data)) {
      work.sh(helper.containerId, "moving the append-only file aside", "set -e; rm -rf /data/appendonlydir.before-restore-*;"
          + " if [ -d /data/appendonlydir ]; then mv /data/appendonlydir " + aside + "; fi; rm -f /data/dump.rdb", Map.of());
      moved = true;
      work.stream(helper.containerId, "copying the snapshot", "cat > /data/dump.rdb", Map.of(), in, null);
      // Redis without AOF loads the snapshot, then writes an AOF from it: what the add-on starts on.
      work.sh(helper.containerId, "loading the snapshot", "redis-server " + spec.command().get(1)
          + " --appendonly no --dir /data --port 0 --unixsocket /tmp/restore.sock --daemonize yes --logfile /tmp/restore.log", Map.of());
      String cli = CLI + " -s /tmp/restore.sock";
      work.await(helper.containerId, "the snapshot loading", cli + " PING | grep -q PONG", ContainerWork.admin(t.key()), Duration.ofMinutes(10));
      work.sh(helper.containerId, "turning the append-only file on", cli + " CONFIG SET appendonly yes | grep -q OK", ContainerWork.admin(t.key()));
      work.await(helper.containerId, "the append-only file being written", cli + " INFO persistence | tr -d '\\r' | grep -q '^aof_rewrite_in_progress:0'"
          + " && " + cli + " INFO persistence | tr -d '\\r' | grep -q '^aof_rewrite_scheduled:0'"
          + " && " + cli + " INFO persistence | tr -d '\\r' | grep -q '^aof_last_bgrewrite_status:ok'"
          + " && [ -d /data/appendonlydir -o -f /data/appendonly.aof ]", ContainerWork.admin(t.key()), Duration.ofMinutes(30));
      work.sh(helper.containerId, "stopping the loader", cli + " SHUTDOWN; true", ContainerWork.admin(t.key()));
      work.docker.startContainer(t.containerId());
      awaitKeys(t, record.contents().get("keys"));
      ContainerWork.ignoring(() -> putBack(record, spec, data, "rm -rf " + aside));
    } catch (IOException | RuntimeException e) {
      if (moved) {
        ContainerWork.ignoring(() -> work.docker.stopContainer(t.containerId(), Duration.ofSeconds(30)));
        putBack(record, spec, data, "rm -rf /data/appendonlydir /data/appendonly.aof /data/dump.rdb; if [ -d " + aside + " ]; then mv " + aside
            + " /data/appendonlydir; fi");
      }
      // Reported once the add-on answers again on its old data, so whoever reads the failure can use it.
      ContainerWork.ignoring(() -> work.startAndAwait(t));
      throw e;
    }
  }

  private void awaitKeys(AddOnTarget t, long keys) {
    work.await(t.containerId(), "the restored Redis answering with " + keys + " keys", CLI + " INFO keyspace | tr -d '\\r'"
        + " | awk -F'[=,:]' '/^db[0-9]+:/ { n += $3 } END { exit n == " + keys + " ? 0 : 1 }'", ContainerWork.admin(t.key()),
        Duration.ofMinutes(10));
  }

  private void putBack(BackupRecord record, ContainerSpec spec, VolumeMount data, String script) {
    try (ContainerWork.Throwaway helper = helper(record, spec, data)) {
      work.sh(helper.containerId, "putting the append-only file back", script, Map.of());
    }
  }

  /** A container on the add-on's volume, doing nothing but letting scripts run there. */
  private ContainerWork.Throwaway helper(BackupRecord record, ContainerSpec spec, VolumeMount data) {
    ContainerSpec onVolume = new ContainerSpec(spec.key(), spec.dockerName(), spec.image(), spec.command(), spec.env(), spec.networks(),
        List.of(data), List.of(), spec.limits(), spec.policy(), spec.addOn(), List.of(), List.of(), spec.labels());
    return work.throwaway(record.manifest(), onVolume, "restore", List.of("sleep", "infinity"), Map.of(), Optional.empty());
  }

  @Override
  public String compare(AddOnTarget t, BackupRecord record) {
    String keys = work.sh(t.containerId(), "counting keys", CLI + " INFO keyspace | tr -d '\\r'"
        + " | awk -F'[=,:]' '/^db[0-9]+:/ { n += $3 } END { print n + 0 }'", ContainerWork.admin(t.key())).strip();
    return Contents.compare(record.contents(), Map.of("keys", Long.parseLong(keys)));
  }

  @Override
  public String verify(AddOnTarget t, BackupRecord record, InputStream in) throws IOException {
    try (ContainerWork.Throwaway v = work.throwaway(record.manifest(), t.spec(), "verify", List.of("sleep", "infinity"), Map.of(),
        Optional.of("/data"))) {
      work.stream(v.containerId, "copying the backup", "cat > /tmp/backup.rdb", Map.of(), in, null);
      work.sh(v.containerId, "redis-check-rdb", "redis-check-rdb /tmp/backup.rdb > /tmp/check.log 2>&1 || { tail -3 /tmp/check.log; exit 1; }", Map.of());
      work.sh(v.containerId, "loading the backup", "redis-server --port 0 --unixsocket /tmp/v.sock --dir /tmp --dbfilename backup.rdb"
          + " --appendonly no --daemonize yes --logfile /tmp/v.log", Map.of());
      work.await(v.containerId, "the verification's Redis answering", "redis-cli -s /tmp/v.sock PING | grep -q PONG", Map.of(), Duration.ofMinutes(10));
      String keys = work.sh(v.containerId, "counting keys", "redis-cli -s /tmp/v.sock INFO keyspace | tr -d '\\r'"
          + " | awk -F'[=,:]' '/^db[0-9]+:/ { n += $3 } END { print n + 0 }'", Map.of()).strip();
      return Contents.compare(record.contents(), Map.of("keys", Long.parseLong(keys)));
    } catch (BackupFailure e) {
      return e.getMessage();
    }
  }
}
