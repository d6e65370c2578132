import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { QUALIFICATION_LABELS } from '../../domain/competences.ts';
import { MOTIF_CLOTURE_LABELS, MOTIF_REFUS_LABELS } from '../../domain/statuts.ts';
import {
  AFFECTATION_REFUSAL_MOTIFS,
  CLOSURE_MOTIFS,
  SIGNALEMENT_REFUSAL_MOTIFS,
} from '../../domain/workflow.ts';
import { AppError } from '../../infra/errors.ts';
import { pushFlash } from '../../infra/flash.ts';
import { type FormFile, readMultipartForm } from '../../infra/multipart.ts';
import { CheckboxGroup, RadioGroup, Select } from '../../ui/dsfr/choice.tsx';
import { Textarea } from '../../ui/dsfr/input.tsx';
import { Upload } from '../../ui/dsfr/upload.tsx';
import { userView } from '../auth/auth.routes.tsx';
import { agentUser } from '../auth/guards.ts';
import { documentTypeLabel } from '../signalement-dossier/dossier.labels.ts';
import { ActionPage, actionPath, dossierPath } from './views/action-page.tsx';
import { signalementFacts } from './workflow.repository.ts';
import {
  type Actor,
  createWorkflowService,
  type FormValues,
  isValidationError,
  MAX_FILES,
  MESSAGE_MAX,
  UPLOAD_DOCUMENT_TYPES,
} from './workflow.service.ts';

type Params = { uuid: string; suiviUuid?: string; fichierUuid?: string };

interface FieldsContext<D> {
  values: FormValues;
  errors: Record<string, string>;
  data: D;
  params: Params;
}

interface ActionDef<D> {
  /** Path under /bo/signalements/:uuid/ (may hold :suiviUuid / :fichierUuid). */
  path: string;
  title: string;
  intro?: (data: D) => string[];
  submitLabel: string;
  multipart?: boolean;
  /** Authorises (404/403, state) and loads what the form shows. */
  load: (actor: Actor, params: Params) => Promise<{ signalementId: number; data: D }>;
  fields?: (ctx: FieldsContext<D>) => JSX.Element;
  /** Does it; returns the success message. */
  submit: (actor: Actor, params: Params, body: FormValues, files: FormFile[]) => Promise<string>;
  /** GET page shown? (false: POST only, e.g. a one-click action). */
  page?: boolean;
}

const one = (v: string | string[] | undefined) => (Array.isArray(v) ? (v[0] ?? '') : (v ?? ''));
const many = (v: string | string[] | undefined) => (Array.isArray(v) ? v : v ? [v] : []);

function MessageField(props: { ctx: FieldsContext<unknown>; label: string; hint?: string; name?: string }) {
  const name = props.name ?? 'message';
  return (
    <Textarea
      id={name}
      label={props.label}
      hint={
        props.hint ?? `Au moins 10 caractères, ${MESSAGE_MAX} au plus. Les retours à la ligne sont gardés.`
      }
      value={one(props.ctx.values[name])}
      error={props.ctx.errors[name]}
      rows={6}
      required
    />
  );
}

function MotifField(props: {
  ctx: FieldsContext<unknown>;
  motifs: readonly string[];
  labels: Record<string, string>;
}) {
  return (
    <Select
      id="motif"
      label="Motif"
      options={props.motifs.map((m) => ({ value: m, label: props.labels[m] ?? m }))}
      placeholder="Choisir un motif"
      value={one(props.ctx.values.motif)}
      error={props.ctx.errors.motif}
      required
    />
  );
}

function VisibilityField(props: { ctx: FieldsContext<unknown>; legend: string; hint?: string }) {
  return (
    <RadioGroup
      id="visibilite"
      legend={props.legend}
      hint={props.hint}
      options={[
        { value: 'oui', label: 'Oui, l’usager pourra le lire' },
        { value: 'non', label: 'Non, réservé aux partenaires' },
      ]}
      value={one(props.ctx.values.visibilite) || null}
      error={props.ctx.errors.visibilite}
      required
    />
  );
}

