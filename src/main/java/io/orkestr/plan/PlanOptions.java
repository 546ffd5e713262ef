package io.orkestr.plan;

import io.orkestr.desired.ResourceKey;
import java.util.Set;

/**
 * PlanOptions: whether data volumes of removed add-ons are deleted too (--purge-data); which apps
 * wait for `orkestr deploy` before new variables reach them (redeploy: manual); and which apps
 * this plan deploys anyway (`orkestr deploy --app`).
 */
public record PlanOptions(boolean purgeData, Set<ResourceKey> manualRedeploy, Set<ResourceKey> deploy) {
  public static final PlanOptions DEFAULT = new PlanOptions(false);

  public PlanOptions {
    manualRedeploy = Set.copyOf(manualRedeploy);
    deploy = Set.copyOf(deploy);
  }

  public PlanOptions(boolean purgeData) {
    this(purgeData, Set.of(), Set.of());
  }

  public PlanOptions withManualRedeploy(Set<ResourceKey> apps) {
    return new PlanOptions(purgeData, apps, deploy);
  }

  public PlanOptions withDeploy(Set<ResourceKey> apps) {
    return new PlanOptions(purgeData, manualRedeploy, apps);
  }
}
