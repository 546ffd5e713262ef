package io.orkestr.manifest;

import io.orkestr.tier.Tier;
import io.orkestr.tier.Tiers;
import io.orkestr.yaml.EditDistance;
import io.orkestr.yaml.Pointer;
import io.orkestr.yaml.Problem;
import io.orkestr.yaml.YamlTree;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/** ManifestRules checks what the schema cannot: plan limits, unique names, versions, groups, variable clashes. */
final class ManifestRules {
  private final YamlTree tree;
  private final Tiers tiers;
  private final Schedules schedules;
  private final List<Problem> problems = new ArrayList<>();

  ManifestRules(YamlTree tree, Tiers tiers, Schedules schedules) {
    this.tree = tree;
    this.tiers = tiers;
    this.schedules = schedules;
  }

  List<Problem> check(Manifest manifest) {
    Map<String, Integer> projectIndex = new HashMap<>();
    Map<Integer, String> hostPorts = new HashMap<>();
    for (int i = 0; i < manifest.projects().size(); i++) {
      Project p = manifest.projects().get(i);
      Pointer at = ManifestParser.projectAt(i);
      Integer before = projectIndex.putIfAbsent(p.name(), i);
      if (before != null) {
        problem(at.key("name"), "project \"" + p.name() + "\" is already defined at projects[" + before + "]");
      }
      checkProject(manifest, p, i, hostPorts);
    }
    checkGroups(manifest, projectIndex);
    manifest.offsite().ifPresent(this::checkOffsite);
    return problems;
  }

  private void checkProject(Manifest manifest, Project p, int index, Map<Integer, String> hostPorts) {
    Pointer at = ManifestParser.projectAt(index);
    Optional<Tier> tier = tiers.find(p.plan()); // the schema already rejected unknown plans
    if (tier.isPresent() && p.addons().size() > tier.get().maxAddons()) {
      problem(at.key("addons"), "plan " + p.plan() + " allows " + tier.get().maxAddons() + " add-on"
          + (tier.get().maxAddons() == 1 ? "" : "s") + ", found " + p.addons().size());
    }

    Map<String, String> names = new HashMap<>();
    long primaries = 0;
    for (int j = 0; j < p.addons().size(); j++) {
      AddOn a = p.addons().get(j);
      Pointer addonAt = at.key("addons").index(j);
      uniqueName(names, a.name(), addonAt, "addons[" + j + "]");
      if (!a.engine().supportedMajors().contains(a.major())) {
        problem(addonAt.key("version"), a.engine().id() + " " + a.version() + " is not supported; use one of "
            + a.engine().supportedMajors().stream().map(String::valueOf).collect(Collectors.joining(", ")));
      }
      boolean saysPrimary = !tree.root().at("/projects/" + index + "/addons/" + j + "/primary").isMissingNode();
      if (saysPrimary && a.engine() != Engine.POSTGRES) {
        problem(addonAt.key("primary"), "only a Postgres add-on can be primary");
      }
      if (ConnectionNames.isPrimary(a)) primaries++;
      if (a.engine() == Engine.POSTGRES && (a.name().equals("orkestr") || a.name().startsWith("orkestr-convert") || a.name().startsWith("pg-"))) {
        // The add-on's name is its app role's: orkestr's own role has this one, and Postgres keeps pg_ names for itself.
        problem(addonAt.key("name"), "a Postgres add-on cannot be named \"" + a.name() + "\": its app role would be "
            + roleName(a.name()) + ", a role orkestr or Postgres keeps for itself");
      }
      boolean saysEviction = !tree.root().at("/projects/" + index + "/addons/" + j + "/eviction").isMissingNode();
      if (saysEviction && a.engine() != Engine.REDIS) problem(addonAt.key("eviction"), "only a Redis add-on has an eviction policy");
      tier.ifPresent(t -> checkSettings(a, t, addonAt.key("settings")));
      if (a.automaticBackups() && tier.isPresent() && !tier.get().backups().automatic()) {
        problem(addonAt.key("backups").key("automatic"), "plan " + p.plan() + " does not include automatic backups");
      }
      tier.ifPresent(t -> checkSchedule(a, t, addonAt.key("backups")));
      tier.ifPresent(t -> checkSleep(a, t, addonAt.key("sleep")));
    }
    if (primaries > 1) problem(at.key("addons"), "only one Postgres add-on can be primary, found " + primaries);

    ConnectionNames.Injected injected = ConnectionNames.injected(manifest, p);
    for (String clash : injected.clashes()) problem(at.key("addons"), clash + "; rename one of them");
    for (int j = 0; j < p.apps().size(); j++) {
      App app = p.apps().get(j);
      Pointer appAt = at.key("apps").index(j);
      uniqueName(names, app.name(), appAt, "apps[" + j + "]");
      for (String var : app.env().keySet()) {
        AddOnRef provider = injected.variables().get(var);
        if (provider != null) {
          Pointer key = appAt.key("env").key(var);
          problems.add(new Problem(tree.keyLocation(key), key.display(), var + " is set by add-on " + provider
              + "; remove it from env or rename the add-on"));
        }
      }
      for (int k = 0; k < app.ports().size(); k++) {
        PortMapping port = app.ports().get(k);
        Pointer portAt = appAt.key("ports").index(k);
        List<String> wrong = PortMapping.problems(port);
        wrong.forEach(w -> problem(portAt, w));
        if (!wrong.isEmpty()) continue;
        String owner = hostPorts.putIfAbsent(port.hostPort(), p.name() + "/" + app.name());
        if (owner != null) problem(portAt, "host port " + port.hostPort() + " is already published by " + owner);
      }
    }
  }

