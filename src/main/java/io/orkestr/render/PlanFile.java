package io.orkestr.render;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.orkestr.actual.ContainerState;
import io.orkestr.actual.Observed;
import io.orkestr.actual.MeasuredStorage;
import io.orkestr.actual.ObservedContainer;
import io.orkestr.actual.ObservedNetwork;
import io.orkestr.actual.ObservedVolume;
import io.orkestr.desired.Access;
import io.orkestr.desired.AddOnRuntime;
import io.orkestr.desired.ConfigHash;
import io.orkestr.desired.ContainerFile;
import io.orkestr.desired.ContainerPolicy;
import io.orkestr.desired.EngineSettings;
import io.orkestr.desired.ContainerSpec;
import io.orkestr.desired.EngineProfile;
import io.orkestr.desired.EngineRef;
import io.orkestr.desired.Limits;
import io.orkestr.desired.NetworkAttachment;
import io.orkestr.desired.NetworkSpec;
import io.orkestr.desired.Probe;
import io.orkestr.desired.PublishedPort;
import io.orkestr.desired.Resource;
import io.orkestr.desired.ResourceKey;
import io.orkestr.desired.VolumeMount;
import io.orkestr.desired.VolumeSpec;
import io.orkestr.error.UserError;
import io.orkestr.plan.Action;
import io.orkestr.plan.Plan;
import io.orkestr.plan.PlannedChange;
import io.orkestr.plan.Reason;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * PlanFile writes a plan to the file {@code plan --out} saves and reads it back exactly, for
 * {@code apply FILE}. JSON with a checksum: a damaged or edited file is refused. It holds no
 * secrets: specs carry credential placeholders, resolved only when applied.
 */
public final class PlanFile {
  private static final String FORMAT = "orkestr-plan/1";
  private static final ObjectMapper JSON = new ObjectMapper();

  private PlanFile() {}

  public static String write(Plan plan) {
    ObjectNode body = JSON.createObjectNode();
    body.put("manifest", plan.manifest());
    body.put("fingerprint", plan.fingerprint());
    ArrayNode changes = body.putArray("changes");
    for (PlannedChange c : plan.changes()) changes.add(change(c));
    ArrayNode notes = body.putArray("notes");
    plan.notes().forEach(notes::add);
    ObjectNode root = JSON.createObjectNode();
    root.put("format", FORMAT);
    root.put("checksum", ConfigHash.sha(body.toString()));
    root.set("plan", body);
    return root.toString() + "\n";
  }

  /** Reads a saved plan; name is the file's name, for messages. */
  public static Plan read(String name, String text) {
    JsonNode root;
    try {
      root = JSON.readTree(text);
    } catch (Exception e) {
      throw notAPlan(name, "it is not JSON");
    }
    if (root == null || !FORMAT.equals(root.path("format").asText())) throw notAPlan(name, "it has no " + FORMAT + " header");
    JsonNode body = root.path("plan");
    if (!ConfigHash.sha(body.toString()).equals(root.path("checksum").asText())) {
      throw notAPlan(name, "its checksum does not match (was it edited?)");
    }
    try {
      List<PlannedChange> changes = new ArrayList<>();
      for (JsonNode c : body.get("changes")) changes.add(change(c));
      return new Plan(body.get("manifest").asText(), body.get("fingerprint").asText(), changes, strings(body.get("notes")));
    } catch (RuntimeException e) {
      throw notAPlan(name, "it is damaged (" + e.getMessage() + ")");
    }
  }

  private static UserError notAPlan(String name, String why) {
    return new UserError(name + " is not a plan saved by `orkestr plan --out`: " + why, "make a new one with orkestr plan --out");
  }

  private static ObjectNode change(PlannedChange c) {
    ObjectNode n = JSON.createObjectNode();
    n.put("key", c.key().toString());
    n.put("action", c.action().name());
    ArrayNode reasons = n.putArray("reasons");
    c.reasons().forEach(r -> reasons.add(r.text()));
    c.after().ifPresent(r -> n.set("after", resource(r)));
    ArrayNode before = n.putArray("before");
    c.before().forEach(o -> before.add(observed(o)));
    c.refusal().ifPresent(r -> n.put("refusal", r));
    c.upgrade().ifPresent(u -> n.putObject("upgrade").put("engine", u.engine()).put("from_major", u.fromMajor()).put("to_major", u.toMajor())
        .put("from_volume", u.fromVolume()).put("to_volume", u.toVolume()));
    return n;
  }