function FilesField(props: { ctx: FieldsContext<unknown>; required?: boolean }) {
  return (
    <Upload
      id="fichiers"
      label={props.required ? 'Fichiers' : 'Pièces jointes (facultatif)'}
      hint={`Photos (JPEG, PNG…) ou documents PDF, 10 Mo au plus chacun, ${MAX_FILES} fichiers au plus.`}
      accept="image/*,.pdf,application/pdf"
      multiple
      error={props.ctx.errors.fichiers}
      required={props.required}
    />
  );
}

/** Registered inside the /bo scope (see app.ts): every route needs a signed-in agent. */
export function registerSignalementWorkflow(app: FastifyInstance) {
  const service = createWorkflowService(app.deps);
  const db = app.deps.database.db;

  const flash = pushFlash;

  function register<D>(def: ActionDef<D>) {
    const url = `/signalements/:uuid/${def.path}`;

    const render = async (
      request: FastifyRequest,
      reply: FastifyReply,
      actor: Actor,
      params: Params,
      values: FormValues,
      errors: Record<string, string>,
      status: number,
    ) => {
      const { signalementId, data } = await def.load(actor, params);
      const s = await signalementFacts(db, signalementId);
      const actionUrl = actionPath(
        params.uuid,
        def.path
          .replace(':suiviUuid', params.suiviUuid ?? '')
          .replace(':fichierUuid', params.fichierUuid ?? ''),
      );
      reply.header('cache-control', 'no-store');
      return reply.html(
        ActionPage({
          user: userView(agentUser(request)),
          csrfToken: reply.generateCsrf(),
          dossier: { uuid: s.uuid, reference: s.reference },
          title: def.title,
          intro: def.intro?.(data),
          action: actionUrl,
          submitLabel: def.submitLabel,
          multipart: def.multipart,
          errors,
          children: def.fields ? def.fields({ values, errors, data, params }) : '',
        }),
        status,
      );
    };

    if (def.page !== false) {
      app.get<{ Params: Params }>(url, async (request, reply) => {
        const actor = agentUser(request);
        return render(request, reply, actor, request.params, {}, {}, 200);
      });
    }

    app.post<{ Params: Params }>(
      url,
      { config: { rateLimit: { max: 60, timeWindow: 60_000 } } },
      async (request, reply) => {
        const actor = agentUser(request);
        const params = request.params;
        let values: FormValues = {};
        let files: FormFile[] = [];
        try {
          // Authorisation (404/403, state) before reading a single byte of the body.
          await def.load(actor, params);
          if (def.multipart) {
            const form = await readMultipartForm(request, {
              allowed: ['image', 'pdf'],
              maxFiles: MAX_FILES + 1,
            });
            values = form.fields;
            files = form.files;
          } else {
            values = (request.body ?? {}) as FormValues;
          }
          const message = await def.submit(actor, params, values, files);
          flash(request, 'success', message);
          return reply.redirect(dossierPath(params.uuid), 303);
        } catch (err) {
          if (isValidationError(err)) {
            return render(request, reply, actor, params, values, err.details?.fieldErrors ?? {}, 400);
          }
          if (err instanceof AppError && err.code === 'CONFLICT') {
            flash(request, 'error', err.message);
            return reply.redirect(dossierPath(params.uuid), 303);
          }
          throw err;
        }
      },
    );
  }

  const sig = (action: Parameters<typeof service.checkSignalement>[2]) => async (actor: Actor, p: Params) => {
    const { access } = await service.checkSignalement(actor, p.uuid, action);
    return { signalementId: access.id, data: null };
  };

  // ---- Signalement: responsables de territoire and super admins

  register({
    path: 'valider',
    title: 'Valider le signalement',
    intro: () => [
      'Le signalement passera « en cours » et l’usager sera prévenu. Vous pourrez ensuite affecter les partenaires.',
    ],
    submitLabel: 'Valider le signalement',
    load: sig('VALIDATE'),
    submit: async (actor, p) => {
      await service.validate(actor, p.uuid);
      return 'Le signalement est validé. Vous pouvez maintenant affecter les partenaires.';
    },
  });

  register({
    path: 'refuser',
    title: 'Refuser le signalement',
    intro: () => [
      'L’usager recevra votre message : expliquez simplement pourquoi et, si possible, vers qui se tourner.',
    ],
    submitLabel: 'Refuser le signalement',
    load: sig('REFUSE'),
    fields: (ctx) => (
      <>
        <MotifField ctx={ctx} motifs={SIGNALEMENT_REFUSAL_MOTIFS} labels={MOTIF_REFUS_LABELS} />
        <MessageField ctx={ctx} label="Message pour l’usager" />
      </>
    ),
    submit: async (actor, p, body) => {
      await service.refuse(actor, p.uuid, body);
      return 'Le signalement est refusé. L’usager a été prévenu.';
    },
  });

  register({
    path: 'cloturer',
    title: 'Clôturer le signalement pour tous',
    intro: () => ['Toutes les affectations encore ouvertes seront clôturées avec le même motif.'],
    submitLabel: 'Clôturer pour tous',
    load: sig('CLOSE'),
    fields: (ctx) => (
      <>
        <MotifField ctx={ctx} motifs={CLOSURE_MOTIFS} labels={MOTIF_CLOTURE_LABELS} />
        <MessageField ctx={ctx} label="Message de clôture" />
        <VisibilityField ctx={ctx} legend="L’usager peut-il lire ce message ?" />
      </>
    ),
    submit: async (actor, p, body) => {
      await service.close(actor, p.uuid, body);
      return 'Le signalement est clôturé pour tous les partenaires.';
    },
  });

  register({
    path: 'rouvrir',
    title: 'Rouvrir le signalement pour tous',
    intro: () => [
      'Toutes les affectations repasseront « nouveau » : chaque partenaire devra de nouveau répondre.',
    ],
    submitLabel: 'Rouvrir le signalement',
    load: sig('REOPEN'),
    fields: (ctx) => <VisibilityField ctx={ctx} legend="Prévenir l’usager de la réouverture ?" />,
    submit: async (actor, p, body) => {
      await service.reopen(actor, p.uuid, body);
      return 'Le signalement est rouvert pour tous les partenaires.';
    },
  });

  register({
    path: 'supprimer',
    title: 'Supprimer le dossier',
    intro: () => [
      'Le dossier n’apparaîtra plus dans les listes. Seule une personne de l’équipe nationale pourra le restaurer.',
    ],
    submitLabel: 'Supprimer le dossier',
    load: sig('ARCHIVE'),
    submit: async (actor, p) => {
      await service.archive(actor, p.uuid);
      return 'Le dossier est supprimé.';
    },
  });

  // Restoring leads back to the dossier page, visible again.
  register({
    path: 'restaurer',
    title: 'Restaurer le dossier',
    intro: () => ['Le dossier redeviendra « en cours » et visible de nouveau.'],
    submitLabel: 'Restaurer le dossier',
    load: sig('RESTORE'),
    submit: async (actor, p) => {
      await service.restore(actor, p.uuid);
      return 'Le dossier est restauré.';
    },
  });

  // ---- Partners

  register({
    path: 'partenaires',
    title: 'Gérer les partenaires',
    intro: () => [
      'Cochez les partenaires qui doivent traiter ce dossier. Seuls les partenaires du territoire dont le périmètre couvre la commune du logement sont proposés.',
    ],
    submitLabel: 'Enregistrer les affectations',
    load: async (actor, p) => {
      const r = await service.affectationChoices(actor, p.uuid);
      return { signalementId: r.access.id, data: r };
    },
    fields: (ctx) => {
      const current = ctx.data.affectations.map((a) => String(a.partenaireId));
      const initial = ctx.values.initial !== undefined ? many(ctx.values.initial) : current;
      const checked = ctx.values.initial !== undefined ? many(ctx.values.partenaires) : current;
      // Partners already affected but no longer in the perimeter stay listed, so they can be removed.
      const options = [
        ...ctx.data.partenaires.map((x) => ({
          value: String(x.id),
          label: x.nom,
          hint: x.competences.length
            ? `Compétences : ${x.competences.map((c) => (QUALIFICATION_LABELS as Record<string, string>)[c] ?? c).join(', ')}`
            : 'Aucune compétence renseignée',
        })),
        ...ctx.data.affectations
          .filter((a) => !ctx.data.partenaires.some((x) => x.id === a.partenaireId))
          .map((a) => ({ value: String(a.partenaireId), label: a.partenaireNom, hint: 'Hors périmètre' })),
      ];
      return (
        <>
          {initial.map((id) => (
            <input type="hidden" name="initial" value={id} />
          ))}
          <CheckboxGroup
            id="partenaires"
            legend="Partenaires"
            options={options}
            values={checked}
            error={ctx.errors.partenaires}
            class="hl-scroll-box"
          />
        </>
      );
    },
    submit: async (actor, p, body) => {
      const { added, removed } = await service.setAffectations(actor, p.uuid, body);
      if (!added && !removed) return 'Aucun changement dans les affectations.';
      const parts = [
        added ? `${added} partenaire${added > 1 ? 's' : ''} affecté${added > 1 ? 's' : ''}` : '',
        removed ? `${removed} affectation${removed > 1 ? 's' : ''} retirée${removed > 1 ? 's' : ''}` : '',
      ].filter(Boolean);
      return `${parts.join(', ')}.`;
    },
  });

  // ---- Answering an affectation

  const colleaguesField = (ctx: FieldsContext<{ id: number; prenom: string; nom: string }[]>) =>
    ctx.data.length ? (
      <CheckboxGroup
        id="abonnes"
        legend="Collègues à abonner au dossier (facultatif)"
        hint="Ils recevront les nouvelles du dossier. Vous êtes abonné d’office."
        options={ctx.data.map((c) => ({ value: String(c.id), label: `${c.prenom} ${c.nom}`.trim() }))}
        values={many(ctx.values.abonnes)}
        error={ctx.errors.abonnes}
      />
    ) : (
      <p class="hl-muted">Vous serez abonné au dossier et recevrez ses nouvelles.</p>
    );

  register({
    path: 'affectation/accepter',
    title: 'Accepter l’affectation',
    intro: () => [
      'Votre structure prend le dossier en charge. Si c’est la première, l’usager en sera informé.',
    ],
    submitLabel: 'Accepter l’affectation',
    load: async (actor, p) => {
      const { access } = await service.checkAffectation(actor, p.uuid, 'ACCEPT');
      return { signalementId: access.id, data: await service.acceptChoices(actor, p.uuid) };
    },
    fields: colleaguesField,
    submit: async (actor, p, body) => {
      await service.accept(actor, p.uuid, body);
      return 'Affectation acceptée. Vous suivez désormais ce dossier.';
    },
  });

  register({
    path: 'affectation/annuler-refus',
    title: 'Annuler le refus de l’affectation',
    intro: () => ['Votre structure prendra finalement le dossier en charge.'],
    submitLabel: 'Annuler le refus',
    load: async (actor, p) => {
      const { access } = await service.checkAffectation(actor, p.uuid, 'CANCEL_REFUSAL');
      return { signalementId: access.id, data: await service.acceptChoices(actor, p.uuid, 'CANCEL_REFUSAL') };
    },
    fields: colleaguesField,
    submit: async (actor, p, body) => {
      await service.cancelRefusal(actor, p.uuid, body);
      return 'Le refus est annulé : l’affectation est en cours.';
    },
  });

  const aff = (action: 'REFUSE' | 'CLOSE' | 'REOPEN') => async (actor: Actor, p: Params) => {
    const { access } = await service.checkAffectation(actor, p.uuid, action);
    return { signalementId: access.id, data: null };
  };

  register({
    path: 'affectation/refuser',
    title: 'Refuser l’affectation',
    intro: () => ['Votre message reste interne aux partenaires.'],
    submitLabel: 'Refuser l’affectation',
    load: aff('REFUSE'),
    fields: (ctx) => (
      <>
        <MotifField ctx={ctx} motifs={AFFECTATION_REFUSAL_MOTIFS} labels={MOTIF_REFUS_LABELS} />
        <MessageField ctx={ctx} label="Message pour les partenaires" />
      </>
    ),
    submit: async (actor, p, body) => {
      await service.refuseAffectation(actor, p.uuid, body);
      return 'Affectation refusée.';
    },
  });

  register({
    path: 'affectation/cloturer',
    title: 'Clôturer mon intervention',
    intro: () => ['Le dossier reste ouvert pour les autres partenaires. Votre message reste interne.'],
    submitLabel: 'Clôturer mon intervention',
    load: aff('CLOSE'),
    fields: (ctx) => (
      <>
        <MotifField ctx={ctx} motifs={CLOSURE_MOTIFS} labels={MOTIF_CLOTURE_LABELS} />
        <MessageField ctx={ctx} label="Message pour les partenaires" />
      </>
    ),
    submit: async (actor, p, body) => {
      await service.closeAffectation(actor, p.uuid, body);
      return 'Votre intervention est clôturée.';
    },
  });

  register({
    path: 'affectation/rouvrir',
    title: 'Rouvrir mon intervention',
    submitLabel: 'Rouvrir mon intervention',
    load: aff('REOPEN'),
    submit: async (actor, p) => {
      await service.reopenAffectation(actor, p.uuid);
      return 'Votre intervention est rouverte : l’affectation repasse « nouveau ».';
    },
  });

  // ---- Following the dossier

  register({
    path: 'abonnement',
    title: 'Abonnement au dossier',
    intro: (following: boolean) => [
      following
        ? 'Vous suivez ce dossier : vous êtes prévenu de chaque nouveau suivi.'
        : 'Vous ne suivez pas ce dossier. En le suivant, vous serez prévenu de chaque nouveau suivi.',
    ],
    submitLabel: 'Enregistrer',
    load: async (actor, p) => {
      const { access } = await service.checkSignalementView(actor, p.uuid);
      return { signalementId: access.id, data: await service.isFollowing(actor, access.id) };
    },
    fields: (ctx) => (
      <RadioGroup
        id="suivre"
        legend="Souhaitez-vous suivre ce dossier ?"
        options={[
          { value: '1', label: 'Oui, je suis ce dossier' },
          { value: '0', label: 'Non, je ne le suis plus' },
        ]}
        value={one(ctx.values.suivre) || (ctx.data ? '1' : '0')}
        error={ctx.errors.suivre}
      />
    ),
    submit: async (actor, p, body) => {
      const on = one(body.suivre);
      if (on !== '1' && on !== '0') {
        throw new AppError('VALIDATION', 'Le formulaire contient des erreurs.', {
          fieldErrors: { suivre: 'Choisissez une réponse.' },
        });
      }
      await service.follow(actor, p.uuid, on === '1');
      return on === '1' ? 'Vous suivez ce dossier.' : 'Vous ne suivez plus ce dossier.';
    },
  });

  // ---- Suivis

  register({
    path: 'suivis/nouveau',
    title: 'Ajouter un suivi',
    intro: () => ['Vous pourrez modifier ou supprimer ce suivi pendant 20 minutes après son envoi.'],
    submitLabel: 'Envoyer le suivi',
    multipart: true,
    load: async (actor, p) => {
      const access = await service.checkSuivi(actor, p.uuid);
      return { signalementId: access.id, data: null };
    },
    fields: (ctx) => (
      <>
        <MessageField ctx={ctx} name="description" label="Votre suivi" />
        <VisibilityField
          ctx={ctx}
          legend="L’usager peut-il lire ce suivi ?"
          hint="Un suivi visible est envoyé par e-mail à l’usager."
        />
        <FilesField ctx={ctx} />
      </>
    ),
    submit: async (actor, p, body, files) => {
      await service.addSuivi(actor, p.uuid, body, files);
      return 'Votre suivi est enregistré.';
    },
  });

  register({
    path: 'suivis/:suiviUuid/modifier',
    title: 'Modifier le suivi',
    submitLabel: 'Enregistrer la modification',
    load: async (actor, p) => {
      const { access, suivi } = await service.findEditableSuivi(
        actor,
        p.uuid,
        p.suiviUuid ?? '',
        'SUIVI_EDIT',
      );
      return { signalementId: access.id, data: suivi };
    },
    fields: (ctx) => (
      <MessageField
        ctx={{ ...ctx, values: { description: ctx.values.description ?? ctx.data.description } }}
        name="description"
        label="Votre suivi"
      />
    ),
    submit: async (actor, p, body) => {
      await service.editSuivi(actor, p.uuid, p.suiviUuid ?? '', body);
      return 'Le suivi est modifié.';
    },
  });

  register({
    path: 'suivis/:suiviUuid/supprimer',
    title: 'Supprimer le suivi',
    intro: (suivi: { description: string }) => [
      `Le suivi « ${suivi.description.slice(0, 200)} » sera supprimé.`,
    ],
    submitLabel: 'Supprimer le suivi',
    load: async (actor, p) => {
      const { access, suivi } = await service.findEditableSuivi(
        actor,
        p.uuid,
        p.suiviUuid ?? '',
        'SUIVI_DELETE',
      );
      return { signalementId: access.id, data: suivi };
    },
    submit: async (actor, p) => {
      await service.deleteSuivi(actor, p.uuid, p.suiviUuid ?? '');
      return 'Le suivi est supprimé.';
    },
  });

  // ---- Documents

  register({
    path: 'documents/nouveau',
    title: 'Ajouter un document',
    submitLabel: 'Ajouter',
    multipart: true,
    load: async (actor, p) => {
      const access = await service.checkUpload(actor, p.uuid);
      return { signalementId: access.id, data: null };
    },
    fields: (ctx) => (
      <>
        <Select
          id="documentType"
          label="Type de document"
          options={UPLOAD_DOCUMENT_TYPES.map((t) => ({ value: t, label: documentTypeLabel(t) }))}
          placeholder="Choisir un type"
          value={one(ctx.values.documentType)}
          error={ctx.errors.documentType}
          required
        />
        <VisibilityField ctx={ctx} legend="L’usager peut-il voir ce document ?" />
        <FilesField ctx={ctx} required />
      </>
    ),
    submit: async (actor, p, body, files) => {
      const n = await service.uploadDocuments(actor, p.uuid, body, files);
      return n > 1 ? `${n} documents ajoutés.` : 'Document ajouté.';
    },
  });

  register({
    path: 'documents/:fichierUuid/supprimer',
    title: 'Supprimer le document',
    intro: (f: { title: string }) => [`Le document « ${f.title} » sera supprimé définitivement.`],
    submitLabel: 'Supprimer le document',
    load: async (actor, p) => {
      const { access, fichier } = await service.findDeletableFichier(actor, p.uuid, p.fichierUuid ?? '');
      return { signalementId: access.id, data: fichier };
    },
    submit: async (actor, p) => {
      const title = await service.deleteDocument(actor, p.uuid, p.fichierUuid ?? '');
      return `Le document « ${title} » est supprimé.`;
    },
  });
}
