package io.orkestr.app;

/**
 * ClientMain is the entry point of {@code target/orkestr-client.jar}: the thin client alone, in a jar
 * small enough that its JVM starts in about 50 ms. bin/orkestr runs it while a daemon's socket exists;
 * when the daemon does not take the command it exits {@link #NOT_TAKEN}, and bin/orkestr runs the
 * full jar instead.
 */
public final class ClientMain {
  /** The command was not run (no daemon answering, another build, a command that stays local). */
  public static final int NOT_TAKEN = 254;

  private ClientMain() {}

  public static void main(String[] args) {
    Integer code = DaemonClient.run(args, System.getenv(), System.out, System.err);
    System.exit(code == null ? NOT_TAKEN : code);
  }
}
