import { HttpStatus } from '@nestjs/common';
import type { Response } from 'express';
import type { UpstreamResponse } from './upstream-client';

export interface CallerHeaders {
  authorization?: string;
  'x-correlation-id'?: string;
}

/** The owner's 2xx/4xx answer is the console's answer; its 5xx is our 502. */
export function relay(res: Response, upstream: UpstreamResponse): unknown {
  if (upstream.status >= 500) {
    res.status(HttpStatus.BAD_GATEWAY);
    return { statusCode: HttpStatus.BAD_GATEWAY, message: 'an upstream service failed' };
  }
  res.status(upstream.status);
  return upstream.body;
}
