package io.orkestr.daemon.api;

import com.fasterxml.jackson.core.JsonProcessingException;
import io.orkestr.control.EventJournal;
import io.orkestr.events.Event;
import io.vertx.core.Context;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.ext.web.RoutingContext;
import java.util.LinkedHashMap;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * EventStream serves {@code GET /v1/events} as server-sent events: {@code id}, {@code event} (the
 * type) and {@code data} (JSON) per event. A client resumes with {@code Last-Event-ID} (browsers send
 * it when they reconnect; {@code ?after=N} does the same) and gets every event after it still kept,
 * then new ones as they happen. A client too slow to keep up is disconnected: it reconnects with its
 * last id and loses nothing. A comment every 15 s keeps proxies from closing a quiet stream.
 */
final class EventStream {
  private static final Logger log = LoggerFactory.getLogger(EventStream.class);
  private static final long KEEPALIVE_MS = 15_000;
  private static final com.fasterxml.jackson.databind.ObjectMapper COMPACT = new com.fasterxml.jackson.databind.ObjectMapper();

  private final EventJournal journal;

  EventStream(EventJournal journal) {
    this.journal = journal;
  }

  void serve(RoutingContext ctx) {
    long after;
    try {
      after = lastId(ctx);
    } catch (NumberFormatException e) {
      ApiServer.problem(ctx, Problems.of(400, "Last-Event-ID (or after) must be an event id, a whole number", ctx.get(ApiServer.REQUEST_ID)));
      return;
    }
    HttpServerResponse response = ctx.response();
    response.setChunked(true).putHeader("Content-Type", "text/event-stream; charset=utf-8").putHeader("Cache-Control", "no-cache")
        .putHeader("X-Accel-Buffering", "no");
    response.write(": orkestr events after " + after + "\n\n");
    Context context = ctx.vertx().getOrCreateContext();
    AutoCloseable[] subscription = new AutoCloseable[1];
    long keepalive = ctx.vertx().setPeriodic(KEEPALIVE_MS, id -> {
      if (!response.closed() && !response.ended()) response.write(": keepalive\n\n");
    });
    subscription[0] = journal.subscribe(after, e -> context.runOnContext(v -> send(response, e, subscription[0])));
    response.closeHandler(v -> {
      ctx.vertx().cancelTimer(keepalive);
      close(subscription[0]);
    });
  }

  private static long lastId(RoutingContext ctx) {
    String header = ctx.request().getHeader("Last-Event-ID");
    String query = ctx.queryParams().get("after");
    String given = header != null && !header.isBlank() ? header : query;
    return given == null || given.isBlank() ? 0 : Long.parseLong(given.strip());
  }

  private static void send(HttpServerResponse response, Event e, AutoCloseable subscription) {
    if (response.closed() || response.ended()) return;
    if (response.writeQueueFull()) {
      log.info("an event stream client fell behind at event {}; closing it (it resumes with Last-Event-ID)", e.id());
      close(subscription);
      response.reset();
      return;
    }
    response.write("id: " + e.id() + "\nevent: " + e.type() + "\ndata: " + data(e) + "\n\n");
  }

  static String data(Event e) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("id", e.id());
    m.put("time", e.time().toString());
    m.put("type", e.type());
    m.put("data", e.data());
    try {
      return COMPACT.writeValueAsString(m);
    } catch (JsonProcessingException ex) {
      throw new IllegalStateException(ex);
    }
  }

  private static void close(AutoCloseable subscription) {
    if (subscription == null) return;
    try {
      subscription.close();
    } catch (Exception ex) {
      log.debug("closing a subscription: {}", ex.toString());
    }
  }
}
