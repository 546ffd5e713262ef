package io.orkestr.plan;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.orkestr.Fixtures;
import io.orkestr.actual.ContainerState;
import io.orkestr.apply.ApplyListener;
import io.orkestr.apply.ApplyReport;
import io.orkestr.apply.ApplySettings;
import io.orkestr.desired.ResourceKey;
import io.orkestr.docker.FakeDockerPort;
import io.orkestr.error.ConflictError;
import io.orkestr.error.RefusedChangeError;
import io.orkestr.service.ApplyHooks;
import io.orkestr.service.OrkestrService;
import io.orkestr.state.LiveUpdateLog;
import io.orkestr.state.fs.FileLiveUpdateLog;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The planner's decisions, through the service, against the in-memory Docker port. */
class PlannerTest {
  static final String DB = "{name: db, type: postgres, version: \"15\"}";
  static final String CACHE = "{name: cache, type: redis, version: \"7\"}";

  @TempDir Path home;
  FakeDockerPort docker;
  OrkestrService service;

  @BeforeEach
  void setUp() {
    docker = Fixtures.fakeDocker("orkestr.local/postgres:15", "orkestr.local/postgres:15.18", "orkestr.local/postgres:17",
        "orkestr.local/redis:7");
    service = Fixtures.service(docker, home);
  }

  private Plan plan(String yaml) {
    return service.plan(Fixtures.file(yaml), PlanOptions.DEFAULT);
  }

  private ApplyReport apply(String yaml) {
    return service.apply(Fixtures.file(yaml), PlanOptions.DEFAULT, ApplySettings.DEFAULT, ApplyListener.SILENT, ApplyHooks.AUTO_APPROVE, () -> false)
        .report().orElseThrow();
  }

  private static List<String> actions(Plan plan) {
    return plan.changes().stream().filter(PlannedChange::isChange).map(c -> c.action().symbol() + " " + c.key()).toList();
  }

  /** The storage measurements run in a container (pg_database_size, one exec each). */
  private static long measurements(FakeDockerPort.FakeContainer c) {
    return c.execs.stream().filter(cmd -> String.join(" ", cmd).contains("pg_database_size")).count();
  }

  @Test
  void theStorageCheckAfterAnApplyLeavesOutAddOnsWhoseDataItMade() {
    String yaml = Fixtures.project("shop", "free", DB);
    apply(yaml);
    FakeDockerPort.FakeContainer db = docker.byName("orkestr_shop_db");
    assertThat(measurements(db)).as("new data: nothing to measure, and measuring would wait for its first start").isZero();

    service.apply(Fixtures.file(yaml), PlanOptions.DEFAULT, ApplySettings.DEFAULT, ApplyListener.SILENT, ApplyHooks.AUTO_APPROVE, () -> false);

    assertThat(measurements(db)).as("the next apply (no changes) checks it").isEqualTo(1);
  }

  @Test
  void createsNetworkVolumesAndContainersFromEmpty() {
    Plan plan = plan(Fixtures.project("shop", "free", DB, CACHE));

    assertThat(actions(plan)).containsExactly("+ shop/network/private", "+ shop/volume/cache", "+ shop/volume/db",
        "+ shop/addon/cache", "+ shop/addon/db");
    assertThat(plan.summary()).isEqualTo(new Summary(5, 0, 0));
  }

  @Test
  void secondPlanAfterApplyHasNoChanges() {
    String yaml = Fixtures.project("shop", "free", DB, CACHE);
    assertThat(apply(yaml).succeeded()).isTrue();

    assertThat(plan(yaml).hasChanges()).isFalse();
  }

  @Test
  void readsStateWithThreeListCallsWhateverTheNumberOfProjects() {
    StringBuilder yaml = new StringBuilder("version: 1\nprojects:\n");
    for (int i = 0; i < 20; i++) yaml.append("  - {name: p").append(i).append(", plan: free, addons: [").append(CACHE).append("]}\n");
    apply(yaml.toString());
    long before = docker.calls();

    plan(yaml.toString());

    assertThat(docker.calls() - before).isEqualTo(3);
  }

