package io.orkestr.daemon.wake;

import io.orkestr.control.SleepLoop;
import io.orkestr.desired.ContainerSpec;
import io.orkestr.sleep.SleepService;
import io.orkestr.sleep.Subnets;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.WorkerExecutor;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.net.NetClient;
import io.vertx.core.net.NetClientOptions;
import io.vertx.core.net.NetServer;
import io.vertx.core.net.NetServerOptions;
import io.vertx.core.net.NetSocket;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * WakeProxy is the waker: for each sleeping add-on, a TCP listener on the host's address on each of
 * its networks (the network's gateway), where the add-on's diverted connections arrive. A connection
 * from outside that network's subnet is closed at once (Linux delivers a packet for any of the
 * host's addresses whatever the interface it came in on, so another project's container could
 * otherwise reach it). One from inside is paused (not a byte is read), the add-on is woken off the
 * event loop (many connections, one wake), and once its engine answers the connection is piped to
 * it both ways, byte for byte: authentication and TLS are the client's and the engine's. If the wake
 * fails or takes longer than the wake timeout, the client gets its protocol's error with the reason.
 * Only connections made while the add-on slept pass through here; once it is awake, new ones go to it
 * directly.
 */
public final class WakeProxy implements SleepLoop.Wakers, AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(WakeProxy.class);

  /** Wakes an add-on for a client (by: the client's address); blocking; answered hears as soon as the engine answers. */
  public interface Waking {
    SleepService.Woken wake(ContainerSpec addon, String by, java.util.function.Consumer<SleepService.Woken> answered);
  }

  /**
   * One waker. Closing a Vert.x server closes the connections it accepted, and those are the held and
   * piped clients: a waker asked to close (its add-on woke) stops once its last connection has ended.
   */
  private static final class Listener {
    final String network;
    final NetServer server;
    volatile int port;
    private int active;
    private boolean closing;

    Listener(String network, NetServer server) {
      this.network = network;
      this.server = server;
    }

    synchronized void opened() {
      active++;
    }

    synchronized void ended() {
      active--;
      if (closing && active == 0) server.close();
    }

    synchronized void close() {
      closing = true;
      if (active == 0) server.close();
    }

    String network() {
      return network;
    }

    int port() {
      return port;
    }
  }

  private final Vertx vertx = Vertx.vertx(new VertxOptions().setEventLoopPoolSize(1).setMaxWorkerExecuteTime(1)
      .setMaxWorkerExecuteTimeUnit(TimeUnit.DAYS));
  private final WorkerExecutor workers = vertx.createSharedWorkerExecutor("orkestr-wake", 8, 1, TimeUnit.DAYS);
  private final NetClient client = vertx.createNetClient(new NetClientOptions().setConnectTimeout(10_000).setTcpNoDelay(true));
  private final Waking waking;
  private final Map<String, List<Listener>> open = new ConcurrentHashMap<>();
  /** The wake in flight per add-on, which connections arriving meanwhile join (touched on the event loop only). */
  private final Map<String, Future<SleepService.Woken>> inFlight = new HashMap<>();

  public WakeProxy(Waking waking) {
    this.waking = waking;
  }

  @Override
  public synchronized Map<String, Integer> open(ContainerSpec addOn, List<SleepService.Attachment> at) {
    String key = addOn.key().toString();
    List<Listener> have = open.getOrDefault(key, List.of());
    Map<String, Integer> ports = new TreeMap<>();
    List<Listener> now = new ArrayList<>(have);
    for (SleepService.Attachment a : at) {
      Listener l = have.stream().filter(x -> x.network().equals(a.network())).findFirst().orElse(null);
      if (l == null) {
        try {
          l = listen(addOn, a);
        } catch (RuntimeException e) {
          for (Listener made : now) if (!have.contains(made)) made.close(); // none left behind for the next try to add to
          throw e;
        }
        now.add(l);
      }
      ports.put(a.network(), l.port());
    }
    open.put(key, List.copyOf(now));
    return ports;
  }

  private Listener listen(ContainerSpec addOn, SleepService.Attachment a) {
    String key = addOn.key().toString();
    String engine = addOn.engine().orElseThrow().engine();
    NetServer server = vertx.createNetServer(new NetServerOptions().setHost(a.gateway()).setPort(0).setTcpNoDelay(true));
    Listener self = new Listener(a.network(), server);
    server.connectHandler(socket -> {
      self.opened();
      socket.closeHandler(closed -> self.ended());
      accept(addOn, engine, a, socket);
    });
    try {
      server.listen().await(10, TimeUnit.SECONDS);
    } catch (Exception e) {
      server.close();
      throw new IllegalStateException("cannot listen on " + a.gateway() + " for " + key + ": " + e.getMessage(), e);
    }
    log.debug("waker of {} on {}:{} ({})", key, a.gateway(), server.actualPort(), a.network());
    self.port = server.actualPort();
    return self;
  }

  private void accept(ContainerSpec addOn, String engine, SleepService.Attachment a, NetSocket socket) {
    String key = addOn.key().toString();
    String peer = socket.remoteAddress().hostAddress();
    if (!Subnets.contains(a.subnet(), peer)) {
      log.warn("waker of {}: refused a connection from {}, outside {} ({})", key, peer, a.network(), a.subnet());
      socket.close();
      return;
    }
    socket.pause(); // nothing is read before the add-on answers: the client's first bytes wait in the socket
    int port = a.port();
    wakeOnce(addOn, peer).onComplete(woke -> {
      if (woke.failed()) {
        refuse(socket, engine, key, woke.cause().getMessage());
        return;
      }
      String address = woke.result().addresses().get(a.network());
      if (address == null || address.isBlank()) {
        refuse(socket, engine, key, "it has no address on " + a.network() + " now");
        return;
      }
      client.connect(port, address).onComplete(connected -> {
        if (connected.failed()) {
          refuse(socket, engine, key, "cannot reach it at " + address + ": " + connected.cause().getMessage());
          return;
        }
        NetSocket backend = connected.result();
        socket.pipeTo(backend);
        backend.pipeTo(socket);
      });
    });
  }

  /**
   * The add-on's wake, once for all the connections that arrive while it is in flight (a pool opening
   * twenty at once makes one wake, not twenty in a row, and takes one worker), off the event loop.
   * It completes as soon as the engine answers; the wake's bookkeeping (diversions, record) goes on
   * meanwhile.
   */
  private Future<SleepService.Woken> wakeOnce(ContainerSpec addOn, String peer) {
    String key = addOn.key().toString();
    Future<SleepService.Woken> joined = inFlight.get(key);
    if (joined != null) return joined;
    io.vertx.core.Context here = vertx.getOrCreateContext();
    Promise<SleepService.Woken> answered = Promise.promise();
    workers.executeBlocking(() -> waking.wake(addOn, peer, w -> here.runOnContext(v -> answered.tryComplete(w))), false)
        .onComplete(done -> {
          if (done.failed()) answered.tryFail(done.cause());
          else answered.tryComplete(done.result());
        });
    inFlight.put(key, answered.future());
    answered.future().onComplete(done -> inFlight.remove(key, answered.future()));
    return answered.future();
  }

  /** Tells the client in its own protocol why it could not be connected, then closes. */
  private static void refuse(NetSocket socket, String engine, String key, String why) {
    String message = "orkestr: " + key + " could not be woken: " + why;
    log.warn(message);
    socket.write(engine.equals("postgres") ? postgresError(message) : Buffer.buffer("-ERR " + message.replace('\r', ' ').replace('\n', ' ') + "\r\n"))
        .onComplete(done -> socket.close());
  }

  /** A Postgres ErrorResponse (FATAL, SQLSTATE 08006 connection_failure): what a client shows as the connection's error. */
  private static Buffer postgresError(String message) {
    byte[] fields = ("SFATAL\0VFATAL\0C08006\0M" + message + "\0\0").getBytes(StandardCharsets.UTF_8);
    ByteBuffer b = ByteBuffer.allocate(5 + fields.length);
    b.put((byte) 'E').putInt(4 + fields.length).put(fields);
    return Buffer.buffer(b.array());
  }

  @Override
  public synchronized void close(String addon) {
    List<Listener> gone = open.remove(addon);
    if (gone == null) return;
    for (Listener l : gone) l.close();
    log.debug("wakers of {} closed", addon);
  }

  @Override
  public Set<String> opened() {
    return Set.copyOf(open.keySet());
  }

  /** Closes the wakers; connections piped already go on until the daemon's process ends. */
  @Override
  public void close() {
    for (List<Listener> ls : open.values()) for (Listener l : ls) l.server.close();
    open.clear();
    try {
      vertx.close().await(10, TimeUnit.SECONDS);
    } catch (Exception e) {
      log.debug("closing the waker: {}", e.getMessage());
    }
  }
}
