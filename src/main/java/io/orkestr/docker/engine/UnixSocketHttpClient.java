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
import java.nio.channels.Channels;
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
 * they arrive; attaching stdin is not supported (orkestr never does).
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
    if (request.hijackedInput() != null) throw new UnsupportedOperationException("attaching stdin is not supported");
    SocketChannel channel = null;
    try {
      channel = SocketChannel.open(StandardProtocolFamily.UNIX);
      channel.connect(UnixDomainSocketAddress.of(socket));
      OutputStream out = Channels.newOutputStream(channel);
      writeRequest(out, request);
      InputStream in = new BufferedInputStream(Channels.newInputStream(channel), 64 * 1024);
      return readResponse(in, channel, request.method());
    } catch (IOException e) {
      close(channel);
      throw new UncheckedIOException(e);
    }
  }

  private static void writeRequest(OutputStream out, Request request) throws IOException {
    byte[] body = request.bodyBytes();
    InputStream stream = body == null ? request.body() : null;
    StringBuilder head = new StringBuilder();
    head.append(request.method()).append(' ').append(request.path()).append(" HTTP/1.1\r\n");
    head.append("Host: docker\r\nConnection: close\r\n");
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

  private static Response readResponse(InputStream in, SocketChannel channel, String method) throws IOException {
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
