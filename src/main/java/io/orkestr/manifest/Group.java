package io.orkestr.manifest;

import java.util.List;
import java.util.Objects;

/** Group is a set of projects that share some add-ons with each other. */
public record Group(String name, List<String> projects, List<AddOnRef> share) {
  public Group {
    Objects.requireNonNull(name);
    projects = List.copyOf(projects);
    share = List.copyOf(share);
  }
}
