package io.orkestr.daemon.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.orkestr.control.ControlPlane;
import io.orkestr.control.LoopStatus;
import io.orkestr.control.StatusCache;
import io.orkestr.error.NotFoundError;
import io.orkestr.error.UserError;
import io.orkestr.render.ApplyJson;
import io.orkestr.render.PlanJson;
import io.orkestr.render.StatusJson;
import io.orkestr.service.ManifestFile;
import io.vertx.core.http.HttpMethod;
import io.vertx.ext.web.RoutingContext;
import java.time.Instant;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * ApiRoutes is the API's route table, documented in {@code schemas/openapi.yaml} (a test holds the
 * two together). Each route turns a request into a control plane call and renders the answer with
 * render/, the same JSON the CLI's {@code -o json} prints.
 */
public final class ApiRoutes {
  static final String HEALTHZ = "/healthz";
  private static final Set<String> MANIFEST_TYPES = Set.of("application/yaml", "application/x-yaml", "text/yaml", "text/x-yaml",
      "application/json");

  private final ControlPlane control;
  private final PrometheusMeterRegistry registry;
  private final String version;
  private final Instant started = Instant.now();

  public ApiRoutes(ControlPlane control, PrometheusMeterRegistry registry, String version) {
    this.control = control;
    this.registry = registry;
    this.version = version;
  }

  void register(ApiServer.Registrar r) {
    r.direct(HttpMethod.GET, HEALTHZ, ctx -> ctx.json(new io.vertx.core.json.JsonObject().put("status", "ok")));
    r.direct(HttpMethod.GET, "/metrics", ctx -> ctx.response().putHeader("Content-Type", "text/plain; version=0.0.4; charset=utf-8")
        .end(registry.scrape()));
    r.direct(HttpMethod.GET, "/v1/status", ctx -> send(ctx, Reply.json(status())));
    r.blocking(HttpMethod.POST, "/v1/reconcile", ctx -> () -> {
      boolean done = control.loop().reconcileNow("api", java.time.Duration.ofMinutes(10));
      return Reply.json(done ? 200 : 202, status());
    });
    r.blocking(HttpMethod.GET, "/v1/plan", ctx -> () -> Reply.json(PlanJson.render(control.planNow())));
    r.blocking(HttpMethod.POST, "/v1/plans", ctx -> {
      Optional<String> text = postedText(ctx);
      return () -> {
        // Naming the posted manifest reads the watched file: on the worker, never on the event loop.
        Optional<ManifestFile> posted = text.map(control::posted);
        ControlPlane.MadePlan made = control.made(control.makePlan(posted));
        ObjectNode body = Reply.JSON.createObjectNode().put("id", made.id()).put("apply", "/v1/plans/" + made.id() + "/apply");
        body.set("plan", PlanJson.toJson(made.plan()));
        return Reply.json(201, body);
      };
    });
    r.blocking(HttpMethod.POST, "/v1/plans/{id}/apply", ctx -> {
      String id = ctx.pathParam("id");
      return () -> {
        var report = control.apply(id);
        return Reply.json(ApplyJson.toJson(control.planManifest(id), report));
      };
    });
    r.blocking(HttpMethod.GET, "/v1/projects", ctx -> () -> Reply.json(rendered().text()));
    r.blocking(HttpMethod.GET, "/v1/projects/{p}", ctx -> {
      String p = ctx.pathParam("p");
      return () -> Reply.json(project(projects(), p));
    });
    r.blocking(HttpMethod.GET, "/v1/projects/{p}/addons/{a}", ctx -> {
      String p = ctx.pathParam("p");
      String a = ctx.pathParam("a");
      return () -> Reply.json(addon(project(projects(), p), p, a));
    });
    r.blocking(HttpMethod.POST, "/v1/projects/{p}/addons/{a}/wake", ctx -> {
      String p = ctx.pathParam("p");
      String a = ctx.pathParam("a");
      String by = "API request " + ctx.get(ApiServer.REQUEST_ID);
      return () -> {
        var w = control.wake(p + "/" + a, by);
        ObjectNode body = Reply.JSON.createObjectNode().put("addon", p + "/" + a).put("from", w.from())
            .put("took_ms", w.took().toMillis()).put("state", "awake");
        return Reply.json(body);
      };
    });
    r.direct(HttpMethod.GET, "/v1/events", new EventStream(control.events())::serve);
  }

  private static void send(RoutingContext ctx, Reply r) {
    ctx.response().setStatusCode(r.status()).putHeader("Content-Type", r.contentType()).end(r.body());
  }

