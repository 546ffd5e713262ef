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
    assertThat(free.sleep().orElseThrow()).isEqualTo(new SleepPolicy(Duration.ofMinutes(5), Duration.ofMinutes(15)));
    assertThat(free.backups()).isEqualTo(new BackupPolicy(0, false, Duration.ZERO));
    Tier pro = tiers.get("pro");
    assertThat(pro.memoryBytes()).isEqualTo(1L << 30);
    assertThat(pro.storageBytes()).isEqualTo(10L << 30);
    assertThat(pro.sleep().orElseThrow()).isEqualTo(new SleepPolicy(Duration.ofMinutes(15), Duration.ofMinutes(60)));
    assertThat(pro.backups()).isEqualTo(new BackupPolicy(3, true, Duration.ofDays(7)));
    Tier business = tiers.get("business");
    assertThat(business.nanoCpus()).isEqualTo(2_000_000_000L);
    assertThat(business.memoryBytes()).isEqualTo(4L << 30);
    assertThat(business.maxAddons()).isEqualTo(50);
    assertThat(business.sleep()).isEmpty();
    assertThat(business.backups()).isEqualTo(new BackupPolicy(10, true, Duration.ofDays(30)));
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
