/** The Jira REST v3 endpoints the connector calls; each has its own rate-limit budget, as Jira limits per endpoint and method. */
export type JiraEndpoint = 'myself' | 'mypermissions' | 'status' | 'users' | 'projects' | 'search' | 'issue' | 'changelog' | 'worklog' | 'comment';
