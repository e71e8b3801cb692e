/** A tiny client of the backend's HTTP API (CONTRACT.md), shared by the demo and the journey test. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly body: unknown,
    what: string,
  ) {
    super(`${what} -> HTTP ${status}: ${JSON.stringify(body)}`);
  }
}

export type Identity = { user?: string; supplier?: string };

/** Extra headers that carry an identity: a bearer token for AUTH_MODE=jwt (the X-*-ID headers are always sent). */
export type Authorize = (as: Identity) => Record<string, string>;

/** What the API answers with: a resource with its id, other fields unknown to the demo. */
export type Resource = { id: string } & Record<string, unknown>;

export class ApiClient {
  requests = 0;

  constructor(
    private readonly baseUrl: string,
    private readonly authorize: Authorize = () => ({}),
  ) {}

  async call<T = Resource>(method: string, path: string, body?: unknown, as: Identity = {}, expected = [200, 201]): Promise<T> {
    const headers: Record<string, string> = { accept: 'application/json' };
    if (body !== undefined) headers['content-type'] = 'application/json';
    if (as.user) headers['x-user-id'] = as.user;
    if (as.supplier) headers['x-supplier-id'] = as.supplier;
    Object.assign(headers, this.authorize(as));
    this.requests += 1;
    const response = await fetch(`${this.baseUrl}${path}`, {
      method,
      headers,
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await response.text();
    const parsed = text ? JSON.parse(text) : undefined;
    if (!expected.includes(response.status)) throw new ApiError(response.status, parsed, `${method} ${path}`);
    return parsed as T;
  }

  post<T = Resource>(path: string, body?: unknown, as?: Identity) {
    return this.call<T>('POST', path, body, as);
  }
  patch<T = Resource>(path: string, body: unknown, as?: Identity) {
    return this.call<T>('PATCH', path, body, as);
  }
  get<T = Resource>(path: string, as?: Identity) {
    return this.call<T>('GET', path, undefined, as);
  }
  delete<T = Resource>(path: string, as?: Identity) {
    return this.call<T>('DELETE', path, undefined, as, [200, 204]);
  }
}
