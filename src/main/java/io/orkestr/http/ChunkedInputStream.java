package io.orkestr.http;

import java.io.EOFException;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;

/** ChunkedInputStream decodes an HTTP/1.1 chunked body (RFC 9112, section 7.1); trailers are skipped. */
public final class ChunkedInputStream extends FilterInputStream {
  private final String peer;
  private long left;
  private boolean done;

  /** {@code peer} names the other end in errors. */
  public ChunkedInputStream(InputStream in, String peer) {
    super(in);
    this.peer = peer;
  }

  private boolean next() throws IOException {
    if (done) return false;
    if (left == 0) {
      String size = HttpLines.read(in, peer);
      int semicolon = size.indexOf(';');
      left = Long.parseLong((semicolon < 0 ? size : size.substring(0, semicolon)).trim(), 16);
      if (left == 0) {
        while (!HttpLines.read(in, peer).isEmpty()) {
          // trailers carry nothing orkestr uses
        }
        done = true;
        return false;
      }
    }
    return true;
  }

  @Override
  public int read() throws IOException {
    byte[] one = new byte[1];
    return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
  }

  @Override
  public int read(byte[] b, int off, int len) throws IOException {
    if (len == 0) return 0;
    if (!next()) return -1;
    int n = in.read(b, off, (int) Math.min(len, left));
    if (n < 0) throw new EOFException(peer + " closed the connection mid-chunk");
    left -= n;
    if (left == 0) HttpLines.read(in, peer);  // the CRLF after the chunk's data
    return n;
  }

  @Override
  public int available() throws IOException {
    return done ? 0 : (int) Math.min(in.available(), left);
  }
}
