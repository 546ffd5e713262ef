package io.orkestr.render;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.opentest4j.AssertionFailedError;

/**
 * Golden compares rendered output with src/test/resources/render/NAME; -Dorkestr.golden.update=true
 * rewrites it. A missing golden file fails: written and then compared with itself, it would pass
 * whatever the renderer printed.
 */
final class Golden {
  static final Path DIR = Path.of("src/test/resources/render");
  static final String UPDATE = "orkestr.golden.update";

  private Golden() {}

  static void check(String name, String actual) throws IOException {
    check(DIR, name, actual);
  }

  static void check(Path dir, String name, String actual) throws IOException {
    Path file = dir.resolve(name);
    if (Boolean.getBoolean(UPDATE)) {
      Files.createDirectories(dir);
      Files.writeString(file, actual, StandardCharsets.UTF_8);
    }
    if (!Files.exists(file)) {
      throw new AssertionFailedError("golden file " + file + " is missing; write it with -D" + UPDATE + "=true and review it");
    }
    assertThat(actual).isEqualTo(Files.readString(file, StandardCharsets.UTF_8));
  }
}
