package io.orkestr.sleep;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Diversions sends the new connections a sleeping add-on's clients make (to its address and port,
 * from its network) to orkestr's waker on the host instead, which holds them while the add-on
 * wakes. Connections already open are left alone. An adapter makes them in the host's packet
 * filter (IptablesDiversions); where it cannot, add-ons do not sleep, and plans say why.
 */
public interface Diversions {
  /** Why diversions cannot be made here (not root on the engine's host, no iptables), or empty when they can. */
  Optional<String> unavailable();

  /** Diverts (idempotent: a diversion that exists is left). */
  void divert(Diversion d);

  /** Stops diverting (idempotent: one that is gone is success). */
  void restore(Diversion d);

  /** The diversions in place: after a restart, the waker finds what it must serve. */
  List<Diversion> list();

  /**
   * A diversion: connections from subnet to address:port (the add-on on one of its networks) go to
   * waker:wakerPort, orkestr's listener on that network's gateway. The add-on's key names it.
   */
  record Diversion(String addon, String network, String subnet, String address, int port, String waker, int wakerPort) {
    public Diversion {
      Objects.requireNonNull(addon);
      Objects.requireNonNull(network);
      Objects.requireNonNull(subnet);
      Objects.requireNonNull(address);
      Objects.requireNonNull(waker);
    }
  }

  /** None made, with the reason. */
  static Diversions none(String why) {
    return new Diversions() {
      @Override
      public Optional<String> unavailable() {
        return Optional.of(why);
      }

      @Override
      public void divert(Diversion d) {
        throw new IllegalStateException("no diversions here: " + why);
      }

      @Override
      public void restore(Diversion d) {}

      @Override
      public List<Diversion> list() {
        return List.of();
      }
    };
  }
}
