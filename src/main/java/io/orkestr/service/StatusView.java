package io.orkestr.service;

import io.orkestr.actual.StorageUse;
import io.orkestr.backup.Freshness;
import io.orkestr.plan.Plan;
import java.util.List;

/**
 * What {@code orkestr status} shows for a manifest, put together in one place for the CLI, the API
 * and the console: the plan (each resource's state, health and drift), each add-on's storage against
 * its limit, and each add-on's backup freshness (local and off-site).
 */
public record StatusView(Plan plan, List<StorageUse> storage, List<Freshness> freshness) {}
