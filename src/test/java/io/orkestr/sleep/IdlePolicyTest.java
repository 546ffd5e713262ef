package io.orkestr.sleep;

import static org.assertj.core.api.Assertions.assertThat;

import io.orkestr.actual.Sleep;
import io.orkestr.tier.SleepPolicy;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class IdlePolicyTest {
  static final SleepPolicy FREE = new SleepPolicy(Duration.ofMinutes(5), Duration.ofMinutes(15));
  static final Instant T = Instant.parse("2026-12-06T20:00:00Z");

  private static Activity quiet(long counter) {
    return new Activity(0, Optional.empty(), counter, Optional.empty());
  }

  @Test
  void isAwakeUntilItsFreezeWindowThenFrozenUntilItsStopWindowThenStopped() {
    assertThat(IdlePolicy.stage(FREE, T, T.plus(Duration.ofMinutes(4)))).isEqualTo(Sleep.Stage.AWAKE);
    assertThat(IdlePolicy.stage(FREE, T, T.plus(Duration.ofMinutes(5)))).isEqualTo(Sleep.Stage.FROZEN);
    assertThat(IdlePolicy.stage(FREE, T, T.plus(Duration.ofMinutes(14)))).isEqualTo(Sleep.Stage.FROZEN);
    assertThat(IdlePolicy.stage(FREE, T, T.plus(Duration.ofMinutes(15)))).isEqualTo(Sleep.Stage.STOPPED);
  }

  @Test
  void saysWhenItNextChangesStage() {
    assertThat(IdlePolicy.next(FREE, T, T.plusSeconds(10))).isEqualTo(T.plus(Duration.ofMinutes(5)));
    assertThat(IdlePolicy.next(FREE, T, T.plus(Duration.ofMinutes(6)))).isEqualTo(T.plus(Duration.ofMinutes(15)));
  }

  @Test
  void aSessionUsingItNowIsUse() {
    var before = Optional.of(new IdlePolicy.Use(T, 7, Optional.empty()));

    var now = IdlePolicy.observe(before, new Activity(1, Optional.empty(), 7, Optional.of("10.96.3.7 psql")), T.plusSeconds(90));

    assertThat(now.lastUsed()).isEqualTo(T.plusSeconds(90));
    assertThat(now.holder()).contains("10.96.3.7 psql");
  }

  @Test
  void aCounterThatMovedSinceTheLastProbeIsUseEvenWithNoSessionLeft() {
    var before = Optional.of(new IdlePolicy.Use(T, 7, Optional.empty()));

    assertThat(IdlePolicy.observe(before, quiet(9), T.plusSeconds(90)).lastUsed()).isEqualTo(T.plusSeconds(90));
    assertThat(IdlePolicy.observe(before, quiet(7), T.plusSeconds(90)).lastUsed()).isEqualTo(T);
  }

  @Test
  void theFirstProbeOrOneAfterOrkestrsOwnWorkSetsTheCounterWithoutCountingIt() {
    var unknown = Optional.of(new IdlePolicy.Use(T, -1, Optional.empty()));

    var now = IdlePolicy.observe(unknown, quiet(500), T.plusSeconds(90));

    assertThat(now.lastUsed()).isEqualTo(T);
    assertThat(now.counter()).isEqualTo(500);
  }

  @Test
  void aSessionsLastCommandCountsAtItsOwnTimeNotThePobes() {
    var before = Optional.of(new IdlePolicy.Use(T, 7, Optional.empty()));

    var now = IdlePolicy.observe(before, new Activity(0, Optional.of(T.plusSeconds(30)), 7, Optional.of("10.96.3.9 web")), T.plusSeconds(90));

    assertThat(now.lastUsed()).isEqualTo(T.plusSeconds(30));
    assertThat(now.holder()).contains("10.96.3.9 web");
  }

  @Test
  void probesATenthOfTheFreezeWindowBetweenASecondAndThirtySeconds() {
    assertThat(IdlePolicy.probeEvery(FREE)).isEqualTo(Duration.ofSeconds(30));
    assertThat(IdlePolicy.probeEvery(new SleepPolicy(Duration.ofMinutes(1), Duration.ofMinutes(2)))).isEqualTo(Duration.ofSeconds(6));
    assertThat(IdlePolicy.probeEvery(new SleepPolicy(Duration.ofSeconds(3), Duration.ofSeconds(9)))).isEqualTo(Duration.ofSeconds(1));
  }

  @Test
  void readsTheIdleProbesLines() {
    assertThat(Activity.parse("active 2\nlast 1796000000123\ncounter 88\nholder 10.96.3.7 psql\n"))
        .contains(new Activity(2, Optional.of(Instant.ofEpochMilli(1796000000123L)), 88, Optional.of("10.96.3.7 psql")));
    assertThat(Activity.parse("active 0\nlast 0\ncounter 3\n")).contains(new Activity(0, Optional.empty(), 3, Optional.empty()));
    assertThat(Activity.parse("psql: error: connection refused")).isEmpty();
  }

  @Test
  void knowsASubnetsGatewayAndWhoIsInIt() {
    assertThat(Subnets.gateway("10.96.3.0/24")).isEqualTo("10.96.3.1");
    assertThat(Subnets.contains("10.96.3.0/24", "10.96.3.7")).isTrue();
    assertThat(Subnets.contains("10.96.3.0/24", "10.96.4.7")).isFalse();
    assertThat(Subnets.contains("10.96.0.0/16", "10.96.200.1")).isTrue();
  }
}
