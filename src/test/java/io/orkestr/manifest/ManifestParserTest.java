package io.orkestr.manifest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.orkestr.Fixtures;
import io.orkestr.error.ValidationError;
import java.util.List;
import org.junit.jupiter.api.Test;

class ManifestParserTest {

  private static List<String> problems(String yaml) {
    try {
      Fixtures.manifest(yaml);
    } catch (ValidationError e) {
      return e.problems();
    }
    throw new AssertionError("expected the manifest to be rejected");
  }

  @Test
  void parsesProjectsAndAddOnsWithDefaults() {
    Manifest m = Fixtures.manifest("""
        version: 1
        projects:
          - name: shop
            plan: pro
            addons:
              - name: db
                type: postgres
                version: "15"
              - name: cache
                type: redis
        """);

    assertThat(m.name()).isEqualTo("test");
    AddOn db = m.projects().get(0).addons().get(0);
    AddOn cache = m.projects().get(0).addons().get(1);
    assertThat(db).isInstanceOf(PostgresAddOn.class);
    assertThat(db.version()).isEqualTo("15");
    assertThat(cache.engine()).isEqualTo(Engine.REDIS);
    assertThat(cache.version()).isEqualTo("8");
  }

  @Test
  void explicitNameOverridesTheDirectoryName() {
    assertThat(Fixtures.manifest("version: 1\nname: platform\nprojects: []\n").name()).isEqualTo("platform");
  }

  @Test
  void reportsLineAndColumnForUnknownPlanWithSuggestion() {
    assertThat(problems("""
        version: 1
        projects:
          - name: shop
            plan: prp
        """)).containsExactly("orkestr.yaml:4:11: projects[0].plan: must be one of free, pro, business (found \"prp\"), did you mean \"pro\"?");
  }

  @Test
  void reportsUnknownKeyAtTheKeyWithSuggestion() {
    assertThat(problems("""
        version: 1
        projects:
          - name: shop
            plna: pro
        """)).contains(
        "orkestr.yaml:3:5: projects[0]: missing required key \"plan\"",
        "orkestr.yaml:4:5: projects[0].plna: unknown key \"plna\", did you mean \"plan\"?");
  }

  @Test
  void reportsEveryProblemAtOnce() {
    List<String> problems = problems("""
        version: 1
        projects:
          - name: Shop
            plan: free
            addons:
              - {name: db, type: mysql}
          - name: blog
            plan: gold
        """);

    assertThat(problems).hasSize(3);
    assertThat(problems.get(0)).startsWith("orkestr.yaml:3:11: projects[0].name: must be a DNS label");
    assertThat(problems.get(1)).isEqualTo("orkestr.yaml:6:26: projects[0].addons[0].type: must be one of postgres, redis (found \"mysql\")");
    assertThat(problems.get(2)).isEqualTo("orkestr.yaml:8:11: projects[1].plan: must be one of free, pro, business (found \"gold\")");
  }

  @Test
  void rejectsMoreAddOnsThanThePlanAllows() {
    assertThat(problems(Fixtures.project("shop", "free", "{name: a, type: redis}", "{name: b, type: redis}", "{name: c, type: redis}")))
        .containsExactly("orkestr.yaml:6:7: projects[0].addons: plan free allows 2 add-ons, found 3");
  }

  @Test
  void rejectsAutomaticBackupsOnAPlanWithout() {
    assertThat(problems(Fixtures.project("shop", "free", "{name: db, type: postgres, backups: {automatic: true}}")))
        .containsExactly("orkestr.yaml:6:57: projects[0].addons[0].backups.automatic: plan free does not include automatic backups");
  }

  @Test
  void rejectsUnsupportedVersions() {
    assertThat(problems(Fixtures.project("shop", "pro", "{name: db, type: postgres, version: \"9.6\"}")))
        .containsExactly("orkestr.yaml:6:45: projects[0].addons[0].version: postgres 9.6 is not supported; use one of 13, 14, 15, 16, 17");
  }

