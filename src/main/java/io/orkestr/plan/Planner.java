package io.orkestr.plan;

import io.orkestr.actual.ActualState;
import io.orkestr.actual.ContainerState;
import io.orkestr.actual.Observed;
import io.orkestr.actual.ObservedContainer;
import io.orkestr.desired.Access;
import io.orkestr.desired.ContainerSpec;
import io.orkestr.desired.DesiredState;
import io.orkestr.desired.NetworkSpec;
import io.orkestr.desired.Resource;
import io.orkestr.desired.ResourceKey;
import io.orkestr.diff.Differ;
import io.orkestr.diff.Field;
import io.orkestr.diff.FieldChange;
import io.orkestr.diff.ResourceDiff;
import io.orkestr.error.ConflictError;
import io.orkestr.error.UserError;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * Planner turns the diff into actions: create what is missing, update in place what Docker can
 * change live (limits, a stopped container), replace what it cannot, delete what the manifest no
 * longer has (data volumes only on purge), and refuse what would lose data (a Postgres major
 * version change on existing data).
 */
public final class Planner {
  private final SubnetPool subnets;

  public Planner(SubnetPool subnets) {
    this.subnets = subnets;
  }

  public Plan plan(DesiredState desired, ActualState actual, PlanOptions options) {
    refuseForeignProjects(desired, actual);
    Map<ResourceKey, List<Observed>> owned = actual.ownedBy(desired.manifest());
    Set<String> usedSubnets = new TreeSet<>(actual.usedSubnets());
    List<PlannedChange> changes = new ArrayList<>();
    List<String> notes = new ArrayList<>();
    for (ResourceDiff d : Differ.diff(desired, owned)) {
      if (d.isMissing()) {
        changes.add(create(d, usedSubnets));
      } else if (d.isUnwanted()) {
        if (d.key().kind() == ResourceKey.Kind.VOLUME && !options.purgeData()) {
          notes.add("data volume " + d.key() + " (" + d.observed().get(0).name() + ") is kept; --purge-data deletes it");
        } else {
          changes.add(new PlannedChange(d.key(), Action.DELETE, List.of(new Reason("not in the manifest")), Optional.empty(),
              d.observed(), Optional.empty()));
        }
      } else {
        changes.add(holdIfManual(existing(d), d, options));
      }
    }
    for (ContainerSpec c : desired.containers()) {
      if (c.addOn().map(a -> a.access() == Access.SUPERUSER).orElse(false)) {
        notes.add("WARNING: " + c.key() + " gives apps a superuser (superuser: true): they can run programs inside the add-on,"
            + " read its files and lift every limit its plan sets");
      }
    }
    return new Plan(desired.manifest(), actual.fingerprint(desired.manifest()), changes, notes);
  }

  private PlannedChange create(ResourceDiff d, Set<String> usedSubnets) {
    Resource after = d.desired().get();
    if (after instanceof NetworkSpec n) {
      String subnet = subnets.allocate(n.key(), usedSubnets).orElseThrow(() -> new UserError(
          "no free /24 subnet left in the pool " + subnets + " for " + n.key(),
          "set ORKESTR_SUBNET_POOL to a larger range"));
      usedSubnets.add(subnet);
      after = n.withSubnet(subnet);
    }
    return new PlannedChange(d.key(), Action.CREATE, reasons(d.changes()), Optional.of(after), List.of(), refusal(d));
  }

  private static PlannedChange existing(ResourceDiff d) {
    if (d.changes().isEmpty()) {
      return new PlannedChange(d.key(), Action.NO_OP, List.of(), d.desired(), d.observed(), Optional.empty());
    }
    boolean dead = d.observed().get(0) instanceof ObservedContainer c && c.state() == ContainerState.DEAD;
    Action action = d.allLive() && !dead ? Action.UPDATE : Action.REPLACE;
    return new PlannedChange(d.key(), action, reasons(d.changes()), d.desired(), d.observed(), refusal(d));
  }

  /**
   * An app with redeploy: manual keeps running with its old variables: a replace caused only by its
   * environment becomes pending until `orkestr deploy --app` names it.
   */
  private static PlannedChange holdIfManual(PlannedChange c, ResourceDiff d, PlanOptions options) {
    boolean envOnly = !d.changes().isEmpty() && d.changes().stream().allMatch(f -> f.field() == Field.ENV);
    if (c.action() != Action.REPLACE || !envOnly || !options.manualRedeploy().contains(c.key()) || options.deploy().contains(c.key())) {
      return c;
    }
    List<Reason> pending = new ArrayList<>();
    for (FieldChange f : d.changes()) {
      if (f.field() == Field.ENV) pending.add(new Reason("redeploy pending (" + f + "): run orkestr deploy --app "
          + c.key().owner() + "/" + c.key().name()));
    }
    return new PlannedChange(c.key(), Action.NO_OP, pending, c.after(), c.before(), Optional.empty());
  }

  private static List<Reason> reasons(List<FieldChange> changes) {
    return changes.stream().map(c -> new Reason(c.toString())).toList();
  }

  private static Optional<String> refusal(ResourceDiff d) {
    return d.changes().stream().filter(c -> c.field() == Field.DATA_MAJOR).findFirst().map(c ->
        d.key() + ": " + c.before() + " -> " + c.after() + " is a major upgrade; its data volume holds "
            + c.before() + " data, which " + c.after() + " cannot open. orkestr will not start a new major version on old data:"
            + " keep version " + c.before().replace("postgres ", "") + " (migrating data between majors comes with backup and restore)");
  }

  private static void refuseForeignProjects(DesiredState desired, ActualState actual) {
    Map<String, String> foreign = actual.projectsOfOtherManifests(desired.manifest());
    List<String> clashes = new ArrayList<>();
    for (String project : desired.projects()) {
      if (foreign.containsKey(project)) clashes.add(project + " (owned by manifest \"" + foreign.get(project) + "\")");
    }
    if (!clashes.isEmpty()) {
      throw new ConflictError("project " + String.join(", ", clashes) + " already exists on this Docker engine",
          "rename the project, or give this manifest the owner's name with `name:` to take it over");
    }
  }
}
