package io.orkestr.docker.engine;

import static org.assertj.core.api.Assertions.assertThat;

import com.github.dockerjava.transport.DockerHttpClient;
import java.io.InputStream;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The transport's HTTP framing, against a one-shot server on a unix socket that answers as Docker would. */
class UnixSocketHttpClientTest {
  @TempDir Path dir;

  /** Serves one connection: records the request, sends the given raw response, closes. */
  private CompletableFuture<String> serve(Path socket, String response) throws Exception {
    ServerSocketChannel server = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
    server.bind(UnixDomainSocketAddress.of(socket));
    return CompletableFuture.supplyAsync(() -> {
      try (server; SocketChannel c = server.accept()) {
        ByteBuffer buf = ByteBuffer.allocate(64 * 1024);
        StringBuilder request = new StringBuilder();
        while (!request.toString().contains("\r\n\r\n") || !bodyComplete(request.toString())) {
          buf.clear();
          if (c.read(buf) < 0) break;
          request.append(new String(buf.array(), 0, buf.position(), StandardCharsets.ISO_8859_1));
        }
        c.write(ByteBuffer.wrap(response.getBytes(StandardCharsets.ISO_8859_1)));
        return request.toString();
      } catch (Exception e) {
        throw new RuntimeException(e);
      }
    });
  }

  private static boolean bodyComplete(String request) {
    int i = request.indexOf("Content-Length: ");
    if (i < 0) return true;
    int n = Integer.parseInt(request.substring(i + 16, request.indexOf("\r\n", i)));
    return request.length() - (request.indexOf("\r\n\r\n") + 4) >= n;
  }

  private static String body(DockerHttpClient.Response r) throws Exception {
    try (r; InputStream in = r.getBody()) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
  }

  @Test
  void sendsARequestWithItsBodyAndReadsAContentLengthResponse() throws Exception {
    Path socket = dir.resolve("d.sock");
    var server = serve(socket, "HTTP/1.1 201 Created\r\nContent-Type: application/json\r\nContent-Length: 13\r\n\r\n{\"Id\":\"abc\"}\nEXTRA");
    var request = DockerHttpClient.Request.builder().method(DockerHttpClient.Request.Method.POST).path("/containers/create?name=x")
        .putHeader("Content-Type", "application/json").bodyBytes("{\"Image\":\"i\"}".getBytes(StandardCharsets.UTF_8)).build();

    var response = new UnixSocketHttpClient(socket).execute(request);

    assertThat(response.getStatusCode()).isEqualTo(201);
    assertThat(response.getHeader("content-type")).isEqualTo("application/json");
    assertThat(body(response)).isEqualTo("{\"Id\":\"abc\"}\n");
    assertThat(server.get()).startsWith("POST /containers/create?name=x HTTP/1.1\r\n").contains("Host: docker\r\n",
        "Content-Type: application/json\r\n", "Content-Length: 13\r\n").endsWith("\r\n\r\n{\"Image\":\"i\"}");
  }

  @Test
  void decodesAChunkedStream() throws Exception {
    Path socket = dir.resolve("d.sock");
    serve(socket, "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n5\r\nhello\r\n7;ext=1\r\n, world\r\n0\r\n\r\n");

    var response = new UnixSocketHttpClient(socket).execute(
        DockerHttpClient.Request.builder().method(DockerHttpClient.Request.Method.GET).path("/containers/x/logs?follow=1").build());

    assertThat(body(response)).isEqualTo("hello, world");
  }

  @Test
  void readsARawStreamUntilDockerClosesIt() throws Exception {
    Path socket = dir.resolve("d.sock");
    serve(socket, "HTTP/1.1 200 OK\r\nContent-Type: application/vnd.docker.raw-stream\r\n\r\n\u0001\u0000\u0000\u0000\u0000\u0000\u0000\u0002ok");

    var response = new UnixSocketHttpClient(socket).execute(
        DockerHttpClient.Request.builder().method(DockerHttpClient.Request.Method.POST).path("/exec/1/start").bodyBytes(new byte[0])
            .headers(Map.of()).build());

    assertThat(body(response)).endsWith("ok").hasSize(10);
  }

  @Test
  void anEmptyResponseHasAnEmptyBody() throws Exception {
    Path socket = dir.resolve("d.sock");
    serve(socket, "HTTP/1.1 204 No Content\r\n\r\n");

    var response = new UnixSocketHttpClient(socket).execute(
        DockerHttpClient.Request.builder().method(DockerHttpClient.Request.Method.POST).path("/containers/x/start").build());

    assertThat(response.getStatusCode()).isEqualTo(204);
    assertThat(body(response)).isEmpty();
  }
}
