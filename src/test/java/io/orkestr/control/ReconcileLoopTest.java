package io.orkestr.control;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.orkestr.Fixtures;
import io.orkestr.apply.ApplySettings;
import io.orkestr.desired.Labels;
import io.orkestr.docker.FakeDockerPort;
import io.orkestr.events.Event;
import io.orkestr.events.fs.FileEventLog;
import io.orkestr.manifest.Manifest;
import io.orkestr.service.OrkestrService;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The loop's decisions over the in-memory Docker port: when it reconciles, what it retries, what it reports. */
class ReconcileLoopTest {
  static final String WEB = "version: 1\nprojects:\n  - name: shop\n    plan: pro\n    apps:\n      - {name: web, image: orkestr.local/probe:latest}\n";
  static final String TWO = WEB + "      - {name: api, image: orkestr.local/probe:latest}\n";

  @TempDir Path home;
  Path file;
  FakeDockerPort docker;
  OrkestrService service;
  EventJournal events;
  SimpleMeterRegistry registry;
  ReconcileLoop loop;
  volatile CountDownLatch hold;
  /** Counted down when a reconcile reaches the hold. */
  volatile CountDownLatch held = new CountDownLatch(1);

  @BeforeEach
  void setUp() throws Exception {
    file = home.resolve("orkestr.yaml");
    Files.writeString(file, WEB);
    docker = Fixtures.fakeDocker("orkestr.local/probe:latest");
    service = Fixtures.service(docker, home);
    events = new EventJournal(new FileEventLog(home, 1 << 20), Clock.systemUTC());
    registry = new SimpleMeterRegistry();
  }

  @AfterEach
  void stop() {
    if (loop != null) loop.close(Duration.ofSeconds(5));
  }

