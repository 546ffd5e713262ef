package io.orkestr.credential;

import io.orkestr.desired.ResourceKey;
import java.util.Optional;

/**
 * CredentialStore keeps each add-on's passwords, readable only by their owner: the app's
 * ({@code password}) and orkestr's own administrative one ({@code admin-password}).
 */
public interface CredentialStore {
  /** The app's password. */
  String APP = "password";
  /** orkestr's own, for backups, checks and live changes. */
  String ADMIN = "admin-password";

  Optional<Secret> find(ResourceKey addon, String name);

  /** The stored password, or a new one generated, stored and returned. */
  Secret getOrCreate(ResourceKey addon, String name);

  /** Forgets every password of an add-on (only when its data is purged). */
  void delete(ResourceKey addon);
}
