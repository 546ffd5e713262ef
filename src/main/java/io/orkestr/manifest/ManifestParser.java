package io.orkestr.manifest;

import com.fasterxml.jackson.databind.JsonNode;
import io.orkestr.error.ValidationError;
import io.orkestr.tier.Tiers;
import io.orkestr.yaml.Pointer;
import io.orkestr.yaml.Problem;
import io.orkestr.yaml.SchemaCheck;
import io.orkestr.yaml.YamlTree;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * ManifestParser turns orkestr.yaml text into a Manifest, or a ValidationError listing every
 * problem with its file, line and column: first the schema's, then (on a well-formed file) the
 * rules the schema cannot say, such as plan limits and name clashes.
 */
public final class ManifestParser {
  private static final java.util.Map<List<String>, SchemaCheck> WITH_PLANS = new java.util.concurrent.ConcurrentHashMap<>();

  private final Tiers tiers;
  private final Schedules schedules;

  public ManifestParser(Tiers tiers) {
    this(tiers, Schedules.ANY);
  }

  /** schedules reads backup schedules; the service passes the scheduler's own. */
  public ManifestParser(Tiers tiers, Schedules schedules) {
    this.tiers = tiers;
    this.schedules = schedules;
  }

  /** The schema with the plans in force as the enum of projects[].plan, so a wrong plan is reported with the rest. */
  private SchemaCheck schemaForPlans() {
    return WITH_PLANS.computeIfAbsent(tiers.names(), names -> SchemaCheck.fromResource("/schemas/orkestr.schema.json", json -> {
      var plan = (com.fasterxml.jackson.databind.node.ObjectNode) json.at("/$defs/project/properties/plan");
      names.forEach(plan.putArray("enum")::add);
    }));
  }

  /**
   * Parses text read from fileName. defaultName names the manifest when it has no {@code name:}
   * (the service passes the file's directory name).
   */
  public Manifest parse(String fileName, String text, String defaultName) {
    YamlTree tree = YamlTree.parse(fileName, text);
    List<Problem> problems = schemaForPlans().check(tree);
    if (!problems.isEmpty()) throw new ValidationError(problems.stream().map(Problem::item).toList());

    Manifest manifest = build(tree.root(), defaultName);
    List<Problem> ruleProblems = new ManifestRules(tree, tiers, schedules).check(manifest);
    if (!ruleProblems.isEmpty()) throw new ValidationError(ruleProblems.stream().sorted().map(Problem::item).toList());
    return manifest;
  }

  private static Manifest build(JsonNode root, String defaultName) {
    String name = root.hasNonNull("name") ? root.get("name").asText() : defaultName;
    List<Project> projects = new ArrayList<>();
    for (JsonNode p : root.get("projects")) projects.add(project(p));
    List<Group> groups = new ArrayList<>();
    for (JsonNode g : root.path("groups")) {
      groups.add(new Group(g.get("name").asText(), texts(g.get("projects")),
          texts(g.path("share")).stream().map(AddOnRef::parse).toList()));
    }
    return new Manifest(name, projects, groups, offsite(root.path("backups").path("offsite")));
  }

  private static Optional<OffsiteSettings> offsite(JsonNode o) {
    if (o.isMissingNode()) return Optional.empty();
    String[] at = OffsiteSettings.split(o.get("url").asText());
    return Optional.of(new OffsiteSettings(at[0], at[1], text(o, "endpoint"), text(o, "region"), o.path("path_style").asBoolean(false),
        texts(o.path("encrypt_to"))));
  }

  private static Optional<String> text(JsonNode o, String key) {
    return o.hasNonNull(key) ? Optional.of(o.get(key).asText()) : Optional.empty();
  }

  private static Project project(JsonNode p) {
    List<AddOn> addons = new ArrayList<>();
    for (JsonNode a : p.path("addons")) addons.add(addon(a));
    List<App> apps = new ArrayList<>();
    for (JsonNode a : p.path("apps")) apps.add(app(a));
    return new Project(p.get("name").asText(), p.get("plan").asText(), addons, apps);
  }

  static AddOn addon(JsonNode a) {
    Engine engine = Engine.of(a.get("type").asText());
    String version = a.hasNonNull("version") ? a.get("version").asText() : engine.newestVersion();
    Optional<String> image = Optional.ofNullable(a.get("image")).map(JsonNode::asText);
    JsonNode b = a.path("backups");
    BackupSettings automatic = new BackupSettings(b.path("automatic").asBoolean(false),
        Optional.ofNullable(b.get("schedule")).map(JsonNode::asText), b.path("verify").asBoolean(false));
    Map<String, String> settings = new TreeMap<>();
    a.path("settings").fields().forEachRemaining(e -> settings.put(e.getKey(), e.getValue().asText()));
    boolean superuser = a.path("superuser").asBoolean(false);
    AddOnSleep sleep = sleep(a.get("sleep"));
    if (engine == Engine.POSTGRES) {
      return new PostgresAddOn(a.get("name").asText(), version, image, a.path("primary").asBoolean(false), automatic, settings, superuser,
          sleep);
    }
    return new RedisAddOn(a.get("name").asText(), version, image, automatic, settings, superuser,
        Optional.ofNullable(a.get("eviction")).map(JsonNode::asText), sleep);
  }

  private static AddOnSleep sleep(JsonNode n) {
    if (n == null) return AddOnSleep.PLAN;
    if (n.isTextual()) return AddOnSleep.NEVER; // the schema allows only "never"
    return new AddOnSleep(false, Optional.ofNullable(n.get("freeze_after")).map(d -> io.orkestr.tier.DurationText.parse(d.asText())),
        Optional.ofNullable(n.get("stop_after")).map(d -> io.orkestr.tier.DurationText.parse(d.asText())));
  }

  private static App app(JsonNode a) {
    Map<String, String> env = new TreeMap<>();
    for (Iterator<Map.Entry<String, JsonNode>> it = a.path("env").fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> e = it.next();
      env.put(e.getKey(), e.getValue().asText());
    }
    Redeploy redeploy = "manual".equals(a.path("redeploy").asText("auto")) ? Redeploy.MANUAL : Redeploy.AUTO;
    return new App(a.get("name").asText(), a.get("image").asText(), texts(a.path("command")), env,
        texts(a.path("ports")).stream().map(PortMapping::parse).toList(), texts(a.path("release")), redeploy);
  }

  private static List<String> texts(JsonNode array) {
    List<String> out = new ArrayList<>();
    if (array != null) array.forEach(n -> out.add(n.asText()));
    return out;
  }

  static Pointer projectAt(int i) {
    return Pointer.ROOT.key("projects").index(i);
  }
}
