package io.orkestr.desired;

import java.util.Objects;

/**
 * ContainerFile is a file orkestr writes into a container after creating it and before starting
 * it (an init script, a config file). Its content may hold credential placeholders, resolved by
 * apply, so a plan shows and hashes the file without its secrets.
 */
public record ContainerFile(String path, String content, int mode) {
  public ContainerFile {
    Objects.requireNonNull(path);
    Objects.requireNonNull(content);
    if (!path.startsWith("/")) throw new IllegalArgumentException("not an absolute path: " + path);
  }
}
