package io.orkestr.desired;

import java.util.List;
import java.util.Objects;

/** NetworkAttachment joins a container to a network under some DNS aliases. */
public record NetworkAttachment(ResourceKey network, String networkName, List<String> aliases) {
  public NetworkAttachment {
    Objects.requireNonNull(network);
    Objects.requireNonNull(networkName);
    aliases = List.copyOf(aliases);
  }
}