  @Test
  void restartsPostgresWhenThePlanChangesItsSharedMemoryAndConnectionSlots() {
    apply(Fixtures.project("shop", "free", DB));

    Plan plan = plan(Fixtures.project("shop", "pro", DB));

    PlannedChange db = plan.change(ResourceKey.addon("shop", "db")).orElseThrow();
    assertThat(db.action()).isEqualTo(Action.REPLACE);
    assertThat(db.reasons()).extracting(Reason::text).containsExactly(
        "settings (restart): autovacuum_work_mem 8MB -> 32MB, max_connections 23 -> 123, max_wal_size 128MB -> 1280MB,"
            + " min_wal_size 32MB -> 320MB, shared_buffers 64MB -> 256MB",
        "cpu 0.25 -> 1", "memory 256 MiB -> 1 GiB",
        "settings: effective_cache_size 192MB -> 768MB, maintenance_work_mem 16MB -> 64MB, temp_buffers 2176kB -> 1792kB,"
            + " temp_file_limit 256MB -> 2560MB, work_mem 2176kB -> 1792kB");
  }

  private void measured(String container, long usedBytes, boolean readOnly) {
    new FileLiveUpdateLog(home).recordStorage(java.util.Map.of(docker.byName(container).id,
        new LiveUpdateLog.Measured(usedBytes, readOnly, java.time.Instant.parse("2026-12-06T20:11:02Z").getEpochSecond())));
  }

  @Test
  void switchesAppsWritesOffWhenTheLastStorageCheckFoundAPostgresOverItsPlan() {
    String yaml = Fixtures.project("shop", "free", DB);
    apply(yaml);
    measured("orkestr_shop_db", 1100L << 20, false);

    Plan plan = plan(yaml);

    PlannedChange db = plan.change(ResourceKey.addon("shop", "db")).orElseThrow();
    assertThat(db.action()).isEqualTo(Action.UPDATE);
    assertThat(db.reasons()).extracting(Reason::text).containsExactly("apps read-write -> read-only",
        "it held 1.07 GiB at its last storage check (2026-12-06T20:11:02Z), more than its plan's 1 GiB; apply measures again before it switches");
    assertThat(plan.hasChanges()).isTrue();
  }

  @Test
  void switchesAppsWritesBackOnWhenTheLastStorageCheckFoundAReadOnlyPostgresBackUnder() {
    String yaml = Fixtures.project("shop", "free", DB);
    apply(yaml);
    measured("orkestr_shop_db", 10L << 20, true);

    PlannedChange db = plan(yaml).change(ResourceKey.addon("shop", "db")).orElseThrow();

    assertThat(db.action()).isEqualTo(Action.UPDATE);
    assertThat(db.reasons()).extracting(Reason::text).first().isEqualTo("apps read-only -> read-write");
  }

  @Test
  void leavesAppsWritesAloneWhenTheLastCheckAgreesOrTheEngineHoldsItsOwnLimit() {
    String yaml = Fixtures.project("shop", "free", DB, CACHE);
    apply(yaml);
    measured("orkestr_shop_db", 1100L << 20, true);
    measured("orkestr_shop_cache", 1100L << 20, false); // Redis: maxmemory refuses writes by itself

    assertThat(plan(yaml).hasChanges()).isFalse();
  }

  private void asleep(String container, String stage) {
    var c = docker.byName(container);
    c.state = stage.equals("frozen") ? ContainerState.PAUSED : ContainerState.EXITED;
    new io.orkestr.state.fs.FileSleepLog(home).putAll(java.util.Map.of(c.id, new io.orkestr.state.SleepLog.Entry(c.labels.get("orkestr.key"),
        stage, 1_796_000_000_000L, java.util.Optional.empty(), java.util.Optional.empty())));
  }

  @Test
  void leavesAnAddOnOrkestrPutToSleepAsleep() {
    String yaml = Fixtures.project("shop", "free", DB, CACHE);
    apply(yaml);
    asleep("orkestr_shop_db", "frozen");
    asleep("orkestr_shop_cache", "stopped");

    assertThat(plan(yaml).hasChanges()).isFalse();
  }

