package io.orkestr.desired;

import io.orkestr.manifest.AddOn;
import io.orkestr.manifest.AddOnRef;
import io.orkestr.manifest.ConnectionNames;
import io.orkestr.manifest.Manifest;
import io.orkestr.manifest.Project;
import java.util.Map;
import java.util.TreeMap;

/**
 * ProjectEnvironment is the connection variables a project's apps and jobs receive, with
 * credentials as placeholders: {@code DATABASE_URL=postgres://db:{{secret:...}}@db:5432/db}.
 * Names come from ConnectionNames; this adds the values.
 */
public final class ProjectEnvironment {
  private ProjectEnvironment() {}

  public static Map<String, String> of(Manifest manifest, Project project) {
    Map<String, String> env = new TreeMap<>();
    ConnectionNames.Injected injected = ConnectionNames.injected(manifest, project);
    for (Map.Entry<String, AddOnRef> e : injected.variables().entrySet()) {
      AddOnRef ref = e.getValue();
      AddOn addOn = manifest.project(ref.project()).flatMap(p -> p.addon(ref.addon())).orElseThrow();
      String host = ref.project().equals(project.name()) ? ref.addon() : DesiredStateBuilder.sharedAlias(ref);
      env.put(e.getKey(), value(e.getKey(), ref, addOn, host));
    }
    return env;
  }

  private static String value(String name, AddOnRef ref, AddOn addOn, String host) {
    return EngineProfile.of(addOn.engine()).variable(name, ResourceKey.addon(ref.project(), ref.addon()), host);
  }
}
