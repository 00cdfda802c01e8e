/**
 * Runtime configuration: where the REST and WebSocket APIs are. Read once from `/config.json`, which
 * the deployment writes from the stack's outputs (infra_cdk/constructs/hosting.py) and the local
 * gateway serves for the embedded platform (same origin, `/ws`). One build serves every stack.
 */
export interface RuntimeConfig {
  /** Base URL of the REST API without `/v1`; empty means this origin. */
  apiUrl: string;
  /** Full WebSocket URL (`wss://…/live` on AWS, `ws(s)://host/ws` locally). */
  wsUrl: string;
  userPoolId?: string;
  userPoolClientId?: string;
  region?: string;
}

let loading: Promise<RuntimeConfig> | null = null;

function parse(raw: unknown): RuntimeConfig {
  const c = raw as Partial<RuntimeConfig> | null;
  if (!c || typeof c.apiUrl !== "string" || typeof c.wsUrl !== "string" || !/^wss?:\/\//.test(c.wsUrl)) {
    throw new Error("config.json must name apiUrl (string) and wsUrl (ws:// or wss:// URL)");
  }
  return { ...c, apiUrl: c.apiUrl.replace(/\/+$/, ""), wsUrl: c.wsUrl } as RuntimeConfig;
}

/** The configuration, fetched once per page load; a failed fetch is retried on the next call. */
export function runtimeConfig(): Promise<RuntimeConfig> {
  loading ??= fetch("/config.json", { cache: "no-store" })
    .then((r) => {
      if (!r.ok) throw new Error(`config.json: HTTP ${r.status}`);
      return r.json();
    })
    .then(parse)
    .catch((e: unknown) => {
      loading = null;
      throw e;
    });
  return loading;
}

/** An absolute REST URL for a path starting with `/v1`. */
export async function apiUrl(path: string): Promise<string> {
  return `${(await runtimeConfig()).apiUrl}${path}`;
}