  @Test
  void statusShowsASleepersStageAndWhenAnAwakeOneSleepsAndWhoUsedItLast() {
    String yaml = Fixtures.project("shop", "free", DB, CACHE);
    apply(yaml);
    asleep("orkestr_shop_db", "frozen");
    var cache = docker.byName("orkestr_shop_cache");
    new io.orkestr.state.fs.FileSleepLog(home).putAll(java.util.Map.of(cache.id, new io.orkestr.state.SleepLog.Entry("shop/addon/cache", "awake",
        1_796_000_000_000L, java.util.Optional.of(1_796_000_060_000L), java.util.Optional.of("10.96.3.7 worker"))));

    String text = new io.orkestr.render.StatusText(io.orkestr.render.Style.PLAIN).render(plan(yaml));

    assertThat(text).containsPattern("shop/addon/db +postgres 15 +frozen .*frozen since 2026-11-30T00:53:20Z");
    assertThat(text).contains("awake, sleeps at 2026-11-30T00:59:20Z unless used (last used at 2026-11-30T00:54:20Z by 10.96.3.7 worker)");
  }

  @Test
  void wakesASleeperWhosePlanNoLongerLetsItSleep() {
    apply(Fixtures.project("shop", "pro", DB));
    asleep("orkestr_shop_db", "stopped");

    PlannedChange never = plan(Fixtures.project("shop", "pro", "{name: db, type: postgres, version: \"15\", sleep: never}"))
        .change(ResourceKey.addon("shop", "db")).orElseThrow();

    assertThat(never.action()).isEqualTo(Action.UPDATE);
    assertThat(never.reasons()).extracting(Reason::text).containsExactly("state stopped (asleep) -> awake");
    assertThat(plan(Fixtures.project("shop", "business", DB)).change(ResourceKey.addon("shop", "db")).orElseThrow().reasons())
        .extracting(Reason::text).contains("state stopped (asleep) -> awake");
  }

  @Test
  void aPausedOrStoppedAddOnWithoutOrkestrsRecordIsDriftNotSleep() {
    String yaml = Fixtures.project("shop", "free", DB);
    apply(yaml);
    docker.byName("orkestr_shop_db").state = ContainerState.EXITED;

    PlannedChange db = plan(yaml).change(ResourceKey.addon("shop", "db")).orElseThrow();

    assertThat(db.reasons()).extracting(Reason::text).containsExactly("state exited -> running");
  }

  @Test
  void updatesRedisLiveWhenThePlanChanges() {
    apply(Fixtures.project("shop", "free", CACHE));

    PlannedChange cache = plan(Fixtures.project("shop", "pro", CACHE)).change(ResourceKey.addon("shop", "cache")).orElseThrow();

    assertThat(cache.action()).isEqualTo(Action.UPDATE);
    assertThat(cache.reasons()).extracting(Reason::text).containsExactly("cpu 0.25 -> 1", "memory 256 MiB -> 1 GiB",
        "settings: maxclients 20 -> 120, maxmemory 153mb -> 614mb");
  }

  @Test
  void seesLiveLimitsAndSettingsAfterAnInPlaceUpdate() {
    apply(Fixtures.project("shop", "free", CACHE));
    apply(Fixtures.project("shop", "pro", CACHE));

    assertThat(plan(Fixtures.project("shop", "pro", CACHE)).hasChanges()).isFalse();
    assertThat(plan(Fixtures.project("shop", "free", CACHE)).change(ResourceKey.addon("shop", "cache")).orElseThrow().action())
        .isEqualTo(Action.UPDATE);
  }

  @Test
  void appliesAChangedLiveSettingWithoutARestart() {
    apply(Fixtures.project("shop", "pro", DB));

    PlannedChange db = plan(Fixtures.project("shop", "pro", "{name: db, type: postgres, version: \"15\", settings: {statement_timeout: 30s}}"))
        .change(ResourceKey.addon("shop", "db")).orElseThrow();

    assertThat(db.reasons()).extracting(Reason::text).containsExactly("settings: statement_timeout (engine default) -> 30s");
    assertThat(db.action()).isEqualTo(Action.UPDATE);
  }

