package io.orkestr.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.github.dockerjava.api.command.InspectContainerResponse;
import java.sql.Connection;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import redis.clients.jedis.Jedis;

/** Apps get the add-ons' connection variables at deploy time; jobs and release commands reach the same add-ons. */
@Tag("docker")
class AppsIT {
  @RegisterExtension final ItContext it = new ItContext();

  static final String ADDONS = """
            addons:
              - {name: db, type: postgres, version: "15"}
              - {name: cache, type: redis, version: "7"}
      """;

  String project(String name, String addons, String apps) {
    return "version: 1\nprojects:\n  - name: " + name + "\n    plan: pro\n" + addons.replace("      ", "    ") + "    apps:\n" + apps;
  }

  List<String> envNames(String container) {
    return Arrays.stream(TestDocker.inspect(container).getConfig().getEnv()).map(e -> e.substring(0, e.indexOf('='))).toList();
  }

  @Test
  void anAppUsesTheDatabaseAndRedisUrlsItIsGiven() throws Exception {
    String shop = it.project("shop");
    String mark = "mark-" + it.project("m");
    String file = it.write(project(shop, ADDONS,
        "      - {name: web, image: orkestr.local/probe:latest, command: [orkestr-sample-app], env: {APP_MARK: " + mark + "}}\n")).toString();

    Result apply = it.run("apply", "-f", file, "--auto-approve");

    assertThat(apply.exitCode()).as(apply.toString()).isZero();
    assertThat(envNames("orkestr_" + shop + "_web")).contains("DATABASE_URL", "REDIS_URL", "DB_URL", "CACHE_URL", "PGHOST", "PGPASSWORD", "APP_MARK");
    ItContext.await("the app wrote its row", Duration.ofSeconds(30), () -> {
      try (Connection c = it.appDb(shop); ResultSet rs = c.createStatement().executeQuery("SELECT mark FROM app_marks")) {
        return rs.next() && rs.getString(1).equals(mark);
      } catch (Exception notYet) {
        return false;
      }
    });
    ItContext.await("the app wrote its key", Duration.ofSeconds(30), () -> {
      try (Jedis redis = new Jedis(TestDocker.ip("orkestr_" + shop + "_cache", "orkestr_" + shop + "_private"), 6379)) {
        redis.auth(it.password(shop, "cache"));
        return mark.equals(redis.get("app_mark"));
      }
    });
    assertThat(apply.out()).doesNotContain(it.password(shop, "db"));
    assertThat(it.run("plan", "-f", file, "--detailed-exitcode").exitCode()).isZero();
  }

  @Test
  void attachingAnAddOnRedeploysAnAutoAppButOnlyFlagsAManualOneUntilDeployed() {
    String shop = it.project("shop");
    String apps = """
              - {name: web, image: orkestr.local/probe:latest, command: [sleep, infinity]}
              - {name: worker, image: orkestr.local/probe:latest, command: [sleep, infinity], redeploy: manual}
        """.replace("        ", "    ");
    String before = it.write(project(shop, "      addons:\n        - {name: cache, type: redis, version: \"7\"}\n", apps)).toString();
    assertThat(it.run("apply", "-f", before, "--auto-approve").exitCode()).isZero();
    String workerId = TestDocker.inspect("orkestr_" + shop + "_worker").getId();
    String webId = TestDocker.inspect("orkestr_" + shop + "_web").getId();
    String file = it.write(project(shop, ADDONS, apps)).toString();

    Result plan = it.run("plan", "-f", file);
    Result apply = it.run("apply", "-f", file, "--auto-approve");
    Result status = it.run("status", "-f", file);

    assertThat(plan.out()).contains("-/+ " + shop + "/app/web: redeploy (env: +DATABASE_URL, +DB_URL", "Pending (redeploy: manual",
        shop + "/app/worker: redeploy pending (env: +DATABASE_URL");
    assertThat(apply.exitCode()).as(apply.toString()).isZero();
    assertThat(TestDocker.inspect("orkestr_" + shop + "_web").getId()).isNotEqualTo(webId);
    assertThat(envNames("orkestr_" + shop + "_web")).contains("DATABASE_URL");
    assertThat(TestDocker.inspect("orkestr_" + shop + "_worker").getId()).isEqualTo(workerId);
    assertThat(envNames("orkestr_" + shop + "_worker")).doesNotContain("DATABASE_URL");
    assertThat(status.out()).contains(shop + "/app/worker", "pending: redeploy pending (env: +DATABASE_URL");

    Result deploy = it.run("deploy", "-f", file, "--app", shop + "/worker", "--auto-approve");

    assertThat(deploy.exitCode()).as(deploy.toString()).isZero();
    assertThat(envNames("orkestr_" + shop + "_worker")).contains("DATABASE_URL", "REDIS_URL");
    Result after = it.run("plan", "-f", file, "--detailed-exitcode");
    assertThat(after.exitCode()).isZero();
    assertThat(after.out()).doesNotContain("Pending");
  }

