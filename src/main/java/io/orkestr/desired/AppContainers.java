package io.orkestr.desired;

import io.orkestr.manifest.App;
import io.orkestr.manifest.Group;
import io.orkestr.manifest.Manifest;
import io.orkestr.manifest.PortMapping;
import io.orkestr.manifest.Project;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * AppContainers builds an app's container: on the project's private network (where the add-ons
 * are), on its egress network (the way out) and on the networks of groups sharing add-ons with
 * it; its environment is the app's own variables plus the project's connection variables.
 */
final class AppContainers {

  ContainerSpec build(Manifest manifest, Project p, App app, Map<String, String> baseLabels) {
    Map<String, String> env = new TreeMap<>(ProjectEnvironment.of(manifest, p));
    env.putAll(app.env()); // names never clash: ManifestRules rejects that
    List<NetworkAttachment> networks = new ArrayList<>(jobNetworks(manifest, p));
    networks.set(0, new NetworkAttachment(networks.get(0).network(), networks.get(0).networkName(), List.of(app.name())));
    List<PublishedPort> ports = new ArrayList<>();
    for (PortMapping m : app.ports()) ports.add(new PublishedPort(m.hostAddress(), m.hostPort(), m.containerPort(), m.protocol()));
    TreeSet<ResourceKey> uses = new TreeSet<>();
    env.values().forEach(v -> uses.addAll(Placeholders.referencedAddons(v)));
    ContainerSpec spec = new ContainerSpec(ResourceKey.app(p.name(), app.name()), DockerNames.container(p.name(), app.name()),
        app.image(), app.command(), env, networks, List.of(), ports, Limits.NONE, ContainerPolicy.app(), Optional.empty(),
        new ArrayList<>(uses), app.release(), Map.of());
    return ContainerLabels.finish(spec, baseLabels);
  }

  /** A one-off job's container for a project: the project's environment and networks, the given image. */
  static ContainerSpec job(Manifest manifest, Project p, String image, Map<String, String> labels) {
    return new ContainerSpec(ResourceKey.app(p.name(), "run"), DockerNames.PREFIX + p.name(), image, List.of(),
        ProjectEnvironment.of(manifest, p), jobNetworks(manifest, p), List.of(), List.of(), Limits.NONE, ContainerPolicy.job(),
        Optional.empty(), List.of(), List.of(), labels);
  }

  /**
   * The networks an app or a one-off job joins: the private one first, then egress, then those of
   * the groups sharing add-ons with the project.
   */
  static List<NetworkAttachment> jobNetworks(Manifest manifest, Project p) {
    List<NetworkAttachment> networks = new ArrayList<>();
    networks.add(new NetworkAttachment(ResourceKey.network(p.name(), "private"), DockerNames.privateNetwork(p.name()), List.of()));
    networks.add(new NetworkAttachment(ResourceKey.network(p.name(), "egress"), DockerNames.egressNetwork(p.name()), List.of()));
    for (Group g : manifest.groups()) {
      if (g.projects().contains(p.name()) && !g.share().isEmpty()) {
        networks.add(new NetworkAttachment(ResourceKey.groupNetwork(g.name()), DockerNames.groupNetwork(g.name()), List.of()));
      }
    }
    return networks;
  }
}
