package io.orkestr.it;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * S3Server is a real S3-compatible server on loopback for the tests: S3Proxy (its filesystem
 * backend, so the stored objects are files a test can read and damage) run as a process of its own
 * from the jar Maven copied (orkestr.s3proxy.jar). Credentials are made up per server.
 */
final class S3Server implements AutoCloseable {
  final String identity = "it-" + UUID.randomUUID().toString().substring(0, 8);
  final String credential = UUID.randomUUID().toString();
  final Path data;
  final int port;
  private final Path properties;
  private Process process;

  S3Server() {
    try {
      data = Files.createTempDirectory("orkestr-s3-");
      try (ServerSocket s = new ServerSocket(0)) {
        port = s.getLocalPort();
      }
      properties = data.resolveSibling(data.getFileName() + ".properties");
      Files.writeString(properties, String.join("\n", "s3proxy.endpoint=" + endpoint(), "s3proxy.authorization=aws-v2-or-v4",
          "s3proxy.identity=" + identity, "s3proxy.credential=" + credential, "jclouds.provider=filesystem",
          "jclouds.filesystem.basedir=" + data) + "\n");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  String endpoint() {
    return "http://127.0.0.1:" + port;
  }

  /** Starts the server and waits until it accepts connections. */
  S3Server start() {
    String jar = System.getProperty("orkestr.s3proxy.jar");
    if (jar == null || !Files.exists(Path.of(jar))) throw new IllegalStateException("no S3Proxy jar at " + jar + " (mvn verify copies it)");
    try {
      process = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx256m", "-jar", jar,
          "--properties", properties.toString()).redirectErrorStream(true).redirectOutput(data.resolveSibling(data.getFileName() + ".log").toFile())
          .start();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    ItContext.await("S3Proxy to listen on " + port, Duration.ofSeconds(60), () -> {
      if (!process.isAlive()) throw new IllegalStateException("S3Proxy exited " + process.exitValue());
      try (Socket s = new Socket("127.0.0.1", port)) {
        return true;
      } catch (IOException e) {
        return false;
      }
    });
    return this;
  }

  boolean running() {
    return process != null && process.isAlive();
  }

  /** Stops the server (as an outage would: the objects stay). */
  void stop() {
    if (process == null) return;
    process.destroy();
    try {
      process.waitFor();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    process = null;
  }

  /** Makes a bucket with Debian's aws CLI, a client nobody here wrote. */
  void makeBucket(String bucket) {
    Result r = aws("s3", "mb", "s3://" + bucket);
    if (r.exitCode() != 0) throw new IllegalStateException(r.toString());
  }

  /** Runs Debian's aws CLI (/usr/bin/aws, not another on the PATH) against this server. */
  Result aws(String... args) {
    List<String> cmd = new java.util.ArrayList<>(List.of("/usr/bin/aws", "--endpoint-url", endpoint()));
    cmd.addAll(List.of(args));
    ProcessBuilder pb = new ProcessBuilder(cmd);
    pb.environment().putAll(credentials());
    pb.environment().put("AWS_DEFAULT_REGION", "us-east-1");
    try {
      Process p = pb.start();
      byte[] out = p.getInputStream().readAllBytes();
      byte[] err = p.getErrorStream().readAllBytes();
      p.waitFor();
      return new Result(p.exitValue(), new String(out, java.nio.charset.StandardCharsets.UTF_8), new String(err, java.nio.charset.StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  /** The variables a client of this server needs. */
  Map<String, String> credentials() {
    return Map.of("AWS_ACCESS_KEY_ID", identity, "AWS_SECRET_ACCESS_KEY", credential);
  }

  /** Where the filesystem backend keeps an object. */
  Path object(String bucket, String key) {
    return data.resolve(bucket).resolve(key);
  }

  @Override
  public void close() {
    stop();
    try (var files = Files.walk(data)) {
      files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    } catch (IOException e) {
      // a temp directory
    }
    properties.toFile().delete();
  }
}
