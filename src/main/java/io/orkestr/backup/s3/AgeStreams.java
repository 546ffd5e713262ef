package io.orkestr.backup.s3;

import com.exceptionfactory.jagged.RecipientStanzaReader;
import com.exceptionfactory.jagged.RecipientStanzaWriter;
import com.exceptionfactory.jagged.framework.stream.StandardDecryptingChannelFactory;
import com.exceptionfactory.jagged.framework.stream.StandardEncryptingChannelFactory;
import com.exceptionfactory.jagged.x25519.X25519RecipientStanzaReaderFactory;
import com.exceptionfactory.jagged.x25519.X25519RecipientStanzaWriterFactory;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.channels.Channels;
import java.security.GeneralSecurityException;
import java.util.ArrayList;
import java.util.List;

/**
 * AgeStreams encrypts and decrypts in the age format (age-encryption.org/v1: X25519 recipients,
 * ChaCha20-Poly1305 in 64 KiB chunks, each authenticated), streamed, with the jagged library, so
 * that a copy can be decrypted with the age tool alone: {@code age -d -i key.txt}.
 */
final class AgeStreams {
  private AgeStreams() {}

  /** Writes age ciphertext of what is written to it into out; close() writes the last chunk and closes out. */
  static OutputStream encrypting(OutputStream out, List<String> recipients) throws IOException {
    List<RecipientStanzaWriter> writers = new ArrayList<>();
    try {
      for (String r : recipients) writers.add(X25519RecipientStanzaWriterFactory.newRecipientStanzaWriter(r));
      return Channels.newOutputStream(new StandardEncryptingChannelFactory().newEncryptingChannel(Channels.newChannel(out), writers));
    } catch (GeneralSecurityException e) {
      throw new IOException("cannot encrypt to the manifest's recipients: " + e.getMessage(), e);
    }
  }

  /** Reads the plaintext of age ciphertext read from in, with any of the identities (AGE-SECRET-KEY-1...). */
  static InputStream decrypting(InputStream in, List<String> identities) throws IOException {
    List<RecipientStanzaReader> readers = new ArrayList<>();
    try {
      for (String i : identities) readers.add(X25519RecipientStanzaReaderFactory.newRecipientStanzaReader(i));
      return Channels.newInputStream(new StandardDecryptingChannelFactory().newDecryptingChannel(Channels.newChannel(in), readers));
    } catch (GeneralSecurityException e) {
      throw new KeyMismatch(e);
    }
  }

  /** The identities cannot open the copy (none of them is among its recipients), or its header is damaged. */
  static final class KeyMismatch extends IOException {
    KeyMismatch(GeneralSecurityException cause) {
      super(cause instanceof com.exceptionfactory.jagged.UnsupportedRecipientStanzaException
          ? "the key in ORKESTR_AGE_IDENTITY does not open it: it was encrypted to other recipients"
          : "its age header does not open with the key in ORKESTR_AGE_IDENTITY (a wrong key, or a damaged header)", cause);
    }
  }
}
