package io.orkestr.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.github.dockerjava.api.model.Container;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Bad input and faults: one clear line, nothing changed, and interrupted applies converge when rerun. */
@Tag("docker")
class FaultsIT {
  @RegisterExtension final ItContext it = new ItContext();

  String manifest(String project, String extraAddOn) {
    return extraAddOn.isEmpty() ? Manifests.dbAndCache(project)
        : io.orkestr.Fixtures.project(project, "pro", Manifests.DB, Manifests.CACHE, extraAddOn.replaceFirst("^- ", ""));
  }

  @Test
  void saysInOneLineWhereItLookedForDockerWhenItIsUnreachable() {
    String file = it.write(manifest(it.project("shop"), "")).toString();
    Map<String, String> env = it.env();
    env.put("DOCKER_HOST", "unix:///tmp/orkestr-no-such-docker.sock");

    Result plan = it.run(env, "plan", "-f", file);
    Result debug = it.run(env, "--debug", "plan", "-f", file);
    Result validate = it.run(env, "validate", "-f", file);

    assertThat(plan.exitCode()).isEqualTo(1);
    assertThat(plan.err().lines()).singleElement().asString()
        .startsWith("error: cannot reach the Docker engine at unix:///tmp/orkestr-no-such-docker.sock (from DOCKER_HOST)")
        .endsWith("perhaps you should start Docker or set DOCKER_HOST");
    assertThat(debug.err()).contains("\tat ");
    assertThat(validate.exitCode()).isZero();
  }

  @Test
  void namesAnImageThatCannotBeFoundAndChangesNothing() {
    String shop = it.project("shop");
    String file = it.write(manifest(shop, "- {name: queue, type: redis, version: \"7\", image: orkestr.local/no-such-redis:7}")).toString();

    Result apply = it.runProcess("apply", "-f", file, "--auto-approve"); // the real process: all of its stderr

    assertThat(apply.exitCode()).isEqualTo(1);
    assertThat(apply.err().lines()).singleElement().asString()
        .startsWith("error: image orkestr.local/no-such-redis:7 is not on the Docker engine and could not be pulled (")
        .doesNotContain("\\\"", "Exception")
        .contains("ORKESTR_IMAGE_MIRROR", "image key");
    assertThat(TestDocker.containers("orkestr.manifest=" + it.manifest())).isEmpty();
    assertThat(TestDocker.networkExists("orkestr_" + shop + "_private")).isFalse();
  }

  @Test
  void rejectsABadManifestWithLocationsAndTouchesNothing() {
    String file = it.write("version: 1\nprojects:\n  - name: " + it.project("shop") + "\n    plan: gold\n").toString();

    Result apply = it.run("apply", "-f", file, "--auto-approve");

    assertThat(apply.exitCode()).isEqualTo(1);
    assertThat(apply.err()).isEqualTo(file + ":5:11: projects[0].plan: must be one of free, pro, business (found \"gold\")\n");
    assertThat(TestDocker.containers("orkestr.manifest=" + it.manifest())).isEmpty();
  }

  @Test
  void anApplyKilledMidwayConvergesWhenRerun() throws Exception {
    String shop = it.project("shop");
    String file = it.write(manifest(shop, "- {name: jobs, type: postgres, version: \"15\"}")).toString();

    Process apply = it.start(it.env(), "apply", "-f", file, "--auto-approve");
    ItContext.await("a container exists", Duration.ofSeconds(60),
        () -> !TestDocker.containers("orkestr.manifest=" + it.manifest()).isEmpty());
    apply.destroyForcibly().waitFor(10, TimeUnit.SECONDS); // SIGKILL: no shutdown hooks, no cleanup

    Result rerun = it.run("apply", "-f", file, "--auto-approve");

    assertThat(rerun.exitCode()).as(rerun.toString()).isZero();
    assertConverged(shop, file);
  }