  /** A schedule (and verify) only with automatic backups, a valid cron expression, no more often than the plan allows. */
  private void checkSchedule(AddOn a, Tier tier, Pointer at) {
    BackupSettings b = a.backups();
    if (!b.automatic()) {
      if (b.schedule().isPresent()) problem(at.key("schedule"), "a schedule is for automatic backups: set automatic: true");
      if (b.verify()) problem(at.key("verify"), "verify is for automatic backups: set automatic: true");
      return;
    }
    if (b.schedule().isEmpty()) return;
    Schedules.Reading r = schedules.read(b.schedule().get());
    if (r.invalid().isPresent()) {
      problem(at.key("schedule"), r.invalid().get());
    } else if (r.shortestGap().compareTo(tier.backups().minInterval()) < 0) {
      problem(at.key("schedule"), "fires every " + io.orkestr.tier.DurationText.format(r.shortestGap()) + " at its closest; plan " + tier.name()
          + " allows automatic backups at most every " + io.orkestr.tier.DurationText.format(tier.backups().minInterval()));
    }
  }

  /** A sleep window may be longer than the plan's, never shorter; a plan that never sleeps takes only "never". */
  private void checkSleep(AddOn a, Tier tier, Pointer at) {
    AddOnSleep s = a.sleep();
    if (s.never()) return;
    for (var window : List.of(java.util.Map.entry("freeze_after", s.freezeAfter()), java.util.Map.entry("stop_after", s.stopAfter()))) {
      if (window.getValue().isEmpty()) continue;
      String asked = io.orkestr.tier.DurationText.format(window.getValue().get());
      if (tier.sleep().isEmpty()) {
        problem(at.key(window.getKey()), "plan " + tier.name() + " never sleeps: an add-on may only ask sleep: never (found " + window.getKey()
            + " " + asked + ")");
        continue;
      }
      java.time.Duration plan = window.getKey().equals("freeze_after") ? tier.sleep().get().freezeAfter() : tier.sleep().get().stopAfter();
      if (window.getValue().get().compareTo(plan) < 0) {
        problem(at.key(window.getKey()), "plan " + tier.name() + " sleeps after " + io.orkestr.tier.DurationText.format(plan) + " idle; an add-on"
            + " may ask a longer " + window.getKey() + ", never a shorter one (found " + asked + ")");
      }
    }
    if (s.freezeAfter().isPresent() && s.stopAfter().isPresent() && s.stopAfter().get().compareTo(s.freezeAfter().get()) < 0) {
      problem(at.key("stop_after"), "stop_after must not be shorter than freeze_after");
    }
  }

