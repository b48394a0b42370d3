/**
 * Tests that need an outside program (the `age` CLI, Debian's PyJWT, xclip…) skip with the install line where it
 * is missing on a developer's machine. `.ci/run` installs every such program and sets KEYDECK_REQUIRE_TOOLS=1, so
 * in CI a missing program fails the test instead of skipping it silently.
 */
export function skipUnless(found: unknown, install: string): false | string {
  if (found) return false;
  if (process.env.KEYDECK_REQUIRE_TOOLS === '1') return false;
  return `needs ${install}`;
}
