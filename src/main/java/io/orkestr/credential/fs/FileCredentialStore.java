package io.orkestr.credential.fs;

import static io.orkestr.credential.CredentialStore.ADMIN;
import static io.orkestr.credential.CredentialStore.APP;

import io.orkestr.credential.CredentialStore;
import io.orkestr.credential.Secret;
import io.orkestr.desired.ResourceKey;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Optional;

/**
 * FileCredentialStore keeps one file per password, {@code $ORKESTR_HOME/credentials/<project>/<addon>}
 * for the app's and {@code <addon>.admin} for orkestr's own, mode 0600 in 0700 directories. A new file is written under a temporary name and linked into
 * place, so a crash never leaves half a password.
 */
public final class FileCredentialStore implements CredentialStore {
  private final Path root;

  public FileCredentialStore(Path home) {
    this.root = home.resolve("credentials");
  }

  @Override
  public Optional<Secret> find(ResourceKey addon, String name) {
    Path file = file(addon, name);
    try {
      return Files.exists(file) ? Optional.of(new Secret(Files.readString(file, StandardCharsets.UTF_8).trim())) : Optional.empty();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read credentials of " + addon + " from " + file, e);
    }
  }

  @Override
  public synchronized Secret getOrCreate(ResourceKey addon, String name) {
    Optional<Secret> existing = find(addon, name);
    if (existing.isPresent()) return existing.get();
    Secret secret = Secret.generate();
    Path file = file(addon, name);
    try {
      Path dir = file.getParent();
      createPrivateDirectories(dir);
      Path tmp = Files.createTempFile(dir, ".tmp-", "", PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
      Files.writeString(tmp, secret.value() + "\n", StandardCharsets.UTF_8);
      try {
        // A hard link appears atomically and never replaces: if another process stored a password
        // first, theirs wins and we read it back, so both use the same one.
        Files.createLink(file, tmp);
      } catch (FileAlreadyExistsException e) {
        // fall through to read the winner's
      } finally {
        Files.deleteIfExists(tmp);
      }
      return find(addon, name).orElseThrow();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot store credentials of " + addon + " in " + file.getParent(), e);
    }
  }

  @Override
  public void delete(ResourceKey addon) {
    try {
      Files.deleteIfExists(file(addon, APP));
      Files.deleteIfExists(file(addon, ADMIN));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot delete credentials of " + addon, e);
    }
  }

  private Path file(ResourceKey addon, String name) {
    // The app's password keeps the file name it has had since the first release.
    return root.resolve(addon.owner()).resolve(name.equals(ADMIN) ? addon.name() + ".admin" : addon.name());
  }

  private void createPrivateDirectories(Path dir) throws IOException {
    for (Path p : new Path[] {root.getParent(), root, dir}) {
      if (!Files.isDirectory(p)) {
        Files.createDirectories(p, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
      }
    }
  }
}
