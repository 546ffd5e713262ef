package io.orkestr.backup;

import io.orkestr.error.UserError;
import io.orkestr.manifest.OffsiteSettings;

/** OffsiteStores opens the store a manifest's settings name, with this process's credentials. */
public interface OffsiteStores {
  OffsiteStore open(OffsiteSettings settings);

  /** For setups without off-site stores (tests of other things). */
  OffsiteStores NONE = s -> {
    throw new UserError("off-site backups are not available in this setup");
  };
}
