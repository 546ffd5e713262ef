package io.orkestr.render;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class GoldenTest {
  @TempDir Path dir;

  @Test
  void failsWhenTheGoldenFileIsMissingAndWritesNothing() {
    assertThatThrownBy(() -> Golden.check(dir, "plan.txt", "+ shop/addon/db\n")).isInstanceOf(AssertionError.class)
        .hasMessageContaining("golden file " + dir.resolve("plan.txt") + " is missing");
    assertThat(dir.resolve("plan.txt")).doesNotExist();
  }

  @Test
  void failsWhenTheOutputDiffersFromTheGoldenFile() throws Exception {
    Files.writeString(dir.resolve("plan.txt"), "+ shop/addon/db\n");

    assertThatThrownBy(() -> Golden.check(dir, "plan.txt", "- shop/addon/db\n")).isInstanceOf(AssertionError.class);
  }

  @Test
  void passesWhenTheOutputIsTheGoldenFile() throws Exception {
    Files.writeString(dir.resolve("plan.txt"), "+ shop/addon/db\n");

    Golden.check(dir, "plan.txt", "+ shop/addon/db\n");
  }
}
