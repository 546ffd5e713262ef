/**
 * The manifest as the user wrote it: projects, apps, add-ons and groups, parsed from orkestr.yaml
 * text (never a path) and checked against the schema and the plans in force. Pure: imports tier,
 * yaml and error only.
 */
package io.orkestr.manifest;
