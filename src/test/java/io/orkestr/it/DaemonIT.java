package io.orkestr.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * orkestr serve, with the real command line behind it: bin/orkestr run as the user would, once handed to
 * the daemon and once in its own process (ORKESTR_DAEMON=off), gives the same output and exit codes.
 */
@Tag("docker")
class DaemonIT {
  @RegisterExtension final ItContext it = new ItContext();
  Process daemon;
  Path socket;

  @BeforeEach
  void startDaemon() {
    socket = io.orkestr.daemon.CliProtocol.socketPath(it.home());
    assertThat(socket).as("where bin/orkestr looks for it").isEqualTo(it.home().resolve("orkestr.sock"));
    daemon = it.start(it.env(), "serve");
    ItContext.await("the daemon listens", Duration.ofSeconds(60), () -> Files.exists(socket) || !daemon.isAlive());
    assertThat(daemon.isAlive()).as("orkestr serve is running").isTrue();
  }

  @AfterEach
  void stopDaemon() throws InterruptedException {
    daemon.destroy();  // SIGTERM
    assertThat(daemon.waitFor(30, TimeUnit.SECONDS)).isTrue();
    assertThat(socket).as("the daemon removes its socket when stopped").doesNotExist();
  }

  Map<String, String> inProcess() {
    Map<String, String> env = it.env();
    env.put("ORKESTR_DAEMON", "off");
    return env;
  }

  Result process(Map<String, String> env, String... args) {
    Process p = it.start(env, args);
    try {
      String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      String err = new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
      assertThat(p.waitFor(5, TimeUnit.MINUTES)).isTrue();
      return new Result(p.exitValue(), out, err);
    } catch (IOException e) {
      throw new AssertionError(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError(e);
    }
  }

  /** What the daemon logged so far: one line per command it ran. */
  String daemonLog() throws IOException {
    byte[] buf = new byte[daemon.getErrorStream().available()];
    int n = daemon.getErrorStream().read(buf);
    return new String(buf, 0, Math.max(n, 0), StandardCharsets.UTF_8);
  }

  @Test
  void theDaemonRunsCommandsWithTheSameOutputAndExitCodesAsTheProcess() throws IOException {
    String shop = it.project("shop");
    it.write(Manifests.dbAndCache(shop));
    Files.writeString(it.dir().resolve("bad.yaml"), "version: 1\nprojects:\n  - name: x\n    plan: gold\n");

    Result apply = process(it.env(), "apply", "-f", "orkestr.yaml", "--auto-approve");  // a relative path: the client's directory
    Result noop = process(it.env(), "plan", "-f", "orkestr.yaml", "--detailed-exitcode");
    Result noopHere = process(inProcess(), "plan", "-f", "orkestr.yaml", "--detailed-exitcode");
    Result status = process(it.env(), "status", "-f", "orkestr.yaml", "-o", "json");
    Result statusHere = process(inProcess(), "status", "-f", "orkestr.yaml", "-o", "json");
    Result bad = process(it.env(), "plan", "-f", "bad.yaml");
    Result badHere = process(inProcess(), "plan", "-f", "bad.yaml");
    Result saved = process(it.env(), "plan", "-f", "orkestr.yaml", "--out", "saved.plan");

    assertThat(apply.exitCode()).as(apply.toString()).isZero();
    assertThat(TestDocker.containers("orkestr.manifest=" + it.manifest())).hasSize(2)
        .allSatisfy(c -> assertThat(c.getState()).isEqualTo("running"));
    assertThat(noop).isEqualTo(noopHere);
    assertThat(noop.exitCode()).isZero();
    // Storage is measured live (Redis's data set moves by a few KiB between two reads): compared without its figures.
    assertThat(withoutMeasurements(status)).isEqualTo(withoutMeasurements(statusHere));
    assertThat(status.out()).contains("\"used_bytes\"");
    assertThat(bad).isEqualTo(badHere);
    assertThat(bad.exitCode()).isEqualTo(1);
    assertThat(bad.err()).startsWith("bad.yaml:4:11: projects[0].plan: must be one of");
    assertThat(saved.exitCode()).isZero();
    assertThat(it.dir().resolve("saved.plan")).as("written in the client's directory").exists();
    assertThat(daemonLog()).contains("CliInvocation[apply in " + it.dir() + "] exited 0", "CliInvocation[plan in " + it.dir() + "] exited 1",
        "CliInvocation[status in " + it.dir() + "] exited 0");
  }

  @Test
  void ctrlCOnAClientLetsTheDaemonFinishChangesInProgressAndExits130() throws Exception {
    String shop = it.project("shop");
    String file = it.write(io.orkestr.Fixtures.project(shop, "pro", Manifests.DB, Manifests.CACHE,
        "{name: jobs, type: postgres, version: \"15\"}")).toString();

    Process apply = it.start(it.env(), "apply", "-f", file, "--auto-approve", "--parallelism", "1");
    ItContext.await("a container exists", Duration.ofSeconds(60),
        () -> !TestDocker.containers("orkestr.manifest=" + it.manifest()).isEmpty());
    new ProcessBuilder("kill", "-INT", Long.toString(apply.pid())).start().waitFor();
    String err = new String(apply.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(apply.waitFor(90, TimeUnit.SECONDS)).isTrue();

    assertThat(apply.exitValue()).isEqualTo(130);
    assertThat(err).contains("interrupted: letting changes in progress finish");
    assertThat(daemonLog()).contains("CliInvocation[apply in " + it.dir() + "] exited 130");
    Result rerun = process(it.env(), "apply", "-f", file, "--auto-approve");
    assertThat(rerun.exitCode()).as(rerun.toString()).isZero();
    assertThat(TestDocker.containers("orkestr.manifest=" + it.manifest())).hasSize(3);
    assertThat(process(it.env(), "plan", "-f", file, "--detailed-exitcode").exitCode()).isZero();
  }

  private static Result withoutMeasurements(Result r) {
    return new Result(r.exitCode(), r.out().replaceAll("storage [0-9.]+ [KMG]?i?B", "storage N").replaceAll("\"used_bytes\" : [0-9]+", "\"used_bytes\" : N")
        .replaceAll("\"warning\" : (true|false)", "\"warning\" : W"), r.err());
  }
}
