package io.orkestr.render;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/** Golden compares rendered output with src/test/resources/render/NAME; -Dorkestr.golden.update=true rewrites it. */
final class Golden {
  private static final Path DIR = Path.of("src/test/resources/render");

  private Golden() {}

  static void check(String name, String actual) throws IOException {
    Path file = DIR.resolve(name);
    if (Boolean.getBoolean("orkestr.golden.update") || !Files.exists(file)) {
      Files.createDirectories(DIR);
      Files.writeString(file, actual, StandardCharsets.UTF_8);
    }
    assertThat(actual).isEqualTo(Files.readString(file, StandardCharsets.UTF_8));
  }
}
