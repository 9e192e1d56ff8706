import { z } from 'zod';

/** The fields of a service account JSON key file the connector signs with; the rest is dropped. */
export const GoogleServiceAccount = z.object({
  type: z.literal('service_account'),
  client_email: z.string().min(3),
  private_key: z.string().includes('PRIVATE KEY'),
  private_key_id: z.string().optional(),
  token_uri: z.url().optional(),
});
/** A service account JSON key, allow-listed. */
export type GoogleServiceAccount = z.infer<typeof GoogleServiceAccount>;
