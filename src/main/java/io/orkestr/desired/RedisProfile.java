package io.orkestr.desired;

import io.orkestr.manifest.AddOn;
import io.orkestr.manifest.Engine;
import io.orkestr.manifest.RedisAddOn;
import io.orkestr.tier.Tier;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * RedisProfile speaks the official redis image's contract: data in /data, redis-server's arguments
 * as the command. Its users and settings live in a config file on the data volume, written before
 * each start and rewritten by CONFIG REWRITE after a live change, so that a restart by Docker keeps
 * them: apps are the ACL user {@code default} (what password-only clients log in as) without
 * administrative or dangerous commands; orkestr is the user {@code orkestr}, with every command.
 */
final class RedisProfile implements EngineProfile {
  static final RedisProfile INSTANCE = new RedisProfile();
  static final String MOUNT = "/data";
  static final String CONFIG = MOUNT + "/orkestr.conf";
  static final int PORT = 6379;
  /**
   * maxmemory is this share of the container's memory: Redis's own overhead (buffers, fragmentation)
   * and the copy-on-write pages of a fork (AOF rewrite, RDB save) must fit in the rest.
   */
  static final double MEMORY_SHARE = 0.6;

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
    EngineSettings settings = settings((RedisAddOn) addOn, tier);
    Access access = addOn.superuser() ? Access.SUPERUSER : Access.RESTRICTED;
    String appRules = appRules(access, addOn.major());
    String app = Placeholders.password(key);
    String admin = Placeholders.adminPassword(key);
    List<String> command = List.of("redis-server", CONFIG, "--appendonly", "yes", "--dir", MOUNT);
    StringBuilder conf = new StringBuilder("# Written by orkestr before each start; orkestr's live changes rewrite it (CONFIG REWRITE).\n");
    conf.append("user default on #").append(Placeholders.sha256(app)).append(' ').append(appRules).append('\n');
    conf.append("user orkestr on #").append(Placeholders.sha256(admin)).append(' ').append(ADMIN_RULES).append('\n');
    settings.live().forEach((k, v) -> conf.append(k).append(' ').append(v).append('\n'));
    List<ContainerFile> files = List.of(new ContainerFile(CONFIG, conf.toString(), 0600));
    // REDISCLI_AUTH lets redis-cli (health check, probes) log in as the app's user without -a.
    var health = ContainerPolicy.HealthCheck.of(List.of("CMD-SHELL", "redis-cli ping | grep -q PONG"));
    Probe readiness = new Probe(List.of("sh", "-c", "redis-cli ping | grep -q PONG"), Map.of());
    return new Shape(command, Map.of("REDISCLI_AUTH", app), health, readiness, settings, access, files,
        new Probe(List.of("sh", "-c", configureScript(settings.live(), appRules, true)),
            Map.of("ORKESTR_ADMIN_PASSWORD", admin, "ORKESTR_APP_PASSWORD_SHA256", Placeholders.sha256(app))), false,
        new Probe(List.of("sh", "-c", configureScript(settings.live(), appRules, false)), Map.of("ORKESTR_ADMIN_PASSWORD", admin)));
  }

  /** Every setting applies live (CONFIG SET). maxmemory stays under both the memory share and the plan's storage. */
  static EngineSettings settings(RedisAddOn addOn, Tier tier) {
    SortedMap<String, String> live = new TreeMap<>();
    long maxmemory = Math.min((long) (tier.memoryBytes() * MEMORY_SHARE), tier.storageBytes());
    live.put("maxmemory", Math.max(1, maxmemory >> 20) + "mb"); // Redis's mb is a MiB
    live.put("maxmemory-policy", addOn.eviction().orElse("noeviction"));
    live.put("maxclients", Integer.toString(tier.connections()));
    addOn.settings().forEach((k, v) -> live.put(k, v.equals("true") ? "yes" : v.equals("false") ? "no" : v));
    return new EngineSettings(new TreeMap<>(), live);
  }

  static final String ADMIN_RULES = "~* &* +@all";

  /**
   * The app's commands: all but the administrative and dangerous ones (CONFIG, DEBUG, SHUTDOWN,
   * MODULE, ACL, REPLICAOF, MONITOR, ...), with the harmless ones among those that client libraries
   * and apps commonly use given back. Redis 6 has no channel patterns (&*) and no per-subcommand
   * categories, so CLIENT SETNAME and the like are given back by name.
   */
  static String appRules(Access access, int major) {
    if (access == Access.SUPERUSER) return ADMIN_RULES;
    List<String> rules = new ArrayList<>(List.of("~*"));
    if (major >= 7) rules.add("&*");
    rules.addAll(List.of("+@all", "-@admin", "-@dangerous", "+info", "+keys", "+flushdb", "+flushall", "+sort", "+lastsave", "+role"));
    if (major >= 7) rules.add("+sort_ro");
    if (major < 7) rules.addAll(List.of("+client|setname", "+client|getname", "+client|id"));
    return String.join(" ", rules);
  }

  /**
   * CONFIG SET each live setting and, with users, set both users' rules again; then CONFIG REWRITE so
   * a restart keeps them. One redis-cli reads the commands, one per line, and each must answer OK.
   */
  private static String configureScript(Map<String, String> live, String appRules, boolean users) {
    StringBuilder commands = new StringBuilder();
    live.forEach((k, v) -> commands.append("CONFIG SET ").append(k).append(' ').append(v).append("\\n"));
    if (users) commands.append("ACL SETUSER default reset on #$ORKESTR_APP_PASSWORD_SHA256 ").append(appRules).append("\\n");
    commands.append("CONFIG REWRITE\\n");
    return "set -eu\n"
        + "out=$(printf \"" + commands + "\" | redis-cli --no-auth-warning --user orkestr --pass \"$ORKESTR_ADMIN_PASSWORD\")\n"
        + "bad=$(printf '%s\\n' \"$out\" | grep -v '^OK$' || true)\n"
        + "[ -z \"$bad\" ] || { echo \"redis: $bad\" >&2; exit 1; }\n";
  }

  /** The data set (INFO memory's used_memory_dataset) against maxmemory, which refuses writes past it by itself. */
  @Override
  public StorageCommands storage(ResourceKey key, AddOn addOn, Tier tier) {
    long limit = io.orkestr.manifest.SettingValues.bytes(settings((RedisAddOn) addOn, tier).live().get("maxmemory").replace("mb", "MB"));
    Probe measure = new Probe(List.of("sh", "-c", "redis-cli --no-auth-warning --user orkestr --pass \"$ORKESTR_ADMIN_PASSWORD\" INFO memory"
        + " | awk -F: '/^used_memory_dataset:/ { printf \"%d false\\n\", $2 }'"), Map.of("ORKESTR_ADMIN_PASSWORD", Placeholders.adminPassword(key)));
    return new StorageCommands(measure, limit, java.util.Optional.empty(), java.util.Optional.empty());
  }

  @Override
  public int port() {
    return PORT;
  }

  @Override
  public BackupFormat backupFormat() {
    return BackupFormat.RDB;
  }

  /**
   * Use by Redis's own meaning (CLIENT LIST, INFO commandstats), as orkestr's user; see SleepSpec for
   * what it prints. A client whose last command was a keep-alive (PING, INFO, CLIENT, HELLO, AUTH,
   * SELECT, ECHO) is idle, and those commands (with orkestr's own: CONFIG, ACL, replication for its
   * backups) are left out of the counter.
   */
  @Override
  public SleepSpec sleep(ResourceKey key, AddOn addOn, io.orkestr.tier.SleepPolicy policy) {
    Map<String, String> env = Map.of("ORKESTR_ADMIN_PASSWORD", Placeholders.adminPassword(key));
    return new SleepSpec(policy, PORT, new Probe(List.of("sh", "-c", IDLE), env), new Probe(List.of("sh", "-c", CLOSE_SESSIONS), env));
  }

  /** Last commands that keep a connection alive rather than use the data: a client whose last command was one is idle. */
  private static final String KEEP_ALIVE = "^(ping|info|client|client[|].*|hello|auth|select|echo|quit|reset|command|command[|].*)$";

  private static final String IDLE = """
      set -eu
      cli() { redis-cli --no-auth-warning --user orkestr --pass "$ORKESTR_ADMIN_PASSWORD" "$@"; }
      now=$(cli TIME | head -1)
      cli CLIENT LIST | tr -d '\\r' | awk -v now="$now" '
        { delete f; for (i = 1; i <= NF; i++) { k = $i; sub(/=.*/, "", k); f[k] = substr($i, length(k) + 2) } }
        f["user"] == "orkestr" { next }
        f["flags"] ~ /[bx]/ { active++ }
        f["cmd"] !~ /KEEP/ && f["cmd"] != "NULL" {
          t = (now - f["idle"]) * 1000
          if (t > last) { last = t; holder = f["addr"] " " (f["name"] == "" ? "-" : f["name"]) }
        }
        END { printf "active %d\\nlast %d\\n", active, last; if (holder != "") print "holder " holder }'
      cli INFO commandstats | tr -d '\\r' | awk -F '[:,=]' '
        /^cmdstat_/ { c = substr($1, 9); if (c !~ /KEEP/ && c !~ /^(config|acl|memory|slowlog|latency)[|]|^(sync|psync|replconf|bgsave|save|lastsave|time|dbsize|monitor)$/) n += $3 }
        END { printf "counter %d\\n", n }'
      """.replace("KEEP", KEEP_ALIVE);

  /** Closes the app's connections when none is busy (blocked, or in a MULTI); prints "busy N" either way. */
  private static final String CLOSE_SESSIONS = """
      set -eu
      cli() { redis-cli --no-auth-warning --user orkestr --pass "$ORKESTR_ADMIN_PASSWORD" "$@"; }
      busy=$(cli CLIENT LIST | tr -d '\\r' | awk '/ user=orkestr / { next } / flags=[A-Za-z]*[bx] / { n++ } END { print n + 0 }')
      echo "busy $busy"
      [ "$busy" != 0 ] || cli CLIENT KILL USER default >/dev/null
      """;

  @Override
  public String variable(String name, ResourceKey addon, String host) {
    // The Redis 6+ ACL user "default": redis-cli -u rejects an empty user name, other clients accept it.
    return "redis://default:" + Placeholders.password(addon) + "@" + host + ":" + PORT + "/0";
  }

  /** CONFIG SET applies every setting orkestr uses. */
  @Override
  public boolean appliesLive(String setting) {
    return true;
  }

  @Override
  public boolean dataTiedToMajor() {
    return false;
  }
}
