package io.orkestr.render;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.orkestr.Fixtures;
import io.orkestr.apply.ApplyListener;
import io.orkestr.apply.ApplySettings;
import io.orkestr.credential.fs.FileCredentialStore;
import io.orkestr.desired.ResourceKey;
import io.orkestr.docker.FakeDockerPort;
import io.orkestr.error.UserError;
import io.orkestr.plan.Plan;
import io.orkestr.plan.PlanOptions;
import io.orkestr.service.ApplyHooks;
import io.orkestr.service.OrkestrService;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PlanRenderingTest {
  static final String MANIFEST = """
      version: 1
      projects:
        - name: shop
          plan: pro
          addons:
            - {name: db, type: postgres, version: "15"}
            - {name: cache, type: redis, version: "7"}
          apps:
            - name: web
              image: orkestr.local/probe:latest
              env: {LOG_LEVEL: info}
      """;

  @TempDir Path home;
  FakeDockerPort docker;
  OrkestrService service;

  @BeforeEach
  void setUp() {
    docker = Fixtures.fakeDocker("orkestr.local/postgres:15", "orkestr.local/postgres:17", "orkestr.local/redis:7",
        "orkestr.local/probe:latest");
    service = Fixtures.service(docker, home);
  }

  private Plan plan(String yaml) {
    return service.plan(Fixtures.file(yaml), PlanOptions.DEFAULT);
  }

  private void apply(String yaml) {
    service.apply(Fixtures.file(yaml), PlanOptions.DEFAULT, ApplySettings.DEFAULT, ApplyListener.SILENT, ApplyHooks.AUTO_APPROVE, () -> false);
  }

  @Test
  void rendersACreatePlanLikeTerraform() throws Exception {
    Golden.check("create.txt", new PlanText(Style.PLAIN).render(plan(MANIFEST)));
  }

  @Test
  void rendersUpdatesReplacementsDeletesAndRefusals() throws Exception {
    apply(MANIFEST);
    String changed = MANIFEST.replace("plan: pro", "plan: business").replace("version: \"7\"}", "version: \"7.0\"}")
        .replace("version: \"15\"", "version: \"17\"").replace("env: {LOG_LEVEL: info}", "env: {LOG_LEVEL: debug}");

    Golden.check("changes.txt", new PlanText(Style.PLAIN).render(plan(changed)));
    Golden.check("changes.json", PlanJson.render(plan(changed)));
  }

  @Test
  void saysNoChangesWhenConverged() {
    apply(MANIFEST);

    assertThat(new PlanText(Style.PLAIN).render(plan(MANIFEST))).startsWith("No changes.");
  }

  @Test
  void neverShowsASecretInTextOrJson() {
    apply(MANIFEST);
    String password = new FileCredentialStore(home).find(ResourceKey.addon("shop", "db"), "password").orElseThrow().value();
    String admin = new FileCredentialStore(home).find(ResourceKey.addon("shop", "db"), "admin-password").orElseThrow().value();
    Plan plan = plan(MANIFEST.replace("plan: pro", "plan: business").replace("LOG_LEVEL: info", "LOG_LEVEL: warn"));

    assertThat(docker.byName("orkestr_shop_web").env.get("DATABASE_URL")).contains(password);
    assertThat(new PlanText(Style.PLAIN).render(plan)).doesNotContain(password).contains("DATABASE_URL = (sensitive)");
    assertThat(PlanJson.render(plan)).doesNotContain(password).contains("\"name\" : \"DATABASE_URL\",\n        \"sensitive\" : true");
    assertThat(PlanFile.write(plan)).doesNotContain(password);
    assertThat(new StatusText(Style.PLAIN).render(plan)).doesNotContain(password);
    assertThat(docker.byName("orkestr_shop_db").env.get("POSTGRES_PASSWORD")).isEqualTo(admin);
    for (String rendered : List.of(new PlanText(Style.PLAIN).render(plan), PlanJson.render(plan), PlanFile.write(plan))) {
      assertThat(rendered).doesNotContain(admin);
    }
  }

  @Test
  void savedPlanReadsBackExactly() {
    apply(MANIFEST);
    // A storage measurement too: apply decides the switch of apps' writes from it and the add-on's storage commands.
    new io.orkestr.state.fs.FileLiveUpdateLog(home).recordStorage(java.util.Map.of(docker.byName("orkestr_shop_db").id,
        new io.orkestr.state.LiveUpdateLog.Measured(20L << 30, false, 1_796_000_000L)));
    Plan plan = plan(MANIFEST.replace("plan: pro", "plan: business").replace("cache, type: redis", "cache2, type: redis"));
    assertThat(PlanFile.write(plan)).contains("\"used_bytes\"").contains("\"read_only\"");

    assertThat(PlanFile.read("plan.bin", PlanFile.write(plan))).isEqualTo(plan);
  }

  @Test
  void refusesAnEditedPlanFile() {
    String text = PlanFile.write(plan(MANIFEST)).replace("orkestr.local/postgres:15", "orkestr.local/postgres:17");

    assertThatThrownBy(() -> PlanFile.read("plan.bin", text)).isInstanceOf(UserError.class).hasMessageContaining("checksum");
  }
}
