package io.orkestr.it;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * ServeProcess is {@code bin/orkestr serve -f FILE} run as its own process (so that SIGTERM and
 * kill -9 are real), on a free port, with a real HTTP client for its API and its log collected.
 */
final class ServeProcess implements AutoCloseable {
  static final ObjectMapper JSON = new ObjectMapper();
  private static final Pattern API = Pattern.compile("API on (https?://[^ ]+) ");

  final Process process;
  /** Everything it printed to stderr so far: its log. */
  final StringBuffer log;
  final String url;
  final String token;
  final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

  private final Thread reader;

  private ServeProcess(Process process, String url, String token, StringBuffer log, Thread reader) {
    this.process = process;
    this.reader = reader;
    this.log = log;
    this.url = url;
    this.token = token;
  }

  /** Starts it and waits until its API listens. Extra arguments go after {@code serve -f FILE}. */
  static ServeProcess start(ItContext it, Map<String, String> env, String file, String... extra) {
    List<String> args = new ArrayList<>(List.of("serve", "-f", file));
    if (List.of(extra).stream().noneMatch(a -> a.equals("--listen"))) args.addAll(List.of("--listen", "127.0.0.1:0"));
    args.addAll(List.of(extra));
    Process p = it.start(env, args.toArray(String[]::new));
    StringBuffer log = new StringBuffer();
    Thread reader = new Thread(() -> {
      try (BufferedReader in = new BufferedReader(new InputStreamReader(p.getErrorStream(), StandardCharsets.UTF_8))) {
        for (String line; (line = in.readLine()) != null; ) log.append(line).append('\n');
      } catch (IOException ignored) {
        // the daemon went
      }
    }, "serve-log");
    reader.setDaemon(true);
    reader.start();
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
    Matcher m;
    while (!(m = API.matcher(log)).find()) {
      if (!p.isAlive() || System.nanoTime() > deadline) {
        p.destroyForcibly();
        throw new AssertionError("orkestr serve did not start its API:\n" + log);
      }
      sleep(50);
    }
    String token = env.get("ORKESTR_TOKEN");
    if (token == null) {
      try {
        token = Files.readString(it.home().resolve("token")).strip();
      } catch (IOException e) {
        throw new AssertionError("no token file", e);
      }
    }
    return new ServeProcess(p, m.group(1), token, log, reader);
  }

  private static void sleep(long ms) {
    try {
      Thread.sleep(ms);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  HttpResponse<String> send(String method, String path, String contentType, String body) {
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(url + path)).timeout(Duration.ofMinutes(3))
        .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body))
        .header("Authorization", "Bearer " + token);
    if (contentType != null) b.header("Content-Type", contentType);
    try {
      return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  JsonNode json(String path) {
    HttpResponse<String> r = send("GET", path, null, null);
    if (r.statusCode() != 200) throw new AssertionError("GET " + path + ": " + r.statusCode() + " " + r.body());
    try {
      return JSON.readTree(r.body());
    } catch (IOException e) {
      throw new AssertionError(e);
    }
  }

  /** Waits until at least {@code n} reconciles have finished and the loop is idle; returns the status. */
  JsonNode awaitReconciled(long n, Duration timeout) {
    JsonNode[] last = new JsonNode[1];
    ItContext.await(n + " reconciles done and the loop idle", timeout, () -> {
      last[0] = json("/v1/status");
      return last[0].at("/loop/reconciles").asLong() >= n && last[0].at("/loop/state").asText().equals("idle")
          && !last[0].at("/last_reconcile/finished").isNull();
    });
    return last[0];
  }

  /** SIGTERM; returns the exit code. (Process.destroy() would also close our end of its stderr, losing its last lines.) */
  int stop() throws InterruptedException {
    process.toHandle().destroy();
    if (!process.waitFor(3, TimeUnit.MINUTES)) throw new AssertionError("orkestr serve did not stop on SIGTERM:\n" + log);
    reader.join(10_000); // its last lines
    return process.exitValue();
  }

  @Override
  public void close() throws Exception {
    if (process.isAlive()) {
      process.toHandle().destroy();
      if (!process.waitFor(60, TimeUnit.SECONDS)) process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
    }
  }
}
