// A signed-in API client for the crash test: fetch with the session cookie, the same-origin header the CSRF
// guard expects, and a per-request timeout, so that a request cut off by the kill ends instead of hanging.
export interface ApiResponse {
  status: number;
  headers: Headers;
  body: unknown;
}

const SESSION_COOKIE = 'durchstarten_session';
const REQUEST_TIMEOUT_MS = 15_000;

export class ApiClient {
  readonly baseUrl: string;
  #cookie: string | undefined;

  constructor(baseUrl: string) {
    this.baseUrl = baseUrl;
  }

  async signIn(email: string, password: string): Promise<void> {
    const response = await this.request('POST', '/api/v1/auth/login', { json: { email, password } });
    const stage = (response.body as { stage?: unknown } | null)?.stage;
    // The demo accounts need no second factor; any other stage means the set-up is not what the test expects.
    if (response.status !== 200 || stage !== 'active') {
      throw new Error(`sign-in of ${email} failed: ${response.status} ${JSON.stringify(response.body)}`);
    }
  }

  async request(
    method: 'GET' | 'POST' | 'PATCH' | 'PUT' | 'DELETE',
    path: string,
    options: { json?: unknown; form?: FormData; headers?: Record<string, string> } = {},
  ): Promise<ApiResponse> {
    const headers: Record<string, string> = { 'sec-fetch-site': 'same-origin', ...options.headers };
    if (this.#cookie) headers.cookie = `${SESSION_COOKIE}=${this.#cookie}`;
    let body: string | FormData | undefined;
    if (options.json !== undefined) {
      headers['content-type'] = 'application/json';
      body = JSON.stringify(options.json);
    } else if (options.form) {
      body = options.form;
    }
    const response = await fetch(`${this.baseUrl}${path}`, {
      method,
      headers,
      ...(body === undefined ? {} : { body }),
      signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS),
    });
    for (const cookie of response.headers.getSetCookie()) {
      const match = new RegExp(`^${SESSION_COOKIE}=([^;]*)`).exec(cookie);
      if (match) this.#cookie = match[1] === '' ? undefined : match[1];
    }
    const text = await response.text();
    let parsed: unknown = text;
    if ((response.headers.get('content-type') ?? '').includes('json') && text !== '') parsed = JSON.parse(text);
    return { status: response.status, headers: response.headers, body: parsed };
  }
}

/** The version carried by a strong ETag ("3"). */
export function versionOf(response: ApiResponse): number | null {
  const match = /^"(\d+)"$/.exec(response.headers.get('etag') ?? '');
  return match?.[1] ? Number(match[1]) : null;
}
