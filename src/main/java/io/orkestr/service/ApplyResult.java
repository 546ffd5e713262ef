package io.orkestr.service;

import io.orkestr.apply.ApplyReport;
import io.orkestr.plan.Plan;
import java.util.Optional;

/** ApplyResult is the plan an apply made and, unless nothing changed or it was not approved, what happened. */
public record ApplyResult(Plan plan, Optional<ApplyReport> report) {}