  @Test
  void replacesContainerWhenImageChangesWithinAMajorVersion() {
    apply(Fixtures.project("shop", "free", DB));

    PlannedChange db = plan(Fixtures.project("shop", "free", "{name: db, type: postgres, version: \"15.18\"}"))
        .change(ResourceKey.addon("shop", "db")).orElseThrow();

    assertThat(db.action()).isEqualTo(Action.REPLACE);
    assertThat(db.reasons()).extracting(Reason::text)
        .contains("version 15 -> 15.18", "image orkestr.local/postgres:15 -> orkestr.local/postgres:15.18");
    assertThat(db.refusal()).isEmpty();
  }

  @Test
  void plansAPostgresMajorUpgradeThroughANewVolumeKeepingTheOld() {
    apply(Fixtures.project("shop", "free", DB));

    Plan plan = plan(Fixtures.project("shop", "free", "{name: db, type: postgres, version: \"17\"}"));

    PlannedChange db = plan.change(ResourceKey.addon("shop", "db")).orElseThrow();
    assertThat(plan.refusals()).isEmpty();
    assertThat(db.action()).isEqualTo(Action.REPLACE);
    assertThat(db.upgrade()).contains(new MajorUpgrade("postgres", 15, 17, "orkestr_shop_db_data", "orkestr_shop_db_data_pg17"));
    assertThat(((io.orkestr.desired.ContainerSpec) db.after().orElseThrow()).mounts().get(0).volumeName()).isEqualTo("orkestr_shop_db_data_pg17");
    assertThat(db.reasons()).extracting(Reason::text).containsExactly("dump, restore into a new volume, verify, switch; the old volume is kept");
  }

  @Test
  void refusesAPostgresMajorDowngradeAndChangesNothing() {
    apply(Fixtures.project("shop", "free", "{name: db, type: postgres, version: \"17\"}"));
    String id = docker.byName("orkestr_shop_db").id;
    String older = Fixtures.project("shop", "free", DB);

    Plan plan = plan(older);

    assertThat(plan.refusals()).singleElement().satisfies(c -> assertThat(c.refusal().get())
        .contains("postgres 17 -> postgres 15 is a downgrade").contains("keep version 17"));
    assertThatThrownBy(() -> apply(older)).isInstanceOf(RefusedChangeError.class).hasMessageContaining("nothing was changed");
    assertThat(docker.byName("orkestr_shop_db").id).isEqualTo(id);
  }

  @Test
  void refusesAMajorUpgradeEvenWhenOnlyTheOldVolumeIsLeft() {
    apply(Fixtures.project("shop", "free", DB));
    apply(Fixtures.project("shop", "free"));

    Plan plan = plan(Fixtures.project("shop", "free", "{name: db, type: postgres, version: \"17\"}"));

    assertThat(plan.refusals()).extracting(PlannedChange::key).containsExactly(ResourceKey.addon("shop", "db"));
  }

  @Test
  void startsAStoppedContainerInPlace() {
    String yaml = Fixtures.project("shop", "free", DB);
    apply(yaml);
    docker.byName("orkestr_shop_db").state = ContainerState.EXITED;

    PlannedChange db = plan(yaml).change(ResourceKey.addon("shop", "db")).orElseThrow();

    assertThat(db.action()).isEqualTo(Action.UPDATE);
    assertThat(db.reasons()).extracting(Reason::text).containsExactly("state exited -> running");
    apply(yaml);
    assertThat(docker.byName("orkestr_shop_db").state).isEqualTo(ContainerState.RUNNING);
  }

  @Test
  void recreatesARemovedContainerAndKeepsItsVolume() {
    String yaml = Fixtures.project("shop", "free", DB);
    apply(yaml);
    docker.containers.remove(docker.byName("orkestr_shop_db").id);

    assertThat(actions(plan(yaml))).containsExactly("+ shop/addon/db");
  }

  @Test
  void deletesRemovedAddOnButKeepsItsVolumeUnlessPurged() {
    apply(Fixtures.project("shop", "free", DB, CACHE));

    Plan kept = plan(Fixtures.project("shop", "free", DB));
    Plan purged = service.plan(Fixtures.file(Fixtures.project("shop", "free", DB)), new PlanOptions(true));

    assertThat(actions(kept)).containsExactly("- shop/addon/cache");
    assertThat(kept.notes()).singleElement().asString().contains("data volume shop/volume/cache", "is kept");
    assertThat(actions(purged)).containsExactly("- shop/volume/cache", "- shop/addon/cache");
  }

