import type { z } from 'zod';
import { gatewayUrl } from '../config';

/** One problem with one field of a request, as the gateway names it (`field`, or zod's `issues[].path`). */
export interface FieldProblem {
  field: string;
  message: string;
}

/**
 * A failed call to the gateway. `status` 0: the gateway could not be reached. `fields`: the
 * request's fields the gateway refused (a domain `InvalidInputError(field, …)` answers
 * `{ message, field }`; a refused body `{ message, issues: [{ path, message }] }`), so a form can
 * show each message next to its field.
 */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    message: string,
    readonly fields: FieldProblem[] = [],
  ) {
    super(message);
    this.name = 'ApiError';
  }

  get unreachable(): boolean {
    return this.status === 0;
  }
}

export type QueryValue = string | number | boolean | null | undefined;

export interface RequestOptions<T> {
  /** Parses the answer at the boundary; without it the answer is trusted to be a T. */
  schema?: z.ZodType<T>;
  query?: Record<string, QueryValue>;
  signal?: AbortSignal;
}

export interface GatewayClientOptions {
  baseUrl?: string;
  /** The session's access token, sent as `Authorization: Bearer …`. */
  token?: string;
  /** Called on a 401 (the session expired or was ended): the console goes back to the login page. */
  onUnauthorized?: () => void;
}

/** The gateway's HTTP API, JSON both ways, with the session's token: the only way the console calls the platform. */
export class GatewayClient {
  constructor(private readonly options: GatewayClientOptions = {}) {}

  get<T>(path: string, options?: RequestOptions<T>): Promise<T> {
    return this.request('GET', path, undefined, options);
  }

  post<T = unknown>(path: string, body?: unknown, options?: RequestOptions<T>): Promise<T> {
    return this.request('POST', path, body, options);
  }

  put<T = unknown>(path: string, body?: unknown, options?: RequestOptions<T>): Promise<T> {
    return this.request('PUT', path, body, options);
  }

  patch<T = unknown>(path: string, body?: unknown, options?: RequestOptions<T>): Promise<T> {
    return this.request('PATCH', path, body, options);
  }

  delete<T = unknown>(path: string, options?: RequestOptions<T>): Promise<T> {
    return this.request('DELETE', path, undefined, options);
  }

  /** A file's own bytes, with its type and (URI-encoded) name: how the gateway's `POST /media` takes it. */
  upload<T = unknown>(path: string, file: File, options?: RequestOptions<T>): Promise<T> {
    return this.request('POST', path, file, options);
  }

  private async request<T>(method: string, path: string, body: unknown, options: RequestOptions<T> = {}): Promise<T> {
    const headers: Record<string, string> = { accept: 'application/json' };
    if (this.options.token) headers.authorization = `Bearer ${this.options.token}`;
    const isFile = typeof File !== 'undefined' && body instanceof File;
    if (isFile) {
      headers['content-type'] = body.type || 'application/octet-stream';
      headers['x-filename'] = encodeURIComponent(body.name);
    } else if (body !== undefined) headers['content-type'] = 'application/json';
    let response: Response;
    try {
      response = await fetch(`${this.options.baseUrl ?? gatewayUrl()}${path}${queryString(options.query)}`, {
        method,
        headers,
        body: body === undefined ? undefined : isFile ? body : JSON.stringify(body),
        signal: options.signal,
      });
    } catch (failure) {
      if (options.signal?.aborted) throw failure;
      throw new ApiError(0, 'The gateway cannot be reached');
    }
    const text = await response.text();
    let parsed: unknown;
    try {
      parsed = text ? JSON.parse(text) : undefined;
    } catch {
      parsed = undefined;
    }
    if (!response.ok) {
      if (response.status === 401 && this.options.token) this.options.onUnauthorized?.();
      throw errorFrom(response.status, parsed);
    }
    if (!options.schema) return parsed as T;
    const result = options.schema.safeParse(parsed);
    if (!result.success)
      throw new ApiError(response.status, `Unexpected answer from ${path}: ${result.error.issues[0]?.message ?? 'invalid'}`);
    return result.data;
  }
}

function queryString(query: Record<string, QueryValue> | undefined): string {
  if (!query) return '';
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(query)) if (value !== undefined && value !== null) params.set(key, String(value));
  const text = params.toString();
  return text ? `?${text}` : '';
}

/** The gateway's error body (service-kit's AllExceptionsFilter and ZodValidationPipe) as an ApiError. */
export function errorFrom(status: number, body: unknown): ApiError {
  const record = typeof body === 'object' && body !== null ? (body as Record<string, unknown>) : {};
  const message = typeof record.message === 'string' ? record.message : `Request failed (${status})`;
  const fields: FieldProblem[] = [];
  if (typeof record.field === 'string') fields.push({ field: record.field, message });
  if (Array.isArray(record.issues)) {
    for (const issue of record.issues as unknown[]) {
      const entry = typeof issue === 'object' && issue !== null ? (issue as Record<string, unknown>) : {};
      if (typeof entry.path === 'string' && entry.path && typeof entry.message === 'string')
        fields.push({ field: entry.path, message: entry.message });
    }
  }
  return new ApiError(status, message, fields);
}
