package io.orkestr.desired;

import java.util.List;
import java.util.Objects;

/**
 * NetworkAttachment joins a container to a network under some DNS aliases, at an address of the
 * engine's choosing, or at a given one (the placeholder that holds a stopped add-on's address).
 */
public record NetworkAttachment(ResourceKey network, String networkName, List<String> aliases, java.util.Optional<String> ipv4Address) {
  public NetworkAttachment {
    Objects.requireNonNull(network);
    Objects.requireNonNull(networkName);
    aliases = List.copyOf(aliases);
    Objects.requireNonNull(ipv4Address);
  }

  public NetworkAttachment(ResourceKey network, String networkName, List<String> aliases) {
    this(network, networkName, aliases, java.util.Optional.empty());
  }
}
