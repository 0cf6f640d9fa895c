// The HTTP server the app runs in, with the deadlines node leaves loose by default. node gives a
// request 300 s to arrive and checks every 30 s: a client could hold a connection (and, before its
// body was in, a slot) for five minutes by sending a byte now and then. Here the whole request must
// arrive within REQUEST_TIMEOUT_SECONDS (30 s: a phone on a bad line uploads a 64 KB form in far
// less), its headers within 10 s, and the deadlines are checked every second. Past one, node
// answers 408 and closes the connection.
import http from 'node:http';
import type { Express } from 'express';

export const HEADERS_TIMEOUT_MS = 10_000;

export function createHttpServer(app: Express, requestTimeoutMs: number): http.Server {
  return http.createServer(
    {
      requestTimeout: requestTimeoutMs,
      headersTimeout: Math.min(HEADERS_TIMEOUT_MS, requestTimeoutMs),
      connectionsCheckingInterval: 1000,
    },
    app,
  );
}
