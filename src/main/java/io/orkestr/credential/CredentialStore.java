package io.orkestr.credential;

import io.orkestr.desired.ResourceKey;
import java.util.Optional;

/** CredentialStore keeps each add-on's password, readable only by its owner. */
public interface CredentialStore {
  Optional<Secret> find(ResourceKey addon);

  /** The stored password, or a new one generated, stored and returned. */
  Secret getOrCreate(ResourceKey addon);

  /** Forgets a password (only when the add-on's data is purged). */
  void delete(ResourceKey addon);
}
