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
  void anAddOnSleepsByItsPlansWindowsOrLongerOnesOrNever() {
    Manifest m = Fixtures.manifest(Fixtures.project("shop", "free", "{name: db, type: postgres}",
        "{name: cache, type: redis, sleep: {stop_after: 2h}}"));
    Manifest never = Fixtures.manifest(Fixtures.project("shop", "business", "{name: db, type: postgres, sleep: never}"));

    var plan = Fixtures.TIERS.get("free").sleep();
    assertThat(m.projects().get(0).addons().get(0).sleep().under(plan)).isEqualTo(plan);
    assertThat(m.projects().get(0).addons().get(1).sleep().under(plan))
        .contains(new io.orkestr.tier.SleepPolicy(java.time.Duration.ofMinutes(5), java.time.Duration.ofHours(2)));
    assertThat(never.projects().get(0).addons().get(0).sleep().under(plan)).isEmpty();
  }

  @Test
  void refusesASleepWindowShorterThanThePlansAtItsLineAndColumn() {
    assertThat(problems("""
        version: 1
        projects:
          - name: shop
            plan: pro
            addons:
              - {name: db, type: postgres, sleep: {freeze_after: 1m, stop_after: 2h}}
          - name: big
            plan: business
            addons:
              - {name: db, type: postgres, sleep: {stop_after: 2h}}
        """)).containsExactly(
        "orkestr.yaml:6:58: projects[0].addons[0].sleep.freeze_after: plan pro sleeps after 15m idle; an add-on may ask a longer"
            + " freeze_after, never a shorter one (found 1m)",
        "orkestr.yaml:10:56: projects[1].addons[0].sleep.stop_after: plan business never sleeps: an add-on may only ask sleep: never"
            + " (found stop_after 2h)");
  }

  // Real age recipients (age-keygen), one with its last character changed (a wrong Bech32 checksum).
  private static final String AGE = "age16pqrqlwsrmfu0k99yn49sp64825t6g2dhg7nkfk4skajtawkrs6qw3smxn";
  private static final String AGE_TYPO = "age16pqrqlwsrmfu0k99yn49sp64825t6g2dhg7nkfk4skajtawkrs6qw3smxm";

  @Test
  void readsTheOffsiteStore() {
    Manifest m = Fixtures.manifest("""
        version: 1
        backups:
          offsite:
            url: s3://orkestr-backups/prod/eu
            endpoint: https://s3.example.net
            region: eu-central-1
            path_style: true
            encrypt_to: [%s]
        projects: []
        """.formatted(AGE));
    OffsiteSettings o = m.offsite().orElseThrow();
    assertThat(o.bucket()).isEqualTo("orkestr-backups");
    assertThat(o.prefix()).isEqualTo("prod/eu");
    assertThat(o.endpoint()).contains("https://s3.example.net");
    assertThat(o.region()).contains("eu-central-1");
    assertThat(o.pathStyle()).isTrue();
    assertThat(o.encrypted()).isTrue();
    assertThat(o.url()).isEqualTo("s3://orkestr-backups/prod/eu");
    OffsiteSettings plain = Fixtures.manifest("version: 1\nbackups: {offsite: {url: s3://bk1, encrypt: false}}\nprojects: []\n").offsite().get();
    assertThat(plain.prefix()).isEmpty();
    assertThat(plain.encrypted()).isFalse();
    assertThat(Fixtures.manifest("version: 1\nprojects: []\n").offsite()).isEmpty();
  }

  @Test
  void refusesAnOffsiteStoreThatWouldStoreUnencryptedByAccidentOrNamesABadKeyAtItsLineAndColumn() {
    assertThat(problems("""
        version: 1
        backups:
          offsite:
            url: s3://orkestr-backups/prod
        projects: []
        """)).containsExactly("orkestr.yaml:4:5: backups.offsite: off-site copies are encrypted before they leave the machine: give"
        + " encrypt_to (age recipients, age1...) or say encrypt: false on purpose");
    assertThat(problems("""
        version: 1
        backups:
          offsite: {url: s3://orkestr-backups, encrypt_to: [%s], encrypt: false}
        projects: []
        """.formatted(AGE_TYPO))).containsExactly(
        "orkestr.yaml:3:53: backups.offsite.encrypt_to[0]: not an age X25519 recipient (its checksum is wrong)",
        "orkestr.yaml:3:127: backups.offsite.encrypt: encrypt: false and encrypt_to contradict each other; keep one");
    assertThat(problems("version: 1\nbackups: {offsite: {url: https://bucket, encrypt: true}}\nprojects: []\n")).containsExactly(
        "orkestr.yaml:2:26: backups.offsite.url: must be s3://bucket/prefix: a bucket name (3 to 63 lowercase letters, digits, dots and"
            + " dashes) and an optional key prefix the copies are kept under (found \"https://bucket\")",
        "orkestr.yaml:2:51: backups.offsite.encrypt: must be false (found true)");
  }

  @Test
  void saysWhatSleepTakesWhenItIsNeitherNeverNorWindows() {
    assertThat(problems(Fixtures.project("shop", "pro", "{name: cache, type: redis, sleep: sometimes}")))
        .containsExactly("orkestr.yaml:6:43: projects[0].addons[0].sleep: must be \"never\", or idle windows such as {stop_after: 2h},"
            + " longer than the plan's (freeze_after, stop_after), never shorter (found \"sometimes\")");
    assertThat(problems(Fixtures.project("shop", "pro", "{name: cache, type: redis, sleep: {stop_aftr: 2h}}")))
        .containsExactly("orkestr.yaml:6:44: projects[0].addons[0].sleep.stop_aftr: unknown key \"stop_aftr\", did you mean \"stop_after\"?");
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

  private static String app(String fields) {
    return "version: 1\nprojects:\n  - name: shop\n    plan: pro\n    apps:\n      - {name: web, image: app:1, " + fields + "}\n";
  }

  @Test
  void rejectsPortsOutsideTheValidRangeOnEitherSide() {
    assertThat(problems(app("ports: [\"70000:80\", \"8080:0\", \"8081:65536/udp\"]"))).containsExactly(
        "orkestr.yaml:6:43: projects[0].apps[0].ports[0]: host port 70000 is out of range (1-65535)",
        "orkestr.yaml:6:55: projects[0].apps[0].ports[1]: container port 0 is out of range (1-65535)",
        "orkestr.yaml:6:65: projects[0].apps[0].ports[2]: container port 65536 is out of range (1-65535)");
  }

  @Test
  void rejectsAMalformedPortAddress() {
    assertThat(problems(app("ports: [\"300.0.0.1:8080:80\"]"))).containsExactly(
        "orkestr.yaml:6:43: projects[0].apps[0].ports[0]: 300.0.0.1 is not an IPv4 address");
  }

  @Test
  void acceptsPortsAtTheEndsOfTheRange() {
    App web = Fixtures.manifest(app("ports: [\"0.0.0.0:65535:1\"]")).projects().get(0).apps().get(0);

    assertThat(web.ports()).containsExactly(new PortMapping("0.0.0.0", 65535, 1, "tcp"));
  }

  @Test
  void mergesMappingsWithMergeKeysAndLetsXKeysHoldAnchors() {
    Manifest m = Fixtures.manifest("""
        version: 1
        x-addons:
          pg: &pg {type: postgres, version: "15"}
          web: &web
            image: app:1
            env: {LOG_LEVEL: info, REGION: eu}
        projects:
          - name: shop
            plan: pro
            addons:
              - {<<: *pg, name: db}
            apps:
              - <<: *web
                name: web
                env: {LOG_LEVEL: debug}
          - name: blog
            plan: pro
            addons:
              - <<: [*pg]
                name: db
                version: "17"
        """);

    AddOn shopDb = m.projects().get(0).addons().get(0);
    assertThat(shopDb.engine()).isEqualTo(Engine.POSTGRES);
    assertThat(shopDb.version()).isEqualTo("15");
    assertThat(m.projects().get(1).addons().get(0).version()).isEqualTo("17");
    App web = m.projects().get(0).apps().get(0);
    assertThat(web.image()).isEqualTo("app:1");
    assertThat(web.env()).containsExactly(java.util.Map.entry("LOG_LEVEL", "debug")); // a key's own value replaces the merged one whole
  }

  @Test
  void reportsAProblemInAMergedValueWhereTheAnchorDefinesIt() {
    assertThat(problems("""
        version: 1
        x-base: &pg {type: postgress}
        projects:
          - name: shop
            plan: pro
            addons:
              - {<<: *pg, name: db}
        """)).containsExactly(
        "orkestr.yaml:2:20: projects[0].addons[0].type: must be one of postgres, redis (found \"postgress\"), did you mean \"postgres\"?");
  }

  @Test
  void rejectsTopLevelKeysThatAreNotExtensions() {
    assertThat(problems("version: 1\nextras: {}\nprojects: []\n"))
        .containsExactly("orkestr.yaml:2:1: extras: unknown key \"extras\" (top-level keys of your own start with x-)");
  }

  @Test
  void reportsANullValueOnce() {
    assertThat(problems("version: 1\nprojects:\n  - name: shop\n    plan: ~\n"))
        .containsExactly("orkestr.yaml:4:11: projects[0].plan: must be a string (found nothing)");
  }

  @Test
  void reportsEachInvalidVariableNameAtItsOwnKey() {
    assertThat(problems("""
        version: 1
        projects:
          - name: shop
            plan: pro
            apps:
              - name: web
                image: app:1
                env:
                  GOOD: "1"
                  bad-name: "2"
                  9LIVES: "3"
        """)).containsExactly(
        "orkestr.yaml:10:11: projects[0].apps[0].env.bad-name: \"bad-name\" is not an environment variable name: letters, digits and '_', not starting with a digit",
        "orkestr.yaml:11:11: projects[0].apps[0].env.9LIVES: \"9LIVES\" is not an environment variable name: letters, digits and '_', not starting with a digit");
  }

  @Test
  void readsSettingsEvictionAndSuperuser() {
    Manifest m = Fixtures.manifest(Fixtures.project("shop", "pro",
        "{name: db, type: postgres, superuser: true, settings: {work_mem: 8MB, jit: false, random_page_cost: 1.5}}",
        "{name: cache, type: redis, eviction: allkeys-lru, settings: {timeout: 300}}"));

    AddOn db = m.projects().get(0).addons().get(0);
    RedisAddOn cache = (RedisAddOn) m.projects().get(0).addons().get(1);
    assertThat(db.superuser()).isTrue();
    assertThat(db.settings()).containsExactly(java.util.Map.entry("jit", "false"), java.util.Map.entry("random_page_cost", "1.5"),
        java.util.Map.entry("work_mem", "8MB"));
    assertThat(cache.eviction()).contains("allkeys-lru");
    assertThat(cache.superuser()).isFalse();
    assertThat(cache.settings()).containsEntry("timeout", "300");
  }

  @Test
  void reportsEachBadSettingAtItsKey() {
    assertThat(problems("""
        version: 1
        projects:
          - name: shop
            plan: free
            addons:
              - name: db
                type: postgres
                settings:
                  wrok_mem: 8MB
                  archive_command: "cp %p /tmp"
                  statement_timeout: soon
                  work_mem: 1GB
                  max_connections: 500
        """)).containsExactly(
        "orkestr.yaml:9:11: projects[0].addons[0].settings.wrok_mem: unknown setting \"wrok_mem\" for postgres, did you mean \"work_mem\"?",
        "orkestr.yaml:10:11: projects[0].addons[0].settings.archive_command: orkestr does not let a manifest set archive_command:"
            + " it runs programs or loads code inside the add-on",
        "orkestr.yaml:11:30: projects[0].addons[0].settings.statement_timeout: must be a duration such as 30s (ms, s, min, h, d) (found \"soon\")",
        "orkestr.yaml:12:21: projects[0].addons[0].settings.work_mem: 1GB is not less than the plan's memory (256 MiB)",
        "orkestr.yaml:13:11: projects[0].addons[0].settings.max_connections: orkestr does not let a manifest set max_connections:"
            + " the plan sets it; a larger plan raises it");
  }

  @Test
  void rejectsEvictionOnPostgres() {
    assertThat(problems(Fixtures.project("shop", "pro", "{name: db, type: postgres, eviction: allkeys-lru}"))).containsExactly(
        "orkestr.yaml:6:46: projects[0].addons[0].eviction: only a Redis add-on has an eviction policy");
  }

  @Test
  void rejectsUnknownEvictionPolicies() {
    assertThat(problems(Fixtures.project("shop", "pro", "{name: cache, type: redis, eviction: lru}"))).containsExactly(
        "orkestr.yaml:6:46: projects[0].addons[0].eviction: must be one of noeviction, allkeys-lru, allkeys-lfu, allkeys-random,"
            + " volatile-lru, volatile-lfu, volatile-random, volatile-ttl (found \"lru\")");
  }

  @Test
  void rejectsPostgresNamesWhoseRolesOrkestrOrPostgresKeep() {
    assertThat(problems(Fixtures.project("shop", "pro", "{name: orkestr, type: postgres}", "{name: pg-main, type: postgres}")))
        .containsExactly(
            "orkestr.yaml:6:16: projects[0].addons[0].name: a Postgres add-on cannot be named \"orkestr\": its app role would be orkestr,"
                + " a role orkestr or Postgres keeps for itself",
            "orkestr.yaml:7:16: projects[0].addons[1].name: a Postgres add-on cannot be named \"pg-main\": its app role would be pg_main,"
                + " a role orkestr or Postgres keeps for itself");
  }

  private static List<String> scheduled(String addon) {
    try {
      new ManifestParser(Fixtures.TIERS, io.orkestr.backup.CronSchedules.INSTANCE).parse("orkestr.yaml", Fixtures.project("shop", "pro", addon), "t");
    } catch (ValidationError e) {
      return e.problems();
    }
    return List.of();
  }

  @Test
  void readsBackupSchedulesWithQuartzAndRefusesOnesMoreFrequentThanThePlanAllows() {
    assertThat(scheduled("{name: db, type: postgres, backups: {automatic: true, schedule: \"0 0 3 * * ?\", verify: true}}")).isEmpty();
    assertThat(scheduled("{name: db, type: postgres, backups: {automatic: true, schedule: \"0 */5 * * * ?\"}}")).containsExactly(
        "orkestr.yaml:6:73: projects[0].addons[0].backups.schedule: fires every 5m at its closest; plan pro allows automatic backups"
            + " at most every 1h");
    assertThat(scheduled("{name: db, type: postgres, backups: {automatic: true, schedule: \"every night\"}}")).singleElement()
        .asString().startsWith("orkestr.yaml:6:73: projects[0].addons[0].backups.schedule: must be a Quartz cron expression such as");
    assertThat(scheduled("{name: db, type: postgres, backups: {schedule: \"0 0 3 * * ?\"}}")).containsExactly(
        "orkestr.yaml:6:56: projects[0].addons[0].backups.schedule: a schedule is for automatic backups: set automatic: true");
  }
}
