// Who is signed in. The app asks once at start (`restore`), then follows sign-in, sign-out,
// the forced password change and a session lost anywhere else.
import { defineStore } from 'pinia';
import { computed, onScopeDispose, readonly, ref } from 'vue';
import type { SignedInView, StaffView } from '../../../../shared/console/views.ts';
import { useApi } from '../api.ts';
import { setTimeZone } from '../format.ts';
import { onSessionLost } from '../session-events.ts';
import { attempt, createLoader, type Outcome } from './helpers.ts';

export const useSessionStore = defineStore('session', () => {
  const staff = ref<StaffView | null>(null);
  /** False until the first `currentStaff` answer: the app shows nothing but a loading note. */
  const known = ref(false);

  const current = createLoader(
    () => useApi().currentStaff({}),
    (value) => {
      follow(value);
      known.value = true;
    },
  );

  /** Who signed in; dates are shown in the company's zone from then on. */
  function follow(signedIn: SignedInView | null): void {
    staff.value = signedIn;
    if (signedIn) setTimeZone(signedIn.timeZone);
  }

  const stopListening = onSessionLost(() => {
    staff.value = null;
  });
  onScopeDispose(stopListening);

  const isAdmin = computed(() => staff.value?.role === 'administrator');
  const mustChangePassword = computed(() => staff.value?.mustChangePassword === true);

  async function restore(): Promise<void> {
    await current.load(undefined);
    // An unreachable backend still has to end in a screen: the sign-in form shows the error.
    known.value = true;
  }

  async function signIn(login: string, password: string): Promise<Outcome<SignedInView>> {
    const outcome = await attempt(() => useApi().signIn({ login, password }));
    if (outcome.ok) follow(outcome.value);
    return outcome;
  }

  async function signOut(): Promise<void> {
    await attempt(() => useApi().signOut({}));
    // Whatever the answer, this window no longer acts for the clerk.
    staff.value = null;
  }

  async function changePassword(currentPassword: string, newPassword: string): Promise<Outcome<unknown>> {
    const outcome = await attempt(() => useApi().changeOwnPassword({ currentPassword, newPassword }));
    if (outcome.ok && staff.value) staff.value = { ...staff.value, mustChangePassword: false };
    return outcome;
  }

  return {
    staff: readonly(staff),
    known: readonly(known),
    isAdmin,
    mustChangePassword,
    restoreError: current.error,
    restore,
    signIn,
    signOut,
    changePassword,
  };
});
