/**
 * The settings of the Microsoft 365 source, as the CLI reads them from the environment and as
 * errors name them: the app registration (tenant, client id, client secret) and, for a simulator
 * or a national cloud, the Graph and login base URLs.
 */
export const microsoftSettings = {
  tenantId: 'MS_TENANT_ID',
  clientId: 'MS_CLIENT_ID',
  clientSecret: 'MS_CLIENT_SECRET',
  graphUrl: 'MS_GRAPH_URL',
  loginUrl: 'MS_LOGIN_URL',
} as const;