  private static PlannedChange change(JsonNode n) {
    List<Reason> reasons = strings(n.get("reasons")).stream().map(Reason::new).toList();
    Optional<Resource> after = n.has("after") ? Optional.of(resource(n.get("after"))) : Optional.empty();
    List<Observed> before = new ArrayList<>();
    for (JsonNode o : n.get("before")) before.add(observed(o));
    return new PlannedChange(ResourceKey.parse(n.get("key").asText()), Action.valueOf(n.get("action").asText()), reasons, after,
        before, n.has("refusal") ? Optional.of(n.get("refusal").asText()) : Optional.empty(),
        Optional.ofNullable(n.get("upgrade")).map(u -> new io.orkestr.plan.MajorUpgrade(u.get("engine").asText(), u.get("from_major").asInt(),
            u.get("to_major").asInt(), u.get("from_volume").asText(), u.get("to_volume").asText())));
  }

  private static ObjectNode resource(Resource r) {
    ObjectNode n = JSON.createObjectNode();
    n.put("key", r.key().toString());
    n.put("docker_name", r.dockerName());
    n.set("labels", map(r.labels()));
    if (r instanceof NetworkSpec s) {
      n.put("type", "network");
      n.put("internal", s.internal());
      s.subnet().ifPresent(v -> n.put("subnet", v));
    } else if (r instanceof VolumeSpec s) {
      n.put("type", "volume");
      s.dataMajor().ifPresent(v -> n.put("data_major", v));
      s.disk().ifPresent(d -> n.set("disk", disk(d)));
    } else if (r instanceof ContainerSpec s) {
      n.put("type", "container");
      n.put("image", s.image());
      n.set("command", list(s.command()));
      n.set("env", map(s.env()));
      ArrayNode nets = n.putArray("networks");
      for (NetworkAttachment a : s.networks()) {
        nets.addObject().put("key", a.network().toString()).put("name", a.networkName()).set("aliases", list(a.aliases()));
      }
      ArrayNode mounts = n.putArray("mounts");
      for (VolumeMount m : s.mounts()) {
        ObjectNode mount = mounts.addObject().put("key", m.volume().toString()).put("name", m.volumeName()).put("path", m.path());
        m.disk().ifPresent(d -> mount.set("disk", disk(d)));
      }
      ArrayNode ports = n.putArray("ports");
      for (PublishedPort p : s.ports()) {
        ports.addObject().put("address", p.hostAddress()).put("host", p.hostPort()).put("container", p.containerPort()).put("protocol", p.protocol());
      }
      n.put("nano_cpus", s.limits().nanoCpus());
      n.put("memory", s.limits().memoryBytes());
      n.set("policy", policy(s.policy()));
      s.addOn().ifPresent(a -> n.set("addon", addOn(a)));
      n.set("uses", list(s.uses().stream().map(ResourceKey::toString).toList()));
      n.set("release", list(s.release()));
    }
    return n;
  }

  private static ObjectNode disk(VolumeSpec.Disk d) {
    return JSON.createObjectNode().put("bytes", d.bytes()).put("reserve_bytes", d.reserveBytes()).put("directory", d.directory());
  }

  private static VolumeSpec.Disk disk(JsonNode n) {
    return new VolumeSpec.Disk(n.get("bytes").asLong(), n.get("reserve_bytes").asLong(), n.get("directory").asText());
  }

