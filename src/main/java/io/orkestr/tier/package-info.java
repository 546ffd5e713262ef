/**
 * The plans (tiers) that size add-ons: free, pro, business, or an operator's own, loaded as data
 * from a plans file, never an enum. Named tier, not plan, so it is never confused with the plan
 * package (the changes apply makes). Imports yaml and error only.
 */
package io.orkestr.tier;