  @Test
  void runStreamsAJobsOutputExitsWithItsCodeRemovesItAndItsMigrationIsVisibleToTheApp() throws Exception {
    String shop = it.project("shop");
    String file = it.write(project(shop, ADDONS, "      - {name: web, image: orkestr.local/probe:latest, command: [sleep, infinity]}\n")).toString();
    assertThat(it.run("apply", "-f", file, "--auto-approve").exitCode()).isZero();

    Result migrate = it.runProcess("run", "-f", file, "--project", shop, "--",
        "sh", "-c", "psql \"$DATABASE_URL\" -qc 'CREATE TABLE migrated (v int); INSERT INTO migrated VALUES (7)' && echo migrated");
    Result failing = it.runProcess("run", "-f", file, "--project", shop, "--", "sh", "-c", "echo to-stderr >&2; exit 3");

    assertThat(migrate.exitCode()).as(migrate.toString()).isZero();
    assertThat(migrate.out()).contains("migrated");
    assertThat(failing.exitCode()).isEqualTo(3);
    assertThat(failing.err()).contains("to-stderr");
    assertThat(TestDocker.containers("orkestr.job=run")).filteredOn(c -> c.getNames()[0].contains(shop)).isEmpty();
    var exec = TestDocker.CLIENT.execCreateCmd("orkestr_" + shop + "_web").withAttachStdout(true).withAttachStderr(true)
        .withCmd("sh", "-c", "psql \"$DATABASE_URL\" -tAc 'SELECT v FROM migrated'").exec();
    StringBuilder out = new StringBuilder();
    TestDocker.CLIENT.execStartCmd(exec.getId()).exec(new com.github.dockerjava.api.async.ResultCallback.Adapter<com.github.dockerjava.api.model.Frame>() {
      @Override
      public void onNext(com.github.dockerjava.api.model.Frame f) {
        out.append(new String(f.getPayload()));
      }
    }).awaitCompletion();
    assertThat(out.toString().trim()).isEqualTo("7");
  }

  @Test
  void aFailingReleaseCommandStopsTheDeployAndTheOldAppKeepsServing() throws Exception {
    String shop = it.project("shop");
    String v1 = it.write(project(shop, ADDONS, "      - {name: web, image: orkestr.local/probe:latest, command: [sleep, infinity], env: {V: \"1\"}}\n")).toString();
    assertThat(it.run("apply", "-f", v1, "--auto-approve").exitCode()).isZero();
    InspectContainerResponse before = TestDocker.inspect("orkestr_" + shop + "_web");
    String v2 = it.write(project(shop, ADDONS, "      - {name: web, image: orkestr.local/probe:latest, command: [sleep, infinity], env: {V: \"2\"},"
        + " release: [sh, -c, 'echo migrating; exit 3']}\n")).toString();

    Result apply = it.run("apply", "-f", v2, "--auto-approve");

    assertThat(apply.exitCode()).isEqualTo(1);
    assertThat(apply.out()).contains("release command failed with exit code 3; the deploy stopped and the running app was left as it was",
        "migrating");
    InspectContainerResponse after = TestDocker.inspect("orkestr_" + shop + "_web");
    assertThat(after.getId()).isEqualTo(before.getId());
    assertThat(after.getState().getRunning()).isTrue();
    assertThat(after.getConfig().getEnv()).contains("V=1");
    assertThat(TestDocker.containers("orkestr.job=release")).filteredOn(c -> c.getNames()[0].contains(shop)).isEmpty();
  }

  @Test
  void aSucceedingReleaseCommandRunsAgainstTheAddOnsBeforeTheAppIsReplaced() throws Exception {
    String shop = it.project("shop");
    String file = it.write(project(shop, ADDONS, "      - {name: web, image: orkestr.local/probe:latest, command: [sleep, infinity],"
        + " release: [sh, -c, 'psql \"$DATABASE_URL\" -qc \"CREATE TABLE IF NOT EXISTS released (at timestamptz)\"']}\n")).toString();

    Result apply = it.run("apply", "-f", file, "--auto-approve");

    assertThat(apply.exitCode()).as(apply.toString()).isZero();
    try (Connection c = it.appDb(shop); ResultSet rs = c.createStatement().executeQuery("SELECT to_regclass('released') IS NOT NULL")) {
      rs.next();
      assertThat(rs.getBoolean(1)).isTrue();
    }
  }

