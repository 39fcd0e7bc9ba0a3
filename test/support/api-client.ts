/** The JSON API as the tests call it: status and body (JSON, else `{ text }`). */
export interface Answer {
  status: number;
  body: Record<string, unknown> & { error?: string; message?: string; fieldErrors?: Record<string, string[]>; text?: string };
}

export interface CallOptions {
  body?: unknown;
  headers?: Record<string, string>;
  form?: FormData;
}

export async function callApi(baseUrl: string, method: string, url: string, options: CallOptions = {}): Promise<Answer> {
  const response = await fetch(`${baseUrl}${url}`, {
    method,
    headers: { ...(options.body !== undefined ? { 'content-type': 'application/json' } : {}), ...options.headers },
    body: options.form ?? (options.body !== undefined ? JSON.stringify(options.body) : undefined),
  });
  const text = await response.text();
  return { status: response.status, body: text.startsWith('{') ? (JSON.parse(text) as Answer['body']) : { text } };
}
