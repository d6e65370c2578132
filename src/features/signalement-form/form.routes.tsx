/**
 * HTTP side of the public signalement form: start page, one page per screen, recap, submission, duplicates,
 * confirmation, "finir plus tard", "abandonner". Plain forms, Post/Redirect/Get, no JavaScript needed.
 *
 * Drafts are identified by their UUID alone (the link e-mailed by "finir plus tard"); nothing else is shown to
 * someone who only knows a draft's UUID than the answers that person typed. Pages carry `no-store`: they hold
 * personal data, and the browser's back button then asks the server again and shows what was saved.
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { isAppError, notFound, rateLimited, validation } from '../../infra/errors.ts';
import { pushFlash } from '../../infra/flash.ts';
import { readMultipartForm } from '../../infra/multipart.ts';
import type { Runtime } from '../../runtime.ts';
import { FIRST_SCREEN_SLUG, FORM_SCREENS, getScreen } from './definition/index.ts';
import type { FormData } from './definition/predicates.ts';
import type { Screen } from './definition/types.ts';
import type { DraftRow } from './draft.repository.ts';
import { createDraftService, type SaveScreenResult, toUploadView, uploadFieldsOf } from './draft.service.ts';
import { sendResumeLink } from './draft-mails.ts';
import {
  firstIncompleteSlug,
  journey,
  nextSlug,
  previousSlug,
  sectionsSummary,
  stepper,
} from './engine/navigation.ts';
import { readScreenInput, todayInParis, validateScreen } from './engine/validate.ts';
import { sendFollowUpLinks, submitDraft } from './submission.service.ts';
import { AbandonPage } from './views/abandon.tsx';
import { ConfirmationPage } from './views/confirmation.tsx';
import { DuplicatesPage, FollowUpLinksSentPage } from './views/duplicates.tsx';
import { FINISH_LATER_EMAIL, FinishLaterPage, FinishLaterSentPage } from './views/finish-later.tsx';
import { formUrl, HONEYPOT_FIELD } from './views/parts.tsx';
import {
  CONSENT_FIELD,
  RECAP_MISSING_ID,
  RECAP_SECTIONS_ID,
  RecapPage,
  type RecapSection,
} from './views/recap.tsx';
import { StartPage } from './views/start.tsx';
import { StepPage } from './views/step.tsx';
import { SubmitErrorPage } from './views/submit-error.tsx';

export const RECAP_SLUG = 'recapitulatif';

/** Per-IP limits (DESIGN: abuse). */
export const FORM_LIMITS = {
  steps: { max: 300, windowMs: 10 * 60_000 },
  uploads: { max: 60, windowMs: 10 * 60_000 },
  submissions: { max: 10, windowMs: 60 * 60_000 },
} as const;

const EMAIL_RE = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

type Body = Record<string, string | string[] | undefined>;

function bodyOf(request: FastifyRequest): Body {
  const b = request.body;
  return b && typeof b === 'object' ? (b as Body) : {};
}

function one(value: string | string[] | undefined): string {
  return (Array.isArray(value) ? value[0] : value)?.trim() ?? '';
}

/** A filled honeypot: a robot. Answered with a neutral 400 and nothing saved. */
function checkHoneypot(body: Body) {
  if (one(body[HONEYPOT_FIELD]) !== '') {
    throw validation("Le formulaire n'a pas pu être envoyé. Rechargez la page, puis réessayez.");
  }
}

function screensOf(data: FormData): readonly Screen[] {
  return journey(FORM_SCREENS, data);
}

function inJourney(data: FormData, slug: string): boolean {
  return screensOf(data).some((s) => s.slug === slug);
}

/** Where to resume: the first screen still missing answers, else the recap. */
function resumeSlug(data: FormData): string {
  return firstIncompleteSlug(FORM_SCREENS, data, { today: todayInParis() }) ?? RECAP_SLUG;
}

function slugUrl(uuid: string, slug: string): string {
  return slug === RECAP_SLUG ? formUrl.recap(uuid) : formUrl.screen(uuid, slug);
}

