/**
 * Microsoft's Python SDK (`azure-devops`, package azure.devops) as its requests go over the
 * wire, reproduced from its source (microsoft/azure-devops-python-api: azure/devops/client.py,
 * connection.py, v7_1/*_client.py). The SDK itself cannot be installed here: PyPI is not
 * reachable from this machine and no mirror carries `azure-devops` or `msrest`. So this module
 * does what the SDK does, step by step, with the same headers, bodies and decisions:
 *
 * - `Client._send`: `Content-Type: application/json; charset=utf-8` on every call, a body or
 *   not (DELETE and bodiless POSTs included; `requests` then sends `Content-Length: 0`),
 *   `Accept: application/json;api-version=<negotiated>`, `X-TFS-FedAuthRedirect: Suppress`,
 *   `X-VSS-ForceMsaPassThrough: true`, and an `X-TFS-Session` GUID it keeps from answers;
 * - `_get_resource_locations`: `OPTIONS {normalized url}/_apis` with `Accept: application/json`,
 *   the url lower-cased by `_normalize_url`;
 * - `_create_request_message` / `_remove_optional_route_parameters`: the route template of the
 *   location, optional segments dropped, `{area}` and `{resource}` filled in; a location id the
 *   server does not list is "API resource location … is not registered on …";
 * - `_negotiate_request_version`;
 * - `Connection._get_url_for_client_instance`: a client's base url is its resource area's
 *   `locationUrl` from `_apis/resourceAreas`;
 * - `_handle_error`: which exception a failed answer becomes.
 *
 * Credentials as msrest's BasicAuthentication('', pat) sends them: `Basic base64(":" + pat)`.
 */
import { randomUUID } from "node:crypto";

/** The exception `Client._handle_error` raises for an answer, with its message. */
export type PythonSdkError =
  | { type: "AzureDevOpsAuthenticationError"; message: string }
  | { type: "AzureDevOpsServiceError"; message: string }
  | { type: "AzureDevOpsClientRequestError"; message: string };

/** A failed call, as the SDK raises it. */
export class PythonSdkFailure extends Error {
  constructor(
    readonly error: PythonSdkError,
    readonly status: number,
  ) {
    super(`${error.type}: ${error.message}`);
  }
}

interface ApiResourceLocation {
  id: string;
  area: string;
  resourceName: string;
  routeTemplate: string;
  resourceVersion: number;
  minVersion: string;
  maxVersion: string;
  releasedVersion: string;
}

/**
 * `Client._handle_error`: a text/plain answer is read as the message; anything else is
 * deserialized as a WrappedException, whose `message` makes it an AzureDevOpsServiceError.
 * Only then does a 401 become AzureDevOpsAuthenticationError: so a 401 in JSON with a message
 * is a service error, and code catching the authentication error misses it.
 */
