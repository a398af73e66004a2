// Request and response classes for node:http whose objects are born with the Express app's own
// prototypes (app.request, app.response). Express's app.handle sets those prototypes on every
// request (Object.setPrototypeOf). On a plain IncomingMessage or ServerResponse V8 then gives each
// request's objects a map of their own, so every property access on req and res (Node's HTTP
// code, the router, our middlewares) misses its inline cache; on objects born with them the call
// changes nothing and they share their maps (docs/benchmarks.md, round 9, the API thread).
import { IncomingMessage, ServerResponse } from 'node:http';
import type { Express } from 'express';

export interface MessageClasses {
  readonly IncomingMessage: typeof IncomingMessage;
  readonly ServerResponse: typeof ServerResponse;
}

/**
 * For http.createServer's and https.createServer's options: requests and responses born with
 * `app`'s prototypes. The app's prototypes become these classes' prototypes, each inheriting from
 * the one Express made (so req.app, req.get, res.json… are found as before). Subclasses, not plain
 * functions sharing the prototype: V8 sizes a subclass's objects from its base constructors, so
 * they keep fast properties.
 */
export function appBornMessages(app: Express): MessageClasses {
  class AppRequest extends IncomingMessage {}
  class AppResponse extends ServerResponse {}
  Object.setPrototypeOf(AppRequest.prototype, app.request);
  Object.setPrototypeOf(AppResponse.prototype, app.response);
  app.request = AppRequest.prototype as unknown as Express['request'];
  app.response = AppResponse.prototype as unknown as Express['response'];
  return { IncomingMessage: AppRequest, ServerResponse: AppResponse as typeof ServerResponse };
}
