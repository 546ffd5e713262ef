package io.orkestr.actual;

/**
 * ObservedDisk is a size-limited file system on the engine's host that holds a volume's data: the
 * size of its image file, and whether it is mounted (after a reboot it is not, until orkestr mounts
 * it again).
 */
public record ObservedDisk(long bytes, boolean mounted) {}
