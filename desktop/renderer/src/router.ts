// A small hash router: the console is one page loaded from a file (Electron) or from the bridge,
// so the location's hash is the only address that survives a reload in both. Routes are parsed
// by a pure function the tests can call.
import { readonly, ref } from 'vue';

export type Route =
  | { name: 'today' }
  | { name: 'requests'; channel?: 'emergency' | 'company' }
  | { name: 'request'; id: number }
  | { name: 'feedback' }
  | { name: 'exchange' }
  | { name: 'receipts' }
  | { name: 'notices' }
  | { name: 'applications' }
  | { name: 'application'; id: number }
  | { name: 'residents'; query: string }
  | { name: 'resident'; userId: number }
  | { name: 'account'; accountId: number; period?: string }
  | { name: 'suspicious' }
  | { name: 'audit'; userId?: number; staffId?: number }
  | { name: 'settings' }
  | { name: 'staff' }
  | { name: 'password' };

export const DEFAULT_ROUTE: Route = { name: 'today' };

/** Reads '#/residents/12', '#/residents?q=…', '#/audit?userId=5' and the like. */
export function parseRoute(hash: string): Route {
  const raw = hash.replace(/^#/, '');
  const [path = '', search = ''] = raw.split('?', 2);
  const parts = path.split('/').filter(Boolean);
  const params = new URLSearchParams(search);
  const id = positive(parts[1]);
  switch (parts[0]) {
    case 'requests': {
      if (id) return { name: 'request', id };
      const channel = params.get('channel');
      return channel === 'emergency' || channel === 'company' ? { name: 'requests', channel } : { name: 'requests' };
    }
    case 'applications':
      return id ? { name: 'application', id } : { name: 'applications' };
    case 'residents':
      return id ? { name: 'resident', userId: id } : { name: 'residents', query: params.get('q') ?? '' };
    case 'accounts': {
      if (!id) return { name: 'residents', query: '' };
      const period = params.get('period');
      return period && /^\d{4}-\d{2}$/.test(period) ? { name: 'account', accountId: id, period } : { name: 'account', accountId: id };
    }
    case 'today':
    case 'feedback':
    case 'exchange':
    case 'receipts':
    case 'notices':
    case 'suspicious':
    case 'settings':
    case 'staff':
    case 'password':
      return { name: parts[0] };
    case 'audit': {
      const route: Route = { name: 'audit' };
      const userId = positive(params.get('userId'));
      const staffId = positive(params.get('staffId'));
      if (userId) route.userId = userId;
      if (staffId) route.staffId = staffId;
      return route;
    }
    default:
      return DEFAULT_ROUTE;
  }
}

/** The hash for a route; `parseRoute(routeHash(r))` gives `r` back. */
export function routeHash(route: Route): string {
  switch (route.name) {
    case 'request':
      return `#/requests/${route.id}`;
    case 'requests':
      return route.channel ? `#/requests?channel=${route.channel}` : '#/requests';
    case 'application':
      return `#/applications/${route.id}`;
    case 'resident':
      return `#/residents/${route.userId}`;
    case 'account':
      return route.period ? `#/accounts/${route.accountId}?period=${route.period}` : `#/accounts/${route.accountId}`;
    case 'residents':
      return route.query ? `#/residents?${new URLSearchParams({ q: route.query })}` : '#/residents';
    case 'audit': {
      const params = new URLSearchParams();
      if (route.userId) params.set('userId', String(route.userId));
      if (route.staffId) params.set('staffId', String(route.staffId));
      const search = params.toString();
      return search ? `#/audit?${search}` : '#/audit';
    }
    default:
      return `#/${route.name}`;
  }
}

/** Sections only an administrator may open (the commands refuse the rest anyway). */
export function isAdminOnly(route: Route): boolean {
  return route.name === 'settings' || route.name === 'staff';
}

const current = ref<Route>(DEFAULT_ROUTE);
export const route = readonly(current);

/** Follows the window's hash; call once at start. */
export function startRouter(): void {
  const sync = () => {
    current.value = parseRoute(window.location.hash);
  };
  window.addEventListener('hashchange', sync);
  sync();
}

export function navigate(to: Route): void {
  const hash = routeHash(to);
  if (window.location.hash === hash) current.value = parseRoute(hash);
  else window.location.hash = hash;
}

function positive(value: string | null | undefined): number | undefined {
  if (!value || !/^\d{1,12}$/.test(value)) return undefined;
  const number = Number(value);
  return number > 0 ? number : undefined;
}
