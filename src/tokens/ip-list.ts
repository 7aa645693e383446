/** Reads the stored JSON list of recent client addresses, tolerating anything malformed. */
export function parseIpList(json: string): string[] {
  try {
    const parsed: unknown = JSON.parse(json);
    return Array.isArray(parsed) ? parsed.filter((ip): ip is string => typeof ip === "string") : [];
  } catch {
    return [];
  }
}
