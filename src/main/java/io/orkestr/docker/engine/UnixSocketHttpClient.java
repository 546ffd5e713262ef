package io.orkestr.docker.engine;

import com.github.dockerjava.transport.DockerHttpClient;
import io.orkestr.http.ChunkedInputStream;
import io.orkestr.http.HttpLines;
import java.io.BufferedInputStream;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * UnixSocketHttpClient speaks just enough HTTP/1.1 to the Docker engine over its unix socket,
 * one request per connection, with the JDK's own unix-domain sockets. docker-java's zerodep
 * client sets up TLS and loads the public-suffix list on every start, even for a local socket:
 * a third of a no-op plan's start-up. Streams (logs, exec output, pull progress) are read as
 * they arrive. A request with a hijacked input (an exec's stdin) upgrades the connection: the
 * input is copied to the engine on a thread of its own, and the connection's sending side is shut
 * when it ends, which the engine passes on as the end of stdin.
 */
final class UnixSocketHttpClient implements DockerHttpClient {
  /** The other end, as errors name it. */
  private static final String PEER = "Docker";

  private final Path socket;

  UnixSocketHttpClient(Path socket) {
    this.socket = socket;
  }

  @Override
  public Response execute(Request request) {
    InputStream hijacked = request.hijackedInput();
    SocketChannel channel = null;
    try {
      channel = SocketChannel.open(StandardProtocolFamily.UNIX);
      channel.connect(UnixDomainSocketAddress.of(socket));
      // Not Channels.newInput/OutputStream: on JDK 17 both lock the channel, so a read that waits for the
      // engine would block an exec's stdin being written on another thread (5 MB through cat never ended).
      OutputStream out = output(channel);
      writeRequest(out, request, hijacked == null);
      InputStream in = new BufferedInputStream(input(channel), 64 * 1024);
      Resp response = readResponse(in, channel, request.method());
      if (hijacked == null) return response;
      sendInput(hijacked, out, channel);
      // 101 Switching Protocols: the raw stream follows. docker-java takes only 2xx as success.
      return response.code() == 101 ? new Resp(200, response.headers(), response.body(), channel) : response;
    } catch (IOException e) {
      close(channel);
      throw new UncheckedIOException(e);
    }
  }

  private static InputStream input(SocketChannel channel) {
    return new InputStream() {
      @Override
      public int read() throws IOException {
        byte[] one = new byte[1];
        return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
      }

      @Override
      public int read(byte[] b, int off, int len) throws IOException {
        if (len == 0) return 0;
        return channel.read(java.nio.ByteBuffer.wrap(b, off, len));
      }
    };
  }

  private static OutputStream output(SocketChannel channel) {
    return new OutputStream() {
      @Override
      public void write(int b) throws IOException {
        write(new byte[] {(byte) b}, 0, 1);
      }

      @Override
      public void write(byte[] b, int off, int len) throws IOException {
        java.nio.ByteBuffer buf = java.nio.ByteBuffer.wrap(b, off, len);
        while (buf.hasRemaining()) channel.write(buf);
      }
    };
  }

  /** Copies an exec's stdin to the engine, then shuts the sending side so the engine sees its end. */
  private static void sendInput(InputStream input, OutputStream out, SocketChannel channel) {
    Thread t = new Thread(() -> {
      try (input) {
        input.transferTo(out);
        out.flush();
        channel.shutdownOutput();
      } catch (IOException e) {
        close(channel); // the command cannot get its input: end the exchange rather than leave it waiting
      }
    }, "orkestr-docker-stdin");
    t.setDaemon(true);
    t.start();
  }

  private static void writeRequest(OutputStream out, Request request, boolean closeAfter) throws IOException {
    byte[] body = request.bodyBytes();
    InputStream stream = body == null ? request.body() : null;
    StringBuilder head = new StringBuilder();
    head.append(request.method()).append(' ').append(request.path()).append(" HTTP/1.1\r\n");
    head.append("Host: docker\r\n");
    // A hijacked request asks for the raw stream both ways, as docker-java's own transports do.
    head.append(closeAfter ? "Connection: close\r\n" : "Connection: Upgrade\r\nUpgrade: tcp\r\n");
    request.headers().forEach((k, v) -> head.append(k).append(": ").append(v).append("\r\n"));
    if (body != null) head.append("Content-Length: ").append(body.length).append("\r\n");
    else if (stream != null) head.append("Transfer-Encoding: chunked\r\n");
    head.append("\r\n");
    out.write(head.toString().getBytes(StandardCharsets.ISO_8859_1));
    if (body != null) {
      out.write(body);
    } else if (stream != null) {
      byte[] buf = new byte[64 * 1024];
      for (int n; (n = stream.read(buf)) > 0; ) {
        out.write((Integer.toHexString(n) + "\r\n").getBytes(StandardCharsets.ISO_8859_1));
        out.write(buf, 0, n);
        out.write("\r\n".getBytes(StandardCharsets.ISO_8859_1));
      }
      out.write("0\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1));
    }
    out.flush();
  }

  private static Resp readResponse(InputStream in, SocketChannel channel, String method) throws IOException {
    String status = HttpLines.read(in, PEER);
    String[] parts = status.split(" ", 3);
    if (parts.length < 2 || !parts[0].startsWith("HTTP/")) throw new IOException("not an HTTP response from Docker: " + status);
    int code = Integer.parseInt(parts[1]);
    Map<String, List<String>> headers = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
    for (String h = HttpLines.read(in, PEER); !h.isEmpty(); h = HttpLines.read(in, PEER)) {
      int colon = h.indexOf(':');
      if (colon > 0) headers.computeIfAbsent(h.substring(0, colon).trim(), k -> new ArrayList<>()).add(h.substring(colon + 1).trim());
    }
    InputStream body;
    String length = first(headers, "Content-Length");
    if (method.equals("HEAD") || code == 204 || code == 304) body = InputStream.nullInputStream();
    else if ("chunked".equalsIgnoreCase(first(headers, "Transfer-Encoding"))) body = new ChunkedInputStream(in, PEER);
    else if (length != null) body = new Bounded(in, Long.parseLong(length));
    else body = in; // a raw stream (exec output) ends when Docker closes the connection
    return new Resp(code, headers, body, channel);
  }

  private static String first(Map<String, List<String>> headers, String name) {
    List<String> values = headers.get(name);
    return values == null || values.isEmpty() ? null : values.get(0);
  }

  private static void close(SocketChannel channel) {
    try {
      if (channel != null) channel.close();
    } catch (IOException ignored) {
      // nothing to do
    }
  }

  @Override
  public void close() {}

  private record Resp(int code, Map<String, List<String>> headers, InputStream body, SocketChannel channel) implements Response {
    @Override
    public int getStatusCode() {
      return code;
    }

    @Override
    public Map<String, List<String>> getHeaders() {
      return headers;
    }

    @Override
    public InputStream getBody() {
      return body;
    }

    @Override
    public void close() {
      UnixSocketHttpClient.close(channel);
    }
  }

  /** A body with a Content-Length. */
  private static final class Bounded extends FilterInputStream {
    private long left;

    Bounded(InputStream in, long length) {
      super(in);
      this.left = length;
    }

    @Override
    public int read() throws IOException {
      if (left <= 0) return -1;
      int b = in.read();
      if (b >= 0) left--;
      return b;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
      if (left <= 0) return -1;
      int n = in.read(b, off, (int) Math.min(len, left));
      if (n > 0) left -= n;
      return n;
    }

    @Override
    public int available() throws IOException {
      return (int) Math.min(in.available(), left);
    }
  }
}
