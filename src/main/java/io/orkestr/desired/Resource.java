package io.orkestr.desired;

import java.util.Map;

/** Resource is one thing orkestr wants to exist in Docker: a network, a volume or a container. */
public sealed interface Resource permits NetworkSpec, VolumeSpec, ContainerSpec {
  ResourceKey key();

  /** The name in Docker, e.g. orkestr_shop_db. */
  String dockerName();

  /** Every label the resource carries, including the management labels and the config hash. */
  Map<String, String> labels();
}
