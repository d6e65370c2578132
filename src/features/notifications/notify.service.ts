import type { Kysely, Transaction } from 'kysely';
import type { DB } from '../../infra/db/schema.ts';
import type { JobQueue } from '../../infra/jobs.ts';
import { enqueueMail, type MailJobData } from '../../worker.ts';
import { renderMail } from '../mails/render.ts';
import {
  agentMail,
  eventSentence,
  NOTIFICATION_TYPE_OF,
  type NotificationType,
  type NotifyEvent,
  usagerMail,
} from './notification.messages.ts';
import {
  activeUsers,
  agentsOfPartenaires,
  insertNotifications,
  loadSignalementFacts,
  partenaireNomOfAffectation,
  partnerMailboxes,
  type Recipient,
  responsablesOf,
  subscribersOf,
  userName,
} from './notification.repository.ts';

export type { NotificationType, NotifyEvent };

export interface NotifyInput {
  event: NotifyEvent;
  signalementId: number;
  suiviId?: number;
  affectationId?: number;
  /** Who should hear about it; the service resolves people, removes the acting user and duplicates,
   *  honours notification_preference (EACH / DIGEST / NONE) and is_mailing_active, puts agents in BCC. */
  to: {
    subscribers?: boolean;
    responsables?: boolean;
    partenaireIds?: number[];
    utilisateurIds?: number[];
    usager?: boolean;
  };
  actorId: number | null;
}

export interface NotifyDeps {
  jobs?: JobQueue;
  appUrl: string;
  /** The visible "To" of agent e-mails (agents are in BCC): the platform's own address (config.mail.from). */
  mailFrom?: string;
  /** Without a job queue (jobs disabled), e-mails are added here for the caller to send after the commit
   *  (`sendMailNow`); with neither, only the in-app notifications are written. */
  deferred?: MailJobData[];
}

/** Used when the caller does not give `mailFrom`. */
export const DEFAULT_NEUTRAL_TO = 'ne-pas-repondre@histologe.beta.gouv.fr';
/** Agent e-mails go in BCC by groups of this size (SMTP relays limit recipients per message). */
export const BCC_CHUNK = 50;

function addAll(into: Map<number, Recipient>, list: readonly Recipient[]) {
  for (const r of list) if (!into.has(r.id)) into.set(r.id, r);
}

function uniqueEmails(
  list: readonly (string | null | undefined)[],
  exclude: ReadonlySet<string> = new Set(),
) {
  const seen = new Set<string>(exclude);
  const out: string[] = [];
  for (const raw of list) {
    const e = raw?.trim();
    if (!e || seen.has(e.toLowerCase())) continue;
    seen.add(e.toLowerCase());
    out.push(e);
  }
  return out;
}

/**
 * Writes the in-app notifications of one event and queues its e-mails, inside the caller's transaction
 * (nothing is sent if it rolls back). Rules (spec §6.16, integrations §3.3):
 * - people are resolved from `to`, each once; the acting user is never notified of their own action;
 * - every agent gets an in-app notification; e-mail by preference: EACH → in the event's e-mail (BCC),
 *   DIGEST → flagged for the daily summary, NONE → nothing; `is_mailing_active = false` → no e-mail at all;
 * - a partner's generic mailbox gets the e-mail when the partner accepts notifications and the actor is not
 *   one of its members;
 * - a new suivi on a closed dossier writes in-app rows only (no e-mail to agents);
 * - usagers (occupant and déclarant e-mails) get their own e-mail for the events that concern them, never
 *   when the logement is vacant, never at an address already reached as an agent.
 */
export async function notify(
  trx: Kysely<DB> | Transaction<DB>,
  deps: NotifyDeps,
  input: NotifyInput,
): Promise<void> {
  const s = await loadSignalementFacts(trx, input.signalementId);
  if (!s) return;
  const { to, actorId } = input;

  const people = new Map<number, Recipient>();
  if (to.responsables) addAll(people, await responsablesOf(trx, s.territoireId));
  if (to.subscribers) addAll(people, await subscribersOf(trx, s.id));
  const partenaireIds = [...new Set(to.partenaireIds ?? [])];
  if (partenaireIds.length) addAll(people, await agentsOfPartenaires(trx, partenaireIds));
  if (to.utilisateurIds?.length) addAll(people, await activeUsers(trx, [...new Set(to.utilisateurIds)]));
  if (actorId !== null) people.delete(actorId);

  const facts = {
    reference: s.reference,
    commune: s.villeOccupant,
    partenaireNom: input.affectationId ? await partenaireNomOfAffectation(trx, input.affectationId) : null,
    actorName: actorId !== null ? await userName(trx, actorId) : null,
  };
  const recipients = [...people.values()];
  const type: NotificationType = NOTIFICATION_TYPE_OF[input.event];
  const description = eventSentence(input.event, facts);

  await insertNotifications(
    trx,
    recipients.map((r) => ({
      utilisateurId: r.id,
      type,
      signalementId: s.id,
      suiviId: input.suiviId ?? null,
      affectationId: input.affectationId ?? null,
      description,
      waitMailingSummary: r.isMailingActive && r.notificationPreference === 'DIGEST',
    })),
  );

  const canMail = !!deps.jobs || !!deps.deferred;
  const queue = async (mail: MailJobData) => {
    if (!canMail) return;
    const isTrx = (trx as Transaction<DB>).isTransaction;
    await enqueueMail({ jobs: deps.jobs }, mail, {
      ...(isTrx ? { trx: trx as Transaction<DB> } : {}),
      ...(deps.deferred ? { deferred: deps.deferred } : {}),
    });
  };

  // Agents: one e-mail, everybody in BCC, a neutral To.
  const agentsMailed = new Set<string>();
  const mailAgents = !(input.event === 'SUIVI_NOUVEAU' && s.statut === 'CLOSED');
  if (mailAgents) {
    const actorEmail =
      actorId !== null ? (await activeUsers(trx, [actorId]))[0]?.email?.toLowerCase() : undefined;
    const bcc = uniqueEmails(
      [
        ...recipients
          .filter((r) => r.isMailingActive && r.notificationPreference === 'EACH')
          .map((r) => r.email),
        ...(await partnerMailboxes(trx, partenaireIds, actorId)),
      ],
      new Set(actorEmail ? [actorEmail] : []),
    );
    if (bcc.length) {
      const content = renderMail(agentMail(input.event, facts, `${deps.appUrl}/bo/signalements/${s.uuid}`));
      for (let i = 0; i < bcc.length; i += BCC_CHUNK) {
        await queue({
          to: deps.mailFrom ?? DEFAULT_NEUTRAL_TO,
          bcc: bcc.slice(i, i + BCC_CHUNK),
          ...content,
          signalementId: s.id,
        });
      }
    }
    for (const e of bcc) agentsMailed.add(e.toLowerCase());
    // Agents not mailed (digest, none) are not usagers either: never send them the usager e-mail.
    for (const r of recipients) agentsMailed.add(r.email.toLowerCase());
  } else {
    for (const r of recipients) agentsMailed.add(r.email.toLowerCase());
  }

  // Usagers: each address gets its own e-mail (they do not see each other's address).
  if (to.usager && !s.isLogementVacant) {
    const mail = usagerMail(input.event, s.reference, `${deps.appUrl}/suivre-mon-signalement/${s.codeSuivi}`);
    if (mail) {
      const content = renderMail(mail);
      for (const email of uniqueEmails([s.occupantEmail, s.declarantEmail], agentsMailed)) {
        await queue({ to: email, ...content, signalementId: s.id });
      }
    }
  }
}
