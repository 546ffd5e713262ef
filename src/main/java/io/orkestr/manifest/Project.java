package io.orkestr.manifest;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/** Project is a set of apps and add-ons on one private network, sized by its plan. */
public record Project(String name, String plan, List<AddOn> addons, List<App> apps) {
  public Project {
    Objects.requireNonNull(name);
    Objects.requireNonNull(plan);
    addons = List.copyOf(addons);
    apps = List.copyOf(apps);
  }

  public Optional<AddOn> addon(String addonName) {
    return addons.stream().filter(a -> a.name().equals(addonName)).findFirst();
  }
}
