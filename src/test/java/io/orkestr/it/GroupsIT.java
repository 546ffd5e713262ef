package io.orkestr.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The isolation matrix: three projects, two of them grouped and sharing one add-on. Every app is
 * probed against every add-on by every name and address it might use; only the allowed pairs connect.
 */
@Tag("docker")
class GroupsIT {
  @RegisterExtension final ItContext it = new ItContext();

  /** An add-on under test: its container, engine and the names a caller might try. */
  record Target(String label, String container, boolean postgres, List<String> names) {}

  @Test
  void onlyTheGroupReachesItsSharedAddOnAndNothingElseCrossesProjects() {
    String shop = it.project("shop");
    String reports = it.project("reports");
    String blog = it.project("blog");
    String group = it.project("analytics");
    String app = "    apps: [{name: app, image: orkestr.local/probe:latest, command: [sleep, infinity]}]\n";
    String file = it.write("version: 1\nprojects:\n"
        + "  - name: " + shop + "\n    plan: pro\n    addons: [{name: db, type: postgres, version: \"15\"}, {name: cache, type: redis, version: \"7\"}]\n" + app
        + "  - name: " + reports + "\n    plan: pro\n" + app
        + "  - name: " + blog + "\n    plan: pro\n    addons: [{name: db, type: redis, version: \"7\"}]\n" + app
        + "groups:\n  - {name: " + group + ", projects: [" + shop + ", " + reports + "], share: [" + shop + "/db]}\n").toString();
    Result apply = it.run("apply", "-f", file, "--auto-approve");
    assertThat(apply.exitCode()).as(apply.toString()).isZero();

    List<Target> targets = List.of(
        new Target("shop/db", "orkestr_" + shop + "_db", true, List.of("db", "db." + shop, "orkestr_" + shop + "_db")),
        new Target("shop/cache", "orkestr_" + shop + "_cache", false, List.of("cache", "cache." + shop, "orkestr_" + shop + "_cache")),
        new Target("blog/db", "orkestr_" + blog + "_db", false, List.of("db", "db." + blog, "orkestr_" + blog + "_db")));
    Map<String, String> apps = new TreeMap<>(Map.of("shop", "orkestr_" + shop + "_app", "reports", "orkestr_" + reports + "_app",
        "blog", "orkestr_" + blog + "_app"));

    Map<String, String> reached = new TreeMap<>();
    for (var caller : apps.entrySet()) {
      StringBuilder script = new StringBuilder();
      for (Target t : targets) {
        List<String> hosts = new ArrayList<>(t.names());
        TestDocker.inspect(t.container()).getNetworkSettings().getNetworks().values().forEach(n -> hosts.add(n.getIpAddress()));
        for (String host : hosts) {
          String probe = t.postgres() ? "pg_isready -q -h " + host + " -t 2" : "nc -z -w 2 " + host + " 6379";
          script.append("if timeout 6 ").append(probe).append(" >/dev/null 2>&1; then echo '").append(t.label()).append(" via ")
              .append(host).append("'; fi; ");
        }
      }
      reached.put(caller.getKey(), ItContext.exec(caller.getValue(), script.toString()).out());
    }

    String shopDbGroupIp = TestDocker.ip("orkestr_" + shop + "_db", "orkestr_" + group + "_group");
    String shopDbPrivateIp = TestDocker.ip("orkestr_" + shop + "_db", "orkestr_" + shop + "_private");
    // shop's app reaches its own add-ons by name and address; "db" there is shop's db, never blog's.
    assertThat(reached.get("shop")).contains("shop/db via db\n", "shop/db via " + shopDbPrivateIp + "\n", "shop/cache via cache\n")
        .doesNotContain("blog/db");
    // reports reaches the shared db as db.<shop> and on the group network, and nothing else of shop's.
    assertThat(reached.get("reports")).contains("shop/db via db." + shop + "\n", "shop/db via " + shopDbGroupIp + "\n")
        .doesNotContain("shop/db via " + shopDbPrivateIp + "\n").doesNotContain("shop/cache").doesNotContain("blog/db");
    // blog, outside the group, reaches only its own add-on.
    assertThat(reached.get("blog")).contains("blog/db via db\n").doesNotContain("shop/");

    // The group's other project gets the shared add-on's URL and can use it.
    String var = shop.toUpperCase().replace('-', '_') + "_DB_URL";
    Result query = ItContext.exec("orkestr_" + reports + "_app", "psql \"$" + var + "\" -tAc 'SELECT 42'");
    assertThat(query.out().trim()).isEqualTo("42");
    assertThat(ItContext.exec("orkestr_" + blog + "_app", "env").out()).doesNotContain(var);
  }
}
