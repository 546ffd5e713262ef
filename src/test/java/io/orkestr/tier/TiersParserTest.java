package io.orkestr.tier;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.orkestr.error.ValidationError;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class TiersParserTest {

  @Test
  void builtInPlansMatchTheDocumentedTable() {
    Tiers tiers = TiersParser.builtIn();

    assertThat(tiers.names()).containsExactly("free", "pro", "business");
    Tier free = tiers.get("free");
    assertThat(free.nanoCpus()).isEqualTo(250_000_000L);
    assertThat(free.memoryBytes()).isEqualTo(256L << 20);
    assertThat(free.storageBytes()).isEqualTo(1L << 30);
    assertThat(free.maxAddons()).isEqualTo(2);
    assertThat(free.connections()).isEqualTo(20);
    assertThat(tiers.get("pro").connections()).isEqualTo(120);
    assertThat(tiers.get("business").connections()).isEqualTo(400);
    assertThat(free.sleep().orElseThrow()).isEqualTo(new SleepPolicy(Duration.ofMinutes(5), Duration.ofMinutes(15)));
    assertThat(free.backups()).isEqualTo(new BackupPolicy(0, false, Duration.ZERO, Duration.ofHours(1)));
    Tier pro = tiers.get("pro");
    assertThat(pro.memoryBytes()).isEqualTo(1L << 30);
    assertThat(pro.storageBytes()).isEqualTo(10L << 30);
    assertThat(pro.sleep().orElseThrow()).isEqualTo(new SleepPolicy(Duration.ofMinutes(15), Duration.ofMinutes(60)));
    assertThat(pro.backups()).isEqualTo(new BackupPolicy(3, true, Duration.ofDays(7), Duration.ofHours(1)));
    Tier business = tiers.get("business");
    assertThat(business.nanoCpus()).isEqualTo(2_000_000_000L);
    assertThat(business.memoryBytes()).isEqualTo(4L << 30);
    assertThat(business.maxAddons()).isEqualTo(50);
    assertThat(business.sleep()).isEmpty();
    assertThat(business.backups()).isEqualTo(new BackupPolicy(10, true, Duration.ofDays(30), Duration.ofHours(1)));
  }

  @Test
  void readsAnOperatorsOwnPlansWithOptionalKeysLeftOut() {
    Tiers tiers = TiersParser.parse("mine.yaml", "mine.yaml", """
        plans:
          tiny:
            cpu: 0.1
            memory: 64Mi
            storage: 512Mi
            max_addons: 1
        """);

    Tier tiny = tiers.get("tiny");
    assertThat(tiny.memoryBytes()).isEqualTo(64L << 20);
    assertThat(tiny.sleep()).isEmpty();
    assertThat(tiny.backups()).isEqualTo(BackupPolicy.NONE);
    assertThat(tiny.connections()).isEqualTo(1); // 64 MiB leaves room for little more than the server itself
  }

  @Test
  void leftOutConnectionsAreAsManyAsHaveTwoMebibytesOfWorkMemory() {
    Tiers tiers = TiersParser.parse("mine.yaml", "mine.yaml", """
        plans:
          small: {cpu: 0.5, memory: 256Mi, storage: 1Gi, max_addons: 2}
          big: {cpu: 4, memory: 16Gi, storage: 1Gi, max_addons: 2}
        """);

    Tier small = tiers.get("small");
    assertThat(small.connections()).isEqualTo(21);
    assertThat(small.postgresMemory().workMem()).isGreaterThanOrEqualTo(2L << 20);
    assertThat(tiers.get("big").connections()).isEqualTo(100);
  }

  @Test
  void rejectsMoreConnectionsThanTheMemoryHolds() {
    assertThatThrownBy(() -> TiersParser.parse("mine.yaml", "mine.yaml", """
        plans:
          tight: {cpu: 1, memory: 256Mi, storage: 1Gi, max_addons: 1, connections: 200}
        """))
        .hasMessage("mine.yaml:2:76: plans.tight.connections: 200 connections do not fit in 256 MiB of memory"
            + " (each needs at least 1 MiB of work memory, three times over); at most 44, or more memory");
  }

  @Test
  void splitsAFreePlansMemoryTheWayTheReadmeSays() {
    PostgresMemory m = TiersParser.builtIn().get("free").postgresMemory();

    assertThat(m.sharedBuffers()).isEqualTo(64L << 20);
    assertThat(m.effectiveCacheSize()).isEqualTo(192L << 20);
    assertThat(m.maintenanceWorkMem()).isEqualTo(16L << 20);
    assertThat(m.autovacuumWorkMem()).isEqualTo(8L << 20);
    // (256 - 64 - 3 x 8 - 32) MiB shared by 20 connections and 1 parallel worker, three times over, in steps of 64 kB
    assertThat(m.workMem()).isEqualTo(2176L << 10);
  }

  @Test
  void reportsBadValuesWithLocations() {
    assertThatThrownBy(() -> TiersParser.parse("mine.yaml", "mine.yaml", """
        plans:
          tiny:
            cpu: 0
            memory: lots
            storage: 1Gi
            max_addons: 1
            sleep: {freeze_after: 1h, stop_after: 5m}
        """))
        .isInstanceOf(ValidationError.class)
        .satisfies(e -> assertThat(((ValidationError) e).problems()).containsExactly(
            "mine.yaml:3:10: plans.tiny.cpu: must be greater than 0 (found 0)",
            "mine.yaml:4:13: plans.tiny.memory: must be a size such as 256Mi or 1Gi (Ki, Mi, Gi, Ti: powers of 1024) (found \"lots\")"));
  }

  @Test
  void rejectsFreezingAfterStopping() {
    assertThatThrownBy(() -> TiersParser.parse("mine.yaml", "mine.yaml", """
        plans:
          tiny: {cpu: 1, memory: 64Mi, storage: 1Gi, max_addons: 1, sleep: {freeze_after: 1h, stop_after: 5m}}
        """))
        .hasMessage("mine.yaml:2:83: plans.tiny.sleep.freeze_after: must not be longer than stop_after");
  }

  @Test
  void parsesAndPrintsSizesAndDurations() {
    assertThat(ByteSize.parse("1.5Gi")).isEqualTo(1610612736L);
    assertThat(ByteSize.format(268435456L)).isEqualTo("256 MiB");
    assertThat(ByteSize.format(1610612736L)).isEqualTo("1.5 GiB");
    assertThat(ByteSize.quantity(1L << 30)).isEqualTo("1Gi");
    assertThat(DurationText.parse("7d")).isEqualTo(Duration.ofDays(7));
    assertThat(DurationText.format(Duration.ofMinutes(90))).isEqualTo("90m");
  }
}
