package io.orkestr.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Two applies of one manifest at once never interleave: the second waits for the first's lock. */
@Tag("docker")
class ConcurrencyIT {
  @RegisterExtension final ItContext it = new ItContext();

  @Test
  void twoAppliesAtOnceRunOneAfterTheOther() {
    String shop = it.project("shop");
    String file = it.write(Manifests.dbAndCache(shop)).toString();

    var first = CompletableFuture.supplyAsync(() -> it.runProcess("apply", "-f", file, "--auto-approve"));
    var second = CompletableFuture.supplyAsync(() -> it.runProcess("apply", "-f", file, "--auto-approve"));
    List<Result> results = List.of(first.join(), second.join());

    assertThat(results).allSatisfy(r -> assertThat(r.exitCode()).as(r.toString()).isZero());
    assertThat(results).anySatisfy(r -> assertThat(r.out()).contains("Apply complete: 5 done"));
    assertThat(results).anySatisfy(r -> {
      assertThat(r.out()).startsWith("No changes.");
      assertThat(r.err()).contains("waiting for another orkestr apply of this manifest to finish");
    });
    assertThat(TestDocker.containers("orkestr.manifest=" + it.manifest())).hasSize(2);
  }
}
