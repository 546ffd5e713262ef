package io.orkestr.apply;

import io.orkestr.desired.ContainerSpec;

/**
 * UpgradeBackups is what a major upgrade needs from backups (the service provides it with the
 * backup package): a pre-upgrade backup of the old version, restored into the new one, and a
 * check that the new one holds what the backup recorded. Each throws with a one-line reason.
 */
public interface UpgradeBackups {
  /** Takes a pre-upgrade backup of the add-on's running container; returns the backup's id. */
  String backUp(ContainerSpec after, String oldContainerId);

  /** Restores that backup into a running container of the new version. */
  void restoreInto(String backupId, ContainerSpec after, String containerId);

  /** Why what the new container holds differs from the backup's record, or null when it matches. */
  String check(String backupId, ContainerSpec after, String containerId);

  /** Upgrades cannot run: every one fails with this reason. */
  static UpgradeBackups unavailable(String why) {
    return new UpgradeBackups() {
      @Override
      public String backUp(ContainerSpec after, String oldContainerId) {
        throw new StepFailure(why);
      }

      @Override
      public void restoreInto(String backupId, ContainerSpec after, String containerId) {
        throw new StepFailure(why);
      }

      @Override
      public String check(String backupId, ContainerSpec after, String containerId) {
        return why;
      }
    };
  }
}
