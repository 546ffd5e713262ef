package io.orkestr.apply;

import static org.assertj.core.api.Assertions.assertThat;

import io.orkestr.apply.PhasedExecutor.Phase;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class PhasedExecutorTest {
  @Test
  void runsQueuedCreationTasksBeforeQueuedStartsEachInTheOrderTheyCame() throws InterruptedException {
    PhasedExecutor pool = new PhasedExecutor(1);
    List<String> ran = new CopyOnWriteArrayList<>();
    CountDownLatch busy = new CountDownLatch(1);
    CountDownLatch all = new CountDownLatch(6);
    try {
      pool.execute(Phase.START, () -> {
        try {
          busy.await(10, TimeUnit.SECONDS);  // holds the only thread while the others queue up
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
      });
      for (String name : List.of("start a", "create b", "start c", "create d", "create e", "start f")) {
        pool.execute(name.startsWith("start") ? Phase.START : Phase.CREATION, () -> {
          ran.add(name);
          all.countDown();
        });
      }
      busy.countDown();

      assertThat(all.await(10, TimeUnit.SECONDS)).isTrue();
      assertThat(ran).containsExactly("create b", "create d", "create e", "start a", "start c", "start f");
    } finally {
      pool.shutdownNow();
    }
  }
}
