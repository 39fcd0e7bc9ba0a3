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

/** A staff session for the API: its cookie and CSRF token as request headers. */
export async function sessionHeaders(baseUrl: string, username: string, password: string): Promise<{ cookie: string; 'x-csrf-token': string }> {
  const response = await fetch(`${baseUrl}/api/session`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username, password }) });
  if (response.status !== 200) throw new Error(`log-in of ${username}: ${response.status} ${await response.text()}`);
  const { csrfToken } = (await response.json()) as { csrfToken: string };
  return { cookie: response.headers.getSetCookie().map((value) => value.split(';')[0]).join('; '), 'x-csrf-token': csrfToken };
}
