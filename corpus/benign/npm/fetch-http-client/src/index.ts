export type Method = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE' | 'HEAD';

export interface Options extends Omit<RequestInit, 'method' | 'body'> {
  method?: Method;
  json?: unknown;
  body?: BodyInit;
  searchParams?: Record<string, string | number | boolean>;
  timeout?: number;
  retry?: number;
  hooks?: { beforeRequest?: ((req: Request) => Request | void)[] };
}

export class HTTPError extends Error {
  constructor(public response: Response, public request: Request) {
    super(`Request failed with status ${response.status} ${response.statusText}: ${request.method} ${request.url}`);
    this.name = 'HTTPError';
  }
}

const RETRY_STATUS = new Set([408, 413, 429, 500, 502, 503, 504]);
const RETRY_METHODS = new Set(['GET', 'PUT', 'HEAD', 'DELETE']);
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function request(input: string | URL, opts: Options = {}): Promise<Response> {
  const { json, searchParams, timeout = 10_000, retry = 2, hooks, method = 'GET', ...init } = opts;
  const url = new URL(input);
  for (const [k, v] of Object.entries(searchParams ?? {})) url.searchParams.set(k, String(v));
  const headers = new Headers(init.headers);
  let body = opts.body;
  if (json !== undefined) {
    headers.set('content-type', 'application/json');
    body = JSON.stringify(json);
  }
  for (let attempt = 0; ; attempt++) {
    let req = new Request(url, { ...init, method, headers, body, signal: AbortSignal.timeout(timeout) });
    for (const hook of hooks?.beforeRequest ?? []) req = hook(req) ?? req;
    const res = await fetch(req);
    if (res.ok) return res;
    if (attempt < retry && RETRY_METHODS.has(method) && RETRY_STATUS.has(res.status)) {
      const after = Number(res.headers.get('retry-after'));
      await sleep(Number.isFinite(after) && after > 0 ? after * 1000 : 300 * 2 ** attempt);
      continue;
    }
    throw new HTTPError(res, req);
  }
}

const verb = (method: Method) => (url: string | URL, opts: Options = {}) => request(url, { ...opts, method });

export const http = Object.assign(request, {
  get: verb('GET'),
  post: verb('POST'),
  put: verb('PUT'),
  patch: verb('PATCH'),
  delete: verb('DELETE'),
  head: verb('HEAD'),
  /** POST `data` as JSON and parse the JSON reply. */
  async postJson<T>(url: string | URL, data: unknown, opts: Options = {}): Promise<T> {
    const res = await request(url, { ...opts, method: 'POST', json: data });
    return (await res.json()) as T;
  },
});

export default http;
