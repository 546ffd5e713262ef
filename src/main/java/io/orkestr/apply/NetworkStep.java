package io.orkestr.apply;

import io.orkestr.actual.Observed;
import io.orkestr.actual.ObservedContainer;
import io.orkestr.desired.NetworkSpec;
import io.orkestr.docker.DockerPort;
import io.orkestr.plan.PlannedChange;

/** NetworkStep creates a network with its assigned subnet, or removes one (and orkestr's leftover jobs on it). */
final class NetworkStep {
  private final DockerPort docker;

  NetworkStep(DockerPort docker) {
    this.docker = docker;
  }

  String run(PlannedChange change) {
    switch (change.action()) {
      case CREATE: {
        NetworkSpec spec = (NetworkSpec) change.after().orElseThrow();
        docker.createNetwork(spec);
        return "created (" + spec.subnet().orElse("") + ")";
      }
      case DELETE:
        for (Observed o : change.before()) remove(o.name());
        return "deleted";
      default:
        return "no change";
    }
  }

  /**
   * Removes a network, and first any one-off job (run, release) an interrupted orkestr left on it,
   * started or not: such jobs belong to orkestr, and one that holds the network would block it.
   */
  private void remove(String network) {
    for (ObservedContainer c : docker.listContainers(JobRunner.JOB_LABEL)) {
      if (c.networks().containsKey(network)) docker.removeContainer(c.id());
    }
    docker.removeNetwork(network);
  }
}
