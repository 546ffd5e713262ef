package io.orkestr.desired;

/** Limits are a container's CPU (Docker NanoCpus) and memory (bytes; swap is set equal). Zero means none. */
public record Limits(long nanoCpus, long memoryBytes) {
  public static final Limits NONE = new Limits(0, 0);

  public boolean isNone() {
    return nanoCpus == 0 && memoryBytes == 0;
  }
}
