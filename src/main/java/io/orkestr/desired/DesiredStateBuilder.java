package io.orkestr.desired;

import io.orkestr.manifest.AddOn;
import io.orkestr.manifest.AddOnRef;
import io.orkestr.manifest.Group;
import io.orkestr.manifest.Manifest;
import io.orkestr.manifest.Project;
import io.orkestr.tier.Tier;
import io.orkestr.tier.Tiers;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * DesiredStateBuilder turns a valid manifest into the resources it implies: per project an
 * internal network, and per add-on a data volume and a container sized by the project's plan;
 * per group that shares add-ons, an internal network joining them to the group's projects.
 */
public final class DesiredStateBuilder {
  private final Tiers tiers;
  private final AddOnContainers addOns;
  private final AppContainers apps;

  public DesiredStateBuilder(Tiers tiers, ImageCatalog images) {
    this(tiers, images, DiskPlacement.off(""));
  }

  public DesiredStateBuilder(Tiers tiers, ImageCatalog images, DiskPlacement disks) {
    this.tiers = tiers;
    this.addOns = new AddOnContainers(images, disks);
    this.apps = new AppContainers();
  }

  public DesiredState build(Manifest manifest) {
    List<Resource> out = new ArrayList<>();
    for (Group g : manifest.groups()) {
      if (!g.share().isEmpty()) out.add(network(manifest, ResourceKey.groupNetwork(g.name()), DockerNames.groupNetwork(g.name()), true, ""));
    }
    for (Project p : manifest.projects()) {
      Tier tier = tiers.get(p.plan());
      out.add(network(manifest, ResourceKey.network(p.name(), "private"), DockerNames.privateNetwork(p.name()), true, p.name()));
      if (!p.apps().isEmpty()) {
        out.add(network(manifest, ResourceKey.network(p.name(), "egress"), DockerNames.egressNetwork(p.name()), false, p.name()));
      }
      for (AddOn a : p.addons()) {
        out.add(volume(manifest, p, a, addOns.space(p, a, tier).flatMap(VolumeMount::disk)));
        out.add(addOns.build(p, a, tier, addOnNetworks(manifest, p, a), baseLabels(manifest, p.name(), ResourceKey.addon(p.name(), a.name()))));
      }
      for (var app : p.apps()) {
        out.add(apps.build(manifest, p, app, baseLabels(manifest, p.name(), ResourceKey.app(p.name(), app.name()))));
      }
    }
    return DesiredState.of(manifest.name(), out);
  }

  /** The private network under the add-on's name, plus each sharing group's network as addon.project. */
  private static List<NetworkAttachment> addOnNetworks(Manifest manifest, Project p, AddOn a) {
    List<NetworkAttachment> networks = new ArrayList<>();
    networks.add(new NetworkAttachment(ResourceKey.network(p.name(), "private"), DockerNames.privateNetwork(p.name()), List.of(a.name())));
    AddOnRef self = new AddOnRef(p.name(), a.name());
    for (Group g : manifest.groups()) {
      if (g.share().contains(self)) {
        networks.add(new NetworkAttachment(ResourceKey.groupNetwork(g.name()), DockerNames.groupNetwork(g.name()),
            List.of(sharedAlias(self))));
      }
    }
    return networks;
  }

  /** A shared add-on's name on its group's network: {@code db.shop}. Dots cannot clash with a DNS-label name. */
  public static String sharedAlias(AddOnRef ref) {
    return ref.addon() + "." + ref.project();
  }

  /** The add-on's data volume, with the disk beside it when its engine keeps data there (see VolumeSpec). */
  private static VolumeSpec volume(Manifest manifest, Project p, AddOn a, Optional<VolumeSpec.Disk> disk) {
    ResourceKey key = ResourceKey.volume(p.name(), a.name());
    Map<String, String> labels = baseLabels(manifest, p.name(), key);
    labels.put(Labels.ENGINE, a.engine().id());
    labels.put(Labels.DATA_MAJOR, Integer.toString(a.major()));
    return new VolumeSpec(key, DockerNames.volume(p.name(), a.name()), Optional.of(a.major()), labels, disk);
  }

  private static NetworkSpec network(Manifest manifest, ResourceKey key, String name, boolean internal, String project) {
    Map<String, String> labels = baseLabels(manifest, project, key);
    labels.put(Labels.CONFIG_HASH, ConfigHash.sha("internal=" + internal).substring(0, 16));
    return new NetworkSpec(key, name, internal, Optional.empty(), labels);
  }

  static Map<String, String> baseLabels(Manifest manifest, String project, ResourceKey key) {
    Map<String, String> labels = new TreeMap<>();
    labels.put(Labels.MANAGED, "true");
    labels.put(Labels.MANIFEST, manifest.name());
    labels.put(Labels.PROJECT, project);
    labels.put(Labels.KEY, key.toString());
    return labels;
  }
}
