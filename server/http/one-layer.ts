// Several middlewares run as one router layer, in order, as the router runs a layer's handler
// (router 2's Layer.handleRequest): `next(err)` or a throw skips the rest and goes to the error
// handlers, and so does a returned promise that rejects (a falsy reason as the router's 'Rejected
// promise' Error). For the hot path: each layer the router walks costs a path match and a dispatch
// on every request (docs/benchmarks.md, round 9, the API thread). Only for middlewares that never
// call next('route') or next('router'): here those end the whole layer.
import type { NextFunction, Request, Response } from 'express';

type Middleware = (req: Request, res: Response, next: NextFunction) => unknown;

export function oneLayer(...handlers: readonly Middleware[]): (req: Request, res: Response, next: NextFunction) => void {
  return (req, res, next) => {
    let i = 0;
    const step = (err?: unknown): void => {
      if (err !== undefined || i === handlers.length) {
        next(err);
        return;
      }
      try {
        const ret = handlers[i++]!(req, res, step);
        if (ret instanceof Promise) ret.then(undefined, (reason: unknown) => next(reason || new Error('Rejected promise')));
      } catch (thrown) {
        next(thrown);
      }
    };
    step();
  };
}
