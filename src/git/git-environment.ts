/**
 * The environment git child processes run with. Built from a short allow-list, never the whole
 * process environment: Patina's own variables hold the server secret and the database password,
 * and inherited GIT_* variables (GIT_DIR, GIT_CONFIG_PARAMETERS…) would redirect what git does.
 * This forwards the process's search path and home to its children; it is not configuration.
 */

/** Variables a git child inherits from Patina's process: where programs, home and temp files are. */
const INHERITED = ["PATH", "HOME", "TMPDIR", "LANG", "SYSTEMROOT"] as const;

/** A fresh environment for a git child: the inherited basics plus `extra`. */
export function gitEnvironment(extra: Readonly<Record<string, string>>): Record<string, string> {
  const env: Record<string, string> = {};
  for (const name of INHERITED) {
    const value = process.env[name];
    if (value !== undefined) env[name] = value;
  }
  return { ...env, ...extra };
}