  /** Off-site copies are encrypted unless the operator says encrypt: false, never both or neither. */
  private void checkOffsite(OffsiteSettings o) {
    Pointer at = Pointer.ROOT.key("backups").key("offsite");
    boolean saysPlain = !tree.root().at("/backups/offsite/encrypt").isMissingNode();
    if (o.encrypted() && saysPlain) problem(at.key("encrypt"), "encrypt: false and encrypt_to contradict each other; keep one");
    if (!o.encrypted() && !saysPlain) {
      problem(at, "off-site copies are encrypted before they leave the machine: give encrypt_to (age recipients, age1...) or say encrypt: false"
          + " on purpose");
    }
    for (int i = 0; i < o.recipients().size(); i++) {
      if (!AgeRecipients.valid(o.recipients().get(i))) problem(at.key("encrypt_to").index(i), "not an age X25519 recipient (its checksum is wrong)");
    }
  }

  /** Each setting at its own key: one orkestr lets a manifest set, with a value of its kind that fits the plan. */
  private void checkSettings(AddOn a, Tier tier, Pointer at) {
    Map<String, SettingKeys.Key> allowed = SettingKeys.of(a.engine());
    for (Map.Entry<String, String> s : a.settings().entrySet()) {
      Pointer key = at.key(s.getKey());
      Optional<SettingKeys.Key> known = Optional.ofNullable(allowed.get(s.getKey()));
      if (known.isEmpty()) {
        String why = SettingKeys.refusal(s.getKey()).map(r -> "orkestr does not let a manifest set " + s.getKey() + ": " + r)
            .orElse("unknown setting \"" + s.getKey() + "\" for " + a.engine().id() + EditDistance.suggest(s.getKey(), allowed.keySet()));
        problems.add(new Problem(tree.keyLocation(key), key.display(), why));
        continue;
      }
      SettingKeys.Key k = known.get();
      if (!k.kind().accepts(s.getValue())) {
        problem(key, "must be " + k.kind().description() + " (found \"" + s.getValue() + "\")");
      } else if (k.memoryBound() && SettingValues.bytes(s.getValue()) >= tier.memoryBytes()) {
        problem(key, s.getValue() + " is not less than the plan's memory (" + io.orkestr.tier.ByteSize.format(tier.memoryBytes()) + ")");
      }
    }
  }

  private static String roleName(String name) {
    return name.replace('-', '_');
  }

  private void uniqueName(Map<String, String> names, String name, Pointer at, String where) {
    String before = names.putIfAbsent(name, where);
    if (before != null) {
      problem(at.key("name"), "\"" + name + "\" is already used by " + before
          + " (apps and add-ons of a project share one network, so their names must differ)");
    }
  }

  private void checkGroups(Manifest manifest, Map<String, Integer> projectIndex) {
    Set<String> groupNames = new HashSet<>();
    for (int g = 0; g < manifest.groups().size(); g++) {
      Group group = manifest.groups().get(g);
      Pointer at = Pointer.ROOT.key("groups").index(g);
      if (!groupNames.add(group.name())) problem(at.key("name"), "group \"" + group.name() + "\" is defined twice");
      for (int k = 0; k < group.projects().size(); k++) {
        String name = group.projects().get(k);
        if (!projectIndex.containsKey(name)) {
          problem(at.key("projects").index(k), "no project named \"" + name + "\" in this manifest"
              + EditDistance.suggest(name, projectIndex.keySet()));
        }
      }
      for (int k = 0; k < group.share().size(); k++) {
        AddOnRef ref = group.share().get(k);
        Pointer refAt = at.key("share").index(k);
        Optional<Project> owner = manifest.project(ref.project());
        if (owner.isEmpty()) {
          problem(refAt, "no project named \"" + ref.project() + "\" in this manifest");
        } else if (owner.get().addon(ref.addon()).isEmpty()) {
          problem(refAt, "project " + ref.project() + " has no add-on named \"" + ref.addon() + "\"");
        } else if (!group.projects().contains(ref.project())) {
          problem(refAt, ref + " belongs to project " + ref.project() + ", which is not in group " + group.name()
              + "; add " + ref.project() + " to the group's projects to share it");
        }
      }
    }
  }

  private void problem(Pointer at, String message) {
    problems.add(tree.problemAt(at, message));
  }
}
