/**
 * Response headers for the web UI. The app is built without inline script (Vite emits one
 * external module), so the Content-Security-Policy allows scripts from this origin only: an
 * injected <script> or inline handler does not run. Fluent UI (Griffel) creates empty <style>
 * elements and fills them through the CSSOM, which CSP does not restrict; only the empty
 * elements themselves need allowing, by the hash of the empty string, so injected CSS with
 * content is still refused ('unsafe-inline' is not needed). Framing is refused (clickjacking),
 * and no Referer leaves the page (URLs may carry a setup code).
 */

/** The SHA-256 of the empty string: what an empty <style> element "contains". */
const EMPTY_STYLE_HASH = "'sha256-47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU='";

export const CONTENT_SECURITY_POLICY = [
  "default-src 'self'",
  "script-src 'self'",
  `style-src 'self' ${EMPTY_STYLE_HASH}`,
  "img-src 'self' data:",
  "font-src 'self'",
  "connect-src 'self'",
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'self'",
  "frame-ancestors 'none'",
].join("; ");

/** Headers of every web UI response. */
export const COMMON_HEADERS: Readonly<Record<string, string>> = {
  "x-content-type-options": "nosniff",
  "referrer-policy": "no-referrer",
};

/** Headers of the HTML page: the policy above, and never cached (a new build must be picked up). */
export const HTML_HEADERS: Readonly<Record<string, string>> = {
  ...COMMON_HEADERS,
  "content-security-policy": CONTENT_SECURITY_POLICY,
  "x-frame-options": "DENY",
  "cross-origin-opener-policy": "same-origin",
  "cache-control": "no-store",
};

/** Built assets have content-hashed names, so they never change under the same URL. */
export const ASSET_CACHE_CONTROL = "public, max-age=31536000, immutable";
