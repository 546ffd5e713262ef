package io.orkestr.app;

import io.micrometer.core.instrument.config.MeterFilter;
import io.micrometer.core.instrument.binder.jvm.ClassLoaderMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.FileDescriptorMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.core.instrument.binder.system.UptimeMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.orkestr.cli.ServeOptions;
import io.orkestr.control.ControlMetrics;
import io.orkestr.control.ControlPlane;
import io.orkestr.control.EventJournal;
import io.orkestr.control.ReconcileLoop;
import io.orkestr.daemon.api.ApiRoutes;
import io.orkestr.daemon.api.ApiServer;
import io.orkestr.daemon.api.ListenAddress;
import io.orkestr.daemon.api.Token;
import io.orkestr.daemon.wake.WakeProxy;
import io.orkestr.docker.DockerPort;
import io.orkestr.events.fs.FileEventLog;
import io.orkestr.service.OrkestrService;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Locale;

/**
 * ControlWiring builds {@code orkestr serve -f}'s long-lived parts once, over the one service and
 * Docker port of the serve command: the control plane (loop, triggers, backup schedule, events) and
 * the HTTP API with its token and metrics registry. The address and TLS files are checked before
 * anything starts.
 */
final class ControlWiring implements AutoCloseable {
  private final ControlPlane control;
  private final ApiRoutes routes;
  private final Token token;
  private final PrometheusMeterRegistry registry;
  private final ApiServer.Options api;
  private final JvmGcMetrics gc = new JvmGcMetrics();
  private ApiServer server;
  private final WakeProxy wakers;

  ControlWiring(ServeOptions options, Path manifest, OrkestrService service, DockerPort docker, Environment environment) {
    this.api = new ApiServer.Options(ListenAddress.parse(options.listen()), options.tlsCert(), options.tlsKey(),
        ApiServer.Options.DEFAULT_BODY_LIMIT);
    this.token = Token.load(environment.env(), environment.home());
    this.registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    // Two of Micrometer's process meters fail promtool's lint (a "_count" gauge, an "ns" unit); the rest stay.
    registry.config().meterFilter(MeterFilter.deny(id -> id.getName().equals("system.cpu.count") || id.getName().equals("process.cpu.time")));
    new JvmMemoryMetrics().bindTo(registry);
    gc.bindTo(registry);
    new JvmThreadMetrics().bindTo(registry);
    new ClassLoaderMetrics().bindTo(registry);
    new ProcessorMetrics().bindTo(registry);
    new UptimeMetrics().bindTo(registry);
    new FileDescriptorMetrics().bindTo(registry);
    Clock clock = Clock.systemUTC();
    EventJournal events = new EventJournal(new FileEventLog(environment.home(), FileEventLog.DEFAULT_MAX_BYTES), clock);
    ReconcileLoop.Settings settings = new ReconcileLoop.Settings(manifest,
        ReconcileLoop.Sync.valueOf(options.sync().toUpperCase(Locale.ROOT)), options.resync());
    this.wakers = new WakeProxy(this::wake);
    this.control = new ControlPlane(service, docker, settings, events, new ControlMetrics(registry), clock, wakers);
    this.routes = new ApiRoutes(control, registry, version());
  }

  /** A client's connection to a sleeping add-on arrived at its waker. */
  private io.orkestr.sleep.SleepService.Woken wake(io.orkestr.desired.ContainerSpec addon, String peer,
      java.util.function.Consumer<io.orkestr.sleep.SleepService.Woken> answered) {
    return control.wake(addon, peer, answered);
  }

  private static String version() {
    String v = ControlWiring.class.getPackage().getImplementationVersion();
    return v == null ? "dev" : v;
  }

  /** Listens first (a taken port fails before anything changes), then starts reconciling. */
  void start() {
    server = ApiServer.start(routes, token, registry, api);
    control.start();
  }

  String describe() {
    return "API on " + (server == null ? api.listen().toString() : server.url()) + " (token in " + token.source() + "); watching "
        + control.status().file() + " (sync " + control.status().sync() + ", resync " + control.status().resync().toSeconds() + "s)";
  }

  /** Stops accepting requests, lets the change in progress finish, shuts the scheduler down. */
  @Override
  public void close() {
    if (server != null) server.close();
    control.close();
    wakers.close();
    gc.close();
    registry.close();
  }
}
