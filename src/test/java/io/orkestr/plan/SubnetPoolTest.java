package io.orkestr.plan;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.orkestr.desired.ResourceKey;
import io.orkestr.error.UserError;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class SubnetPoolTest {
  final SubnetPool pool = SubnetPool.parse("10.96.0.0/11");

  @Test
  void carvesTheRangeIntoSlash24s() {
    assertThat(pool.size()).isEqualTo(8192);
    assertThat(pool.allocate(ResourceKey.network("shop", "private"), List.of()).orElseThrow()).matches("10\\.(9[6-9]|1[01][0-9]|12[0-7])\\.\\d+\\.0/24");
  }

  @Test
  void givesTheSameKeyTheSameSubnetWhenItIsFree() {
    ResourceKey key = ResourceKey.network("shop", "private");

    assertThat(pool.allocate(key, List.of())).isEqualTo(pool.allocate(key, List.of()));
  }

  @Test
  void skipsSubnetsOverlappingAnyInUse() {
    ResourceKey key = ResourceKey.network("shop", "private");
    String first = pool.allocate(key, List.of()).orElseThrow();

    String second = pool.allocate(key, List.of(first)).orElseThrow();

    assertThat(second).isNotEqualTo(first);
    assertThat(SubnetPool.overlaps(SubnetPool.ipv4(second.split("/")[0]), 24, first)).isFalse();
    assertThat(SubnetPool.overlaps(SubnetPool.ipv4("10.96.0.0"), 24, "10.0.0.0/8")).isTrue();
  }

  @Test
  void handsOutEverySubnetBeforeRunningOut() {
    SubnetPool small = SubnetPool.parse("10.200.0.0/22");
    Set<String> used = new HashSet<>();
    for (int i = 0; i < 4; i++) used.add(small.allocate(ResourceKey.network("p" + i, "private"), used).orElseThrow());

    assertThat(used).containsExactlyInAnyOrder("10.200.0.0/24", "10.200.1.0/24", "10.200.2.0/24", "10.200.3.0/24");
    assertThat(small.allocate(ResourceKey.network("p4", "private"), used)).isEmpty();
  }

  @Test
  void rejectsAMalformedPool() {
    assertThatThrownBy(() -> SubnetPool.parse("10.96.0.0")).isInstanceOf(UserError.class)
        .satisfies(e -> assertThat(((UserError) e).lines()).singleElement().asString().contains("10.96.0.0", "ORKESTR_SUBNET_POOL"));
  }
}
