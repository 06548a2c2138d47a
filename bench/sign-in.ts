// Signs residents in through the real login form, the way a browser does, and returns the
// session cookie of each, ready to send as a Cookie header.
export interface Credentials {
  login: string;
  password: string;
}

export async function signIn(baseUrl: string, residents: Credentials[], parallel = 4): Promise<string[]> {
  const cookies: string[] = [];
  let next = 0;
  const worker = async () => {
    while (next < residents.length) {
      const resident = residents[next++] as Credentials;
      cookies.push(await signInOne(baseUrl, resident));
    }
  };
  await Promise.all(Array.from({ length: parallel }, worker));
  return cookies;
}

/** A resident's filled-in sign-in form with its own CSRF cookie and token, as GET /login hands them out. */
export async function signInForm(baseUrl: string, r: Credentials): Promise<{ headers: Record<string, string>; body: string }> {
  const form = await fetch(`${baseUrl}/login`, { redirect: 'manual' });
  const csrfCookie = cookieFrom(form, 'kkp_csrf');
  const token = /name="_csrf" value="([^"]+)"/.exec(await form.text())?.[1];
  if (!csrfCookie || !token) throw new Error(`GET /login gave no CSRF cookie or field (status ${form.status})`);
  return {
    headers: { 'content-type': 'application/x-www-form-urlencoded', cookie: `kkp_csrf=${csrfCookie}` },
    body: new URLSearchParams({ _csrf: token, login: r.login, password: r.password, next: '/' }).toString(),
  };
}

async function signInOne(baseUrl: string, r: Credentials): Promise<string> {
  const res = await fetch(`${baseUrl}/login`, { method: 'POST', redirect: 'manual', ...(await signInForm(baseUrl, r)) });
  const session = cookieFrom(res, 'kkp_session');
  if (res.status !== 302 || !session) throw new Error(`Sign-in of ${r.login} failed: ${res.status} ${res.headers.get('location') ?? ''}`);
  return `kkp_session=${session}`;
}

function cookieFrom(res: Response, name: string): string | undefined {
  for (const header of res.headers.getSetCookie()) {
    const [pair] = header.split(';');
    const eq = pair?.indexOf('=') ?? -1;
    if (pair && eq > 0 && pair.slice(0, eq).trim() === name) return pair.slice(eq + 1);
  }
  return undefined;
}
