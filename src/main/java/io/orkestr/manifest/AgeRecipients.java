package io.orkestr.manifest;

import com.exceptionfactory.jagged.x25519.X25519RecipientStanzaWriterFactory;
import java.security.GeneralSecurityException;

/** AgeRecipients checks an age X25519 recipient (age1..., Bech32 with its checksum) with the age library itself. */
final class AgeRecipients {
  private AgeRecipients() {}

  static boolean valid(String recipient) {
    try {
      X25519RecipientStanzaWriterFactory.newRecipientStanzaWriter(recipient);
      return true;
    } catch (GeneralSecurityException | RuntimeException e) {
      return false;
    }
  }
}
