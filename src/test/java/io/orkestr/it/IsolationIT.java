package io.orkestr.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Each project's network is its own: nothing in another project reaches its add-ons, by name or by address. */
@Tag("docker")
class IsolationIT {
  @RegisterExtension final ItContext it = new ItContext();

  @Test
  void projectsCannotReachEachOthersAddOnsByNameOrAddress() {
    String a = it.project("alpha");
    String b = it.project("beta");
    assertThat(it.run("apply", "-f", it.write("""
        version: 1
        projects:
          - name: %s
            plan: pro
            addons: [{name: db, type: postgres, version: "15"}, {name: cache, type: redis, version: "7"}]
          - name: %s
            plan: pro
            addons: [{name: cache, type: redis, version: "7"}]
        """.formatted(a, b)).toString(), "--auto-approve").exitCode()).isZero();
    String aNet = "orkestr_" + a + "_private";
    String bNet = "orkestr_" + b + "_private";
    String aDb = TestDocker.ip("orkestr_" + a + "_db", aNet);
    String aCache = TestDocker.ip("orkestr_" + a + "_cache", aNet);

    String checks = check("dbname", "pg_isready -q -h db -t 2") + check("dbip", "pg_isready -q -h " + aDb + " -t 2")
        + check("cachename", "nc -z -w 2 cache 6379") + check("cacheip", "nc -z -w 2 " + aCache + " 6379")
        + check("containername", "getent hosts orkestr_" + a + "_db");

    Result inside = it.probe(List.of(aNet), checks);
    Result fromB = it.probe(List.of(bNet), checks);
    Result fromBridge = it.probe(List.of("bridge"), checks);

    // Inside alpha's network everything answers (the control); from beta's network and the default bridge nothing does.
    assertThat(inside.out()).contains("dbname=reached", "dbip=reached", "cachename=reached", "cacheip=reached");
    assertThat(fromB.out()).contains("dbname=blocked", "dbip=blocked", "cachename=reached", "cacheip=blocked", "containername=blocked");
    assertThat(fromBridge.out()).contains("dbname=blocked", "dbip=blocked", "cachename=blocked", "cacheip=blocked", "containername=blocked");
    // beta's own "cache" is beta's add-on, not alpha's: it answers with beta's password only.
    Result bCache = it.probe(List.of(bNet), "REDISCLI_AUTH=" + it.password(b, "cache") + " redis-cli -h cache ping");
    assertThat(bCache.out()).contains("PONG");
  }

  /** A shell line printing NAME=reached or NAME=blocked, bounded so an unanswered lookup cannot stall the test. */
  private static String check(String name, String command) {
    return "if timeout 6 " + command + " >/dev/null 2>&1; then echo " + name + "=reached; else echo " + name + "=blocked; fi; ";
  }

  @Test
  void addOnNetworksHaveNoRouteOut() throws Exception {
    String a = it.project("alpha");
    it.run("apply", "-f", it.write("""
        version: 1
        projects:
          - {name: %s, plan: pro, addons: [{name: cache, type: redis, version: "7"}]}
        """.formatted(a)).toString(), "--auto-approve");

    try (OutsideHost outside = new OutsideHost()) {
      Result control = it.probe(List.of("bridge"), "nc -z -w 3 " + outside.target() + "; echo out=$?");
      Result internal = it.probe(List.of("orkestr_" + a + "_private"), "nc -z -w 3 " + outside.target() + "; echo out=$?");

      assertThat(control.out()).as("a container on Docker's default bridge reaches the outside host").contains("out=0");
      assertThat(internal.out()).contains("out=1");
    }
  }
}
