// Renders a page inside the layout with what every page needs: the signed-in user and accounts,
// the CSRF token, company contacts (cached briefly: they change rarely and are read on every page).
import type { Knex } from 'knex';
import type { AccountSummary } from '../shared/residents/accounts.ts';
import { loadCompanyInfo, type CompanyInfo } from '../shared/settings/company-info.ts';
import type { SiteContext, SiteDeps } from './context.ts';
import type { SafeHtml } from './views/html.ts';
import { layout, type PageUser } from './views/layout.ts';

const COMPANY_TTL_MS = 30_000;
const companyCache = new WeakMap<Knex, { at: number; info: Promise<CompanyInfo> }>();

export function companyInfo(deps: SiteDeps): Promise<CompanyInfo> {
  const cached = companyCache.get(deps.db);
  const now = Date.now();
  if (cached && now - cached.at < COMPANY_TTL_MS) return cached.info;
  const info = loadCompanyInfo(deps.db);
  companyCache.set(deps.db, { at: now, info });
  info.catch(() => companyCache.delete(deps.db));
  return info;
}

export interface ResidentView {
  userId: number;
  accounts: AccountSummary[];
  current: AccountSummary | null;
}

/** The signed-in resident's accounts (loaded with the session) and the one being viewed. */
export function residentView(ctx: SiteContext): ResidentView | null {
  const session = ctx.state.session;
  if (!session) return null;
  const { accounts } = session;
  const current = accounts.find((a) => a.id === session.currentAccountId) ?? accounts[0] ?? null;
  return { userId: session.userId, accounts, current };
}

export async function renderPage(ctx: SiteContext, deps: SiteDeps, page: { title: string; content: SafeHtml; refresh?: { seconds: number; url: string } }): Promise<void> {
  const company = await companyInfo(deps);
  const view = residentView(ctx);
  const session = ctx.state.session;
  const user: PageUser | null = session && view
    ? { login: session.login, fullName: session.fullName, accounts: view.accounts, currentAccount: view.current }
    : null;
  ctx.type = 'text/html; charset=utf-8';
  ctx.set('Cache-Control', 'no-store');
  // Encoded once here: a string body is measured for Content-Length and then encoded again
  // when written, a pass each over a page that is mostly Cyrillic.
  ctx.body = Buffer.from(layout(
    {
      title: page.title,
      csrfToken: ctx.state.csrfToken,
      user,
      path: ctx.path,
      cookieNoticeHidden: ctx.state.cookieNoticeHidden,
      company,
      refresh: page.refresh,
    },
    page.content,
  ));
}
