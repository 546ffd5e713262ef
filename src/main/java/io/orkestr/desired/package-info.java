/**
 * What should exist in Docker for a manifest: networks, volumes and containers as plain records,
 * each with a ResourceKey and the labels (including a config hash) orkestr puts on it. Secrets
 * appear only as placeholders, resolved by apply. Pure: imports manifest, tier and error.
 */
package io.orkestr.desired;
