package io.orkestr.control;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class BackoffTest {
  @Test
  void doublesFromTheFirstWaitUpToTheCap() {
    Backoff b = new Backoff(Duration.ofSeconds(1), Duration.ofMinutes(5));

    assertThat(b.after(0)).isZero();
    assertThat(b.after(1)).hasSeconds(1);
    assertThat(b.after(2)).hasSeconds(2);
    assertThat(b.after(3)).hasSeconds(4);
    assertThat(b.after(9)).hasSeconds(256);
    assertThat(b.after(10)).hasMinutes(5);
    assertThat(b.after(1000)).hasMinutes(5);
  }
}
