package io.orkestr.credential;

import java.security.SecureRandom;
import java.util.Objects;

/**
 * Secret holds a generated password. Its toString never shows the value: a record's generated
 * toString would print it straight into logs and exception messages.
 */
public record Secret(String value) {
  private static final SecureRandom RANDOM = new SecureRandom();
  private static final String ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz23456789";

  public Secret {
    Objects.requireNonNull(value);
  }

  /** 32 characters from an alphabet that needs no escaping in URLs (about 186 bits). */
  public static Secret generate() {
    StringBuilder sb = new StringBuilder(32);
    for (int i = 0; i < 32; i++) sb.append(ALPHABET.charAt(RANDOM.nextInt(ALPHABET.length())));
    return new Secret(sb.toString());
  }

  @Override
  public String toString() {
    return "(sensitive)";
  }
}
