// Times every request into the route-labelled histogram (the route pattern, never the raw URL:
// URLs carry resume and PDF tokens).
import type { RequestHandler } from 'express';
import type { Metrics } from './metrics.js';

export function requestMetrics(metrics: Metrics): RequestHandler {
  return (req, res, next) => {
    const end = metrics.httpDuration.startTimer({ method: req.method });
    res.on('finish', () => {
      const route = req.route?.path ? String(req.baseUrl + req.route.path) : 'unmatched';
      end({ route, status: String(res.statusCode) });
    });
    next();
  };
}
