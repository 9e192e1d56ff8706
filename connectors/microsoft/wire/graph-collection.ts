import { z } from 'zod';

/** A Graph collection page: its items unparsed (each is parsed alone), and where to go next. */
export const GraphCollection = z.object({
  value: z.array(z.unknown()),
  '@odata.nextLink': z.string().optional(),
  '@odata.deltaLink': z.string().optional(),
});
/** A Graph collection page. */
export type GraphCollection = z.infer<typeof GraphCollection>;
