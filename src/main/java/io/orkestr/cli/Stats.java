package io.orkestr.cli;

/**
 * Stats prints, with --stats, how many Docker API calls a command made and how long it ran since
 * main(), or since the daemon took it (the JVM's own start comes before; asking the JVM for its uptime through JMX would
 * itself cost 0.1 s, and the OS's process start time is only accurate to the second).
 */
final class Stats {
  private Stats() {}

  static void print(RootCommand root) {
    if (!root.stats) return;
    long ms = (System.nanoTime() - root.context.startedNanos()) / 1_000_000;
    root.context.err().println("stats: docker_api_calls=" + root.context.dockerCalls() + " main_ms=" + ms);
  }
}
