package io.orkestr.service;

import io.orkestr.error.UserError;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Locale;

/** ManifestFile is a manifest's text as read from disk, with the name it defaults to (its directory's). */
public record ManifestFile(String displayName, String text, String defaultName) {

  public static ManifestFile read(Path path) {
    return read(path, path);
  }

  /** Reads {@code resolved}, naming it {@code given} (as the user typed it) in messages. */
  public static ManifestFile read(Path given, Path resolved) {
    Path path = given;
    try {
      String text = Files.readString(resolved, StandardCharsets.UTF_8);
      Path dir = resolved.toAbsolutePath().normalize().getParent();
      return new ManifestFile(path.toString(), text, defaultName(dir == null || dir.getFileName() == null ? "" : dir.getFileName().toString()));
    } catch (NoSuchFileException e) {
      throw new UserError("manifest " + path + " does not exist", "pass the manifest with -f FILE");
    } catch (IOException e) {
      throw new UserError("cannot read manifest " + path + ": " + e.getMessage());
    }
  }

  /** A directory name made a DNS label, like Compose's default project name: "My App" -> "my-app". */
  static String defaultName(String dir) {
    String s = dir.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9-]+", "-").replaceAll("^[^a-z]+", "").replaceAll("-+$", "");
    if (s.length() > 63) s = s.substring(0, 63).replaceAll("-+$", "");
    return s.isEmpty() ? "default" : s;
  }
}
