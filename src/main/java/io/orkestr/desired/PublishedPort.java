package io.orkestr.desired;

/** PublishedPort publishes a container port on a host address and port. */
public record PublishedPort(String hostAddress, int hostPort, int containerPort, String protocol) {
  @Override
  public String toString() {
    return hostAddress + ":" + hostPort + "->" + containerPort + "/" + protocol;
  }
}
