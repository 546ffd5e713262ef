package io.orkestr.desired;

import io.orkestr.manifest.AddOn;
import io.orkestr.manifest.Project;
import io.orkestr.tier.Tier;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/** AddOnContainers builds an add-on's container spec from its engine's profile and its project's plan. */
final class AddOnContainers {
  private final ImageCatalog images;
  private final DiskPlacement disks;

  AddOnContainers(ImageCatalog images, DiskPlacement disks) {
    this.images = images;
    this.disks = disks;
  }

  /** The add-on's disk volume, when its engine keeps data there and this host makes disks. */
  Optional<VolumeMount> space(Project project, AddOn addOn, Tier tier) {
    Optional<String> path = EngineProfile.of(addOn.engine()).spaceMount();
    if (path.isEmpty() || !disks.enabled()) return Optional.empty();
    return Optional.of(new VolumeMount(ResourceKey.volume(project.name(), addOn.name()),
        DockerNames.space(DockerNames.volume(project.name(), addOn.name())), path.get(),
        Optional.of(new VolumeSpec.Disk(DiskPlacement.bytesFor(tier.storageBytes()),
            DiskPlacement.reserveFor(tier.storageBytes()), disks.directory().orElseThrow()))));
  }

  ContainerSpec build(Project project, AddOn addOn, Tier tier, List<NetworkAttachment> networks, Map<String, String> baseLabels) {
    ResourceKey key = ResourceKey.addon(project.name(), addOn.name());
    EngineProfile profile = EngineProfile.of(addOn.engine());
    EngineProfile.Shape shape = profile.shape(key, addOn, tier);
    VolumeMount mount = new VolumeMount(ResourceKey.volume(project.name(), addOn.name()), DockerNames.volume(project.name(), addOn.name()),
        profile.mountPath());
    List<VolumeMount> mounts = new java.util.ArrayList<>(List.of(mount));
    Map<String, String> env = new TreeMap<>(shape.env());
    space(project, addOn, tier).ifPresent(s -> {
      mounts.add(s);
      env.put("ORKESTR_SPACE", s.path());
    });
    EngineRef engine = new EngineRef(addOn.engine().id(), addOn.version(), addOn.major());
    Limits limits = new Limits(tier.nanoCpus(), tier.memoryBytes());
    ContainerSpec spec = new ContainerSpec(key, DockerNames.container(project.name(), addOn.name()), images.imageFor(addOn),
        shape.command(), env, networks, mounts, List.of(), limits, ContainerPolicy.addOn(shape.healthcheck()),
        Optional.of(new AddOnRuntime(engine, shape.readiness(), shape.settings(), shape.access(), shape.files(), shape.configure(),
            shape.configureAfterStart(), shape.applySettings(), Optional.of(profile.storage(key, addOn, tier)),
            addOn.sleep().under(tier.sleep()).map(policy -> profile.sleep(key, addOn, policy)))), List.of(), List.of(), Map.of());
    Map<String, String> labels = new TreeMap<>(baseLabels);
    labels.put(Labels.ENGINE, engine.engine());
    labels.put(Labels.ENGINE_VERSION, engine.version());
    labels.put(Labels.SETTINGS, EngineSettings.format(shape.settings().all()));
    labels.put(Labels.ACCESS, shape.access().word());
    return ContainerLabels.finish(spec, labels);
  }
}
