package io.orkestr.http;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/** HttpLines reads one CRLF-terminated line of an HTTP/1.1 head or chunk header. */
public final class HttpLines {
  private static final int MAX = 8192;

  private HttpLines() {}

  /** The next line without its CRLF; {@code peer} names the other end in the error when it closes first. */
  public static String read(InputStream in, String peer) throws IOException {
    byte[] buf = new byte[128];
    int n = 0;
    while (true) {
      int b = in.read();
      if (b < 0) throw new EOFException(peer + " closed the connection mid-response");
      if (b == '\n') break;
      if (n == buf.length) {
        if (n >= MAX) throw new IOException("HTTP line from " + peer + " longer than " + MAX + " bytes");
        buf = Arrays.copyOf(buf, n * 2);
      }
      buf[n++] = (byte) b;
    }
    if (n > 0 && buf[n - 1] == '\r') n--;
    return new String(buf, 0, n, StandardCharsets.ISO_8859_1);
  }
}