  @Test
  void deletesContainersBeforeTheirNetwork() {
    apply(Fixtures.project("shop", "free", DB));

    Plan plan = plan("version: 1\nprojects: []\n");

    assertThat(actions(plan)).containsExactlyInAnyOrder("- shop/network/private", "- shop/addon/db");
    assertThat(plan.graph().dependenciesOf(ResourceKey.network("shop", "private"))).containsExactly(ResourceKey.addon("shop", "db"));
  }

  @Test
  void removesDuplicatesLeftByAnInterruptedApply() {
    String yaml = Fixtures.project("shop", "free", DB);
    apply(yaml);
    var original = docker.byName("orkestr_shop_db");
    original.name = "orkestr_shop_db_1a2b3c4d";
    apply(Fixtures.project("shop", "free", DB)); // the fake lets the twin be created under the free name
    assertThat(docker.containers).hasSize(1);

    assertThat(plan(yaml).hasChanges()).isFalse();
  }

  @Test
  void refusesProjectsAnotherManifestOwns() {
    apply(Fixtures.project("shop", "free", DB));

    assertThatThrownBy(() -> service.plan(new io.orkestr.service.ManifestFile("other.yaml", Fixtures.project("shop", "free"), "other"),
        PlanOptions.DEFAULT))
        .isInstanceOf(ConflictError.class)
        .hasMessageContaining("project shop (owned by manifest \"test\") already exists");
  }

  @Test
  void givesEachNetworkItsOwnSubnetAvoidingThoseInUse() {
    docker.networks.put("bridge", new io.orkestr.actual.ObservedNetwork("b", "bridge", false, List.of("10.96.0.0/11"), java.util.Map.of()));

    assertThatThrownBy(() -> plan(Fixtures.project("shop", "free"))).hasMessageContaining("no free /24 subnet left");
  }

  @Test
  void holdsNewVariablesOfAManualAppUntilDeployed() {
    docker.images.add("orkestr.local/probe:latest");
    String app = "    apps:\n      - {name: web, image: orkestr.local/probe:latest, redeploy: manual}\n";
    apply(Fixtures.project("shop", "pro", CACHE) + app);
    String attached = Fixtures.project("shop", "pro", CACHE, DB) + app;

    Plan plan = plan(attached);
    Plan deploy = service.plan(Fixtures.file(attached), PlanOptions.DEFAULT.withDeploy(java.util.Set.of(ResourceKey.app("shop", "web"))));

    assertThat(actions(plan)).containsExactly("+ shop/volume/db", "+ shop/addon/db");
    assertThat(plan.pending()).singleElement().satisfies(c -> assertThat(c.reasons()).extracting(Reason::text).containsExactly(
        "redeploy pending (env: +DATABASE_URL, +DB_URL, +PGDATABASE, +PGHOST, +PGPASSWORD, +PGPORT, +PGUSER): run orkestr deploy --app shop/web"));
    assertThat(deploy.change(ResourceKey.app("shop", "web")).orElseThrow().action()).isEqualTo(Action.REPLACE);
    assertThat(deploy.only(java.util.Set.of(ResourceKey.app("shop", "web"))).changes()).extracting(PlannedChange::key)
        .contains(ResourceKey.app("shop", "web"), ResourceKey.addon("shop", "db"), ResourceKey.volume("shop", "db"));
  }

  @Test
  void redeploysAnAutoAppWhoseVariablesChanged() {
    docker.images.add("orkestr.local/probe:latest");
    String app = "    apps:\n      - {name: web, image: orkestr.local/probe:latest}\n";
    apply(Fixtures.project("shop", "pro", CACHE) + app);

    PlannedChange web = plan(Fixtures.project("shop", "pro", CACHE, DB) + app).change(ResourceKey.app("shop", "web")).orElseThrow();

    assertThat(web.action()).isEqualTo(Action.REPLACE);
    assertThat(web.reasons()).extracting(Reason::text).containsExactly("env: +DATABASE_URL, +DB_URL, +PGDATABASE, +PGHOST, +PGPASSWORD, +PGPORT, +PGUSER");
  }
}
