package io.orkestr.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.github.dockerjava.api.exception.NotFoundException;
import java.io.InputStream;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A new Postgres add-on's first start: the cluster comes from the template made when the image was
 * built (no initdb), with this add-on's own password, and a first start killed at any moment is
 * redone by the next, never taken for a finished one.
 */
@Tag("docker")
class FirstStartIT {
  @RegisterExtension final ItContext it = new ItContext();

  private static final String PGDATA = "/var/lib/postgresql/data/pgdata";

  private String freeDb(String project) {
    return it.write("version: 1\nprojects:\n  - name: " + project + "\n    plan: free\n    addons:\n"
        + "      - {name: db, type: postgres, version: \"17\"}\n").toString();
  }

  private static boolean exists(String container, String path) {
    try (InputStream in = TestDocker.CLIENT.copyArchiveFromContainerCmd(container, path).exec()) {
      in.transferTo(java.io.OutputStream.nullOutputStream());
      return true;
    } catch (NotFoundException e) {
      return false;
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  /** When the container last logged a line containing text (docker logs --timestamps), or null. */
  private static Instant lastLine(String container, String text) throws InterruptedException {
    StringBuilder out = new StringBuilder();
    TestDocker.CLIENT.logContainerCmd(container).withStdErr(true).withStdOut(true).withTimestamps(true)
        .exec(new com.github.dockerjava.api.async.ResultCallback.Adapter<com.github.dockerjava.api.model.Frame>() {
          @Override
          public void onNext(com.github.dockerjava.api.model.Frame f) {
            out.append(new String(f.getPayload(), java.nio.charset.StandardCharsets.UTF_8));
          }
        }).awaitCompletion(30, TimeUnit.SECONDS);
    return out.toString().lines().filter(l -> l.contains(text)).reduce((a, b) -> b).map(l -> Instant.parse(l.substring(0, l.indexOf(' '))))
        .orElse(null);
  }

  @Test
  void aFirstStartKilledAtAnyMomentIsRedoneAndTheRerunConverges() throws Exception {
    String shop = it.project("shop");
    String file = freeDb(shop);
    String name = "orkestr_" + shop + "_db";
    List<String> interrupted = new ArrayList<>();
    for (long delay : new long[] {200, 500, 800, 1100, 1400, 1700}) {
      Process apply = it.start(it.env(), "apply", "-f", file, "--auto-approve");
      ItContext.await("the add-on's container runs", Duration.ofSeconds(60), Duration.ofMillis(20),
          () -> TestDocker.exists(name) && Boolean.TRUE.equals(TestDocker.inspect(name).getState().getRunning()));
      Thread.sleep(delay);
      long pid = TestDocker.inspect(name).getState().getPidLong();
      Instant killed = Instant.now();
      new ProcessBuilder("kill", "-KILL", Long.toString(pid)).start().waitFor(); // the container's first process: all of it goes
      apply.waitFor(180, TimeUnit.SECONDS);

      Result rerun = it.run("apply", "-f", file, "--auto-approve");
      assertThat(rerun.exitCode()).as("killed %d ms into its first start: %s", delay, rerun).isZero();
      try (var c = it.appDb(shop); var q = c.createStatement().executeQuery("SELECT current_user, current_database()")) {
        assertThat(q.next()).isTrue();
        assertThat(q.getString(1) + "/" + q.getString(2)).isEqualTo("db/db");
      }
      assertThat(exists(name, PGDATA + "/PG_VERSION")).isTrue();
      assertThat(exists(name, PGDATA + "/.orkestr-init")).as("the first start's staging directory is gone").isFalse();
      // The finished first start came after the kill: the kill interrupted it (or came before it began), and it was redone.
      Instant initialised = lastLine(name, "initialised a new PostgreSQL");
      assertThat(initialised).as("killed %d ms in", delay).isNotNull();
      if (initialised.isAfter(killed)) interrupted.add(delay + " ms");
      assertThat(it.run("destroy", "-f", file, "--purge-data", "--auto-approve").exitCode()).isZero();
    }
    assertThat(interrupted).as("kills that interrupted a first start (and it was redone)").isNotEmpty();
  }

  @Test
  void everyAddOnGetsItsOwnPasswordAndTheImagesTemplateHoldsNone() throws Exception {
    String shop = it.project("shop");
    String file = it.write("version: 1\nprojects:\n  - name: " + shop + "\n    plan: pro\n    addons:\n"
        + "      - {name: db, type: postgres, version: \"17\"}\n      - {name: other, type: postgres, version: \"17\"}\n").toString();
    assertThat(it.run("apply", "-f", file, "--auto-approve").exitCode()).isZero();

    String verifier = "SELECT rolpassword FROM pg_authid WHERE rolname = 'orkestr'";
    String one = ItContext.exec("orkestr_" + shop + "_db", "psql -X -tA -U orkestr -d postgres -c \"" + verifier + "\"").out().strip();
    String two = ItContext.exec("orkestr_" + shop + "_other", "psql -X -tA -U orkestr -d postgres -c \"" + verifier + "\"").out().strip();
    assertThat(one).startsWith("SCRAM-SHA-256$");
    assertThat(two).startsWith("SCRAM-SHA-256$").isNotEqualTo(one);
    try (var c = it.appDb(shop); var q = c.createStatement().executeQuery("SELECT 1")) {
      assertThat(q.next()).isTrue();
    }
    // The template in the image: no password at all (a verifier would be stored as SCRAM-SHA-256$...).
    Result template = ItContext.exec("orkestr_" + shop + "_db", "test -s /usr/share/orkestr/pgdata-template/PG_VERSION && echo template;"
        + " grep -rl 'SCRAM-SHA-256' /usr/share/orkestr/pgdata-template; echo end");
    assertThat(template.out().strip()).isEqualTo("template\nend");
    assertThat(ItContext.logs("orkestr_" + shop + "_db")).contains("initialised a new PostgreSQL 17 cluster in " + PGDATA + " from the image's template");
  }

  @Test
  void dataWithoutPgVersionThatNoFirstStartLeftIsNeverOverwritten() throws Exception {
    String shop = it.project("shop");
    assertThat(it.run("apply", "-f", freeDb(shop), "--auto-approve").exitCode()).isZero();
    String name = "orkestr_" + shop + "_db";
    ItContext.exec(name, "echo precious > " + PGDATA + "/keep-me && rm " + PGDATA + "/PG_VERSION");
    TestDocker.CLIENT.restartContainerCmd(name).exec();

    ItContext.await("the image refuses to initialise over the files", Duration.ofSeconds(60),
        () -> ItContext.logs(name).contains("holds files but no PG_VERSION"));
    assertThat(exists(name, PGDATA + "/keep-me")).as("the files are still there").isTrue();
    assertThat(exists(name, PGDATA + "/base")).isTrue();
    assertThat(exists(name, PGDATA + "/global/pg_control")).isTrue();
  }
}
