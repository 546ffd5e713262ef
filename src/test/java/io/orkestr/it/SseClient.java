package io.orkestr.it;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/** SseClient reads {@code GET /v1/events} as an EventSource would: id, event and data lines, a blank line ends an event. */
final class SseClient implements AutoCloseable {
  /** One event as received. */
  record Received(long id, String type, JsonNode data) {}

  final BlockingQueue<Received> events = new LinkedBlockingQueue<>();
  final int status;
  private final Stream<String> lines;
  private final Thread reader;

  SseClient(ServeProcess daemon, Long lastEventId) throws IOException, InterruptedException {
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(daemon.url + "/v1/events")).header("Authorization", "Bearer " + daemon.token)
        .header("Accept", "text/event-stream");
    if (lastEventId != null) b.header("Last-Event-ID", String.valueOf(lastEventId));
    HttpResponse<Stream<String>> r = HttpClient.newHttpClient().send(b.build(), HttpResponse.BodyHandlers.ofLines());
    status = r.statusCode();
    lines = r.body();
    reader = new Thread(() -> {
      long id = -1;
      String type = null;
      StringBuilder data = new StringBuilder();
      try {
        for (String line : (Iterable<String>) lines::iterator) {
          if (line.isEmpty()) {
            if (id >= 0) events.add(new Received(id, type, ServeProcess.JSON.readTree(data.toString()).get("data")));
            id = -1;
            type = null;
            data.setLength(0);
          } else if (line.startsWith("id: ")) {
            id = Long.parseLong(line.substring(4));
          } else if (line.startsWith("event: ")) {
            type = line.substring(7);
          } else if (line.startsWith("data: ")) {
            data.append(line.substring(6));
          }
        }
      } catch (IOException | RuntimeException closed) {
        // the stream was closed
      }
    }, "sse-reader");
    reader.setDaemon(true);
    reader.start();
  }

  /** The next event, or an assertion failure after the timeout. */
  Received next(Duration timeout) throws InterruptedException {
    Received r = events.poll(timeout.toMillis(), TimeUnit.MILLISECONDS);
    if (r == null) throw new AssertionError("no event within " + timeout);
    return r;
  }

  /** Events until one of the type arrives (included). */
  java.util.List<Received> until(String type, Duration timeout) throws InterruptedException {
    java.util.List<Received> out = new java.util.ArrayList<>();
    long deadline = System.nanoTime() + timeout.toNanos();
    while (true) {
      Received r = next(Duration.ofNanos(Math.max(1, deadline - System.nanoTime())));
      out.add(r);
      if (r.type().equals(type)) return out;
    }
  }

  @Override
  public void close() {
    lines.close();
  }
}
