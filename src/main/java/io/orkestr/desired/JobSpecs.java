package io.orkestr.desired;

import io.orkestr.manifest.Manifest;
import io.orkestr.manifest.Project;
import java.util.Map;

/**
 * JobSpecs shapes one-off jobs (`orkestr run`): a container on the project's networks with the
 * project's connection variables, named {@code orkestr_<project>_run_<random>}.
 */
public final class JobSpecs {
  private JobSpecs() {}

  public static ContainerSpec forProject(Manifest manifest, Project project, String image) {
    Map<String, String> labels = DesiredStateBuilder.baseLabels(manifest, project.name(), ResourceKey.app(project.name(), "run"));
    labels.remove(Labels.KEY); // a job is no resource of the plan's
    return AppContainers.job(manifest, project, image, labels);
  }
}