  private static Resource resource(JsonNode n) {
    ResourceKey key = ResourceKey.parse(n.get("key").asText());
    String name = n.get("docker_name").asText();
    Map<String, String> labels = map(n.get("labels"));
    switch (n.get("type").asText()) {
      case "network":
        return new NetworkSpec(key, name, n.get("internal").asBoolean(), Optional.ofNullable(n.get("subnet")).map(JsonNode::asText), labels);
      case "volume":
        return new VolumeSpec(key, name, Optional.ofNullable(n.get("data_major")).map(JsonNode::asInt), labels,
            Optional.ofNullable(n.get("disk")).map(PlanFile::disk));
      default: {
        List<NetworkAttachment> nets = new ArrayList<>();
        for (JsonNode a : n.get("networks")) nets.add(new NetworkAttachment(ResourceKey.parse(a.get("key").asText()), a.get("name").asText(), strings(a.get("aliases"))));
        List<VolumeMount> mounts = new ArrayList<>();
        for (JsonNode m : n.get("mounts")) {
          mounts.add(new VolumeMount(ResourceKey.parse(m.get("key").asText()), m.get("name").asText(), m.get("path").asText(),
              Optional.ofNullable(m.get("disk")).map(PlanFile::disk)));
        }
        List<PublishedPort> ports = new ArrayList<>();
        for (JsonNode p : n.get("ports")) ports.add(new PublishedPort(p.get("address").asText(), p.get("host").asInt(), p.get("container").asInt(), p.get("protocol").asText()));
        Optional<AddOnRuntime> addOn = Optional.ofNullable(n.get("addon")).map(PlanFile::addOn);
        return new ContainerSpec(key, name, n.get("image").asText(), strings(n.get("command")), map(n.get("env")), nets, mounts, ports,
            new Limits(n.get("nano_cpus").asLong(), n.get("memory").asLong()), policy(n.get("policy")), addOn,
            strings(n.get("uses")).stream().map(ResourceKey::parse).toList(), strings(n.get("release")), labels);
      }
    }
  }

  private static ObjectNode policy(ContainerPolicy p) {
    ObjectNode n = JSON.createObjectNode();
    n.put("restart", p.restart().name());
    n.put("init", p.init());
    n.putObject("logs").put("max_size", p.logs().maxSize()).put("max_files", p.logs().maxFiles());
    p.healthcheck().ifPresent(h -> n.putObject("healthcheck").<ObjectNode>set("test", list(h.test()))
        .put("interval_ms", h.interval().toMillis()).put("timeout_ms", h.timeout().toMillis()).put("retries", h.retries())
        .put("start_period_ms", h.startPeriod().toMillis()));
    return n;
  }

  private static ContainerPolicy policy(JsonNode n) {
    Optional<ContainerPolicy.HealthCheck> health = Optional.ofNullable(n.get("healthcheck")).map(h -> new ContainerPolicy.HealthCheck(
        strings(h.get("test")), Duration.ofMillis(h.get("interval_ms").asLong()), Duration.ofMillis(h.get("timeout_ms").asLong()),
        h.get("retries").asInt(), Duration.ofMillis(h.get("start_period_ms").asLong())));
    return new ContainerPolicy(ContainerPolicy.Restart.valueOf(n.get("restart").asText()), n.get("init").asBoolean(),
        new ContainerPolicy.LogLimits(n.get("logs").get("max_size").asText(), n.get("logs").get("max_files").asInt()), health);
  }

  private static ObjectNode addOn(AddOnRuntime a) {
    ObjectNode n = JSON.createObjectNode();
    n.putObject("engine").put("engine", a.engine().engine()).put("version", a.engine().version()).put("major", a.engine().major());
    n.set("readiness", probe(a.readiness()));
    n.putObject("settings").<ObjectNode>set("restart", map(a.settings().restart())).set("live", map(a.settings().live()));
    n.put("access", a.access().word());
    ArrayNode files = n.putArray("files");
    for (ContainerFile f : a.files()) files.addObject().put("path", f.path()).put("mode", f.mode()).put("content", f.content());
    n.set("configure", probe(a.configure()));
    n.put("configure_after_start", a.configureAfterStart());
    n.set("apply_settings", probe(a.applySettings()));
    a.storage().ifPresent(st -> {
      ObjectNode o = n.putObject("storage");
      o.set("measure", probe(st.measure()));
      o.put("limit_bytes", st.limitBytes());
      st.readOnly().ifPresent(p -> o.set("read_only", probe(p)));
      st.writable().ifPresent(p -> o.set("writable", probe(p)));
    });
    a.sleep().ifPresent(sl -> {
      ObjectNode o = n.putObject("sleep");
      o.put("freeze_after", sl.policy().freezeAfter().toString()).put("stop_after", sl.policy().stopAfter().toString()).put("port", sl.port());
      o.set("idle", probe(sl.idle()));
      o.set("close_sessions", probe(sl.closeSessions()));
    });
    return n;
  }

