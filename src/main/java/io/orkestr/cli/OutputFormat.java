package io.orkestr.cli;

/** OutputFormat of -o: text for people, json for tools. */
enum OutputFormat {
  text,
  json
}
