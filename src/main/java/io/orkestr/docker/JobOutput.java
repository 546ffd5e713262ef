package io.orkestr.docker;

/** JobOutput receives a one-off container's output as it arrives. */
public interface JobOutput {
  void stdout(byte[] bytes);

  void stderr(byte[] bytes);
}
