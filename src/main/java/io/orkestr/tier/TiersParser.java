package io.orkestr.tier;

import com.fasterxml.jackson.databind.JsonNode;
import io.orkestr.error.ValidationError;
import io.orkestr.yaml.Pointer;
import io.orkestr.yaml.Problem;
import io.orkestr.yaml.SchemaCheck;
import io.orkestr.yaml.YamlTree;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** TiersParser reads a plans file (text, not a path), checks it against schemas/plans.schema.json and its own rules. */
public final class TiersParser {
  /** Docker refuses memory limits under 6 MiB. */
  private static final long MIN_MEMORY = 6L << 20;
  private static SchemaCheck schema;

  private TiersParser() {}

  /** The plans shipped in the jar (src/main/resources/plans.yaml). */
  public static Tiers builtIn() {
    try (InputStream in = TiersParser.class.getResourceAsStream("/plans.yaml")) {
      return parse("built-in", "plans.yaml", new String(in.readAllBytes(), StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  public static Tiers parse(String source, String fileName, String text) {
    YamlTree tree = YamlTree.parse(fileName, text);
    List<Problem> problems = new ArrayList<>(schema().check(tree));
    if (!problems.isEmpty()) throw new ValidationError(problems.stream().map(Problem::item).toList());

    List<Tier> tiers = new ArrayList<>();
    JsonNode plans = tree.root().get("plans");
    for (Iterator<Map.Entry<String, JsonNode>> it = plans.fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> e = it.next();
      Pointer at = Pointer.ROOT.key("plans").key(e.getKey());
      tiers.add(tier(tree, at, e.getKey(), e.getValue(), problems));
    }
    if (!problems.isEmpty()) throw new ValidationError(problems.stream().sorted().map(Problem::item).toList());
    return new Tiers(source, tiers);
  }

  private static Tier tier(YamlTree tree, Pointer at, String name, JsonNode n, List<Problem> problems) {
    long memory = ByteSize.parse(n.get("memory").asText());
    if (memory < MIN_MEMORY) problems.add(tree.problemAt(at.key("memory"), "must be at least 6Mi (Docker's minimum)"));
    Optional<SleepPolicy> sleep = Optional.empty();
    if (n.has("sleep")) {
      Duration freeze = DurationText.parse(n.get("sleep").get("freeze_after").asText());
      Duration stop = DurationText.parse(n.get("sleep").get("stop_after").asText());
      if (freeze.compareTo(stop) > 0) {
        problems.add(tree.problemAt(at.key("sleep").key("freeze_after"), "must not be longer than stop_after"));
      }
      sleep = Optional.of(new SleepPolicy(freeze, stop));
    }
    BackupPolicy backups = BackupPolicy.NONE;
    if (n.has("backups")) {
      JsonNode b = n.get("backups");
      backups = new BackupPolicy(
          b.path("manual_per_day").asInt(0),
          b.path("automatic").asBoolean(false),
          b.has("retention") ? DurationText.parse(b.get("retention").asText()) : Duration.ZERO,
          b.has("min_interval") ? DurationText.parse(b.get("min_interval").asText()) : BackupPolicy.DEFAULT_MIN_INTERVAL);
    }
    double cpu = n.get("cpu").asDouble();
    int connections = n.has("connections") ? n.get("connections").asInt() : PostgresMemory.defaultConnections(memory, cpu);
    if (n.has("connections") && PostgresMemory.of(memory, cpu, connections).workMem() < PostgresMemory.MIN_WORK_MEM) {
      int fit = 1;
      while (PostgresMemory.of(memory, cpu, fit + 1).workMem() >= PostgresMemory.MIN_WORK_MEM) fit++;
      problems.add(tree.problemAt(at.key("connections"), connections + " connections do not fit in " + ByteSize.format(memory)
          + " of memory (each needs at least 1 MiB of work memory, three times over); at most " + fit + ", or more memory"));
    }
    return new Tier(name, n.path("description").asText(""), cpu, memory, ByteSize.parse(n.get("storage").asText()),
        n.get("max_addons").asInt(), connections, sleep, backups);
  }

  private static synchronized SchemaCheck schema() {
    if (schema == null) schema = SchemaCheck.fromResource("/schemas/plans.schema.json");
    return schema;
  }
}
