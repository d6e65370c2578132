import type { MailContent } from '../mails/render.ts';

/**
 * Words of every notification: one sentence per event for the in-app list (and the digest), one e-mail for
 * agents and, for the events an usager hears about, one e-mail for them. Plain, kind French; no personal
 * data about the household in agent e-mails beyond the commune (the dossier page holds the rest).
 */

export type NotifyEvent =
  | 'SIGNALEMENT_NOUVEAU'
  | 'SIGNALEMENT_VALIDE'
  | 'SIGNALEMENT_REFUSE'
  | 'SIGNALEMENT_CLOTURE'
  | 'SIGNALEMENT_ROUVERT'
  | 'AFFECTATION_NOUVELLE'
  | 'AFFECTATION_ACCEPTEE'
  | 'AFFECTATION_REFUSEE'
  | 'AFFECTATION_CLOTUREE'
  | 'SUIVI_NOUVEAU'
  | 'ABONNEMENT_NOUVEAU'
  | 'PRISE_EN_CHARGE'
  | 'SUIVI_USAGER'
  | 'DEMANDE_ABANDON_PROCEDURE'
  | 'DEMANDE_POURSUITE_PROCEDURE';

export type NotificationType =
  | 'NOUVEAU_SIGNALEMENT'
  | 'NOUVEAU_SUIVI'
  | 'NOUVELLE_AFFECTATION'
  | 'CLOTURE_SIGNALEMENT'
  | 'CLOTURE_PARTENAIRE'
  | 'SUIVI_USAGER'
  | 'NOUVEL_ABONNEMENT'
  | 'DEMANDE_ABANDON_PROCEDURE';

/** The in-app type recorded for each event (values of the DB check constraint). */
export const NOTIFICATION_TYPE_OF: Record<NotifyEvent, NotificationType> = {
  SIGNALEMENT_NOUVEAU: 'NOUVEAU_SIGNALEMENT',
  SIGNALEMENT_VALIDE: 'NOUVEAU_SUIVI',
  SIGNALEMENT_REFUSE: 'NOUVEAU_SUIVI',
  SIGNALEMENT_CLOTURE: 'CLOTURE_SIGNALEMENT',
  SIGNALEMENT_ROUVERT: 'NOUVEAU_SUIVI',
  AFFECTATION_NOUVELLE: 'NOUVELLE_AFFECTATION',
  AFFECTATION_ACCEPTEE: 'NOUVEAU_SUIVI',
  AFFECTATION_REFUSEE: 'NOUVEAU_SUIVI',
  AFFECTATION_CLOTUREE: 'CLOTURE_PARTENAIRE',
  SUIVI_NOUVEAU: 'NOUVEAU_SUIVI',
  ABONNEMENT_NOUVEAU: 'NOUVEL_ABONNEMENT',
  PRISE_EN_CHARGE: 'NOUVEAU_SUIVI',
  SUIVI_USAGER: 'SUIVI_USAGER',
  DEMANDE_ABANDON_PROCEDURE: 'DEMANDE_ABANDON_PROCEDURE',
  DEMANDE_POURSUITE_PROCEDURE: 'SUIVI_USAGER',
};

export interface EventFacts {
  reference: string;
  commune: string;
  /** Partner of the affectation, for affectation events. */
  partenaireNom?: string | null;
  /** Who acted (first name and name), when known. */
  actorName?: string | null;
}

/** The sentence shown in the in-app list and the digest (the reference is shown next to it). */
export function eventSentence(event: NotifyEvent, f: EventFacts): string {
  const partner = f.partenaireNom || 'Un partenaire';
  const by = f.actorName ? ` par ${f.actorName}` : '';
  switch (event) {
    case 'SIGNALEMENT_NOUVEAU':
      return `Nouveau signalement à valider (${f.commune})`;
    case 'SIGNALEMENT_VALIDE':
      return `Le signalement a été validé${by}`;
    case 'SIGNALEMENT_REFUSE':
      return `Le signalement a été refusé${by}`;
    case 'SIGNALEMENT_CLOTURE':
      return `Le dossier a été clôturé pour tous les partenaires${by}`;
    case 'SIGNALEMENT_ROUVERT':
      return `Le dossier a été rouvert${by}`;
    case 'AFFECTATION_NOUVELLE':
      return `Nouveau dossier affecté à ${partner} (${f.commune})`;
    case 'AFFECTATION_ACCEPTEE':
      return `${partner} a accepté le dossier`;
    case 'AFFECTATION_REFUSEE':
      return `${partner} a refusé le dossier`;
    case 'AFFECTATION_CLOTUREE':
      return `${partner} a terminé son intervention sur le dossier`;
    case 'SUIVI_NOUVEAU':
      return f.actorName ? `Nouveau suivi ajouté par ${f.actorName}` : 'Nouveau suivi sur le dossier';
    case 'ABONNEMENT_NOUVEAU':
      return f.actorName
        ? `${f.actorName} a ajouté votre nom aux personnes qui suivent ce dossier`
        : 'Vous suivez désormais ce dossier';
    case 'PRISE_EN_CHARGE':
      return 'Le dossier est pris en charge par un partenaire';
    case 'SUIVI_USAGER':
      return 'Nouveau message ou document de l’usager';
    case 'DEMANDE_ABANDON_PROCEDURE':
      return 'L’usager demande l’arrêt de la procédure';
    case 'DEMANDE_POURSUITE_PROCEDURE':
      return 'L’usager souhaite que la procédure continue';
  }
}

