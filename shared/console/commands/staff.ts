// Console commands: signing in and out, one's own password, and staff management.
import { publicCommand, staffCommand, type CommandContext, type StaffContext } from '../command.ts';
import type { IssuedPassword, SignedInView, StaffListItem, StaffView } from '../views.ts';
import { writeAudit } from '../../audit/write.ts';
import { changeOwnStaffPassword } from '../../staff/password.ts';
import { createStaffMember, listStaff, resetStaffPassword, updateStaffMember, type StaffActor } from '../../staff/manage.ts';
import {
  changeOwnPasswordSchema, createStaffSchema, noInputSchema, signInSchema, staffIdSchema, updateStaffSchema,
} from '../../staff/schemas.ts';
import { createStaffSession, endStaffSession } from '../../staff/sessions.ts';
import { signInStaff } from '../../staff/sign-in.ts';
import { toStaffView } from '../../staff/users.ts';

const actorOf = (ctx: StaffContext): StaffActor => ({ id: ctx.staff.id, ip: ctx.origin, now: ctx.now() });

export const staffCommands = {
  signIn: publicCommand({
    access: 'public',
    input: signInSchema,
    async run(ctx: CommandContext, input): Promise<SignedInView> {
      const now = ctx.now();
      const staff = await signInStaff(ctx.db, { ...input, ip: ctx.origin, now, timeZone: ctx.config.timeZone });
      // A new session at every sign-in; whatever session the transport held before ends.
      if (ctx.token) await endStaffSession(ctx.db, ctx.token);
      const session = await createStaffSession(ctx.db, { staffId: staff.id, client: ctx.client, ip: ctx.origin, now });
      ctx.session.start(session.token, session.expiresAt);
      return { ...toStaffView(staff), timeZone: ctx.config.timeZone };
    },
  }),

  signOut: staffCommand({
    access: 'staff',
    input: noInputSchema,
    async run(ctx): Promise<null> {
      if (ctx.token) await endStaffSession(ctx.db, ctx.token);
      ctx.session.end();
      await writeAudit(ctx.db, {
        actorType: 'staff', actorId: ctx.staff.id, action: 'staff.sign_out', subjectType: 'staff_user', subjectId: ctx.staff.id,
        ip: ctx.origin, at: ctx.now(),
      });
      return null;
    },
  }),

  currentStaff: publicCommand({
    access: 'public',
    input: noInputSchema,
    async run(ctx: CommandContext): Promise<SignedInView | null> {
      return ctx.staff ? { ...toStaffView(ctx.staff), timeZone: ctx.config.timeZone } : null;
    },
  }),

  changeOwnPassword: staffCommand({
    access: 'staff',
    input: changeOwnPasswordSchema,
    async run(ctx, input): Promise<StaffView> {
      const session = await changeOwnStaffPassword(ctx.db, {
        ...input, staffId: ctx.staff.id, token: ctx.token, client: ctx.client, ip: ctx.origin, now: ctx.now(),
      });
      // The old token ended with the password: the transport continues with the new one.
      ctx.session.start(session.token, session.expiresAt);
      return toStaffView({ ...ctx.staff, mustChangePassword: false });
    },
  }),

  listStaff: staffCommand({
    access: 'administrator',
    input: noInputSchema,
    run: (ctx): Promise<StaffListItem[]> => listStaff(ctx.db, actorOf(ctx)),
  }),

  createStaff: staffCommand({
    access: 'administrator',
    input: createStaffSchema,
    run: (ctx, input): Promise<IssuedPassword> => createStaffMember(ctx.db, actorOf(ctx), input),
  }),

  updateStaff: staffCommand({
    access: 'administrator',
    input: updateStaffSchema,
    run: (ctx, input): Promise<StaffListItem> => updateStaffMember(ctx.db, actorOf(ctx), input),
  }),

  resetStaffPassword: staffCommand({
    access: 'administrator',
    input: staffIdSchema,
    run: (ctx, input): Promise<IssuedPassword> => resetStaffPassword(ctx.db, actorOf(ctx), input.id),
  }),
} as const;
