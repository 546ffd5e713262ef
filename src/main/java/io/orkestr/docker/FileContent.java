package io.orkestr.docker;

import java.util.Objects;

/**
 * FileContent is a file to write into a container, its placeholders resolved: it may hold a
 * credential, so toString leaves the content out.
 */
public record FileContent(String path, byte[] content, int mode) {
  public FileContent {
    Objects.requireNonNull(path);
    content = content.clone();
  }

  @Override
  public byte[] content() {
    return content.clone();
  }

  @Override
  public String toString() {
    return "FileContent[" + path + ", " + content.length + " bytes, mode " + Integer.toOctalString(mode) + "]";
  }
}
