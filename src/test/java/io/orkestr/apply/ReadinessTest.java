package io.orkestr.apply;

import static org.assertj.core.api.Assertions.assertThat;

import io.orkestr.Fixtures;
import io.orkestr.credential.fs.FileCredentialStore;
import io.orkestr.desired.ContainerSpec;
import io.orkestr.desired.ResourceKey;
import io.orkestr.docker.DockerPort;
import io.orkestr.docker.ExecResult;
import java.lang.reflect.Proxy;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ReadinessTest {
  @TempDir Path home;

  @Test
  void theProbesOfAllWaitsStartAtLeastTheSpacingApart() throws Exception {
    List<Long> probes = Collections.synchronizedList(new ArrayList<>());
    Map<String, Integer> probed = new ConcurrentHashMap<>();
    // Only exec is called; each container answers its third probe.
    DockerPort docker = (DockerPort) Proxy.newProxyInstance(DockerPort.class.getClassLoader(), new Class<?>[] {DockerPort.class},
        (proxy, method, args) -> {
          if (!method.getName().equals("exec")) throw new UnsupportedOperationException(method.getName());
          probes.add(System.nanoTime());
          return probed.merge((String) args[0], 1, Integer::sum) >= 3 ? new ExecResult(0, "") : new ExecResult(2, "starting");
        });
    Readiness readiness = new Readiness(docker, new SecretResolver(new FileCredentialStore(home)));
    ContainerSpec spec = (ContainerSpec) Fixtures.service(Fixtures.fakeDocker(), home)
        .desired(Fixtures.service(Fixtures.fakeDocker(), home).validate(Fixtures.file(Fixtures.project("shop", "pro",
            "{name: cache, type: redis, version: \"7\"}"))))
        .get(ResourceKey.addon("shop", "cache")).orElseThrow();

    List<Thread> waits = new ArrayList<>();
    for (String id : List.of("a", "b", "c", "d")) {
      Thread t = new Thread(() -> readiness.await(spec, id, Duration.ofSeconds(30), () -> false));
      t.start();
      waits.add(t);
    }
    for (Thread t : waits) t.join(30_000);

    assertThat(probed).containsOnlyKeys("a", "b", "c", "d").allSatisfy((id, n) -> assertThat(n).isEqualTo(3));
    List<Long> sorted = new ArrayList<>(probes);
    Collections.sort(sorted);
    for (int i = 1; i < sorted.size(); i++) {
      // Slots are 100 ms apart; a loaded machine wakes a sleeper late, so one gap can look shorter. Unspaced, they are microseconds.
      assertThat(sorted.get(i) - sorted.get(i - 1)).as("gap before probe " + i).isGreaterThanOrEqualTo(50_000_000L);
    }
  }
}
