package io.orkestr.apply;

import java.time.Duration;

/**
 * ApplySettings: how many changes run at once, whether and how long to wait for add-ons to answer,
 * and how long a container may take to stop before it is killed.
 */
public record ApplySettings(int parallelism, boolean waitForReady, Duration readyTimeout, Duration stopTimeout) {
  public static final ApplySettings DEFAULT = new ApplySettings(64, true, Duration.ofSeconds(180), Duration.ofSeconds(30));

  public ApplySettings {
    if (parallelism < 1) throw new IllegalArgumentException("parallelism must be at least 1");
  }
}
