package io.orkestr.apply;

import io.orkestr.actual.Observed;
import io.orkestr.credential.CredentialStore;
import io.orkestr.desired.ResourceKey;
import io.orkestr.desired.VolumeSpec;
import io.orkestr.docker.DockerPort;
import io.orkestr.plan.PlannedChange;

/** VolumeStep creates a data volume, or (on purge) removes it and forgets the add-on's password with it. */
final class VolumeStep {
  private final DockerPort docker;
  private final CredentialStore credentials;

  VolumeStep(DockerPort docker, CredentialStore credentials) {
    this.docker = docker;
    this.credentials = credentials;
  }

  String run(PlannedChange change) {
    switch (change.action()) {
      case CREATE:
        docker.createVolume((VolumeSpec) change.after().orElseThrow());
        return "created";
      case DELETE:
        for (Observed o : change.before()) docker.removeVolume(o.name());
        // The password only opened this data; a new add-on of the same name starts fresh.
        credentials.delete(ResourceKey.addon(change.key().owner(), change.key().name()));
        return "deleted with its data";
      default:
        return "no change";
    }
  }
}
