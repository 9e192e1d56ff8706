/** Departments the simulator can create, each with how many leaf teams it tends to get and its team names. */
export const DEPARTMENT_CATALOG: readonly { name: string; weight: number; teams: readonly string[] }[] = [
  {
    name: 'Engineering',
    weight: 3,
    teams: ['Payments', 'Search', 'Platform', 'Mobile', 'Data Infrastructure', 'Identity', 'Growth Engineering', 'Reliability', 'Developer Tools', 'Billing'],
  },
  { name: 'Sales', weight: 2, teams: ['Americas Sales', 'EMEA Sales', 'APAC Sales', 'Sales Engineering', 'Partnerships', 'Renewals', 'Solutions Consulting', 'Customer Success', 'Inside Sales', 'Channel Sales'] },
  { name: 'Product', weight: 1.5, teams: ['Product Design', 'User Research', 'Product Management', 'Content Design', 'Analytics', 'Product Marketing', 'Localisation', 'Accessibility'] },
  { name: 'Operations', weight: 1.5, teams: ['Customer Support', 'IT', 'Security', 'Workplace', 'Logistics', 'Compliance', 'Vendor Management'] },
  { name: 'Finance', weight: 1, teams: ['Accounting', 'Planning', 'Procurement', 'Legal'] },
  { name: 'People', weight: 1, teams: ['Recruiting', 'People Operations', 'Learning'] },
];