  /**
   * What a kill -9 between a container's creation and the files orkestr writes into it leaves: a
   * container that was never started and lacks them (Redis without its configuration restarts for
   * ever). Apply makes it again rather than starting it.
   */
  @Test
  void aContainerCreatedButNeverStartedIsMadeAgainRatherThanStarted() throws Exception {
    String shop = it.project("shop");
    String file = it.write(manifest(shop, "")).toString();
    assertThat(it.run("apply", "-f", file, "--auto-approve").exitCode()).isZero();
    String name = "orkestr_" + shop + "_cache";
    var was = TestDocker.inspect(name);
    TestDocker.CLIENT.removeContainerCmd(name).withForce(true).exec();
    var bare = TestDocker.CLIENT.createContainerCmd(was.getConfig().getImage()).withName(name).withLabels(was.getConfig().getLabels())
        .withEnv(was.getConfig().getEnv()).withCmd(was.getConfig().getCmd())
        .withHostConfig(was.getHostConfig()).exec();
    assertThat(TestDocker.inspect(bare.getId()).getState().getStatus()).isEqualTo("created");

    Result plan = it.run("plan", "-f", file);
    assertThat(plan.out()).as(plan.toString()).contains("-/+ " + shop + "/addon/cache: restart (container created, never started -> made again)");
    Result rerun = it.run("apply", "-f", file, "--auto-approve");

    assertThat(rerun.exitCode()).as(rerun.toString()).isZero();
    assertConverged(shop, file, List.of("/orkestr_" + shop + "_db", "/orkestr_" + shop + "_cache"));
    Result ping = it.probe(List.of("orkestr_" + shop + "_private"), "redis-cli -h cache --no-auth-warning -a '" + it.password(shop, "cache")
        + "' PING");
    assertThat(ping.out()).contains("PONG");
  }

  @Test
  void ctrlCLetsChangesInProgressFinishAndARerunConverges() throws Exception {
    String shop = it.project("shop");
    String file = it.write(manifest(shop, "- {name: jobs, type: postgres, version: \"15\"}")).toString();

    Process apply = it.start(it.env(), "apply", "-f", file, "--auto-approve", "--parallelism", "1");
    // The interrupt goes once the first add-on waits to answer: the others are not started yet, whatever the machine's speed.
    java.util.concurrent.CompletableFuture<String> err = java.util.concurrent.CompletableFuture.supplyAsync(() -> {
      try {
        return new String(apply.getErrorStream().readAllBytes());
      } catch (java.io.IOException e) {
        throw new java.io.UncheckedIOException(e);
      }
    });
    var out = new java.io.BufferedReader(new java.io.InputStreamReader(apply.getInputStream()));
    StringBuilder seen = new StringBuilder();
    for (String line; (line = out.readLine()) != null && !line.contains("waiting until it answers"); ) seen.append(line).append('\n');
    assertThat(apply.isAlive()).as("still applying after:\n" + seen).isTrue();
    new ProcessBuilder("kill", "-INT", Long.toString(apply.pid())).start().waitFor();
    out.transferTo(java.io.Writer.nullWriter());
    assertThat(apply.waitFor(90, TimeUnit.SECONDS)).isTrue();

    assertThat(apply.exitValue()).isEqualTo(130);
    assertThat(err.get(30, TimeUnit.SECONDS)).contains("interrupted: letting changes in progress finish");
    Result rerun = it.run("apply", "-f", file, "--auto-approve");
    assertThat(rerun.exitCode()).as(rerun.toString()).isZero();
    assertConverged(shop, file);
  }

  private void assertConverged(String shop, String file) {
    assertConverged(shop, file, List.of("/orkestr_" + shop + "_db", "/orkestr_" + shop + "_cache", "/orkestr_" + shop + "_jobs"));
  }

  private void assertConverged(String shop, String file, List<String> names) {
    List<Container> containers = TestDocker.containers("orkestr.manifest=" + it.manifest());
    assertThat(containers).extracting(c -> c.getNames()[0]).containsExactlyInAnyOrderElementsOf(names);
    assertThat(containers).allSatisfy(c -> assertThat(c.getState()).isEqualTo("running"));
    assertThat(it.run("plan", "-f", file, "--detailed-exitcode").exitCode()).isZero();
  }
}
