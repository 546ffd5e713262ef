package io.orkestr.desired;

import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;

/** VolumeSpec is an add-on's named data volume; it outlives containers and is removed only on purge. */
public record VolumeSpec(ResourceKey key, String dockerName, Optional<Integer> dataMajor, Map<String, String> labels)
    implements Resource {
  public VolumeSpec {
    Objects.requireNonNull(key);
    Objects.requireNonNull(dockerName);
    Objects.requireNonNull(dataMajor);
    labels = java.util.Collections.unmodifiableMap(new TreeMap<>(labels));
  }

  /** The same volume under another name: the one a major upgrade made, holding the new major's data. */
  public VolumeSpec named(String name) {
    return new VolumeSpec(key, name, dataMajor, labels);
  }
}
