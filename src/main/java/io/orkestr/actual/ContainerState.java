package io.orkestr.actual;

/** ContainerState is Docker's container state. */
public enum ContainerState {
  CREATED,
  RUNNING,
  PAUSED,
  RESTARTING,
  REMOVING,
  EXITED,
  DEAD;

  public static ContainerState of(String docker) {
    try {
      return valueOf(docker.toUpperCase());
    } catch (RuntimeException e) {
      return DEAD;
    }
  }

  public String word() {
    return name().toLowerCase();
  }
}
