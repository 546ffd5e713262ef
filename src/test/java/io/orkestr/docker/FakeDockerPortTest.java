package io.orkestr.docker;

/** The contract against the in-memory fake. */
class FakeDockerPortTest extends DockerPortContract {
  @Override
  protected DockerPort port() {
    FakeDockerPort fake = new FakeDockerPort();
    fake.images.add(IMAGE);
    return fake;
  }

  @Override
  protected void cleanUp(String runLabel) {}
}
