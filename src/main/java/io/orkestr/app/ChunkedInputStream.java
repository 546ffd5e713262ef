package io.orkestr.app;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;

/** ChunkedInputStream decodes an HTTP/1.1 chunked body (RFC 9112, section 7.1); trailers are skipped. */
final class ChunkedInputStream extends InputStream {
  private final InputStream in;
  private long left;
  private boolean last;

  ChunkedInputStream(InputStream in) {
    this.in = in;
  }

  @Override
  public int read() throws IOException {
    byte[] one = new byte[1];
    int n = read(one, 0, 1);
    return n < 0 ? -1 : one[0] & 0xff;
  }

  @Override
  public int read(byte[] b, int off, int len) throws IOException {
    if (len == 0) return 0;
    if (left == 0 && !nextChunk()) return -1;
    int n = in.read(b, off, (int) Math.min(len, left));
    if (n < 0) throw new EOFException("connection closed in a chunk");
    left -= n;
    if (left == 0) HttpLines.read(in);  // the CRLF after the chunk's data
    return n;
  }

  private boolean nextChunk() throws IOException {
    if (last) return false;
    String size = HttpLines.read(in);
    int semicolon = size.indexOf(';');
    left = Long.parseLong((semicolon < 0 ? size : size.substring(0, semicolon)).trim(), 16);
    if (left == 0) {
      last = true;
      for (String trailer = HttpLines.read(in); !trailer.isEmpty(); trailer = HttpLines.read(in)) {
        // trailers carry nothing orkestr uses
      }
      return false;
    }
    return true;
  }
}