export function pythonSdkError(status: number, contentType: string | null, body: string, url: string): PythonSdkError {
  let errorMessage = "";
  if (contentType === null || !contentType.includes("text/plain")) {
    const parsed = parseJson(body);
    if (parsed !== undefined && typeof parsed === "object" && parsed !== null) {
      const message = (parsed as { message?: unknown }).message;
      if (typeof message === "string") return { type: "AzureDevOpsServiceError", message };
    }
  } else {
    errorMessage = `${body}  `;
  }
  if (status === 401) {
    return {
      type: "AzureDevOpsAuthenticationError",
      message: `${errorMessage}The requested resource requires user authentication: ${url}`,
    };
  }
  return {
    type: "AzureDevOpsClientRequestError",
    message: `${errorMessage}Operation returned a ${status} status code.`,
  };
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

/** One SDK client (e.g. GitClient) with its base url, as `Connection.get_client` makes it. */
export class PythonSdkClient {
  private static readonly locationCache = new Map<string, ApiResourceLocation[]>();
  /** `Client._session_data`: one X-TFS-Session per process, replaced by the server's answer. */
  private static session: string = randomUUID();

  /** `ClientConfiguration`: the base url without trailing slashes. */
  readonly baseUrl: string;

  private constructor(
    baseUrl: string,
    private readonly pat: string,
  ) {
    this.baseUrl = baseUrl.replace(/\/+$/, "");
  }

  /** `Connection.get_client(...)`: the client of a resource area, at the area's location url. */
  static async forArea(organizationUrl: string, pat: string, resourceAreaId: string): Promise<PythonSdkClient> {
    const location = new PythonSdkClient(organizationUrl, pat);
    const areas = (await location.send("GET", "e81700f7-3be2-46de-8624-2eb35882fcaa", "7.1-preview.1")).json as {
      value: { id: string; locationUrl: string }[];
    };
    const area = areas.value.find((a) => a.id.toLowerCase() === resourceAreaId.toLowerCase());
    if (area === undefined) throw new Error(`Could not find information for resource area ${resourceAreaId}`);
    return new PythonSdkClient(area.locationUrl, pat);
  }

  /** The X-TFS-Session the SDK sends now. */
  static currentSession(): string {
    return PythonSdkClient.session;
  }

  private get normalizedUrl(): string {
    return this.baseUrl.replace(/\/+$/, "").toLowerCase();
  }

  private authorization(): string {
    return `Basic ${Buffer.from(`:${this.pat}`).toString("base64")}`;
  }

  private async locations(): Promise<ApiResourceLocation[]> {
    const url = this.normalizedUrl;
    const cached = PythonSdkClient.locationCache.get(url);
    if (cached !== undefined) return cached;
    const optionsUrl = `${url}/_apis`;
    const response = await fetch(optionsUrl, {
      method: "OPTIONS",
      headers: {
        accept: "application/json",
        authorization: this.authorization(),
        "x-tfs-fedauthredirect": "Suppress",
        "x-vss-forcemsapassthrough": "true",
      },
    });
    const body = await response.text();
    if (response.status < 200 || response.status >= 300) {
      throw new PythonSdkFailure(
        pythonSdkError(response.status, response.headers.get("content-type"), body, optionsUrl),
        response.status,
      );
    }
    const value = (JSON.parse(body) as { value: ApiResourceLocation[] }).value;
    PythonSdkClient.locationCache.set(url, value);
    return value;
  }

  /** Forgets the OPTIONS answers (the SDK caches them per url for the process). */
  static clearLocationCache(): void {
    PythonSdkClient.locationCache.clear();
  }

  /** `Client._send`. */
  async send(
    method: "GET" | "POST" | "PATCH" | "DELETE",
    locationId: string,
    version: string,
    routeValues: Record<string, string> = {},
    query: Record<string, string | number | boolean> = {},
    content?: unknown,
  ): Promise<{ status: number; headers: Headers; json: unknown }> {
    const location = (await this.locations()).find((l) => l.id === locationId);
    if (location === undefined) {
      throw new Error(`API resource location ${locationId} is not registered on ${this.baseUrl}.`);
    }
    const values: Record<string, string> = { ...routeValues, area: location.area, resource: location.resourceName };
    const template = removeOptionalRouteParameters(location.routeTemplate, values);
    const path = template.replace(/\{(\w+)\}/g, (_m, name: string) => encodeURIComponent(values[name] ?? ""));
    const url = new URL(path.replace(/^\/+/, ""), `${this.baseUrl}/`);
    for (const [name, value] of Object.entries(query)) {
      // msrest's query serializer writes booleans as JSON (`true`), the rest as text.
      url.searchParams.set(name, typeof value === "boolean" ? JSON.stringify(value) : String(value));
    }
    const negotiated = negotiateVersion(location, version);
    const response = await fetch(url, {
      method,
      headers: {
        "content-type": "application/json; charset=utf-8",
        accept: `application/json;api-version=${negotiated}`,
        authorization: this.authorization(),
        "x-tfs-fedauthredirect": "Suppress",
        "x-vss-forcemsapassthrough": "true",
        "x-tfs-session": PythonSdkClient.session,
      },
      // `requests` sends no body but `Content-Length: 0` on a bodiless DELETE or POST.
      body: content === undefined ? (method === "GET" ? undefined : "") : JSON.stringify(content),
    });
    const session = response.headers.get("x-tfs-session");
    if (session !== null) PythonSdkClient.session = session;
    const body = await response.text();
    if (response.status < 200 || response.status >= 300) {
      throw new PythonSdkFailure(
        pythonSdkError(response.status, response.headers.get("content-type"), body, url.toString()),
        response.status,
      );
    }
    return { status: response.status, headers: response.headers, json: body === "" ? null : JSON.parse(body) };
  }
}

/** `Client._remove_optional_route_parameters`. */
function removeOptionalRouteParameters(routeTemplate: string, routeValues: Record<string, string>): string {
  let template = "";
  for (const segment of routeTemplate.replaceAll("{*", "{").split("/")) {
    const isParameter = segment.length > 2 && segment.startsWith("{") && segment.endsWith("}");
    if (!isParameter || segment.slice(1, -1) in routeValues) template += `/${segment}`;
  }
  return template;
}

/** `Client._negotiate_request_version`. */
function negotiateVersion(location: ApiResourceLocation, version: string): string {
  const match = /^(\d+(\.\d)?)(-preview(.(\d+))?)?/.exec(version);
  if (match === null) return version;
  const requested = Number(match[1]);
  if (Number(location.minVersion) > requested) throw new Error("the server no longer supports this resource");
  if (Number(location.maxVersion) < requested) {
    return `${location.maxVersion}${Number(location.releasedVersion) < Number(location.maxVersion) ? "-preview" : ""}`;
  }
  let negotiated = match[1] as string;
  if (match[3] !== undefined) {
    negotiated += "-preview";
    if (match[5] !== undefined) {
      negotiated += `.${Math.min(location.resourceVersion, Number(match[5]))}`;
    }
  }
  return negotiated;
}