  private static AddOnRuntime addOn(JsonNode n) {
    JsonNode e = n.get("engine");
    List<ContainerFile> files = new ArrayList<>();
    for (JsonNode f : n.get("files")) files.add(new ContainerFile(f.get("path").asText(), f.get("content").asText(), f.get("mode").asInt()));
    JsonNode settings = n.get("settings");
    return new AddOnRuntime(new EngineRef(e.get("engine").asText(), e.get("version").asText(), e.get("major").asInt()),
        probe(n.get("readiness")), new EngineSettings(new TreeMap<>(map(settings.get("restart"))), new TreeMap<>(map(settings.get("live")))),
        Access.of(n.get("access").asText()), files, probe(n.get("configure")), n.get("configure_after_start").asBoolean(),
        probe(n.get("apply_settings")), Optional.ofNullable(n.get("storage")).map(st -> new EngineProfile.StorageCommands(probe(st.get("measure")),
            st.get("limit_bytes").asLong(), Optional.ofNullable(st.get("read_only")).map(PlanFile::probe),
            Optional.ofNullable(st.get("writable")).map(PlanFile::probe))),
        Optional.ofNullable(n.get("sleep")).map(sl -> new io.orkestr.desired.SleepSpec(new io.orkestr.tier.SleepPolicy(
            Duration.parse(sl.get("freeze_after").asText()), Duration.parse(sl.get("stop_after").asText())), sl.get("port").asInt(),
            probe(sl.get("idle")), probe(sl.get("close_sessions")))));
  }

  private static ObjectNode probe(Probe p) {
    ObjectNode n = JSON.createObjectNode();
    n.set("command", list(p.command()));
    n.set("env", map(p.env()));
    return n;
  }

  private static Probe probe(JsonNode n) {
    return new Probe(strings(n.get("command")), map(n.get("env")));
  }

  private static ObjectNode observed(Observed o) {
    ObjectNode n = JSON.createObjectNode();
    n.put("id", o.id());
    n.put("name", o.name());
    n.set("labels", map(o.labels()));
    if (o instanceof ObservedContainer c) {
      n.put("type", "container");
      n.put("image", c.image());
      n.put("state", c.state().name());
      n.put("health", c.health());
      n.set("networks", map(c.networks()));
      c.inspectedLimits().ifPresent(l -> n.putObject("limits").put("nano_cpus", l.nanoCpus()).put("memory", l.memoryBytes()));
      n.put("created", c.createdEpochSeconds());
      c.storage().ifPresent(m -> n.putObject("storage").put("used_bytes", m.usedBytes()).put("read_only", m.readOnly())
          .put("at", m.at().toString()));
    } else if (o instanceof ObservedNetwork w) {
      n.put("type", "network");
      n.put("internal", w.internal());
      n.set("subnets", list(w.subnets()));
    } else {
      n.put("type", "volume");
    }
    return n;
  }

  private static Observed observed(JsonNode n) {
    Map<String, String> labels = map(n.get("labels"));
    switch (n.get("type").asText()) {
      case "container":
        return new ObservedContainer(n.get("id").asText(), n.get("name").asText(), n.get("image").asText(),
            ContainerState.valueOf(n.get("state").asText()), n.get("health").asText(), labels, map(n.get("networks")),
            Optional.ofNullable(n.get("limits")).map(l -> new Limits(l.get("nano_cpus").asLong(), l.get("memory").asLong())),
            n.get("created").asLong()).withStorage(Optional.ofNullable(n.get("storage")).map(m -> new MeasuredStorage(
                m.get("used_bytes").asLong(), m.get("read_only").asBoolean(), java.time.Instant.parse(m.get("at").asText()))));
      case "network":
        return new ObservedNetwork(n.get("id").asText(), n.get("name").asText(), n.get("internal").asBoolean(), strings(n.get("subnets")), labels);
      default:
        return new ObservedVolume(n.get("name").asText(), labels);
    }
  }

  private static ArrayNode list(List<String> values) {
    ArrayNode a = JSON.createArrayNode();
    values.forEach(a::add);
    return a;
  }

  private static ObjectNode map(Map<String, String> values) {
    ObjectNode o = JSON.createObjectNode();
    values.forEach(o::put);
    return o;
  }

  private static List<String> strings(JsonNode array) {
    List<String> out = new ArrayList<>();
    if (array != null) array.forEach(v -> out.add(v.asText()));
    return out;
  }

  private static Map<String, String> map(JsonNode object) {
    Map<String, String> out = new TreeMap<>();
    if (object != null) object.fields().forEachRemaining(e -> out.put(e.getKey(), e.getValue().asText()));
    return out;
  }
}
