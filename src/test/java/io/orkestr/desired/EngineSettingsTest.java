package io.orkestr.desired;

import static org.assertj.core.api.Assertions.assertThat;

import io.orkestr.Fixtures;
import io.orkestr.tier.Tiers;
import io.orkestr.tier.TiersParser;
import org.junit.jupiter.api.Test;

class EngineSettingsTest {
  private static AddOnRuntime addOn(String yaml, String name) {
    return ((ContainerSpec) Fixtures.desired(yaml).get(ResourceKey.addon("shop", name)).orElseThrow()).addOn().orElseThrow();
  }

  @Test
  void aFreePostgresIsSizedToItsMemoryAndConnections() {
    AddOnRuntime db = addOn(Fixtures.project("shop", "free", "{name: db, type: postgres}"), "db");

    assertThat(db.settings().restart()).containsEntry("shared_buffers", "64MB").containsEntry("max_connections", "23")
        .containsEntry("superuser_reserved_connections", "3").containsEntry("max_wal_size", "128MB");
    assertThat(db.settings().live()).containsEntry("work_mem", "2176kB").containsEntry("effective_cache_size", "192MB")
        .containsEntry("maintenance_work_mem", "16MB").containsEntry("max_parallel_workers_per_gather", "0");
    assertThat(db.access()).isEqualTo(Access.RESTRICTED);
  }

  @Test
  void overridesGoWhereTheirEngineAppliesThemAndBooleansReadAsTheEngineSpellsThem() {
    AddOnRuntime db = addOn(Fixtures.project("shop", "pro",
        "{name: db, type: postgres, settings: {shared_buffers: 128MB, statement_timeout: 30s, jit: false}}"), "db");

    assertThat(db.settings().restart()).containsEntry("shared_buffers", "128MB");
    assertThat(db.settings().live()).containsEntry("statement_timeout", "30s").containsEntry("jit", "off");
    assertThat(db.settings().live()).doesNotContainKey("shared_buffers");
  }

  @Test
  void redisMaxmemoryStaysUnderBothTheMemoryShareAndTheStorage() {
    Tiers tiers = TiersParser.parse("mine.yaml", "mine.yaml", """
        plans:
          tiny-disk: {cpu: 1, memory: 1Gi, storage: 100Mi, max_addons: 2, connections: 10}
        """);
    var manifest = new io.orkestr.manifest.ManifestParser(tiers).parse("orkestr.yaml",
        Fixtures.project("shop", "tiny-disk", "{name: cache, type: redis, eviction: allkeys-lru, settings: {lazyfree-lazy-eviction: true}}"), "t");
    ContainerSpec cache = (ContainerSpec) new DesiredStateBuilder(tiers, Fixtures.LOCAL_IMAGES).build(manifest)
        .get(ResourceKey.addon("shop", "cache")).orElseThrow();

    assertThat(cache.addOn().orElseThrow().settings().live()).containsEntry("maxmemory", "100mb")
        .containsEntry("maxmemory-policy", "allkeys-lru").containsEntry("maxclients", "10").containsEntry("lazyfree-lazy-eviction", "yes");
    String conf = cache.addOn().orElseThrow().files().get(0).content();
    assertThat(conf).contains("maxmemory 100mb\n").contains("user default on #{{secret:shop/addon/cache:password-sha256}} ~* &* +@all -@admin -@dangerous");
    assertThat(conf).doesNotContain("{{secret:shop/addon/cache:password}}");
  }

  @Test
  void superuserOptInGivesTheAppEveryCommand() {
    AddOnRuntime cache = addOn(Fixtures.project("shop", "pro", "{name: cache, type: redis, superuser: true}"), "cache");

    assertThat(cache.access()).isEqualTo(Access.SUPERUSER);
    assertThat(cache.files().get(0).content()).contains("user default on #{{secret:shop/addon/cache:password-sha256}} ~* &* +@all\n");
  }
}
