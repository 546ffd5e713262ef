package io.orkestr.apply;

import static org.assertj.core.api.Assertions.assertThat;

import io.orkestr.Fixtures;
import io.orkestr.credential.fs.FileCredentialStore;
import io.orkestr.desired.ResourceKey;
import io.orkestr.docker.FakeDockerPort;
import io.orkestr.plan.Plan;
import io.orkestr.plan.PlanOptions;
import io.orkestr.service.OrkestrService;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ApplierTest {
  static final String MANIFEST = Fixtures.project("shop", "pro", "{name: db, type: postgres, version: \"15\"}",
      "{name: cache, type: redis, version: \"7\"}") + """
          apps:
            - {name: web, image: orkestr.local/probe:latest}
      """.replace("      apps", "    apps");

  @TempDir Path home;
  FakeDockerPort docker;
  OrkestrService service;

  @BeforeEach
  void setUp() {
    docker = Fixtures.fakeDocker("orkestr.local/postgres:15", "orkestr.local/redis:7", "orkestr.local/probe:latest");
    service = Fixtures.service(docker, home);
  }

  private ApplyReport apply(Plan plan) {
    return new Applier(docker, new FileCredentialStore(home), ApplySettings.DEFAULT, ApplyListener.SILENT, () -> false).apply(plan);
  }

  @Test
  void createsNetworksAndVolumesBeforeContainersAndAddOnsBeforeApps() {
    ApplyReport report = apply(service.plan(Fixtures.file(MANIFEST), PlanOptions.DEFAULT));

    assertThat(report.succeeded()).isTrue();
    List<String> creates = docker.log.stream().filter(l -> l.startsWith("create") || l.startsWith("start")).toList();
    assertThat(creates.indexOf("create network orkestr_shop_private")).isLessThan(creates.indexOf("create orkestr_shop_db"));
    assertThat(creates.indexOf("create volume orkestr_shop_db_data")).isLessThan(creates.indexOf("create orkestr_shop_db"));
    assertThat(creates.indexOf("start orkestr_shop_db")).isLessThan(creates.indexOf("create orkestr_shop_web"));
    assertThat(creates.indexOf("start orkestr_shop_cache")).isLessThan(creates.indexOf("create orkestr_shop_web"));
  }

  @Test
  void skipsWhatDependsOnAFailureAndGoesOnWithTheRest() {
    docker.failing = s -> s.equals("create orkestr_shop_db");

    ApplyReport report = apply(service.plan(Fixtures.file(MANIFEST), PlanOptions.DEFAULT));

    Map<ResourceKey, Outcome> outcomes = report.results().stream().collect(Collectors.toMap(StepResult::key, StepResult::outcome));
    assertThat(outcomes.get(ResourceKey.addon("shop", "db"))).isEqualTo(Outcome.FAILED);
    assertThat(outcomes.get(ResourceKey.app("shop", "web"))).isEqualTo(Outcome.SKIPPED);
    assertThat(outcomes.get(ResourceKey.addon("shop", "cache"))).isEqualTo(Outcome.DONE);
    assertThat(report.results().stream().filter(r -> r.outcome() == Outcome.SKIPPED).findFirst().orElseThrow().message())
        .isEqualTo("skipped: shop/addon/db did not succeed");
  }

  @Test
  void startsNothingOnceCancelled() {
    ApplyReport report = new Applier(docker, new FileCredentialStore(home), ApplySettings.DEFAULT, ApplyListener.SILENT, () -> true)
        .apply(service.plan(Fixtures.file(MANIFEST), PlanOptions.DEFAULT));

    assertThat(report.count(Outcome.SKIPPED)).isEqualTo(report.results().size());
    assertThat(docker.containers).isEmpty();
  }

  @Test
  void changesQueuedForAThreadDoNotStartOnceCancelled() {
    java.util.concurrent.atomic.AtomicBoolean cancelled = new java.util.concurrent.atomic.AtomicBoolean();
    List<ResourceKey> started = new java.util.concurrent.CopyOnWriteArrayList<>();
    ApplyListener cancelOnFirst = new ApplyListener() {
      @Override
      public void started(ResourceKey key, io.orkestr.plan.Action action) {
        started.add(key);
        cancelled.set(true);  // Ctrl-C while the first change runs; the others wait for the one thread
      }
    };
    ApplySettings oneAtATime = new ApplySettings(1, true, ApplySettings.DEFAULT.readyTimeout(), ApplySettings.DEFAULT.stopTimeout());

    ApplyReport report = new Applier(docker, new FileCredentialStore(home), oneAtATime, cancelOnFirst, cancelled::get)
        .apply(service.plan(Fixtures.file(MANIFEST), PlanOptions.DEFAULT));

    assertThat(started).hasSize(1);
    assertThat(report.count(Outcome.DONE)).isEqualTo(1);
    assertThat(report.count(Outcome.SKIPPED)).isEqualTo(report.results().size() - 1);
    assertThat(report.results()).filteredOn(r -> r.outcome() == Outcome.SKIPPED).extracting(StepResult::message)
        .allSatisfy(m -> assertThat(m).startsWith("skipped: "));
  }

  @Test
  void aFailedReleaseCommandLeavesTheRunningAppAlone() {
    apply(service.plan(Fixtures.file(MANIFEST), PlanOptions.DEFAULT));
    String oldId = docker.byName("orkestr_shop_web").id;
    String withRelease = MANIFEST.replace("{name: web, image: orkestr.local/probe:latest}",
        "{name: web, image: orkestr.local/probe:latest, env: {V: \"2\"}, release: [fail]}");

    ApplyReport report = apply(service.plan(Fixtures.file(withRelease), PlanOptions.DEFAULT));

    assertThat(report.succeeded()).isFalse();
    assertThat(report.results()).filteredOn(r -> r.key().equals(ResourceKey.app("shop", "web"))).singleElement()
        .satisfies(r -> assertThat(r.message()).startsWith("release command failed with exit code 1"));
    assertThat(docker.byName("orkestr_shop_web").id).isEqualTo(oldId);
  }

  @Test
  void startsANewAppContainerBeforeRemovingTheOldOneUnlessItPublishesPorts() {
    apply(service.plan(Fixtures.file(MANIFEST), PlanOptions.DEFAULT));
    String oldId = docker.byName("orkestr_shop_web").id;
    docker.log.clear();

    apply(service.plan(Fixtures.file(MANIFEST.replace("probe:latest}", "probe:latest, env: {V: \"2\"}}")), PlanOptions.DEFAULT));

    List<String> log = docker.log.stream().filter(l -> !l.startsWith("list") && !l.startsWith("has image")).toList();
    int created = indexOf(log, "create orkestr_shop_web_");
    assertThat(created).isNotNegative().isLessThan(log.indexOf("remove " + oldId));
    assertThat(log.get(log.size() - 1)).startsWith("rename ").endsWith(" orkestr_shop_web");

    String withPorts = MANIFEST.replace("probe:latest}", "probe:latest, ports: [\"8080:80\"]}");
    apply(service.plan(Fixtures.file(withPorts), PlanOptions.DEFAULT));
    String portedId = docker.byName("orkestr_shop_web").id;
    docker.log.clear();
    apply(service.plan(Fixtures.file(withPorts.replace("8080:80", "8081:80")), PlanOptions.DEFAULT));
    assertThat(docker.log.indexOf("remove " + portedId)).isLessThan(docker.log.indexOf("create orkestr_shop_web"));
  }

  private static int indexOf(List<String> log, String prefix) {
    for (int i = 0; i < log.size(); i++) if (log.get(i).startsWith(prefix)) return i;
    return -1;
  }

  @Test
  void removesAJobLeftOnANetworkItDeletesStartedOrNot() {
    apply(service.plan(Fixtures.file(MANIFEST), PlanOptions.DEFAULT));
    var job = new io.orkestr.docker.ContainerCreate(
        io.orkestr.desired.JobSpecs.forProject(Fixtures.manifest(MANIFEST), Fixtures.manifest(MANIFEST).projects().get(0),
            "orkestr.local/probe:latest").withLabels(Map.of("orkestr.managed", "true", "orkestr.manifest", "test", JobRunner.JOB_LABEL, "run")),
        "orkestr_shop_run_1a2b3c4d", List.of("sleep", "300"), Map.of());
    docker.createContainer(job);

    ApplyReport report = apply(service.plan(Fixtures.file("version: 1\nprojects: []\n"), PlanOptions.DEFAULT));

    assertThat(report.succeeded()).as(report.toString()).isTrue();
    assertThat(docker.containers).isEmpty();
    assertThat(docker.networks).doesNotContainKey("orkestr_shop_private");
  }
}
