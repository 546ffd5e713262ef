package io.orkestr.cli;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;

/**
 * ServeOptions is what {@code orkestr serve} was asked for: the Unix socket for thin clients, and with
 * a watched manifest the control plane's settings (API address, resync period, sync mode, TLS files).
 */
public record ServeOptions(Path socket, Optional<Path> manifest, String listen, Duration resync, String sync, Optional<Path> tlsCert,
    Optional<Path> tlsKey) {}