  @Test
  void rejectsDuplicateNames() {
    assertThat(problems("""
        version: 1
        projects:
          - name: shop
            plan: pro
            addons:
              - {name: db, type: postgres}
              - {name: db, type: redis}
          - name: shop
            plan: pro
        """)).containsExactly(
        "orkestr.yaml:7:16: projects[0].addons[1].name: \"db\" is already used by addons[0] (apps and add-ons of a project share one network, so their names must differ)",
        "orkestr.yaml:8:11: projects[1].name: project \"shop\" is already defined at projects[0]");
  }

  @Test
  void reportsDuplicateYamlKeys() {
    assertThat(problems("version: 1\nprojects: []\nprojects: []\n"))
        .containsExactly("orkestr.yaml:3:1: projects: duplicate key \"projects\"");
  }

  @Test
  void reportsYamlSyntaxErrorsWithLocation() {
    assertThatThrownBy(() -> Fixtures.manifest("version: 1\nprojects: [\n"))
        .isInstanceOf(ValidationError.class)
        .hasMessageStartingWith("orkestr.yaml:3:1: invalid YAML:");
  }

  @Test
  void acceptsAnIntegerVersion() {
    assertThat(Fixtures.manifest(Fixtures.project("shop", "pro", "{name: db, type: postgres, version: 15}"))
        .projects().get(0).addons().get(0).version()).isEqualTo("15");
  }

  @Test
  void rejectsAnEmptyFileClearly() {
    assertThat(problems("")).containsExactly("orkestr.yaml:1:1: must be a mapping (found nothing)");
  }

  @Test
  void rejectsAnAppVariableThatClashesWithAnInjectedOne() {
    assertThat(problems("""
        version: 1
        projects:
          - name: shop
            plan: pro
            addons: [{name: db, type: postgres}]
            apps:
              - {name: web, image: app:1, env: {DATABASE_URL: "postgres://elsewhere"}}
        """)).containsExactly("orkestr.yaml:7:41: projects[0].apps[0].env.DATABASE_URL: DATABASE_URL is set by add-on shop/db;"
        + " remove it from env or rename the add-on");
  }

  @Test
  void rejectsSharingAnAddOnOfAProjectOutsideTheGroup() {
    assertThat(problems("""
        version: 1
        projects:
          - {name: shop, plan: pro, addons: [{name: db, type: postgres}]}
          - {name: reports, plan: pro}
          - {name: blog, plan: free}
        groups:
          - {name: analytics, projects: [reports, blog], share: [shop/db]}
        """)).containsExactly("orkestr.yaml:7:58: groups[0].share[0]: shop/db belongs to project shop, which is not in group analytics;"
        + " add shop to the group's projects to share it");
  }

  @Test
  void namesConnectionVariablesOfOwnAndSharedAddOns() {
    Manifest m = Fixtures.manifest("""
        version: 1
        projects:
          - {name: shop, plan: pro, addons: [{name: db, type: postgres}, {name: main-db, type: postgres, primary: true}, {name: cache-eu, type: redis}]}
          - {name: reports, plan: pro}
        groups:
          - {name: analytics, projects: [shop, reports], share: [shop/main-db]}
        """);

    var shop = ConnectionNames.injected(m, m.projects().get(0)).variables();
    var reports = ConnectionNames.injected(m, m.projects().get(1)).variables();

    assertThat(shop.keySet()).containsExactly("DATABASE_URL", "PGHOST", "PGPORT", "PGUSER", "PGPASSWORD", "PGDATABASE", "REDIS_URL",
        "DB_URL", "MAIN_DB_URL", "CACHE_EU_URL");
    assertThat(shop.get("DATABASE_URL")).isEqualTo(new AddOnRef("shop", "main-db"));
    assertThat(reports.keySet()).containsExactly("SHOP_MAIN_DB_URL");
  }
}
