package io.orkestr.disk;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** When orkestr makes disks and when it says why it does not; the mount table as the kernel writes it. */
class LoopDisksTest {
  @TempDir Path dir;

  private String why(Map<String, String> env) {
    return LoopDisks.fromEnvironment(dir, env).placement().unavailable();
  }

  @Test
  void turnedOffOrAskedWronglyOrWithARemoteEngineItMakesNoneAndSaysWhy() {
    assertThat(why(Map.of("ORKESTR_DISKS", "off"))).isEqualTo("ORKESTR_DISKS=off");
    assertThat(why(Map.of("ORKESTR_DISKS", "yes"))).isEqualTo("ORKESTR_DISKS is \"yes\", not auto or off");
    assertThat(why(Map.of("DOCKER_HOST", "tcp://10.0.0.5:2376"))).isEqualTo("the Docker engine is not on this host (DOCKER_HOST=tcp://10.0.0.5:2376)");
    assertThat(LoopDisks.fromEnvironment(dir, Map.of("ORKESTR_DISKS", "off")).inspect("v")).isEmpty();
  }

  @Test
  void onThisHostItEitherMakesDisksUnderTheDirectoryOrSaysWhyNot() {
    var placement = LoopDisks.fromEnvironment(dir, Map.of()).placement();
    if (placement.enabled()) {
      assertThat(placement.space("orkestr_shop_db_data_space")).isEqualTo(dir.toAbsolutePath() + "/orkestr_shop_db_data_space/space");
      assertThat(placement.unavailable()).isEmpty();
    } else {
      assertThat(placement.unavailable()).isNotBlank();
    }
  }

  @Test
  void aMountPointIsWhatTheMountTableSaysExactly() throws Exception {
    assertThat(LoopDisks.mounted(Path.of("/proc"))).isTrue();
    assertThat(LoopDisks.mounted(dir)).isFalse();
    Path sub = Files.createDirectories(dir.resolve("a b"));
    assertThat(LoopDisks.mounted(sub)).isFalse();
  }
}
