import type { GraphQLFormattedError } from 'graphql';

export interface GraphQLResponse<T = any> {
  status: number;
  data?: T;
  errors?: GraphQLFormattedError[];
  headers: Headers;
}

/** One GraphQL operation over HTTP POST, as a third-party client sends it. */
export async function postGraphQL<T = any>(
  httpUrl: string,
  query: string,
  variables: Record<string, unknown> = {},
  options: { token?: string; cookie?: string; headers?: Record<string, string> } = {},
): Promise<GraphQLResponse<T>> {
  const headers: Record<string, string> = { 'content-type': 'application/json', ...options.headers };
  if (options.token) headers.authorization = `Bearer ${options.token}`;
  if (options.cookie) headers.cookie = options.cookie;
  const response = await fetch(httpUrl, { method: 'POST', headers, body: JSON.stringify({ query, variables }) });
  const text = await response.text();
  let body: any;
  try {
    body = JSON.parse(text);
  } catch {
    body = { errors: [{ message: text }] };
  }
  return { status: response.status, data: body.data ?? undefined, errors: body.errors, headers: response.headers };
}

/** The first error's code, for assertions. */
export const errorCode = (response: { errors?: readonly GraphQLFormattedError[] }) => response.errors?.[0]?.extensions?.code;

export interface SignedIn {
  token: string;
  user: { id: string; name: string };
  /** The Set-Cookie value the server sent, as a Cookie header. */
  cookie: string;
}

export async function login(httpUrl: string, name: string): Promise<SignedIn> {
  const response = await postGraphQL(httpUrl, `mutation ($name: String!) { login(name: $name) { token user { id name } } }`, {
    name,
  });
  if (!response.data?.login) throw new Error(`login(${name}) failed: ${JSON.stringify(response.errors)}`);
  const cookie = (response.headers.get('set-cookie') ?? '').split(';')[0]!;
  return { ...response.data.login, cookie };
}
