package io.orkestr.apply;

import io.orkestr.actual.Observed;
import io.orkestr.desired.NetworkSpec;
import io.orkestr.docker.DockerPort;
import io.orkestr.plan.PlannedChange;

/** NetworkStep creates a network with its assigned subnet, or removes one. */
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
        for (Observed o : change.before()) docker.removeNetwork(o.name());
        return "deleted";
      default:
        return "no change";
    }
  }
}
