package io.orkestr.desired;

import io.orkestr.tier.SleepPolicy;
import java.util.Objects;

/**
 * SleepSpec is how an add-on that may sleep does so: its idle windows, the port its engine serves
 * (what a sleeping add-on's diverted connections are for), the probe that tells whether apps use it
 * (an engine-neutral report, see below), and the command that closes apps' idle sessions before it
 * freezes (printing "busy N": how many were not idle, in which case nothing was closed).
 *
 * <p>The idle probe prints lines "active N" (sessions using it now: a query running, a transaction
 * or a MULTI open, a blocked command), "last MS" (when an app's session last finished a command, in
 * epoch milliseconds, 0 when none says), "counter N" (a count of the apps' work, such as rows read
 * and written, that only grows while apps use it: it catches sessions that came and went between two
 * probes) and "holder ADDRESS NAME" (the client that used it last). orkestr's own sessions, and
 * keep-alives (an empty query, Redis's PING, INFO, CLIENT), count for nothing.
 */
public record SleepSpec(SleepPolicy policy, int port, Probe idle, Probe closeSessions) {
  public SleepSpec {
    Objects.requireNonNull(policy);
    Objects.requireNonNull(idle);
    Objects.requireNonNull(closeSessions);
  }
}