export function registerSignalementForm(app: FastifyInstance) {
  const deps = app.deps;
  const service = createDraftService(deps);
  const runtime = deps as unknown as Runtime;

  async function limit(request: FastifyRequest, kind: keyof typeof FORM_LIMITS) {
    const { max, windowMs } = FORM_LIMITS[kind];
    const res = await deps.state.rateLimiter.hit(`form-${kind}:${request.ip}`, max, windowMs);
    if (res.limited) {
      throw rateLimited(
        'Vous avez fait beaucoup de demandes en peu de temps. Merci de patienter quelques minutes : vos ' +
          'réponses déjà enregistrées sont conservées.',
      );
    }
  }

  function noStore(reply: FastifyReply) {
    reply.header('cache-control', 'no-store');
  }

  /**
   * The draft of the URL, usable for filling in: a missing or abandoned one is a 404, a submitted one sends
   * to its confirmation page (returns undefined after redirecting).
   */
  async function openDraft(uuid: string, reply: FastifyReply): Promise<DraftRow | undefined> {
    const draft = await service.load(uuid);
    if (draft.status === 'EN_SIGNALEMENT') {
      await reply.redirect(formUrl.confirmation(draft.uuid), 303);
      return undefined;
    }
    if (draft.status !== 'EN_COURS') {
      throw notFound("Ce signalement a été abandonné : il n'est plus possible de le compléter.");
    }
    return draft;
  }

  async function renderStep(
    reply: FastifyReply,
    draft: DraftRow,
    screen: Screen,
    data: FormData,
    opts: {
      errors?: Record<string, string>;
      closed?: SaveScreenResult & { kind: 'closed' };
      notice?: string;
    } = {},
    status = 200,
  ) {
    const files = await service.files(draft);
    const prev = previousSlug(FORM_SCREENS, data, screen.slug);
    noStore(reply);
    return reply.html(
      StepPage({
        csrfToken: reply.generateCsrf(),
        uuid: draft.uuid,
        screen,
        data,
        errors: opts.errors,
        uploads: files
          .filter((f) => uploadFieldsOf(screen).some((u) => u.name === f.field))
          .map((f) => toUploadView(f, draft.uuid)),
        stepper: stepper(FORM_SCREENS, data, screen.slug),
        previousHref: prev ? formUrl.screen(draft.uuid, prev) : undefined,
        closed: opts.closed?.closed,
        notice: opts.notice,
      }),
      status,
    );
  }

  function recapSections(data: FormData): RecapSection[] {
    const today = todayInParis();
    const complete = (slug: string) => {
      const screen = getScreen(slug);
      return !screen || Object.keys(validateScreen(screen, data, { today })).length === 0;
    };
    return sectionsSummary(FORM_SCREENS, data).map((section) => ({
      title: section.title,
      screens: section.screens.map((s) => ({
        slug: s.slug,
        title: s.title,
        complete: complete(s.slug),
        answers: s.answers.map((a) => ({ label: a.label, value: a.value })),
      })),
    }));
  }

  async function renderRecap(
    reply: FastifyReply,
    draft: DraftRow,
    errors: Record<string, string> = {},
    status = 200,
  ) {
    const screens = screensOf(draft.payload);
    const last = screens[screens.length - 1];
    noStore(reply);
    return reply.html(
      RecapPage({
        csrfToken: reply.generateCsrf(),
        uuid: draft.uuid,
        sections: recapSections(draft.payload),
        errors,
        previousHref: last ? formUrl.screen(draft.uuid, last.slug) : undefined,
      }),
      status,
    );
  }

  // ---- Start ----

  app.get('/signalement', async (request, reply) => {
    const query = request.query as Record<string, unknown>;
    const profil =
      typeof query.profil === 'string' && /^[a-z_]{1,40}$/.test(query.profil) ? query.profil : undefined;
    noStore(reply);
    return reply.html(StartPage({ csrfToken: reply.generateCsrf(), profil }));
  });

  app.post('/signalement', async (request, reply) => {
    const body = bodyOf(request);
    checkHoneypot(body);
    await limit(request, 'steps');
    const draft = await service.create(one(body.profil) || undefined);
    return reply.redirect(formUrl.screen(draft.uuid, FIRST_SCREEN_SLUG), 303);
  });

  // ---- Resume link ----

  app.get('/signalement/:uuid', async (request, reply) => {
    const { uuid } = request.params as { uuid: string };
    const draft = await openDraft(uuid, reply);
    if (!draft) return reply;
    return reply.redirect(slugUrl(draft.uuid, resumeSlug(draft.payload)), 303);
  });

  // ---- Recap and submission ----

  app.get('/signalement/:uuid/recapitulatif', async (request, reply) => {
    const { uuid } = request.params as { uuid: string };
    const draft = await openDraft(uuid, reply);
    if (!draft) return reply;
    return renderRecap(reply, draft);
  });

  app.post('/signalement/:uuid/envoyer', async (request, reply) => {
    const { uuid } = request.params as { uuid: string };
    const body = bodyOf(request);
    checkHoneypot(body);
    await limit(request, 'submissions');
    const draft = await openDraft(uuid, reply);
    if (!draft) return reply;
    const missing = firstIncompleteSlug(FORM_SCREENS, draft.payload, { today: todayInParis() });
    if (missing) {
      return renderRecap(
        reply,
        draft,
        { [RECAP_MISSING_ID]: 'Il manque des réponses : complétez les étapes signalées avant d’envoyer.' },
        400,
      );
    }
    if (one(body[CONSENT_FIELD]) !== '1') {
      return renderRecap(
        reply,
        draft,
        {
          [CONSENT_FIELD]:
            'Cochez la case pour accepter le traitement de vos données, sans quoi nous ne pouvons pas traiter votre signalement.',
        },
        400,
      );
    }
    try {
      const result = await submitDraft(runtime, draft.uuid, {
        ignoreDuplicates: one(body.ignorer_doublons) === '1',
      });
      if (result.kind === 'duplicates') {
        noStore(reply);
        return reply.html(
          DuplicatesPage({
            csrfToken: reply.generateCsrf(),
            uuid: draft.uuid,
            duplicates: result.duplicates.map((d) => ({ reference: d.reference, createdAt: d.createdAt })),
          }),
        );
      }
      return reply.redirect(formUrl.confirmation(draft.uuid), 303);
    } catch (err) {
      // A refusal with a reason (no problem described, territory closed…): said on the recap, answers kept.
      if (isAppError(err) && err.code === 'VALIDATION') {
        return renderRecap(reply, draft, { [RECAP_SECTIONS_ID]: err.message }, 400);
      }
      if (isAppError(err)) throw err;
      request.log.error({ err, draft: draft.uuid }, 'signalement submission failed');
      noStore(reply);
      return reply.html(SubmitErrorPage({ uuid: draft.uuid, requestId: String(request.id) }), 500);
    }
  });

  app.post('/signalement/:uuid/lien-de-suivi', async (request, reply) => {
    const { uuid } = request.params as { uuid: string };
    checkHoneypot(bodyOf(request));
    await limit(request, 'submissions');
    const draft = await service.load(uuid);
    if (draft.status === 'ARCHIVE') throw notFound();
    await sendFollowUpLinks(runtime, draft.uuid);
    return reply.redirect(formUrl.followUpLinks(draft.uuid), 303);
  });

  app.get('/signalement/:uuid/lien-de-suivi', async (request, reply) => {
    const { uuid } = request.params as { uuid: string };
    await service.load(uuid);
    noStore(reply);
    return reply.html(FollowUpLinksSentPage());
  });

  app.get('/signalement/:uuid/confirmation', async (request, reply) => {
    const { uuid } = request.params as { uuid: string };
    const draft = await service.load(uuid);
    if (draft.status === 'EN_COURS')
      return reply.redirect(slugUrl(draft.uuid, resumeSlug(draft.payload)), 303);
    const signalement = draft.status === 'EN_SIGNALEMENT' ? await service.signalementOf(draft) : undefined;
    if (!signalement) throw notFound();
    noStore(reply);
    return reply.html(
      ConfirmationPage({
        reference: signalement.reference,
        codeSuivi: signalement.codeSuivi,
        followUpUrl: `${deps.config.appUrl}${formUrl.followUp(signalement.codeSuivi)}`,
      }),
    );
  });

  // ---- Finish later ----

  app.get('/signalement/:uuid/finir-plus-tard', async (request, reply) => {
    const { uuid } = request.params as { uuid: string };
    const query = request.query as Record<string, unknown>;
    const draft = await openDraft(uuid, reply);
    if (!draft) return reply;
    noStore(reply);
    if (query.envoye === '1') return reply.html(FinishLaterSentPage({}));
    return reply.html(
      FinishLaterPage({
        csrfToken: reply.generateCsrf(),
        uuid: draft.uuid,
        email: draft.emailDeclarant ?? '',
        backHref: slugUrl(
          draft.uuid,
          draft.currentStep && inJourney(draft.payload, draft.currentStep)
            ? draft.currentStep
            : resumeSlug(draft.payload),
        ),
      }),
    );
  });

  app.post('/signalement/:uuid/finir-plus-tard', async (request, reply) => {
    const { uuid } = request.params as { uuid: string };
    const multipart = request.isMultipart();
    const body: Body = multipart
      ? (await readMultipartForm(request, { allowed: ['image', 'pdf'] })).fields
      : bodyOf(request);
    checkHoneypot(body);
    await limit(request, 'steps');
    const draft = await openDraft(uuid, reply);
    if (!draft) return reply;

    if (one(body._envoi) === '1') {
      const email = one(body[FINISH_LATER_EMAIL]).toLowerCase().slice(0, 255);
      if (!EMAIL_RE.test(email)) {
        noStore(reply);
        return reply.html(
          FinishLaterPage({
            csrfToken: reply.generateCsrf(),
            uuid: draft.uuid,
            email,
            error: email
              ? 'Saisissez une adresse e-mail valide, au format nom@exemple.fr.'
              : 'Saisissez votre adresse e-mail pour recevoir le lien.',
            backHref: slugUrl(draft.uuid, resumeSlug(draft.payload)),
          }),
          400,
        );
      }
      try {
        await sendResumeLink(runtime, draft.uuid, email);
      } catch (err) {
        if (!isAppError(err) || err.code !== 'VALIDATION') throw err;
        noStore(reply);
        return reply.html(
          FinishLaterPage({
            csrfToken: reply.generateCsrf(),
            uuid: draft.uuid,
            email,
            error: Object.values(err.details?.fieldErrors ?? {})[0] ?? err.message,
            backHref: slugUrl(draft.uuid, resumeSlug(draft.payload)),
          }),
          400,
        );
      }
      return reply.redirect(`${formUrl.finishLater(draft.uuid)}?envoye=1`, 303);
    }

    // From a step page: keep what was typed on it (without validating), then ask for the e-mail.
    const screen = getScreen(one(body._etape));
    if (screen && inJourney(draft.payload, screen.slug)) {
      await service.saveWithoutValidation(draft, screen, body);
    }
    return reply.redirect(formUrl.finishLater(draft.uuid), 303);
  });

  // ---- Abandon ----

  app.get('/signalement/:uuid/abandonner', async (request, reply) => {
    const { uuid } = request.params as { uuid: string };
    const draft = await openDraft(uuid, reply);
    if (!draft) return reply;
    noStore(reply);
    return reply.html(
      AbandonPage({
        csrfToken: reply.generateCsrf(),
        uuid: draft.uuid,
        backHref: slugUrl(draft.uuid, resumeSlug(draft.payload)),
      }),
    );
  });

  app.post('/signalement/:uuid/abandonner', async (request, reply) => {
    const { uuid } = request.params as { uuid: string };
    checkHoneypot(bodyOf(request));
    const draft = await openDraft(uuid, reply);
    if (!draft) return reply;
    await service.archive(draft);
    pushFlash(
      request,
      'info',
      'Votre signalement a été abandonné. Vous pouvez en commencer un nouveau à tout moment.',
    );
    return reply.redirect('/', 303);
  });

  // ---- Thumbnails of the files sent (only through the draft's own URL) ----

  app.get('/signalement/:uuid/fichiers/:file/miniature', async (request, reply) => {
    const { uuid, file } = request.params as { uuid: string; file: string };
    const draft = await service.load(uuid);
    if (draft.status !== 'EN_COURS') throw notFound();
    const row = (await service.files(draft)).find((f) => f.uuid === file);
    const key = row?.variants?.thumb;
    if (!key) throw notFound();
    const stream = await deps.storage.get(key).catch(() => undefined);
    if (!stream) throw notFound();
    reply.header('cache-control', 'private, no-store');
    return reply.type('image/jpeg').send(stream);
  });

  // ---- Screens ----

  app.get('/signalement/:uuid/:slug', async (request, reply) => {
    const { uuid, slug } = request.params as { uuid: string; slug: string };
    const draft = await openDraft(uuid, reply);
    if (!draft) return reply;
    const screen = getScreen(slug);
    if (!screen || !inJourney(draft.payload, slug)) {
      return reply.redirect(slugUrl(draft.uuid, resumeSlug(draft.payload)), 303);
    }
    return renderStep(reply, draft, screen, draft.payload);
  });

  const screenPostOptions = {
    // An expired session (the page stayed open for hours): show the screen again with what was just typed
    // (not saved: the request is not trusted) and a fresh token, instead of the generic error page.
    errorHandler: async (error: Error & { code?: string }, request: FastifyRequest, reply: FastifyReply) => {
      if (!error.code?.startsWith('FST_CSRF')) throw error;
      const { uuid, slug } = request.params as { uuid: string; slug: string };
      const draft = await service.load(uuid);
      const screen = getScreen(slug);
      if (draft.status !== 'EN_COURS' || !screen) throw error;
      const body = request.isMultipart() ? {} : bodyOf(request);
      const data = readScreenInput(screen, body, draft.payload);
      return renderStep(
        reply,
        draft,
        screen,
        data,
        {
          notice:
            'Votre session a expiré : vos dernières réponses n’ont pas encore été enregistrées. Vérifiez-les, ' +
            'puis cliquez à nouveau sur le bouton pour continuer.',
        },
        403,
      );
    },
  };

  app.post('/signalement/:uuid/:slug', screenPostOptions, async (request, reply) => {
    const { uuid, slug } = request.params as { uuid: string; slug: string };
    const multipart = request.isMultipart();
    await limit(request, 'steps');
    if (multipart) await limit(request, 'uploads');
    const form = multipart ? await readMultipartForm(request, { allowed: ['image', 'pdf'] }) : undefined;
    const body: Body = form ? form.fields : bodyOf(request);
    checkHoneypot(body);

    const draft = await openDraft(uuid, reply);
    if (!draft) return reply;
    const screen = getScreen(slug);
    if (!screen || !inJourney(draft.payload, slug)) {
      return reply.redirect(slugUrl(draft.uuid, resumeSlug(draft.payload)), 303);
    }

    // "Supprimer" on a file: keep what was typed, delete the file, show the screen again.
    const toDelete = one(body._delete_file);
    if (toDelete) {
      await service.saveWithoutValidation(draft, screen, body);
      await service.deleteFile(draft, toDelete);
      return reply.redirect(formUrl.screen(draft.uuid, screen.slug), 303);
    }

    const result = await service.saveScreen(draft, screen, body, form);
    if (result.kind === 'errors')
      return renderStep(reply, draft, screen, result.data, { errors: result.errors }, 400);
    if (result.kind === 'closed') return renderStep(reply, draft, screen, result.data, { closed: result });
    const next = nextSlug(FORM_SCREENS, result.data, screen.slug);
    return reply.redirect(slugUrl(draft.uuid, next ?? RECAP_SLUG), 303);
  });
}
