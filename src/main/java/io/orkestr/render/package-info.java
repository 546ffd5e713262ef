/**
 * Renderers: turn plans, apply reports, status and errors into text for people or JSON for tools,
 * and plans into the saved-plan file and back. They print "(sensitive)" where a secret would be
 * and never see a secret's value. Imports plan and below.
 */
package io.orkestr.render;
