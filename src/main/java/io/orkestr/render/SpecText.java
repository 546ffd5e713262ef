package io.orkestr.render;

import io.orkestr.desired.Access;
import io.orkestr.desired.ContainerSpec;
import io.orkestr.desired.NetworkAttachment;
import io.orkestr.desired.NetworkSpec;
import io.orkestr.desired.Placeholders;
import io.orkestr.desired.Resource;
import io.orkestr.desired.VolumeSpec;
import io.orkestr.diff.Differ;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** SpecText lists a resource's attributes as name/value lines, secrets shown as (sensitive). */
final class SpecText {
  static final String SENSITIVE = "(sensitive)";

  private SpecText() {}

  static Map<String, List<String>> attributes(Resource r) {
    Map<String, List<String>> out = new LinkedHashMap<>();
    if (r instanceof NetworkSpec n) {
      out.put("name", List.of(n.dockerName()));
      out.put("internal", List.of(Boolean.toString(n.internal())));
      n.subnet().ifPresent(s -> out.put("subnet", List.of(s)));
    } else if (r instanceof VolumeSpec v) {
      out.put("name", List.of(v.dockerName()));
      v.diskVolume().ifPresent(d -> out.put("disk", List.of(io.orkestr.tier.ByteSize.format(d.disk().get().bytes()) + " in "
          + d.dockerName() + ", bound from " + d.bindPath().orElseThrow())));
    } else if (r instanceof ContainerSpec c) {
      out.put("name", List.of(c.dockerName()));
      out.put("image", List.of(c.image()));
      c.engine().ifPresent(e -> out.put("engine", List.of(e.engine() + " " + e.version())));
      if (!c.limits().isNone()) {
        out.put("cpu", List.of(Differ.cpu(c.limits().nanoCpus())));
        out.put("memory", List.of(Differ.memory(c.limits().memoryBytes())));
      }
      // An add-on's command is its engine and its restart settings: the settings say it better.
      if (!c.command().isEmpty() && c.addOn().isEmpty()) out.put("command", List.of(masked(String.join(" ", c.command()))));
      c.addOn().ifPresent(a -> {
        List<String> settings = new ArrayList<>();
        a.settings().restart().forEach((k, v) -> settings.add(k + " = " + v + " (restart)"));
        a.settings().live().forEach((k, v) -> settings.add(k + " = " + v));
        if (!settings.isEmpty()) out.put("settings", settings);
        out.put("access", List.of(a.access() == Access.SUPERUSER ? "apps are superusers (superuser: true)" : "apps have a restricted role"));
      });
      List<String> env = new ArrayList<>();
      c.env().forEach((k, v) -> env.add(k + " = " + masked(v)));
      if (!env.isEmpty()) out.put("env", env);
      List<String> nets = new ArrayList<>();
      for (NetworkAttachment n : c.networks()) {
        nets.add(n.networkName() + (n.aliases().isEmpty() ? "" : " as " + String.join(", ", n.aliases())));
      }
      out.put("networks", nets);
      if (!c.mounts().isEmpty()) out.put("volumes", c.mounts().stream().map(m -> m.volumeName() + ":" + m.path()).toList());
      if (!c.ports().isEmpty()) out.put("ports", c.ports().stream().map(Object::toString).toList());
      if (!c.release().isEmpty()) out.put("release", List.of(String.join(" ", c.release())));
    }
    return out;
  }

  static String masked(String value) {
    return Placeholders.isSensitive(value) ? SENSITIVE : value;
  }
}
