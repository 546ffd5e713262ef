package io.orkestr.desired;

import java.util.Map;
import java.util.TreeMap;

/** ContainerLabels adds the labels derived from a finished spec: config hash, part hashes, env names, limits. */
final class ContainerLabels {
  private ContainerLabels() {}

  static ContainerSpec finish(ContainerSpec spec, Map<String, String> labels) {
    Map<String, String> all = new TreeMap<>(labels);
    Map<String, String> parts = ConfigHash.parts(spec);
    all.put(Labels.CONFIG_HASH, ConfigHash.of(parts));
    all.put(Labels.PART_HASHES, ConfigHash.partsLabel(parts));
    all.put(Labels.IMAGE, spec.image());
    all.put(Labels.ENV_NAMES, String.join(",", spec.env().keySet()));
    all.put(Labels.CPU, Long.toString(spec.limits().nanoCpus()));
    all.put(Labels.MEMORY, Long.toString(spec.limits().memoryBytes()));
    return spec.withLabels(all);
  }
}
