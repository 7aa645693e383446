/**
 * Which methods the registered routes answer at a path, so that a known resource asked with a
 * method it does not support gets 405 with `Allow` rather than 404. Only consulted by the
 * not-found handler, never on a route's own path.
 */

/** A route pattern split into segments; `:name` segments match any one segment. */
type Pattern = readonly string[];

/** Collects route patterns as they are registered and answers which methods match a path. */
export class RouteMethods {
  private readonly byPattern = new Map<string, { segments: Pattern; methods: Set<string> }>();

  /**
   * Records a route. Left out: wildcard routes (the web UI's `/*`, static files), which answer
   * GET anywhere, and OPTIONS, which the Location area answers at any `/_apis/{area}`: either
   * would make every unknown path a 405.
   */
  add(method: string, url: string): void {
    if (url.includes("*") || method === "OPTIONS") return;
    let entry = this.byPattern.get(url);
    if (entry === undefined) {
      entry = { segments: url.toLowerCase().split("/"), methods: new Set() };
      this.byPattern.set(url, entry);
    }
    entry.methods.add(method);
  }

  /** The methods some route answers at this URL's path (sorted), or none. */
  allowedAt(url: string): string[] {
    // Routes are case-insensitive (see server.ts), so the 405 check is too.
    const segments = (url.split("?")[0] ?? "").toLowerCase().split("/");
    const methods = new Set<string>();
    for (const entry of this.byPattern.values()) {
      if (matches(entry.segments, segments)) for (const method of entry.methods) methods.add(method);
    }
    return [...methods].sort();
  }
}

function matches(pattern: Pattern, segments: readonly string[]): boolean {
  if (pattern.length !== segments.length) return false;
  return pattern.every((part, i) => {
    const segment = segments[i] ?? "";
    return part.startsWith(":") ? segment !== "" : part === segment;
  });
}
