package io.orkestr;

import static org.assertj.core.api.Assertions.assertThat;

import io.orkestr.manifest.Manifest;
import io.orkestr.manifest.ManifestParser;
import io.orkestr.tier.Tiers;
import io.orkestr.tier.TiersParser;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Every example in examples/ is valid: manifests against the built-in plans, plans files against their schema. */
class ExamplesTest {

  static Stream<Path> manifests() throws IOException {
    try (Stream<Path> s = Files.list(Path.of("examples"))) {
      List<Path> files = s.filter(p -> p.toString().endsWith(".yaml")).sorted().toList();
      assertThat(files).hasSizeGreaterThanOrEqualTo(6);
      return files.stream();
    }
  }

  static Stream<Path> plansFiles() throws IOException {
    try (Stream<Path> s = Files.list(Path.of("examples/plans"))) {
      return s.filter(p -> p.toString().endsWith(".yaml")).sorted().toList().stream();
    }
  }

  @ParameterizedTest
  @MethodSource("manifests")
  void manifestExampleIsValid(Path file) throws IOException {
    Manifest m = new ManifestParser(Fixtures.TIERS).parse(file.toString(), Files.readString(file, StandardCharsets.UTF_8), "examples");

    assertThat(m.projects()).isNotEmpty();
  }

  @ParameterizedTest
  @MethodSource("plansFiles")
  void plansExampleIsValid(Path file) throws IOException {
    Tiers tiers = TiersParser.parse(file.toString(), file.toString(), Files.readString(file, StandardCharsets.UTF_8));

    assertThat(tiers.names()).isNotEmpty();
  }
}
