package io.orkestr.manifest;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Manifest is an orkestr.yaml as data. Its name scopes ownership: a plan compares the manifest
 * with what Docker runs under the same name, so two manifests never delete each other's projects.
 * offsite is the operator's store for copies of every backup off the machine, if any.
 */
public record Manifest(String name, List<Project> projects, List<Group> groups, Optional<OffsiteSettings> offsite) {
  public Manifest {
    Objects.requireNonNull(name);
    projects = List.copyOf(projects);
    groups = List.copyOf(groups);
    Objects.requireNonNull(offsite);
  }

  public Manifest(String name, List<Project> projects, List<Group> groups) {
    this(name, projects, groups, Optional.empty());
  }

  public Optional<Project> project(String projectName) {
    return projects.stream().filter(p -> p.name().equals(projectName)).findFirst();
  }
}
