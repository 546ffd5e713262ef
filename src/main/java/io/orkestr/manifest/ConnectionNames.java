package io.orkestr.manifest;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * ConnectionNames says which connection variables each add-on injects into a project's apps, by
 * name only (values are built at deploy time): DATABASE_URL and PG* for the primary Postgres,
 * REDIS_URL for the primary Redis, {@code <ADDON>_URL} for every add-on, and
 * {@code <PROJECT>_<ADDON>_URL} for add-ons a group shares into the project.
 */
public final class ConnectionNames {
  public static final List<String> PG_VARIABLES = List.of("PGHOST", "PGPORT", "PGUSER", "PGPASSWORD", "PGDATABASE");

  private ConnectionNames() {}

  /** The add-on that provides DATABASE_URL (Postgres) or REDIS_URL (Redis): the one marked primary, else the first. */
  public static Optional<AddOn> primary(Project project, Engine engine) {
    List<AddOn> ofEngine = project.addons().stream().filter(a -> a.engine() == engine).toList();
    return ofEngine.stream().filter(ConnectionNames::isPrimary).findFirst().or(() -> ofEngine.stream().findFirst());
  }

  public static boolean isPrimary(AddOn addOn) {
    return addOn instanceof PostgresAddOn pg && pg.primary();
  }

  /** {@code cache-eu} -> {@code CACHE_EU}. */
  public static String envName(String dnsName) {
    return dnsName.toUpperCase().replace('-', '_');
  }

  /**
   * Every variable the project's own add-ons and the add-ons shared into it inject, in a stable
   * order, mapped to the add-on that provides it. A name provided twice appears in clashes().
   */
  public static Injected injected(Manifest manifest, Project project) {
    Map<String, AddOnRef> vars = new LinkedHashMap<>();
    List<String> clashes = new ArrayList<>();
    primary(project, Engine.POSTGRES).ifPresent(pg -> {
      AddOnRef ref = new AddOnRef(project.name(), pg.name());
      put(vars, clashes, "DATABASE_URL", ref);
      PG_VARIABLES.forEach(v -> put(vars, clashes, v, ref));
    });
    primary(project, Engine.REDIS).ifPresent(r -> put(vars, clashes, "REDIS_URL", new AddOnRef(project.name(), r.name())));
    for (AddOn a : project.addons()) {
      put(vars, clashes, envName(a.name()) + "_URL", new AddOnRef(project.name(), a.name()));
    }
    for (AddOnRef shared : sharedInto(manifest, project.name())) {
      put(vars, clashes, envName(shared.project()) + "_" + envName(shared.addon()) + "_URL", shared);
    }
    return new Injected(vars, clashes);
  }

  /** Add-ons of other projects that a group shares into this one, in manifest order, without repeats. */
  public static List<AddOnRef> sharedInto(Manifest manifest, String projectName) {
    List<AddOnRef> out = new ArrayList<>();
    for (Group g : manifest.groups()) {
      if (!g.projects().contains(projectName)) continue;
      for (AddOnRef ref : g.share()) {
        if (!ref.project().equals(projectName) && !out.contains(ref)) out.add(ref);
      }
    }
    return out;
  }

  private static void put(Map<String, AddOnRef> vars, List<String> clashes, String name, AddOnRef ref) {
    AddOnRef before = vars.putIfAbsent(name, ref);
    if (before != null && !before.equals(ref)) {
      clashes.add(name + " is injected by both " + before + " and " + ref);
    }
  }

  /** The injected names and the clashes between add-ons. */
  public record Injected(Map<String, AddOnRef> variables, List<String> clashes) {
    public Injected {
      variables = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(variables));
      clashes = List.copyOf(clashes);
    }
  }
}
