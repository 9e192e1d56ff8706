import type { Context, Middleware } from '@microsoft/microsoft-graph-client';
import type { GraphFetch } from './graph-fetch.ts';

/** The last link of the Graph client's middleware chain: sends the request through a given fetch. */
export class FetchHandler implements Middleware {
  constructor(private readonly send: GraphFetch) {}

  async execute(context: Context): Promise<void> {
    context.response = await this.send(context.request, context.options as RequestInit | undefined);
  }
}