  @Test
  void envListsTheVariablesMaskedUnlessRevealed() {
    String shop = it.project("shop");
    String file = it.write(project(shop, ADDONS, "      - {name: web, image: orkestr.local/probe:latest, command: [sleep, infinity]}\n")).toString();
    it.run("apply", "-f", file, "--auto-approve");
    String password = it.password(shop, "db");

    Result masked = it.run("env", "-f", file, "--project", shop);
    Result revealed = it.run("env", "-f", file, "--project", shop, "--reveal");
    String changed = it.write(project(shop, ADDONS.replace("version: \"7\"", "version: \"7.0\""),
        "      - {name: web, image: orkestr.local/probe:latest, command: [sleep, infinity], env: {V: \"2\"}}\n")).toString();
    Result debug = it.runProcess("--debug", "apply", "-f", changed, "--auto-approve");

    assertThat(masked.exitCode()).isZero();
    assertThat(masked.out()).contains("DATABASE_URL=(sensitive)\n", "REDIS_URL=(sensitive)\n", "PGPASSWORD=(sensitive)\n").doesNotContain(password);
    assertThat(revealed.out()).contains("DATABASE_URL=postgres://db:" + password + "@db:5432/db\n", "PGHOST=db\n");
    assertThat(debug.out()).contains("Apply complete: 2 done");
    assertThat(debug.err()).contains("DEBUG");
    assertThat(debug.all()).doesNotContain(password).doesNotContain(it.password(shop, "cache"));
  }

  @Test
  void ctrlCDuringRunRemovesTheJobsContainer() throws Exception {
    String shop = it.project("shop");
    String file = it.write(project(shop, ADDONS, "      - {name: web, image: orkestr.local/probe:latest, command: [sleep, infinity]}\n")).toString();
    it.run("apply", "-f", file, "--auto-approve");

    Process run = startLongJob(file, shop);
    new ProcessBuilder("kill", "-INT", Long.toString(run.pid())).start().waitFor();

    assertThat(run.waitFor(60, java.util.concurrent.TimeUnit.SECONDS)).isTrue();
    assertThat(run.exitValue()).isEqualTo(130);
    assertThat(TestDocker.containers("orkestr.job=run")).noneMatch(c -> c.getNames()[0].startsWith("/orkestr_" + shop + "_run_"));
  }

  @Test
  void publishesPortsOnLoopbackUnlessAnAddressIsGiven() throws Exception {
    String shop = it.project("shop");
    int port;
    try (java.net.ServerSocket free = new java.net.ServerSocket(0)) {
      port = free.getLocalPort();
    }
    String file = it.write(project(shop, "      addons: []\n", "      - {name: web, image: orkestr.local/probe:latest, ports: [\"" + port
        + ":8080\"], command: [sh, -c, 'while true; do echo hello-from-web | nc -l -p 8080 -q 1; done']}\n")).toString();

    assertThat(it.run("apply", "-f", file, "--auto-approve").exitCode()).isZero();

    var bindings = TestDocker.inspect("orkestr_" + shop + "_web").getHostConfig().getPortBindings().getBindings();
    assertThat(bindings.values()).singleElement().satisfies(b -> assertThat(b[0].getHostIp()).isEqualTo("127.0.0.1"));
    ItContext.await("the app answers on 127.0.0.1:" + port, Duration.ofSeconds(20), () -> {
      try (java.net.Socket socket = new java.net.Socket("127.0.0.1", port)) {
        socket.setSoTimeout(2000);
        return new String(socket.getInputStream().readAllBytes()).contains("hello-from-web");
      } catch (java.io.IOException notYet) {
        return false;
      }
    });
  }

  @Test
  void destroyRemovesAJobThatAKilledRunLeftBehind() throws Exception {
    String shop = it.project("shop");
    String file = appliedWithApp(shop);
    Process run = startLongJob(file, shop);
    run.destroyForcibly().waitFor(); // kill -9: the job's container stays behind, on the project's networks

    Result destroy = it.run("destroy", "-f", file, "--auto-approve");

    assertThat(destroy.exitCode()).as(destroy.toString()).isZero();
    assertThat(TestDocker.networkExists("orkestr_" + shop + "_private")).isFalse();
    assertThat(TestDocker.containers("orkestr.job=run")).noneMatch(c -> c.getNames()[0].startsWith("/orkestr_" + shop + "_run_"));
  }

  private String appliedWithApp(String shop) {
    String file = it.write(project(shop, ADDONS, "      - {name: web, image: orkestr.local/probe:latest, command: [sleep, infinity]}\n")).toString();
    it.run("apply", "-f", file, "--auto-approve");
    return file;
  }

  /** Starts `orkestr run -- sleep 300` as a process and waits until its job container exists. */
  private Process startLongJob(String file, String shop) {
    Process run = it.start(it.env(), "run", "-f", file, "--project", shop, "--", "sleep", "300");
    ItContext.await("the job runs", Duration.ofSeconds(30),
        () -> TestDocker.containers("orkestr.job=run").stream().anyMatch(c -> c.getNames()[0].startsWith("/orkestr_" + shop + "_run_")));
    return run;
  }
}
