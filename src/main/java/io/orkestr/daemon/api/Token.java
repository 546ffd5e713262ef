package io.orkestr.daemon.api;

import io.orkestr.error.UserError;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Map;
import java.util.Set;

/**
 * Token is the API's bearer token: {@code ORKESTR_TOKEN} if set, else {@code $ORKESTR_HOME/token},
 * generated on first start (256 random bits, mode 0600). Requests are compared in constant time, on
 * digests so that not even the length leaks.
 */
public final class Token {
  private final byte[] digest;
  private final String source;

  private Token(String value, String source) {
    this.digest = sha256(value);
    this.source = source;
  }

  public static Token load(Map<String, String> env, Path home) {
    String given = env.get("ORKESTR_TOKEN");
    if (given != null && !given.isBlank()) return new Token(given.strip(), "ORKESTR_TOKEN");
    Path file = home.resolve("token");
    try {
      Files.createDirectories(home);
      if (!Files.exists(file)) {
        byte[] random = new byte[32];
        new SecureRandom().nextBytes(random);
        try {
          Files.writeString(Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------"))),
              Base64.getUrlEncoder().withoutPadding().encodeToString(random) + "\n", StandardCharsets.UTF_8);
        } catch (FileAlreadyExistsException raced) {
          // another process made it first: read theirs
        }
      }
      Set<PosixFilePermission> mode = Files.getPosixFilePermissions(file);
      if (mode.stream().anyMatch(p -> p.name().startsWith("GROUP") || p.name().startsWith("OTHERS"))) {
        throw new UserError(file + " may be read by other users (" + PosixFilePermissions.toString(mode) + ")", "chmod 600 " + file);
      }
      String value = Files.readString(file, StandardCharsets.UTF_8).strip();
      if (value.isEmpty()) throw new UserError(file + " is empty", "remove it, and a new token is made at the next start");
      return new Token(value, file.toString());
    } catch (IOException e) {
      throw new UserError("cannot read or create the API token " + file + ": " + e.getMessage());
    }
  }

  /** Whether an Authorization header carries this token. */
  public boolean accepts(String authorization) {
    if (authorization == null || !authorization.regionMatches(true, 0, "Bearer ", 0, 7)) return false;
    return MessageDigest.isEqual(digest, sha256(authorization.substring(7).strip()));
  }

  /** Where the token came from, for the start-up line (never the token). */
  public String source() {
    return source;
  }

  private static byte[] sha256(String s) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
