package io.orkestr;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The README's references are checked against the schemas, so they cannot drift apart. */
class ReadmeTest {
  static final String README = read("README.md");

  static String read(String file) {
    try {
      return Files.readString(Path.of(file), StandardCharsets.UTF_8);
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  /** Every key path of a schema: projects[].addons[].version. */
  static List<String> paths(JsonNode root, JsonNode node, String prefix, List<String> out) {
    if (node.has("$ref")) node = root.at(node.get("$ref").asText().substring(1));
    if (node.has("properties")) {
      node.get("properties").fields().forEachRemaining(e -> {
        String path = prefix.isEmpty() ? e.getKey() : prefix + "." + e.getKey();
        out.add(path);
        paths(root, e.getValue(), path, out);
      });
    }
    if (node.has("items")) paths(root, node.get("items"), prefix + "[]", out);
    return out;
  }

  @Test
  void documentsEveryManifestKey() throws Exception {
    JsonNode schema = new ObjectMapper().readTree(new File("schemas/orkestr.schema.json"));

    List<String> keys = paths(schema, schema, "", new ArrayList<>());

    assertThat(keys).hasSizeGreaterThan(20).contains("projects[].addons[].version", "groups[].share");
    assertThat(keys).allSatisfy(k -> assertThat(README).as("README documents `%s`", k).contains("`" + k + "`"));
  }

  @Test
  void documentsEveryPlansFileKey() throws Exception {
    JsonNode schema = new ObjectMapper().readTree(new File("schemas/plans.schema.json"));
    List<String> keys = new ArrayList<>();
    paths(schema, schema.at("/$defs/plan"), "", keys);

    assertThat(keys).contains("sleep.freeze_after", "backups.retention");
    assertThat(keys).allSatisfy(k -> assertThat(README).as("README documents `%s`", k).contains("`" + k + "`"));
  }

  @Test
  void namesTheTwoCommandsThatSetUpAndRun() {
    assertThat(README).contains("bin/test", "ORKESTR_IMAGE_MIRROR=orkestr.local bin/orkestr apply -f examples/quickstart.yaml --auto-approve");
    assertThat(read(".ci/run")).contains("bin/test");
  }
}