  ReconcileLoop loop(ReconcileLoop.Sync sync) {
    ReconcileLoop.Settings settings = new ReconcileLoop.Settings(file, sync, Duration.ofHours(1),
        new Backoff(Duration.ofMillis(50), Duration.ofMillis(200)), Duration.ofMillis(10),
        new ApplySettings(4, false, Duration.ofSeconds(5), Duration.ofSeconds(1)));
    loop = new ReconcileLoop(service, settings, events, new ControlMetrics(registry), Clock.systemUTC(), new ReconcileLoop.Observer() {
      @Override
      public void valid(Manifest m) {
        CountDownLatch h = hold;
        if (h == null) return;
        held.countDown();
        try {
          h.await(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
      }

      @Override
      public void changed() {}
    });
    return loop;
  }

  void idle() throws InterruptedException {
    assertThat(loop.awaitIdle(Duration.ofSeconds(10))).as("the loop became idle").isTrue();
  }

  List<String> types() {
    return events.since(0).stream().map(Event::type).toList();
  }

  long running() {
    return docker.containers.values().stream().filter(c -> c.state == io.orkestr.actual.ContainerState.RUNNING).count();
  }

  @Test
  void theFirstReconcileConvergesAndReportsItself() throws Exception {
    loop(ReconcileLoop.Sync.AUTO).start();
    idle();

    assertThat(running()).isEqualTo(1);
    assertThat(types()).startsWith("reconcile.started").contains("change.applied").endsWith("reconcile.finished");
    Event finished = events.since(0).get(events.since(0).size() - 1);
    assertThat(finished.data()).containsEntry("result", "success").containsEntry("trigger", "start").containsKey("summary");
    assertThat(registry.get("orkestr.reconcile").tag("result", "success").counter().count()).isEqualTo(1);
    assertThat(loop.status().state()).isEqualTo("idle");
  }

  @Test
  void aContainerRemovedByHandIsDriftAndIsRepairedOnTheEngineEvent() throws Exception {
    loop(ReconcileLoop.Sync.AUTO).start();
    idle();
    docker.containers.clear();

    loop.engineEvent("engine: container orkestr_shop_web destroy");
    idle();

    assertThat(running()).isEqualTo(1);
    Event drift = events.since(0).stream().filter(e -> e.type().equals("drift.found")).findFirst().orElseThrow();
    assertThat(drift.data()).containsEntry("address", "shop/app/web").containsEntry("state", "missing").containsEntry("action", "create");
    assertThat(drift.data().get("manifest").toString()).contains("orkestr.local/probe:latest");
    assertThat(registry.get("orkestr.drift.repairs").tag("kind", "app").counter().count()).isEqualTo(1);
  }

  @Test
  void reconcileNowAnswersWhenThatReconcileHasEnded() throws Exception {
    loop(ReconcileLoop.Sync.AUTO).start();
    idle();
    docker.containers.clear();

    assertThat(loop.reconcileNow("api", Duration.ofSeconds(10))).isTrue();

    assertThat(running()).isEqualTo(1);
    assertThat(loop.reconciles()).isEqualTo(2);
    assertThat(loop.status().lastTrigger()).isEqualTo("api");
  }

  @Test
  void aChangeOfTheManifestIsNotCountedAsDrift() throws Exception {
    loop(ReconcileLoop.Sync.AUTO).start();
    idle();
    Files.writeString(file, TWO);

    loop.manifestChanged();
    idle();

    assertThat(running()).isEqualTo(2);
    assertThat(types()).doesNotContain("drift.found");
    assertThat(registry.find("orkestr.drift.repairs").counter()).isNull();
  }

  @Test
  void triggersThatArriveDuringAReconcileCoalesceIntoOneMore() throws Exception {
    hold = new CountDownLatch(1);
    loop(ReconcileLoop.Sync.AUTO).start();
    assertThat(held.await(10, TimeUnit.SECONDS)).as("the first reconcile is held").isTrue();
    for (int i = 0; i < 10; i++) loop.engineEvent("engine: container x die " + i);
    loop.resync("test");
    hold.countDown();
    hold = null;
    idle();

    assertThat(loop.reconciles()).isEqualTo(2);
    Event second = events.since(0).stream().filter(e -> e.type().equals("reconcile.started")).toList().get(1);
    assertThat(second.data().get("trigger").toString()).contains("engine: container x die 0").contains("die 9").contains("test");
  }

  @Test
  void anInvalidManifestIsReportedOnceWithItsProblemsAndWhatRunsIsLeftAlone() throws Exception {
    loop(ReconcileLoop.Sync.AUTO).start();
    idle();
    Files.writeString(file, "version: 1\nprojects:\n  - name: shop\n    plann: pro\n");

    loop.manifestChanged();
    idle();
    loop.resync("resync");
    idle();

    assertThat(running()).isEqualTo(1);
    List<Event> invalid = events.since(0).stream().filter(e -> e.type().equals("manifest.invalid")).toList();
    assertThat(invalid).hasSize(1);
    assertThat(invalid.get(0).data().get("problems").toString()).contains("line=4").contains("column=5").contains("path=projects[0].plann");
    assertThat(loop.status().state()).isEqualTo("waiting for a manifest change");
    assertThat(loop.status().problems()).isNotEmpty();

    Files.writeString(file, TWO);
    loop.manifestChanged();
    idle();
    assertThat(running()).isEqualTo(2);
    assertThat(loop.status().state()).isEqualTo("idle");
  }

  @Test
  void aTerminalErrorIsNotRetriedUntilTheManifestChanges() throws Exception {
    // Project shop already belongs to another manifest on this engine: a conflict no retry can fix.
    docker.createNetwork(new io.orkestr.desired.NetworkSpec(io.orkestr.desired.ResourceKey.network("shop", "private"), "orkestr_shop_private",
        true, java.util.Optional.empty(), java.util.Map.of(Labels.MANAGED, "true", Labels.MANIFEST, "other", Labels.PROJECT, "shop",
            Labels.KEY, "shop/network/private")));
    loop(ReconcileLoop.Sync.AUTO).start();
    idle();
    for (int i = 0; i < 3; i++) {
      loop.resync("resync");
      idle();
    }

    assertThat(loop.reconciles()).isEqualTo(1);
    assertThat(loop.status().lastResult()).isEqualTo("terminal");
    assertThat(loop.status().retryAt()).isNull();
    assertThat(registry.get("orkestr.reconcile").tag("result", "terminal").counter().count()).isEqualTo(1);

    Files.writeString(file, WEB.replace("name: shop", "name: shop2"));
    loop.manifestChanged();
    idle();
    assertThat(loop.reconciles()).isEqualTo(2);
    assertThat(loop.status().lastResult()).isEqualTo("success");
  }

  @Test
  void aFailureThatMayPassIsRetriedWithGrowingWaitsUntilItPasses() throws Exception {
    docker.failing = s -> s.startsWith("start");
    loop(ReconcileLoop.Sync.AUTO).start();
    ItWaits.until(() -> loop.status().failuresInARow() >= 3, Duration.ofSeconds(10));

    assertThat(loop.status().lastResult()).isEqualTo("error");
    assertThat(registry.get("orkestr.reconcile.errors").counter().count()).isGreaterThanOrEqualTo(3);

    docker.failing = s -> false;
    ItWaits.until(() -> "success".equals(loop.status().lastResult()), Duration.ofSeconds(10));
    assertThat(loop.status().failuresInARow()).isZero();
    assertThat(running()).isEqualTo(1);
  }

  @Test
  void withSyncOffItOnlyPlansAndReportsTheDrift() throws Exception {
    loop(ReconcileLoop.Sync.OFF).start();
    idle();

    assertThat(docker.containers).isEmpty();
    assertThat(types()).contains("drift.found").doesNotContain("change.applied");
    assertThat(events.since(0).stream().filter(e -> e.type().equals("reconcile.finished")).findFirst().orElseThrow().data())
        .containsEntry("sync", "off").containsEntry("result", "success");
  }

  /** Polls a condition (the loop's retries run on their own timer). */
  static final class ItWaits {
    static void until(java.util.function.BooleanSupplier condition, Duration timeout) throws InterruptedException {
      long deadline = System.nanoTime() + timeout.toNanos();
      while (!condition.getAsBoolean()) {
        if (System.nanoTime() > deadline) throw new AssertionError("timed out after " + timeout);
        Thread.sleep(20);
      }
    }
  }
}
