/**
 * The difference between desired and actual state, resource by resource and field by field, as
 * data. It says what differs, not what to do about it (that is the planner's job). Pure: imports
 * desired, actual, tier (for formatting sizes) and error.
 */
package io.orkestr.diff;
