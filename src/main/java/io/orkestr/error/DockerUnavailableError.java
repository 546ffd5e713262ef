package io.orkestr.error;

/** DockerUnavailableError says orkestr could not reach the Docker engine, where it looked, and what to do. */
public class DockerUnavailableError extends UserError {
  public DockerUnavailableError(String message, String hint, Throwable cause) {
    super(message, hint, cause);
  }

  /** The engine may come back. */
  @Override
  public boolean isTerminal() {
    return false;
  }
}
