package io.orkestr.docker;

import io.orkestr.docker.engine.DockerJavaAdapter;
import org.junit.jupiter.api.Tag;

/** The contract against the real engine, through docker-java and orkestr's unix-socket transport. */
@Tag("docker")
class DockerJavaAdapterIT extends DockerPortContract {
  @Override
  protected DockerPort port() {
    return DockerJavaAdapter.fromEnvironment(System.getenv());
  }

  @Override
  protected void cleanUp(String runLabel) {
    io.orkestr.it.ItContext.removeByLabel("orkestr.manifest=" + runLabel);
  }
}