const AGENT_FOOTER =
  'Vous recevez ce message car vous intervenez sur ce dossier dans Histologe. Vous pouvez choisir de recevoir un seul résumé par jour, ou aucun e-mail, dans les paramètres de votre compte.';

/** One e-mail for every agent concerned (they are in BCC). */
export function agentMail(event: NotifyEvent, f: EventFacts, url: string): MailContent {
  const sentence = eventSentence(event, f);
  const paragraphs =
    event === 'SIGNALEMENT_NOUVEAU'
      ? [
          `Un nouveau signalement n° ${f.reference} a été déposé pour un logement à ${f.commune}.`,
          'Il attend votre validation avant de pouvoir être affecté aux partenaires.',
        ]
      : [`${sentence}.`, `Dossier n° ${f.reference}, logement à ${f.commune}.`];
  return {
    subject: `Dossier ${f.reference} : ${sentence}`,
    greeting: 'Bonjour,',
    paragraphs,
    button: { label: 'Voir le dossier', url },
    footer: AGENT_FOOTER,
  };
}

/** Events an usager hears about, and what we tell them. Other events send them nothing. */
const USAGER_TEXT: Partial<Record<NotifyEvent, { subject: string; paragraphs: string[] }>> = {
  SIGNALEMENT_VALIDE: {
    subject: 'Votre signalement a été validé',
    paragraphs: [
      'Bonne nouvelle : votre signalement a été validé. Il va maintenant être transmis aux services qui peuvent vous aider.',
      'Vous serez prévenu par e-mail à chaque nouvelle étape.',
    ],
  },
  SIGNALEMENT_REFUSE: {
    subject: 'Votre signalement ne peut pas être traité',
    paragraphs: [
      'Nous avons bien étudié votre signalement, mais il ne peut pas être traité par notre service.',
      'Vous trouverez l’explication sur votre page de suivi.',
    ],
  },
  SIGNALEMENT_CLOTURE: {
    subject: 'Votre dossier est clôturé',
    paragraphs: [
      'Votre dossier vient d’être clôturé.',
      'Vous trouverez le dernier message des services sur votre page de suivi.',
    ],
  },
  SIGNALEMENT_ROUVERT: {
    subject: 'Votre dossier est de nouveau ouvert',
    paragraphs: ['Votre dossier a été rouvert : les services reprennent son traitement.'],
  },
  PRISE_EN_CHARGE: {
    subject: 'Votre dossier est pris en charge',
    paragraphs: [
      'Un service a accepté de s’occuper de votre dossier. Il pourra vous contacter pour la suite.',
      'Vous pouvez suivre son avancement et écrire aux services sur votre page de suivi.',
    ],
  },
  SUIVI_NOUVEAU: {
    subject: 'Nouvelle information sur votre dossier',
    paragraphs: [
      'Les services ont ajouté une information sur votre dossier. Vous pouvez la lire sur votre page de suivi.',
    ],
  },
};

export function usagerMail(event: NotifyEvent, reference: string, url: string): MailContent | undefined {
  const text = USAGER_TEXT[event];
  if (!text) return undefined;
  return {
    subject: `${text.subject} (n° ${reference})`,
    greeting: 'Bonjour,',
    paragraphs: [...text.paragraphs],
    button: { label: 'Voir ma page de suivi', url },
    after: ['Gardez ce message : le lien ci-dessus vous permet de retrouver votre dossier à tout moment.'],
  };
}

export interface DigestItem {
  reference: string | null;
  sentence: string;
  createdAt: Date;
}

/** The daily summary for agents who chose it. */
export function digestMail(
  items: readonly DigestItem[],
  listUrl: string,
  formatDate: (d: Date) => string,
): MailContent {
  const n = items.length;
  return {
    subject: n > 1 ? `Votre résumé du jour : ${n} notifications` : 'Votre résumé du jour : 1 notification',
    greeting: 'Bonjour,',
    paragraphs: [
      n > 1
        ? `Voici les ${n} nouveautés sur vos dossiers depuis le dernier résumé :`
        : 'Voici la nouveauté sur vos dossiers depuis le dernier résumé :',
      items
        .map(
          (i) =>
            `• ${i.reference ? `Dossier ${i.reference} : ` : ''}${i.sentence} (${formatDate(i.createdAt)})`,
        )
        .join('\n'),
    ],
    button: { label: 'Voir mes notifications', url: listUrl },
    footer:
      'Vous recevez ce résumé une fois par jour car vous l’avez choisi dans les paramètres de votre compte Histologe.',
  };
}
