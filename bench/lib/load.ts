// Load generation with autocannon: a fixed number of connections for a fixed time, every response time recorded
// (autocannon's own histogram has no p95), and the status codes counted.
import autocannon from 'autocannon';

export interface LoadRequest {
  method: 'GET' | 'PATCH';
  path: string;
  headers?: Record<string, string>;
  body?: string;
  /** Called before each request on its connection's context; may change path, headers, body. */
  setup?: (request: autocannon.Request, context: Record<string, unknown>) => autocannon.Request;
  onResponse?: (status: number, context: Record<string, unknown>, headers: Record<string, unknown>) => void;
}

export interface LoadResult {
  requestsPerSecond: number;
  p50: number;
  p95: number;
  p99: number;
  max: number;
  responses: number;
  statusCounts: Record<string, number>;
  errors: number;
  durationS: number;
}

function percentile(sorted: readonly number[], p: number): number {
  if (sorted.length === 0) return Number.NaN;
  const index = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[index]!;
}

export async function runLoad(options: {
  url: string;
  connections: number;
  durationS: number;
  request: LoadRequest;
  headers?: Record<string, string>;
}): Promise<LoadResult> {
  const latencies: number[] = [];
  const statusCounts: Record<string, number> = {};
  const request: autocannon.Request = {
    method: options.request.method,
    path: options.request.path,
    ...(options.request.headers ? { headers: options.request.headers } : {}),
    ...(options.request.body === undefined ? {} : { body: options.request.body }),
  };
  const { setup, onResponse } = options.request;
  if (setup) request.setupRequest = (req, context) => setup(req, context as Record<string, unknown>);
  if (onResponse) {
    request.onResponse = (status, _body, context, headers) =>
      onResponse(status, context as Record<string, unknown>, headers ?? {});
  }
  const started = performance.now();
  const result = await new Promise<autocannon.Result>((resolve, reject) => {
    const instance = autocannon(
      {
        url: options.url,
        connections: options.connections,
        duration: options.durationS,
        ...(options.headers ? { headers: options.headers } : {}),
        requests: [request],
      },
      (error, done) => (error ? reject(error instanceof Error ? error : new Error(String(error))) : resolve(done)),
    );
    instance.on('response', (_client: unknown, statusCode: number, _bytes: number, responseTime: number) => {
      latencies.push(responseTime);
      statusCounts[statusCode] = (statusCounts[statusCode] ?? 0) + 1;
    });
  });
  const durationS = (performance.now() - started) / 1000;
  latencies.sort((a, b) => a - b);
  const ok = Object.entries(statusCounts)
    .filter(([status]) => status.startsWith('2'))
    .reduce((sum, [, n]) => sum + n, 0);
  return {
    requestsPerSecond: ok / result.duration,
    p50: percentile(latencies, 50),
    p95: percentile(latencies, 95),
    p99: percentile(latencies, 99),
    max: latencies.at(-1) ?? Number.NaN,
    responses: latencies.length,
    statusCounts,
    errors: result.errors,
    durationS,
  };
}
