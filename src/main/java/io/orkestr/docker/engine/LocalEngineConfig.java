package io.orkestr.docker.engine;

import com.github.dockerjava.api.model.AuthConfig;
import com.github.dockerjava.api.model.AuthConfigurations;
import com.github.dockerjava.core.DefaultDockerClientConfig;
import com.github.dockerjava.core.DockerClientConfig;
import com.github.dockerjava.core.RemoteApiVersion;
import com.github.dockerjava.core.SSLConfig;
import java.net.URI;

/**
 * LocalEngineConfig is docker-java's configuration for a local socket, without reading
 * docker-java's property files and Docker's config.json on every start (a tenth of a plan's
 * start-up). Registry credentials, which only a pull needs, come from docker-java's standard
 * configuration, built when first asked for. The API version is left to the engine.
 */
final class LocalEngineConfig implements DockerClientConfig {
  private final URI host;
  private DockerClientConfig standard;

  LocalEngineConfig(URI host) {
    this.host = host;
  }

  private synchronized DockerClientConfig standard() {
    if (standard == null) standard = DefaultDockerClientConfig.createDefaultConfigBuilder().withDockerHost(host.toString()).build();
    return standard;
  }

  @Override
  public URI getDockerHost() {
    return host;
  }

  @Override
  public RemoteApiVersion getApiVersion() {
    return RemoteApiVersion.unknown();
  }

  @Override
  public String getRegistryUsername() {
    return standard().getRegistryUsername();
  }

  @Override
  public String getRegistryPassword() {
    return standard().getRegistryPassword();
  }

  @Override
  public String getRegistryEmail() {
    return standard().getRegistryEmail();
  }

  @Override
  public String getRegistryUrl() {
    return standard().getRegistryUrl();
  }

  @Override
  public AuthConfig effectiveAuthConfig(String imageName) {
    return standard().effectiveAuthConfig(imageName);
  }

  @Override
  public AuthConfigurations getAuthConfigurations() {
    return standard().getAuthConfigurations();
  }

  @Override
  public SSLConfig getSSLConfig() {
    return null;
  }
}
