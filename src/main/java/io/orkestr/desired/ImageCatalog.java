package io.orkestr.desired;

import io.orkestr.manifest.AddOn;
import java.util.Optional;

/**
 * ImageCatalog maps an add-on to its image: the one the manifest names, else the official
 * {@code postgres:<version>} or {@code redis:<version>}, under the mirror when one is set
 * (ORKESTR_IMAGE_MIRROR=orkestr.local turns postgres:15 into orkestr.local/postgres:15).
 */
public record ImageCatalog(Optional<String> mirror) {
  public ImageCatalog {
    mirror = mirror.map(m -> m.endsWith("/") ? m.substring(0, m.length() - 1) : m).filter(m -> !m.isBlank());
  }

  public String imageFor(AddOn addOn) {
    if (addOn.image().isPresent()) return addOn.image().get();
    String official = addOn.engine().id() + ":" + addOn.version();
    return mirror.map(m -> m + "/" + official).orElse(official);
  }
}
