// Residents' requests: list → choose where to write → the form (multipart, with photos) →
// the request's page with its thread. Handlers read: authenticate → read the form (CSRF first)
// → validate → use-case → redirect; a refused form comes back with what was typed.
import { open, type FileHandle } from 'node:fs/promises';
import Router from '@koa/router';
import { DomainError, notFound } from '../../../shared/errors.ts';
import { getProfile } from '../../../shared/profile/profile.ts';
import { isRequestChannel, type RequestChannel } from '../../../shared/requests/categories.ts';
import { photoPath, removePhotos } from '../../../shared/requests/photos.ts';
import {
  addResidentMessage, createRequest, getResidentRequest, listResidentRequests, residentPhoto,
} from '../../../shared/requests/resident.ts';
import { messageBodySchema, parseNewRequest } from '../../../shared/requests/schemas.ts';
import { resolveAccount } from '../../../shared/residents/accounts.ts';
import { getSetting } from '../../../shared/settings/settings.ts';
import { fieldErrorsOf } from '../../../shared/validation.ts';
import type { SiteContext, SiteDeps, SiteState } from '../../context.ts';
import { clientIp, requireResident, type Resident } from '../../guards.ts';
import { renderPage } from '../../render.ts';
import { readPhotoForm } from './photo-form.ts';
import { chooseChannelView, requestFormView, requestView, requestsListView, type RequestFormPage, type RequestFormValues } from './views.ts';

const text = (value: unknown) => (typeof value === 'string' ? value : '');

function idParam(value: string | undefined): number {
  const id = Number(value);
  if (!Number.isSafeInteger(id) || id <= 0) throw notFound('Обращение не найдено');
  return id;
}