  /**
   * The manifest text in the request's body, if there is one, sent as YAML or JSON (checked on the
   * event loop: it reads nothing but the request; the manifest is checked as a file would be later).
   */
  private static Optional<String> postedText(RoutingContext ctx) {
    String body = ctx.body() == null ? null : ctx.body().asString();
    if (body == null || body.isBlank()) return Optional.empty();
    String type = Optional.ofNullable(ctx.request().getHeader("Content-Type")).orElse("").split(";")[0].strip().toLowerCase(Locale.ROOT);
    if (!MANIFEST_TYPES.contains(type)) {
      throw new UnsupportedType("send the manifest as application/yaml or application/json (got " + (type.isEmpty() ? "no Content-Type" : type) + ")");
    }
    return Optional.of(body);
  }

  /** A 415. */
  static final class UnsupportedType extends UserError {
    UnsupportedType(String message) {
      super(message);
    }
  }

  private ObjectNode status() {
    LoopStatus s = control.status();
    ObjectNode root = Reply.JSON.createObjectNode();
    root.put("version", version).put("pid", ProcessHandle.current().pid()).put("started", started.toString());
    ObjectNode m = root.putObject("manifest").put("file", s.file());
    control.manifestName().ifPresentOrElse(n -> m.put("name", n), () -> m.putNull("name"));
    ObjectNode loop = root.putObject("loop").put("state", s.state()).put("sync", s.sync()).put("resync_seconds", s.resync().toSeconds());
    put(loop, "next_resync", s.nextResync());
    loop.put("reconciles", control.loop().reconciles()).put("failures_in_a_row", s.failuresInARow());
    put(loop, "retry_at", s.retryAt());
    loop.put("waiting_for_manifest_change", s.waitingForManifestChange());
    ObjectNode last = root.putObject("last_reconcile");
    put(last, "trigger", s.lastTrigger());
    put(last, "started", s.lastStarted());
    put(last, "finished", s.lastFinished());
    if (s.lastTook() != null) last.put("took_ms", s.lastTook().toMillis()); else last.putNull("took_ms");
    put(last, "result", s.lastResult());
    if (s.lastSummary() != null) {
      last.putObject("summary").put("add", s.lastSummary().add()).put("change", s.lastSummary().change())
          .put("destroy", s.lastSummary().destroy());
    } else {
      last.putNull("summary");
    }
    ArrayNode errors = root.putArray("errors");
    if (s.lastError() != null && !"success".equals(s.lastResult())) {
      ObjectNode e = errors.addObject().put("message", s.lastError());
      ArrayNode problems = e.putArray("problems");
      s.problems().forEach(i -> problems.addObject().put("file", i.file()).put("line", i.line()).put("column", i.column())
          .put("path", i.path()).put("message", i.message()));
    }
    root.put("last_event_id", control.events().lastId());
    return root;
  }

  private static void put(ObjectNode n, String key, Object value) {
    if (value == null) n.putNull(key); else n.put(key, value.toString());
  }

  /** A snapshot rendered once: the project routes serve it until the status cache takes the next. */
  private record Rendered(StatusCache.Snapshot snapshot, ObjectNode json, String text) {}

  private volatile Rendered rendered;

  private Rendered rendered() {
    StatusCache.Snapshot s = control.statusSnapshot();
    Rendered r = rendered;
    if (r != null && r.snapshot() == s) return r;
    ObjectNode json = StatusJson.projects(s.view().plan(), s.view().storage(), s.view().freshness()).put("taken_at", s.taken().toString());
    r = new Rendered(s, json, json.toPrettyString() + "\n");
    rendered = r;
    return r;
  }

  private ObjectNode projects() {
    return rendered().json();
  }

  private static ObjectNode project(ObjectNode all, String name) {
    for (JsonNode p : all.get("projects")) {
      if (p.get("name").asText().equals(name)) return ((ObjectNode) p.deepCopy()).put("taken_at", all.get("taken_at").asText());
    }
    throw new NotFoundError("no project " + name + " in the watched manifest", "GET /v1/projects lists them");
  }

  private static ObjectNode addon(ObjectNode project, String p, String a) {
    String address = p + "/addon/" + a;
    for (JsonNode r : project.get("resources")) {
      if (r.get("address").asText().equals(address)) {
        ObjectNode out = ((ObjectNode) r.deepCopy()).put("project", p).put("name", a).put("taken_at", project.get("taken_at").asText());
        ArrayNode backups = out.putArray("backups");
        for (JsonNode b : project.get("backups")) if (b.get("addon").asText().equals(p + "/" + a)) backups.add(b);
        return out;
      }
    }
    throw new NotFoundError("no add-on " + a + " in project " + p, "GET /v1/projects/" + p + " lists its resources");
  }
}