export function requestsRoutes(deps: SiteDeps): Router<SiteState> {
  const router = new Router<SiteState>();

  async function showForm(ctx: SiteContext, resident: Resident, form: Omit<RequestFormPage, 'csrfToken' | 'emergencyPhone' | 'account'> & { accountId?: number }, status = 200) {
    const account = form.accountId ? await resolveAccount(deps.db, resident.userId, { id: form.accountId }).catch(() => resident.current) : resident.current;
    const emergencyPhone = await getSetting(deps.db, 'emergency.phone');
    ctx.status = status;
    const title = form.channel === 'emergency' ? 'Сообщить об аварии' : 'Вопрос в абонентский отдел';
    await renderPage(ctx, deps, { title, content: requestFormView({ ...form, account, csrfToken: ctx.state.csrfToken, emergencyPhone }) });
  }

  async function showRequest(ctx: SiteContext, resident: Resident, id: number, form: { body: string; errors: ReturnType<typeof fieldErrorsOf>; message?: string } | null, status = 200) {
    const request = await getResidentRequest(deps.db, resident.userId, id);
    ctx.status = status;
    await renderPage(ctx, deps, {
      title: `Обращение ${request.number}`,
      content: requestView({
        csrfToken: ctx.state.csrfToken, request, timeZone: deps.config.timeZone,
        created: !form && ctx.query.done === 'created', messageSent: !form && ctx.query.done === 'message',
        values: { body: form?.body ?? '' }, errors: form?.errors ?? [], message: form?.message,
      }),
    });
  }

  router.get('/requests', async (ctx) => {
    const resident = requireResident(ctx);
    const items = await listResidentRequests(deps.db, resident.userId);
    await renderPage(ctx, deps, { title: 'Обращения', content: requestsListView({ items, timeZone: deps.config.timeZone }) });
  });

  router.get('/requests/new', async (ctx) => {
    const resident = requireResident(ctx);
    const channel = ctx.query.channel;
    if (!isRequestChannel(channel)) {
      const emergencyPhone = await getSetting(deps.db, 'emergency.phone');
      return renderPage(ctx, deps, { title: 'Новое обращение', content: chooseChannelView({ emergencyPhone }) });
    }
    const profile = await getProfile(deps.db, resident.userId);
    await showForm(ctx, resident, { channel, values: { category: '', description: '', contactPhone: profile.phone ?? '' }, errors: [] });
  });

  router.post('/requests', async (ctx) => {
    const resident = requireResident(ctx);
    let form: Awaited<ReturnType<typeof readPhotoForm>>;
    try {
      form = await readPhotoForm(ctx.req, { uploadDir: deps.config.uploadDir, csrfToken: ctx.state.csrfToken, timeouts: deps.config.uploadTimeouts });
    } catch (err) {
      // A refused body is left unread: the connection closes after the answer rather than
      // wait for (or read) the rest of it.
      if (!ctx.req.complete) ctx.set('Connection', 'close');
      throw err;
    }
    const { fields, photos } = form;
    const channel: RequestChannel = fields.channel === 'emergency' ? 'emergency' : 'company';
    const values: RequestFormValues = { category: text(fields.category), description: text(fields.description), contactPhone: text(fields.contactPhone) };
    const accountId = Number(fields.accountId) || resident.current.id;
    const parsed = parseNewRequest(fields);
    const errors = [
      ...(parsed.ok ? [] : parsed.errors),
      ...form.photoErrors.map((message) => ({ field: 'photos', message })),
    ];
    if (!parsed.ok || errors.length > 0) {
      await removePhotos(deps.config.uploadDir, photos.map((p) => p.fileName));
      return showForm(ctx, resident, { channel, accountId, values, errors }, 400);
    }
    let created: { id: number };
    try {
      created = await createRequest(deps.db, { userId: resident.userId, accountId, ...parsed.data, photos, ip: clientIp(ctx), now: deps.now() });
    } catch (err) {
      await removePhotos(deps.config.uploadDir, photos.map((p) => p.fileName));
      if (err instanceof DomainError && err.id === 'rate_limited') return showForm(ctx, resident, { channel, accountId, values, errors: [], message: err.message }, 429);
      throw err;
    }
    ctx.redirect(`/requests/${created.id}?done=created`);
  });

  router.get('/requests/:id', async (ctx) => {
    const resident = requireResident(ctx);
    await showRequest(ctx, resident, idParam(ctx.params.id), null);
  });

  router.post('/requests/:id/messages', async (ctx) => {
    const resident = requireResident(ctx);
    const id = idParam(ctx.params.id);
    const body = (ctx.request.body ?? {}) as Record<string, unknown>;
    const parsed = messageBodySchema.safeParse(body.body);
    if (!parsed.success) {
      return showRequest(ctx, resident, id, { body: text(body.body), errors: fieldErrorsOf(parsed.error).map((e) => ({ ...e, field: 'body' })) }, 400);
    }
    try {
      await addResidentMessage(deps.db, { userId: resident.userId, requestId: id, body: parsed.data, ip: clientIp(ctx), now: deps.now() });
    } catch (err) {
      if (err instanceof DomainError && err.id === 'conflict') return showRequest(ctx, resident, id, { body: text(body.body), errors: [], message: err.message }, 409);
      throw err;
    }
    ctx.redirect(`/requests/${id}?done=message`);
  });

  router.get('/requests/:id/photos/:photoId', async (ctx) => {
    const resident = requireResident(ctx);
    const photo = await residentPhoto(deps.db, resident.userId, idParam(ctx.params.id), idParam(ctx.params.photoId));
    // Opened before anything is answered: a file missing from the disk (a lost backup, another
    // server's folder) is a 404 page, where a stream failing after the headers went out would
    // drop the connection.
    const file = await openPhoto(photoPath(deps.config.uploadDir, photo.fileName));
    ctx.set('Cache-Control', 'private, no-store');
    ctx.set('Content-Disposition', `inline; filename*=UTF-8''${encodeURIComponent(photo.originalName)}`);
    ctx.type = photo.mime;
    ctx.length = file.size;
    ctx.body = file.handle.createReadStream();
  });

  return router;
}

/** The photo's file, open, with its size; not_found when it is not on the disk. */
async function openPhoto(path: string): Promise<{ handle: FileHandle; size: number }> {
  let handle: FileHandle;
  try {
    handle = await open(path, 'r');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') throw notFound('Фотография не найдена');
    throw err;
  }
  try {
    return { handle, size: (await handle.stat()).size };
  } catch (err) {
    await handle.close();
    throw err;
  }
}
